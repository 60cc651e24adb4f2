# SPDX-License-Identifier: MPL-2.0
"""Dependencies of the API, defined once: the request's transaction and the acting user."""

import uuid
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from samskab.access.actor import Actor, actor_for_user
from samskab.core.db import Database
from samskab.core.errors import Unauthenticated
from samskab.organisations.actions import user_by_id, user_for_token
from samskab.organisations.models import User


def database(request: Request) -> Database:
    """The installation's database, set on the application at start-up."""
    db: Database = request.app.state.db
    return db


def _session(request: Request) -> Iterator[Session]:
    with database(request).unit_of_work() as session:
        yield session


# One transaction per request, committed before the response is sent.
DbSession = Annotated[Session, Depends(_session, scope="function")]


def _user(request: Request, session: Session) -> User | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token:
        return user_for_token(session, token.strip())
    if "session" in request.scope:
        raw = request.session.get("user_id")
        if raw:
            try:
                return user_by_id(session, uuid.UUID(raw))
            except ValueError:
                return None
    return None


def current_actor(request: Request, session: DbSession) -> Actor:
    """The Actor behind this request, from a bearer token or the web session."""
    user = _user(request, session)
    if user is None:
        raise Unauthenticated()
    client = request.client.host if request.client else None
    return actor_for_user(session, user).with_context(client_address=client)


CurrentActor = Annotated[Actor, Depends(current_actor)]
