# SPDX-License-Identifier: MPL-2.0
"""Access grants: every access to a citizen that is not a team's standing access through its
own case. A grant (a referral accepted, break the glass, a colleague from another team given
temporary access) has a purpose, a grantor and an end date, and the lead of the team
responsible for the citizen reviews it: confirms it, or ends it at once. The access check
itself (`access.policies`) follows the rows written here. Flush, never commit."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from pydantic import Field
from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session, aliased

from samskab.access.actor import Actor
from samskab.access.models import CitizenAccess
from samskab.access.policies import (
    may_grant_access,
    may_receive_grant,
    responsible_team,
    reviews_access_grants,
)
from samskab.audit.actions import record
from samskab.citizens.models import Citizen
from samskab.core import clock
from samskab.core.clock import COPENHAGEN
from samskab.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from samskab.core.validation import Input
from samskab.organisations.models import Team, TeamMembership, User

# An accepted referral gives the registering team access through its new case for a year;
# the lead of the team responsible for the citizen reviews it meanwhile.
REFERRAL_DAYS = 365
COLLEAGUE_MAX_DAYS = 90
# Grants that ended or ran out stay on the review list this long (emergency access runs out
# within hours, usually before the team lead has seen it).
REVIEW_DAYS = 90
KIND_LABELS = {
    "case": "Henvendelse godkendt",
    "break_glass": "Nødadgang",
    "colleague": "Midlertidig adgang",
}


def grant_referral_case(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID,
    *,
    purpose: str,
    review_team_id: uuid.UUID | None,
) -> None:
    """A case opened on an accepted referral gives its team access as a grant: with the
    purpose, the accepting actor as grantor, an end date, and the responsible team's review."""
    row = session.scalars(
        select(CitizenAccess).where(
            CitizenAccess.source_type == "case", CitizenAccess.source_id == case_id
        )
    ).one()
    row.purpose = purpose[:190]
    row.granted_by_id = actor.user_id
    row.expires_at = clock.now() + timedelta(days=REFERRAL_DAYS)
    row.review_team_id = review_team_id


class ColleagueGrantIn(Input):
    """Temporary access for a colleague from another team: to whom, why, and until when."""

    user_id: uuid.UUID
    purpose: str = Field(min_length=10, max_length=190)
    ends_on: date


def grant_colleague(
    session: Session, actor: Actor, citizen_id: uuid.UUID, data: ColleagueGrantIn
) -> CitizenAccess:
    """Give a colleague from another team access to the citizen until a date, for a purpose;
    reviewed by the lead of the granting team."""
    if not may_grant_access(session, actor, citizen_id):
        raise NotFound("Borgeren")
    today = clock.today()
    if not today < data.ends_on <= today + timedelta(days=COLLEAGUE_MAX_DAYS):
        raise InvalidInput(
            f"Vælg en slutdato efter i dag og højst {COLLEAGUE_MAX_DAYS} dage frem.",
            field="ends_on",
        )
    colleague = session.get(User, data.user_id)
    teams = sorted(
        session.scalars(
            select(TeamMembership.team_id).where(TeamMembership.user_id == data.user_id)
        )
    )
    if (
        colleague is None
        or not colleague.active
        or colleague.organisation_id != actor.organisation_id
        or not may_receive_grant(colleague.roles, teams)
    ):
        raise InvalidInput("Vælg en sagsbehandler i et team i kommunen.", field="user_id")
    if set(teams) & actor.team_ids:
        raise InvalidInput("Kollegaen er i dit eget team og har allerede adgang.", field="user_id")
    row = CitizenAccess(
        citizen_id=citizen_id,
        team_id=teams[0],
        user_id=colleague.id,
        source_type="colleague",
        source_id=uuid.uuid4(),
        purpose=data.purpose.strip(),
        granted_by_id=actor.user_id,
        # Through the whole of the chosen day ("til og med"), Danish time.
        expires_at=datetime.combine(data.ends_on, time(23, 59, 59), tzinfo=COPENHAGEN),
        review_team_id=responsible_team(session, citizen_id) or sorted(actor.team_ids)[0],
    )
    session.add(row)
    session.flush()
    record(
        session, actor, "grant.create", citizen_id=citizen_id, object_type="grant", object_id=row.id
    )
    return row


@dataclass(frozen=True)
class GrantRow:
    """One grant as the reviewing team lead sees it."""

    id: uuid.UUID
    citizen_id: uuid.UUID
    kind: str
    citizen_name: str
    grantee: str
    grantor: str
    purpose: str
    granted_at: datetime
    ends_at: datetime | None
    confirmed_at: datetime | None
    confirmed_by: str
    # Set when a team lead ended the grant (else it ran out at `ends_at`, or is in force).
    ended_at: datetime | None = None


def _under_review(actor: Actor) -> ColumnElement[bool]:
    """The grants this team lead reviews: to citizens their teams are responsible for, or with
    no responsible team, in their municipality."""
    return or_(
        CitizenAccess.review_team_id.in_(actor.team_ids),
        and_(
            CitizenAccess.review_team_id.is_(None),
            Citizen.municipality_code == actor.municipality_code,
        ),
    )


# A grant with its citizen, the grantee team's name, and the grantee, grantor and confirmer.
GrantQuery = Select[CitizenAccess, Citizen, str, User, User, User]


def _grants(*, in_force: bool = True) -> GrantQuery:
    """Grants in force (unconfirmed first), or those that ended or ran out in the last
    REVIEW_DAYS (newest first), with the people and team they name."""
    grantee, grantor, confirmer = aliased(User), aliased(User), aliased(User)
    now = clock.now()
    query = (
        select(CitizenAccess, Citizen, Team.name, grantee, grantor, confirmer)
        .join(Citizen, Citizen.id == CitizenAccess.citizen_id)
        .outerjoin(Team, Team.id == CitizenAccess.team_id)
        .outerjoin(grantee, grantee.id == CitizenAccess.user_id)
        .outerjoin(grantor, grantor.id == CitizenAccess.granted_by_id)
        .outerjoin(confirmer, confirmer.id == CitizenAccess.confirmed_by_id)
        .where(CitizenAccess.purpose.is_not(None))
    )
    if in_force:
        return query.where(
            CitizenAccess.ended_at.is_(None),
            or_(CitizenAccess.expires_at.is_(None), CitizenAccess.expires_at > now),
        ).order_by(CitizenAccess.confirmed_at.is_not(None), CitizenAccess.created_at)
    since = now - timedelta(days=REVIEW_DAYS)
    ran_out = and_(
        CitizenAccess.ended_at.is_(None),
        CitizenAccess.expires_at <= now,
        CitizenAccess.expires_at >= since,
    )
    return query.where(or_(CitizenAccess.ended_at >= since, ran_out)).order_by(
        CitizenAccess.created_at.desc()
    )


def _rows(session: Session, query: GrantQuery) -> list[GrantRow]:
    return [
        GrantRow(
            id=grant.id,
            citizen_id=citizen.id,
            kind=KIND_LABELS.get(grant.source_type, grant.source_type),
            citizen_name=citizen.full_name,
            grantee=to_user.display_name if to_user else (team_name or ""),
            grantor=by_user.display_name if by_user else "",
            purpose=grant.purpose or "",
            granted_at=grant.created_at,
            ends_at=grant.expires_at,
            confirmed_at=grant.confirmed_at,
            confirmed_by=confirmed_by.display_name if confirmed_by else "",
            ended_at=grant.ended_at,
        )
        for grant, citizen, team_name, to_user, by_user, confirmed_by in session.execute(query)
    ]


def grants_of_citizen(session: Session, actor: Actor, citizen_id: uuid.UUID) -> list[GrantRow]:
    """The grants in force to a citizen, for a caseworker whose team has the citizen's case
    (who may give a colleague access, and sees who else has been given it); one read logged."""
    if not may_grant_access(session, actor, citizen_id):
        raise NotFound("Borgeren")
    record(session, actor, "grant.read", citizen_id=citizen_id, object_type="grant")
    return _rows(session, _grants().where(CitizenAccess.citizen_id == citizen_id))


def colleagues(session: Session, actor: Actor) -> list[tuple[uuid.UUID, str]]:
    """Colleagues in the actor's organisation, in teams other than the actor's, who could be
    given temporary access: (id, name with teams)."""
    found: dict[uuid.UUID, tuple[str, list[str]]] = {}
    query = (
        select(User.id, User.display_name, User.roles, Team.id, Team.name)
        .join(TeamMembership, TeamMembership.user_id == User.id)
        .join(Team, Team.id == TeamMembership.team_id)
        .where(User.organisation_id == actor.organisation_id, User.active)
        .order_by(User.display_name, Team.name)
    )
    for user_id, name, roles, team_id, team_name in session.execute(query):
        if user_id == actor.user_id or not may_receive_grant(roles, [team_id]):
            continue
        entry = found.setdefault(user_id, (name, []))
        entry[1].append(team_name if team_id not in actor.team_ids else "")
    return [
        (user_id, f"{name} ({', '.join(teams)})")
        for user_id, (name, teams) in found.items()
        if all(teams)
    ]


def grants_for_review(session: Session, actor: Actor, *, in_force: bool = True) -> list[GrantRow]:
    """The grants this team lead reviews: those in force (oldest unconfirmed first), or those
    that ended or ran out in the last REVIEW_DAYS; one read is logged per grant shown (the list
    names the citizen)."""
    if not reviews_access_grants(actor):
        raise Forbidden("Gennemgang af adgange er for teamledere.")
    query = _grants(in_force=in_force).where(_under_review(actor))
    rows = _rows(session, query)
    for row in rows:
        record(
            session,
            actor,
            "grant.read",
            citizen_id=row.citizen_id,
            object_type="grant",
            object_id=row.id,
        )
    return rows


def _reviewed(session: Session, actor: Actor, grant_id: uuid.UUID) -> CitizenAccess:
    if not reviews_access_grants(actor):
        raise Forbidden("Gennemgang af adgange er for teamledere.")
    found = session.execute(
        select(CitizenAccess)
        .join(Citizen, Citizen.id == CitizenAccess.citizen_id)
        .where(
            CitizenAccess.id == grant_id,
            CitizenAccess.purpose.is_not(None),
            _under_review(actor),
        )
    ).scalar_one_or_none()
    if found is None:
        raise NotFound("Adgangen")
    if found.ended_at is not None:
        raise Conflict("Adgangen er allerede afsluttet.")
    return found


def confirm_grant(session: Session, actor: Actor, grant_id: uuid.UUID) -> CitizenAccess:
    """The team lead confirms that the grant is (or, once it has run out, was) needed; it
    keeps its end date."""
    grant = _reviewed(session, actor, grant_id)
    grant.confirmed_at, grant.confirmed_by_id = clock.now(), actor.user_id
    record(
        session,
        actor,
        "grant.confirm",
        citizen_id=grant.citizen_id,
        object_type="grant",
        object_id=grant.id,
    )
    session.flush()
    return grant


def end_grant(session: Session, actor: Actor, grant_id: uuid.UUID) -> CitizenAccess:
    """The team lead ends the grant: access through it stops at once."""
    grant = _reviewed(session, actor, grant_id)
    grant.ended_at, grant.ended_by_id = clock.now(), actor.user_id
    record(
        session,
        actor,
        "grant.end",
        citizen_id=grant.citizen_id,
        object_type="grant",
        object_id=grant.id,
    )
    session.flush()
    return grant
