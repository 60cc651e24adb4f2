# SPDX-License-Identifier: MPL-2.0
"""Writes on organisations, users and API tokens. Flush, never commit."""

import hashlib
import secrets
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.core import clock
from samskab.core.db import new_id
from samskab.core.errors import NotFound
from samskab.organisations.models import (
    ApiToken,
    Organisation,
    OrganisationKind,
    Role,
    Team,
    TeamMembership,
    User,
)

TOKEN_PREFIX = "smk_"  # noqa: S105 - a visible prefix so leaked tokens can be found, no secret


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


def mint_token(session: Session, username: str, *, label: str = "") -> str:
    """Create a bearer API token for a user; the token is shown once and stored hashed."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound("Brugeren")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), label=label))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The active user an API token belongs to, marking the token as used."""
    found = session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None)
        )
    )
    if found is None or not found.user.active:
        return None
    found.last_used_at = clock.now()
    return found.user


def user_by_id(session: Session, user_id: uuid.UUID) -> User | None:
    """An active user by id."""
    user = session.get(User, user_id)
    return user if user is not None and user.active else None
