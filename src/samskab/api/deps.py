# SPDX-License-Identifier: MPL-2.0
"""Dependencies of the API, defined once: the request's transaction and the acting user.

Both are resolved on the event loop without waiting for a worker thread: the session touches
the database first in the endpoint's own thread (see `Database.unit_of_work_for_threads`), and
the actor comes from this worker's memory, or from one statement in a thread of its own when it
is not remembered (see `samskab.access.credentials`). The API authenticates by bearer token
only; the web's cookie session does not run for `/api`."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from samskab.access.actor import Actor
from samskab.access.credentials import Credential, note_use, remembered_token, token_credential
from samskab.core.db import Database
from samskab.core.errors import Unauthenticated


def database(request: Request) -> Database:
    """The installation's database, set on the application at start-up."""
    db: Database = request.app.state.db
    return db


async def _session(request: Request) -> AsyncIterator[Session]:
    async with database(request).unit_of_work_for_threads() as session:
        yield session


# One transaction per request, committed before the response is sent.
DbSession = Annotated[Session, Depends(_session, scope="function")]


READING = frozenset({"GET", "HEAD", "OPTIONS"})


def _bearer(request: Request) -> str:
    scheme, _, bearer = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not bearer.strip():
        raise Unauthenticated()
    return bearer.strip()


def _actor(request: Request, credential: Credential | None) -> Actor:
    if credential is None:
        raise Unauthenticated()
    actor = credential.allows(write=request.method not in READING)
    client = request.client.host if request.client else None
    return actor.with_context(client_address=client)


def actor_of(request: Request) -> Actor:
    """The Actor behind this request's bearer token (may read the database: call it in a
    worker thread)."""
    db = database(request)
    credential = token_credential(db, _bearer(request))
    if credential is not None:
        note_use(db, credential)
    return _actor(request, credential)


async def current_actor(request: Request) -> Actor:
    """The Actor behind this request's bearer token: from memory, or looked up in a thread."""
    credential = remembered_token(database(request), _bearer(request))
    if credential is None or credential.use_to_note():
        return await run_in_threadpool(actor_of, request)
    return _actor(request, credential)


CurrentActor = Annotated[Actor, Depends(current_actor)]
