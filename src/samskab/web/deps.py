# SPDX-License-Identifier: MPL-2.0
"""Dependencies of the web pages: the request's transaction and the logged-in user.

Resolved as the API's are (see `samskab.api.deps`): the session touches the database first in
the page's own thread, and the user comes from this worker's memory, or from one statement in a
thread of its own when it is not remembered."""

import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from samskab.access.actor import Actor, meeting_guest
from samskab.access.credentials import Credential, login_credential, remembered_login
from samskab.core.db import Database
from samskab.core.errors import Unauthenticated


async def _session(request: Request) -> AsyncIterator[Session]:
    db: Database = request.app.state.db
    async with db.unit_of_work_for_threads() as session:
        yield session


DbSession = Annotated[Session, Depends(_session, scope="function")]


def _actor(request: Request, credential: Credential | None) -> Actor:
    client = request.client.host if request.client else None
    if credential is not None:
        return credential.actor.with_context(client_address=client)
    guest = request.session.get("guest")
    if isinstance(guest, dict) and guest.get("meeting_id") and guest.get("participant_id"):
        return meeting_guest(
            uuid.UUID(guest["meeting_id"]),
            uuid.UUID(guest["participant_id"]),
            str(guest.get("name", "")),
            client,
        )
    raise Unauthenticated()


def actor_of(request: Request) -> Actor:
    """The logged-in user (or meeting guest) as an Actor (may read the database: call it in a
    worker thread)."""
    db: Database = request.app.state.db
    return _actor(request, login_credential(db, request.session.get("login_id")))


async def current_actor(request: Request) -> Actor:
    """The logged-in user as an Actor; unauthenticated requests go to the login page."""
    db: Database = request.app.state.db
    login_id = request.session.get("login_id")
    credential = remembered_login(db, login_id)
    if credential is None and login_id:
        return await run_in_threadpool(actor_of, request)
    return _actor(request, credential)


CurrentActor = Annotated[Actor, Depends(current_actor)]
