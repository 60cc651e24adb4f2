# SPDX-License-Identifier: MPL-2.0
"""The administrator's view of one account's ways in: its API tokens and browser log-ins, with
one-at-a-time token revocation and ending every log-in at once. Revocation goes through the
organisations actions (`revoke_token`, `end_logins`), so whatever they do besides writing the
row (forgetting a cached token) happens here too. Audited; flush, never commit."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.administration.actions import organisations
from samskab.audit.actions import record
from samskab.core import clock
from samskab.core.errors import NotFound
from samskab.organisations.actions import end_logins, revoke_token
from samskab.organisations.models import ApiToken, LoginSession, User


@dataclass(frozen=True)
class TokenRow:
    """One API token as the administrator sees it (never the token itself)."""

    id: uuid.UUID
    label: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def in_force(self) -> bool:
        """Not revoked and not past its end."""
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > clock.now()
        )


@dataclass(frozen=True)
class WaysIn:
    """An account's API tokens (newest first) and how many browser log-ins are open."""

    user: User
    tokens: list[TokenRow]
    open_logins: int
    last_login: datetime | None


def _account(session: Session, actor: Actor, user_id: uuid.UUID) -> User:
    """A staff account the administrator manages (their municipality and its providers)."""
    places = {o.id for o in organisations(session, actor)}
    found = session.get(User, user_id)
    if found is None or found.organisation_id not in places or found.citizen_id is not None:
        raise NotFound("Brugeren")
    return found


def ways_in(session: Session, actor: Actor, user_id: uuid.UUID) -> WaysIn:
    """The account's tokens and open log-ins; the read is audited."""
    user = _account(session, actor, user_id)
    tokens = [
        TokenRow(
            t.id, t.label, list(t.scopes), t.created_at, t.expires_at, t.last_used_at, t.revoked_at
        )
        for t in session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
        )
    ]
    count, last = session.execute(
        select(func.count(), func.max(LoginSession.created_at)).where(
            LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None)
        )
    ).one()
    record(
        session, actor, "admin.logins.read", citizen_id=None, object_type="user", object_id=user.id
    )
    return WaysIn(user, tokens, int(count or 0), last)


def revoke_user_token(
    session: Session, actor: Actor, user_id: uuid.UUID, token_id: uuid.UUID
) -> ApiToken:
    """Revoke one of the account's API tokens at once; its other tokens go on working."""
    user = _account(session, actor, user_id)
    owner = session.scalar(select(ApiToken.user_id).where(ApiToken.id == token_id))
    if owner != user.id:
        raise NotFound("Tokenet")
    token = revoke_token(session, token_id)
    record(
        session,
        actor,
        "admin.token.revoke",
        citizen_id=None,
        object_type="api_token",
        object_id=token.id,
    )
    return token


def end_user_logins(session: Session, actor: Actor, user_id: uuid.UUID) -> None:
    """End every browser log-in of the account at once (its tokens are revoked one by one)."""
    user = _account(session, actor, user_id)
    end_logins(session, user_id=user.id)
    session.flush()
    record(
        session, actor, "admin.logins.end", citizen_id=None, object_type="user", object_id=user.id
    )
