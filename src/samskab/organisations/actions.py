# SPDX-License-Identifier: MPL-2.0
"""Writes on organisations, users, API tokens and log-in sessions. Flush, never commit."""

import hashlib
import secrets
import uuid
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from samskab.core import clock
from samskab.core.actorcache import CHANNEL, EVERYONE
from samskab.core.db import new_id, on_commit
from samskab.core.errors import InvalidInput, NotFound
from samskab.organisations.models import (
    ApiToken,
    LoginSession,
    Organisation,
    OrganisationKind,
    Role,
    Team,
    TeamMembership,
    User,
)

TOKEN_PREFIX = "smk_"  # noqa: S105 - a visible prefix so leaked tokens can be found, no secret
TOKEN_DAYS, MAX_TOKEN_DAYS = 90, 365
SCOPES = ("read", "write")


def hash_token(token: str) -> str:
    """The stored form of an API token."""
    return hashlib.sha256(token.encode()).hexdigest()


def add_organisation(
    session: Session,
    kind: OrganisationKind,
    name: str,
    *,
    municipality_code: str | None = None,
    operator: str | None = None,
    postcode: str | None = None,
    id: uuid.UUID | None = None,
) -> Organisation:
    """Register a municipality, provider or region."""
    organisation = Organisation(
        id=id or new_id(),
        kind=kind,
        name=name,
        municipality_code=municipality_code,
        operator=operator,
        postcode=postcode,
    )
    session.add(organisation)
    session.flush()
    return organisation


def add_team(
    session: Session,
    municipality: Organisation,
    name: str,
    area: str,
    *,
    id: uuid.UUID | None = None,
) -> Team:
    """Add a team to a municipality."""
    team = Team(id=id or new_id(), municipality_id=municipality.id, name=name, area=area)
    session.add(team)
    session.flush()
    return team


def add_user(
    session: Session,
    username: str,
    display_name: str,
    organisation: Organisation,
    roles: list[Role],
    *,
    teams: list[Team] | None = None,
    title: str | None = None,
    id: uuid.UUID | None = None,
) -> User:
    """Add a user with roles and team memberships."""
    user = User(
        id=id or new_id(),
        username=username,
        display_name=display_name,
        organisation_id=organisation.id,
        roles=[str(r) for r in roles],
        title=title,
    )
    session.add(user)
    session.flush()
    session.add_all(
        TeamMembership(id=uuid.uuid5(user.id, str(team.id)), user_id=user.id, team_id=team.id)
        for team in teams or []
    )
    session.flush()
    return user


def mint_token(
    session: Session,
    username: str,
    *,
    label: str = "",
    days: int = TOKEN_DAYS,
    scopes: tuple[str, ...] = SCOPES,
) -> str:
    """Create a bearer API token for a user, valid for `days` and limited to `scopes`.

    The token is shown once and stored hashed."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound("Brugeren")
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise InvalidInput(f"Et token kan gælde fra 1 til {MAX_TOKEN_DAYS} dage.", field="days")
    if not scopes or not set(scopes) <= set(SCOPES):
        raise InvalidInput("Et token skal have read og/eller write.", field="scopes")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            user_id=user.id,
            token_hash=hash_token(token),
            label=label,
            expires_at=clock.now() + timedelta(days=days),
            scopes=list(dict.fromkeys(scopes)),
        )
    )
    session.flush()
    return token


def tokens_of(session: Session, username: str) -> list[ApiToken]:
    """A user's API tokens, newest first (never the tokens themselves, only their hashes)."""
    query = (
        select(ApiToken)
        .join(User, User.id == ApiToken.user_id)
        .where(User.username == username)
        .order_by(ApiToken.created_at.desc())
    )
    return list(session.scalars(query))


def revoke_token(session: Session, token_id: uuid.UUID) -> ApiToken:
    """End one API token at once; the user's other tokens go on working."""
    found = session.get(ApiToken, token_id)
    if found is None:
        raise NotFound("Tokenet")
    found.revoked_at = found.revoked_at or clock.now()
    session.flush()
    forget_actor(session, user_id=found.user_id)
    return found


def open_login(session: Session, user: User) -> LoginSession:
    """A new browser log-in for a user; its id goes in the session cookie."""
    login = LoginSession(user_id=user.id)
    session.add(login)
    session.flush()
    return login


def end_logins(
    session: Session, *, login_id: uuid.UUID | None = None, user_id: uuid.UUID | None = None
) -> None:
    """End one log-in (logging out) or every log-in of a user (closure, an administrator)."""
    query = update(LoginSession).where(LoginSession.revoked_at.is_(None))
    if login_id is not None:
        query = query.where(LoginSession.id == login_id)
    elif user_id is not None:
        query = query.where(LoginSession.user_id == user_id)
    else:
        raise ValueError("end_logins needs a login or a user")
    session.execute(query.values(revoked_at=clock.now()))
    forget_actor(session, login_id=login_id, user_id=user_id)


def forget_actor(
    session: Session, *, user_id: uuid.UUID | None = None, login_id: uuid.UUID | None = None
) -> None:
    """Make every worker forget who is behind a user's credentials (or one log-in's) once the
    current transaction commits: call it from every write that revokes or changes access
    (tokens, log-ins, roles, teams, closing an account). See `samskab.core.actorcache`."""
    if user_id is not None:
        message = f"user:{user_id}"
    elif login_id is not None:
        message = f"login:{login_id}"
    else:
        message = EVERYONE
    if session.get_bind().dialect.name == "postgresql":
        # Delivered by the database to every listening worker when (and if) this commits.
        session.execute(select(func.pg_notify(CHANNEL, message)))
    cache = session.info.get("actors")
    if cache is not None:  # this worker forgets at once, without waiting for the round trip
        on_commit(session, lambda: cache.forget(message))
