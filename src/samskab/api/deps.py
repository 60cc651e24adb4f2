# SPDX-License-Identifier: MPL-2.0
"""Dependencies of the API, defined once: the request's transaction and the acting user."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from samskab.access.actor import Actor, actor_for_user
from samskab.core.db import Database
from samskab.core.errors import Forbidden, Unauthenticated
from samskab.organisations.actions import token_for, user_for_login
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


READING = frozenset({"GET", "HEAD", "OPTIONS"})


def _user(request: Request, session: Session) -> User | None:
    header = request.headers.get("authorization", "")
    scheme, _, bearer = header.partition(" ")
    if scheme.lower() == "bearer" and bearer:
        token = token_for(session, bearer.strip())
        if token is None:
            return None
        needed = "read" if request.method in READING else "write"
        if needed not in token.scopes:
            raise Forbidden(f"Tokenet må ikke {'læse' if needed == 'read' else 'skrive'}.")
        return token.user
    if "session" in request.scope:
        return user_for_login(session, request.session.get("login_id"))
    return None


def current_actor(request: Request, session: DbSession) -> Actor:
    """The Actor behind this request, from a bearer token or the web session."""
    user = _user(request, session)
    if user is None:
        raise Unauthenticated()
    client = request.client.host if request.client else None
    return actor_for_user(session, user).with_context(client_address=client)


CurrentActor = Annotated[Actor, Depends(current_actor)]
