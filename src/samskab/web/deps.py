# SPDX-License-Identifier: MPL-2.0
"""Dependencies of the web pages: the request's transaction and the logged-in user."""

import uuid
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from samskab.access.actor import Actor, actor_for_user, meeting_guest
from samskab.core.db import Database
from samskab.core.errors import Unauthenticated
from samskab.organisations.actions import user_for_login


def _session(request: Request) -> Iterator[Session]:
    db: Database = request.app.state.db
    with db.unit_of_work() as session:
        yield session


DbSession = Annotated[Session, Depends(_session, scope="function")]


def current_actor(request: Request, session: DbSession) -> Actor:
    """The logged-in user as an Actor; unauthenticated requests go to the login page."""
    client = request.client.host if request.client else None
    user = user_for_login(session, request.session.get("login_id"))
    if user is not None:
        return actor_for_user(session, user).with_context(client_address=client)
    guest = request.session.get("guest")
    if isinstance(guest, dict) and guest.get("meeting_id") and guest.get("participant_id"):
        return meeting_guest(
            uuid.UUID(guest["meeting_id"]),
            uuid.UUID(guest["participant_id"]),
            str(guest.get("name", "")),
            client,
        )
    raise Unauthenticated()


CurrentActor = Annotated[Actor, Depends(current_actor)]
