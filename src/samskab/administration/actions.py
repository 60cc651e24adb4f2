# SPDX-License-Identifier: MPL-2.0
"""The administrator's reads and writes, all within the administrator's own municipality and
all in the audit log. Flush, never commit."""

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from pydantic import Field, field_validator
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import administers
from samskab.audit.actions import record
from samskab.cases.models import ProcessingDeadline
from samskab.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from samskab.core.validation import Input
from samskab.organisations.actions import add_user, end_logins, forget_actor, revoke_token
from samskab.organisations.models import (
    ApiToken,
    Organisation,
    OrganisationKind,
    Role,
    Team,
    TeamMembership,
    User,
)
from samskab.terminology.services import BY_KEY

# Staff roles an administrator hands out; citizens and relatives get their accounts through
# MitID log-in and consents, never from an administrator.
STAFF_ROLES = (
    Role.CASEWORKER,
    Role.TEAM_LEAD,
    Role.PROVIDER_STAFF,
    Role.REGIONAL_COORDINATOR,
    Role.ANALYST,
    Role.ADMIN,
)
USERNAME = re.compile(r"^[a-z0-9._-]{2,100}$")


def require_admin(actor: Actor) -> None:
    """Configuration is the administrator's."""
    if not administers(actor):
        raise Forbidden("Kun administratorer kan ændre opsætningen.")


class StaffIn(Input):
    """A staff account: who, in which organisation, with which roles and teams."""

    username: str = Field(min_length=2, max_length=100)
    display_name: str = Field(min_length=1, max_length=200)
    title: str = Field(default="", max_length=200)
    organisation_id: uuid.UUID
    roles: list[Role] = Field(min_length=1, max_length=len(STAFF_ROLES))
    team_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)

    @field_validator("username")
    @classmethod
    def _username(cls, value: str) -> str:
        if not USERNAME.match(value):
            raise ValueError("Brug små bogstaver, tal, punktum, bindestreg eller understreg.")
        return value


class AccessIn(Input):
    """Roles, teams and whether the account is active."""

    roles: list[Role] = Field(min_length=1, max_length=len(STAFF_ROLES))
    team_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)
    active: bool = True


@dataclass(frozen=True)
class StaffRow:
    """One account as the administrator sees it."""

    user: User
    organisation: str
    teams: list[str]
    tokens: int
    last_used: datetime | None


def _municipality(session: Session, actor: Actor) -> Organisation:
    found = session.get(Organisation, actor.organisation_id) if actor.organisation_id else None
    if found is None or found.municipality_code is None:
        raise Forbidden("Administratoren hører ikke til en kommune.")
    return found


def organisations(session: Session, actor: Actor) -> list[Organisation]:
    """The municipality and the providers in it: where the administrator's staff work."""
    require_admin(actor)
    home = _municipality(session, actor)
    return list(
        session.scalars(
            select(Organisation)
            .where(
                Organisation.municipality_code == home.municipality_code,
                Organisation.kind.in_([OrganisationKind.MUNICIPALITY, OrganisationKind.PROVIDER]),
            )
            .order_by(Organisation.kind, Organisation.name)
        )
    )


def teams(session: Session, actor: Actor) -> list[Team]:
    """The municipality's teams."""
    require_admin(actor)
    home = _municipality(session, actor)
    return list(
        session.scalars(select(Team).where(Team.municipality_id == home.id).order_by(Team.name))
    )


def staff(session: Session, actor: Actor) -> list[StaffRow]:
    """The staff accounts of the municipality and its providers (no citizens, no relatives)."""
    places = {o.id: o.name for o in organisations(session, actor)}
    team_names = {t.id: t.name for t in teams(session, actor)}
    users = [
        u
        for u in session.scalars(
            select(User)
            .where(User.organisation_id.in_(places), User.citizen_id.is_(None))
            .order_by(User.display_name)
        )
        if set(u.roles) & {str(r) for r in STAFF_ROLES}
    ]
    memberships: dict[uuid.UUID, list[str]] = {}
    for user_id, team_id in session.execute(
        select(TeamMembership.user_id, TeamMembership.team_id).where(
            TeamMembership.user_id.in_([u.id for u in users])
        )
    ):
        memberships.setdefault(user_id, []).append(team_names.get(team_id, "?"))
    usage = {
        user_id: (count, last)
        for user_id, count, last in session.execute(
            select(ApiToken.user_id, func.count(), func.max(ApiToken.last_used_at))
            .where(ApiToken.revoked_at.is_(None))
            .group_by(ApiToken.user_id)
        )
    }
    record(session, actor, "admin.staff.read", citizen_id=None, object_type="user")
    return [
        StaffRow(
            u,
            places[u.organisation_id],
            sorted(memberships.get(u.id, [])),
            usage.get(u.id, (0, None))[0],
            usage.get(u.id, (0, None))[1],
        )
        for u in users
    ]


def _check_roles(
    session: Session, actor: Actor, roles: list[Role], team_ids: list[uuid.UUID]
) -> None:
    if not set(roles) <= set(STAFF_ROLES):
        raise InvalidInput(
            "Borgere og pårørende får ikke konti af en administrator.", field="roles"
        )
    allowed = {t.id for t in teams(session, actor)}
    if not set(team_ids) <= allowed:
        raise InvalidInput("Et af holdene findes ikke i kommunen.", field="team_ids")
    if {Role.CASEWORKER, Role.TEAM_LEAD} & set(roles) and not team_ids:
        raise InvalidInput(
            "Sagsbehandlere og teamledere skal være med i mindst ét team.", field="team_ids"
        )


def create_staff(session: Session, actor: Actor, data: StaffIn) -> User:
    """Add a staff account in the municipality or one of its providers."""
    require_admin(actor)
    places = {o.id: o for o in organisations(session, actor)}
    organisation = places.get(data.organisation_id)
    if organisation is None:
        raise InvalidInput("Organisationen findes ikke i kommunen.", field="organisation_id")
    _check_roles(session, actor, data.roles, data.team_ids)
    if Role.PROVIDER_STAFF in data.roles and organisation.kind != OrganisationKind.PROVIDER:
        raise InvalidInput(
            "Medarbejdere hos udførere skal høre til en udfører.", field="organisation_id"
        )
    if session.scalar(select(User.id).where(User.username == data.username)):
        raise Conflict("Brugernavnet er allerede i brug.", field="username")
    chosen = [t for t in teams(session, actor) if t.id in set(data.team_ids)]
    user = add_user(
        session,
        data.username,
        data.display_name,
        organisation,
        data.roles,
        teams=chosen,
        title=data.title or None,
    )
    record(
        session, actor, "admin.staff.create", citizen_id=None, object_type="user", object_id=user.id
    )
    return user


def change_access(session: Session, actor: Actor, user_id: uuid.UUID, data: AccessIn) -> User:
    """Change an account's roles and teams, or close or reopen it (closing revokes its tokens)."""
    require_admin(actor)
    rows = {row.user.id: row.user for row in staff(session, actor)}
    user = rows.get(user_id)
    if user is None:
        raise NotFound("Brugeren")
    if user.id == actor.user_id and (not data.active or Role.ADMIN not in data.roles):
        raise InvalidInput(
            "Du kan ikke lukke din egen konto eller fjerne din egen administratorrolle.",
            field="active",
        )
    _check_roles(session, actor, data.roles, data.team_ids)
    user.roles = [str(r) for r in data.roles]
    user.active = data.active
    session.execute(delete(TeamMembership).where(TeamMembership.user_id == user.id))
    session.add_all(
        TeamMembership(id=uuid.uuid5(user.id, str(team_id)), user_id=user.id, team_id=team_id)
        for team_id in dict.fromkeys(data.team_ids)
    )
    if not data.active:
        # Through the organisations' revoke action, so a cached token is forgotten too.
        for token_id in session.scalars(
            select(ApiToken.id).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        ).all():
            revoke_token(session, token_id)
        end_logins(session, user_id=user.id)
    session.flush()
    forget_actor(session, user_id=user.id)
    record(
        session, actor, "admin.staff.change", citizen_id=None, object_type="user", object_id=user.id
    )
    return user


def deadlines(session: Session, actor: Actor) -> dict[str, int]:
    """The municipality's published processing deadline (days) for every service type."""
    require_admin(actor)
    home = _municipality(session, actor)
    set_days = {
        key: days
        for key, days in session.execute(
            select(ProcessingDeadline.service_type, ProcessingDeadline.days).where(
                ProcessingDeadline.municipality_code == home.municipality_code
            )
        )
    }
    return {key: set_days.get(key, s.default_deadline_days) for key, s in BY_KEY.items()}


def set_deadline(session: Session, actor: Actor, service_key: str, days: int) -> None:
    """Publish a new processing deadline (RSL § 3); it applies to cases received from now on."""
    require_admin(actor)
    if service_key not in BY_KEY:
        raise NotFound("Ydelsestypen")
    if not 1 <= days <= 365:
        raise InvalidInput("Fristen skal være mellem 1 og 365 dage.", field="days")
    home = _municipality(session, actor)
    found = session.scalar(
        select(ProcessingDeadline).where(
            ProcessingDeadline.municipality_code == home.municipality_code,
            ProcessingDeadline.service_type == service_key,
        )
    )
    if found is None:
        session.add(
            ProcessingDeadline(
                municipality_code=home.municipality_code, service_type=service_key, days=days
            )
        )
    else:
        found.days = days
    session.flush()
    record(session, actor, "admin.deadline.change", citizen_id=None, object_type="deadline")
