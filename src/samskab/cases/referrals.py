# SPDX-License-Identifier: MPL-2.0
"""Inquiries about a citizen the registering team may not see. Typing a CPR number never shows
the citizen or grants access by itself: the inquiry goes to the team responsible for the citizen
(or a team lead), who accepts it — then the case is opened for the registering team and access
follows that case — or declines it. Flush, never commit."""

import uuid
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import may_decide_referral, may_see
from samskab.audit.actions import record
from samskab.cases.actions import _check_member, _own_team, _require_casework, add_case, open_case
from samskab.cases.grants import grant_referral_case
from samskab.cases.models import Case, CaseReferral
from samskab.cases.schemas import CaseOpen
from samskab.cases.states import CaseStatus
from samskab.citizens.actions import check_same_person, known_citizen
from samskab.citizens.models import Citizen
from samskab.core import clock
from samskab.core.errors import Conflict, InvalidInput, NotFound
from samskab.organisations.models import Team
from samskab.terminology.services import service_type

PENDING, ACCEPTED, DECLINED = "pending", "accepted", "declined"
# What the registering caseworker is told: nothing about who the citizen is.
SENT_FOR_ACCEPTANCE = (
    "Henvendelsen er registreret og afventer godkendelse, før sagen kan oprettes. "
    "Du får sagen på Mine sager, når den er godkendt."
)


@dataclass(frozen=True)
class Received:
    """What registering an inquiry led to: an opened case, or an inquiry awaiting acceptance."""

    case: Case | None = None
    referral: CaseReferral | None = None


def receive_inquiry(session: Session, actor: Actor, data: CaseOpen) -> Received:
    """Register an inquiry: open the case when the actor may see the citizen (or the CPR number
    is new), else send it for acceptance without revealing anything about the citizen."""
    if data.citizen is None:
        return Received(case=open_case(session, actor, data))
    citizen = known_citizen(session, data.citizen)
    if citizen is None or may_see(session, actor, citizen.id):
        return Received(case=open_case(session, actor, data))
    check_same_person(citizen, data.citizen, may_see=False)
    return Received(referral=refer_inquiry(session, actor, citizen, data))


def _responsible_team(session: Session, citizen_id: uuid.UUID) -> uuid.UUID | None:
    open_first = Case.status.in_([CaseStatus.CLOSED, CaseStatus.WITHDRAWN])
    return session.scalar(
        select(Case.team_id)
        .where(Case.citizen_id == citizen_id)
        .order_by(open_first, Case.received_on.desc())
        .limit(1)
    )


def refer_inquiry(session: Session, actor: Actor, citizen: Citizen, data: CaseOpen) -> CaseReferral:
    """Send an inquiry about a citizen the actor may not see to the team responsible for them."""
    _require_casework(actor)
    service_type(data.service_type)
    if data.received_on > clock.today():
        raise InvalidInput("Modtagelsesdatoen kan ikke ligge i fremtiden.", field="received_on")
    team = _own_team(session, actor, data.team_id)
    _check_member(session, data.caseworker_id or actor.user_id, team.id)
    inquiry = data.model_dump(mode="json", exclude={"citizen"})
    inquiry |= {"citizen_id": str(citizen.id), "team_id": str(team.id)}
    inquiry["caseworker_id"] = str(data.caseworker_id or actor.user_id or "") or None
    referral = CaseReferral(
        citizen_id=citizen.id,
        to_team_id=_responsible_team(session, citizen.id),
        from_team_id=team.id,
        from_user_id=actor.user_id,
        from_name=actor.display_name,
        municipality_code=citizen.municipality_code,
        inquiry=inquiry,
        status=PENDING,
    )
    session.add(referral)
    session.flush()
    record(
        session,
        actor,
        "case.refer",
        citizen_id=citizen.id,
        object_type="referral",
        object_id=referral.id,
    )
    return referral


def referrals_for(session: Session, actor: Actor) -> list[CaseReferral]:
    """The inquiries waiting for this actor's team (or, for a team lead, the municipality)."""
    _require_casework(actor)
    query = select(CaseReferral).where(CaseReferral.status == PENDING)
    teams = CaseReferral.to_team_id.in_(actor.team_ids)
    if may_decide_referral(actor, None, actor.municipality_code or ""):
        query = query.where(or_(teams, CaseReferral.municipality_code == actor.municipality_code))
    else:
        query = query.where(teams)
    found = list(session.scalars(query.order_by(CaseReferral.created_at)))
    for referral in found:
        record(
            session,
            actor,
            "case.referral_read",
            citizen_id=referral.citizen_id,
            object_type="referral",
            object_id=referral.id,
        )
    return found


def _pending(session: Session, actor: Actor, referral_id: uuid.UUID) -> CaseReferral:
    referral = session.get(CaseReferral, referral_id)
    if referral is None or not may_decide_referral(
        actor, referral.to_team_id, referral.municipality_code
    ):
        raise NotFound("Henvendelsen")
    if referral.status != PENDING:
        raise Conflict("Henvendelsen er allerede behandlet.")
    return referral


def accept_referral(session: Session, actor: Actor, referral_id: uuid.UUID) -> Case:
    """Accept an inquiry: the case is opened for the team that registered it, and that team's
    access to the citizen comes from this case as a grant (purpose, grantor, end date) that
    the lead of the team responsible for the citizen reviews."""
    referral = _pending(session, actor, referral_id)
    data = CaseOpen.model_validate(referral.inquiry)
    citizen = session.get_one(Citizen, referral.citizen_id)
    caseworker = data.caseworker_id or referral.from_user_id
    case = add_case(session, actor, citizen, data, referral.from_team_id, caseworker)
    grant_referral_case(
        session,
        actor,
        case.id,
        purpose=f"Henvendelse om {case.title}",
        review_team_id=referral.to_team_id,
    )
    referral.status, referral.case_id = ACCEPTED, case.id
    referral.decided_by_name, referral.decided_at = actor.display_name, clock.now()
    record(
        session,
        actor,
        "case.referral_accept",
        citizen_id=citizen.id,
        object_type="referral",
        object_id=referral.id,
    )
    session.flush()
    return case


def decline_referral(session: Session, actor: Actor, referral_id: uuid.UUID) -> CaseReferral:
    """Decline an inquiry: nothing is opened and no access is given."""
    referral = _pending(session, actor, referral_id)
    referral.status = DECLINED
    referral.decided_by_name, referral.decided_at = actor.display_name, clock.now()
    record(
        session,
        actor,
        "case.referral_decline",
        citizen_id=referral.citizen_id,
        object_type="referral",
        object_id=referral.id,
    )
    session.flush()
    return referral


def team_names(session: Session, referrals: list[CaseReferral]) -> dict[uuid.UUID, str]:
    """The names of the teams that registered these inquiries."""
    ids = {r.from_team_id for r in referrals}
    if not ids:
        return {}
    return {t.id: t.name for t in session.scalars(select(Team).where(Team.id.in_(ids)))}


def citizen_names(session: Session, referrals: list[CaseReferral]) -> dict[uuid.UUID, str]:
    """The names of the citizens of inquiries the actor was allowed to list (referrals_for)."""
    ids = {r.citizen_id for r in referrals}
    if not ids:
        return {}
    found = session.scalars(select(Citizen).where(Citizen.id.in_(ids)))
    return {c.id: c.full_name for c in found}
