# SPDX-License-Identifier: MPL-2.0
"""Who is behind a bearer token or a browser log-in: one statement when this worker does not
remember it, none when it does (see `samskab.core.actorcache` for when it forgets)."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, or_, select, update

from samskab.access.actor import Actor
from samskab.core import clock
from samskab.core.db import Database
from samskab.core.errors import Forbidden
from samskab.organisations.actions import hash_token
from samskab.organisations.models import (
    ApiToken,
    LoginSession,
    Organisation,
    Role,
    TeamMembership,
    User,
)

# A token's use is noted at most once a minute, so that its requests do not all write (and wait
# for each other on) one row.
NOTE_EVERY = timedelta(minutes=1)
EVERYTHING = frozenset({"read", "write"})


@dataclass
class Credential:
    """An actor and what their credential allows; a token's id, expiry and last noted use."""

    actor: Actor
    scopes: frozenset[str] = EVERYTHING
    expires_at: datetime | None = None
    token_id: uuid.UUID | None = None
    last_used_at: datetime | None = None

    def use_to_note(self) -> bool:
        """Whether this is a token whose use has not been noted for a minute."""
        if self.token_id is None:
            return False
        return self.last_used_at is None or clock.now() - self.last_used_at >= NOTE_EVERY

    def allows(self, *, write: bool) -> Actor:
        """The actor, if the credential may read (or write); Forbidden otherwise."""
        needed = "write" if write else "read"
        if needed not in self.scopes:
            raise Forbidden(f"Tokenet må ikke {'skrive' if write else 'læse'}.")
        return self.actor


def _with_user(query: Select[Any]) -> Select[Any]:
    return (
        query.add_columns(
            User.id,
            User.display_name,
            User.roles,
            User.organisation_id,
            User.citizen_id,
            Organisation.municipality_code,
            TeamMembership.team_id,
        )
        .join(Organisation, Organisation.id == User.organisation_id, isouter=True)
        .join(TeamMembership, TeamMembership.user_id == User.id, isouter=True)
        .where(User.active.is_(True))
    )


def _actor(rows: list[Any]) -> Actor:
    first = rows[0]
    return Actor(
        user_id=first.id,
        display_name=first.display_name,
        roles=frozenset(Role(r) for r in first.roles),
        team_ids=frozenset(r.team_id for r in rows if r.team_id is not None),
        organisation_id=first.organisation_id,
        municipality_code=first.municipality_code,
        citizen_id=first.citizen_id,
        purpose="egne oplysninger" if first.citizen_id else "sagsbehandling",
    )


def _live(credential: Credential | None) -> Credential | None:
    if credential is None or credential.expires_at is None:
        return credential
    return credential if credential.expires_at > clock.now() else None


def remembered_token(db: Database, bearer: str) -> Credential | None:
    """The token's credential if this worker remembers it (no database work)."""
    found: Credential | None = db.actors.get(("token", hash_token(bearer)))
    return _live(found)


def token_credential(db: Database, bearer: str) -> Credential | None:
    """The credential of a bearer token in force (not revoked, not expired, its user active):
    remembered, or loaded in one statement and remembered."""
    key = ("token", hash_token(bearer))
    found = remembered_token(db, bearer)
    if found is not None:
        return found
    generation = db.actors.generation
    query = _with_user(
        select(ApiToken.scopes, ApiToken.expires_at, ApiToken.last_used_at)
        .add_columns(ApiToken.id.label("token_id"))
        .select_from(ApiToken)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == key[1], ApiToken.revoked_at.is_(None))
    )
    with db.sessions() as session:
        rows = list(session.execute(query))
    if not rows:
        return None
    credential = Credential(
        _actor(rows),
        frozenset(rows[0].scopes),
        rows[0].expires_at,
        rows[0].token_id,
        rows[0].last_used_at,
    )
    user_id = credential.actor.user_id
    assert user_id is not None
    db.actors.put(key, credential, user_id=user_id, generation=generation)
    return _live(credential)


def note_use(db: Database, credential: Credential) -> None:
    """Note that a token was used, at most once a minute, in a transaction of its own (never the
    request's, so that the requests of one token do not wait for each other)."""
    if not credential.use_to_note():
        return
    now = credential.last_used_at = clock.now()
    with db.unit_of_work() as session:
        session.execute(
            update(ApiToken)
            .where(
                ApiToken.id == credential.token_id,
                or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - NOTE_EVERY),
            )
            .values(last_used_at=now)
        )


def _login_id(raw: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw)) if raw else None
    except ValueError:
        return None


def remembered_login(db: Database, raw_login_id: object) -> Credential | None:
    """A browser log-in's credential if this worker remembers it (no database work)."""
    login_id = _login_id(raw_login_id)
    found: Credential | None = db.actors.get(("login", login_id)) if login_id else None
    return found


def login_credential(db: Database, raw_login_id: object) -> Credential | None:
    """The credential of a browser log-in that has not ended, its user active (the id as the
    session cookie holds it): remembered, or loaded in one statement and remembered."""
    login_id = _login_id(raw_login_id)
    if login_id is None:
        return None
    found = remembered_login(db, login_id)
    if found is not None:
        return found
    generation = db.actors.generation
    query = _with_user(
        select(LoginSession.id.label("login_id"))
        .join(User, User.id == LoginSession.user_id)
        .where(LoginSession.id == login_id, LoginSession.revoked_at.is_(None))
    )
    with db.sessions() as session:
        rows = list(session.execute(query))
    if not rows:
        return None
    credential = Credential(_actor(rows))
    user_id = credential.actor.user_id
    assert user_id is not None
    db.actors.put(
        ("login", login_id), credential, user_id=user_id, generation=generation, login_id=login_id
    )
    return credential
