# SPDX-License-Identifier: MPL-2.0
"""Writes on cases: open, change status, reassign. They flush, never commit."""

import uuid
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import (
    does_casework,
    edits_quality_standards,
    grant_team,
    may_see,
    move_grant,
    require_citizen,
)
from samskab.audit.actions import record
from samskab.audit.models import Outcome
from samskab.cases.models import Case, CaseTransition, ProcessingDeadline, QualityStandard
from samskab.cases.queries import case_for
from samskab.cases.schemas import CaseAssign, CaseOpen, DelayIn, QualityStandardIn
from samskab.cases.states import AWAITING_DECISION, CaseStatus, check_transition
from samskab.citizens.actions import check_same_person, known_citizen, register_citizen
from samskab.citizens.models import Citizen
from samskab.core import clock
from samskab.core.errors import Forbidden, InvalidInput, StaleVersion
from samskab.organisations.models import Team, TeamMembership
from samskab.terminology.services import service_type


def deadline_for(
    session: Session, municipality_code: str, service_key: str, received_on: date
) -> date:
    """The RSL § 3 deadline: the municipality's published one, else samskab's default."""
    days = session.scalar(
        select(ProcessingDeadline.days).where(
            ProcessingDeadline.municipality_code == municipality_code,
            ProcessingDeadline.service_type == service_key,
        )
    )
    return received_on + timedelta(days=days or service_type(service_key).default_deadline_days)


def _require_casework(actor: Actor) -> None:
    if not does_casework(actor):
        raise Forbidden("Kun sagsbehandlere og teamledere kan oprette og ændre sager.")


def _own_team(session: Session, actor: Actor, team_id: uuid.UUID | None) -> Team:
    chosen = team_id or next(iter(sorted(actor.team_ids)), None)
    if chosen is None or chosen not in actor.team_ids:
        raise InvalidInput("Du kan kun oprette sager i et team, du selv er med i.", field="team_id")
    return session.get_one(Team, chosen)


def _check_member(session: Session, user_id: uuid.UUID | None, team_id: uuid.UUID) -> None:
    if user_id is None:
        return
    member = session.scalar(
        select(TeamMembership.id).where(
            TeamMembership.user_id == user_id, TeamMembership.team_id == team_id
        )
    )
    if member is None:
        raise InvalidInput("Sagsbehandleren er ikke med i teamet.", field="caseworker_id")


def open_case(session: Session, actor: Actor, data: CaseOpen) -> Case:
    """Register an inquiry as a case, registering the citizen if samskab does not know them.
    A CPR number of a citizen the actor may not see opens nothing and reveals nothing (see
    samskab.cases.referrals.receive_inquiry, which sends such an inquiry for acceptance)."""
    _require_casework(actor)
    service_type(data.service_type)  # an unknown service is refused before anything else
    if data.received_on > clock.today():
        raise InvalidInput("Modtagelsesdatoen kan ikke ligge i fremtiden.", field="received_on")
    team = _own_team(session, actor, data.team_id)
    caseworker_id = data.caseworker_id or actor.user_id
    _check_member(session, caseworker_id, team.id)
    if data.citizen is not None:
        citizen = known_citizen(session, data.citizen)
        if citizen is None:
            citizen = register_citizen(session, actor, data.citizen)
        else:
            visible = may_see(session, actor, citizen.id)
            check_same_person(citizen, data.citizen, may_see=visible)
            if not visible:
                raise refused_inquiry(actor, citizen.id)
    else:
        assert data.citizen_id is not None
        require_citizen(session, actor, data.citizen_id, "citizen.read")
        citizen = session.get_one(Citizen, data.citizen_id)
    return add_case(session, actor, citizen, data, team.id, caseworker_id)


NOT_HERE = "Sagen kan ikke oprettes direkte. Henvendelsen skal godkendes, før du kan se borgeren."


def refused_inquiry(actor: Actor, citizen_id: uuid.UUID) -> Forbidden:
    """A refusal that names nobody, audited as a refused attempt on the citizen's data."""
    error = Forbidden(NOT_HERE)

    def audit(fresh: Session) -> None:
        record(
            fresh,
            actor,
            "case.create",
            citizen_id=citizen_id,
            object_type="case",
            outcome=Outcome.DENIED,
        )

    error.after_rollback.append(audit)
    return error


def add_case(
    session: Session,
    actor: Actor,
    citizen: Citizen,
    data: CaseOpen,
    team_id: uuid.UUID,
    caseworker_id: uuid.UUID | None,
) -> Case:
    """The case itself, and the team's need to know the citizen that comes with it."""
    service = service_type(data.service_type)
    case = Case(
        citizen_id=citizen.id,
        municipality_code=citizen.municipality_code,
        area=service.area,
        service_type=service.key,
        legal_basis=service.legal_basis,
        title=data.title or service.title,
        inquiry_from=data.inquiry_from,
        inquiry_text=data.inquiry_text,
        holistic_areas=data.holistic_areas,
        holistic_note=data.holistic_note,
        team_id=team_id,
        caseworker_id=caseworker_id,
        received_on=data.received_on,
        deadline_on=deadline_for(session, citizen.municipality_code, service.key, data.received_on),
    )
    session.add(case)
    session.flush()
    grant_team(session, citizen.id, team_id, "case", case.id)
    record(
        session, actor, "case.create", citizen_id=citizen.id, object_type="case", object_id=case.id
    )
    return case


def transition_case(
    session: Session, actor: Actor, case_id: uuid.UUID, to: CaseStatus, *, reason: str = ""
) -> Case:
    """Move a case to its next status, if its lifecycle allows it."""
    case = case_for(session, actor, case_id, "case.transition")
    _require_casework(actor)
    check_transition(case.status, to)
    session.add(
        CaseTransition(
            case_id=case.id,
            from_status=case.status,
            to_status=to,
            at=clock.now(),
            by_user_id=actor.user_id,
            reason=reason,
        )
    )
    case.status = to
    if to in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN):
        case.closed_at = clock.now()
    session.flush()
    return case


def assign_case(session: Session, actor: Actor, case_id: uuid.UUID, data: CaseAssign) -> Case:
    """Hand a case to another team or caseworker; the team's access follows the case."""
    case = case_for(session, actor, case_id, "case.assign")
    _require_casework(actor)
    team = session.get(Team, data.team_id)
    if team is None or team.municipality.municipality_code != case.municipality_code:
        raise InvalidInput("Teamet findes ikke i sagens kommune.", field="team_id")
    _check_member(session, data.caseworker_id, team.id)
    case.team_id, case.caseworker_id = team.id, data.caseworker_id
    move_grant(session, "case", case.id, team.id)
    session.flush()
    return case


def notify_delay(session: Session, actor: Actor, case_id: uuid.UUID, data: DelayIn) -> Case:
    """Record that the citizen is told in writing when to expect the decision (RSL § 3)."""
    case = case_for(session, actor, case_id, "case.delay")
    _require_casework(actor)
    if case.status not in AWAITING_DECISION:
        raise InvalidInput("Sagen venter ikke på en afgørelse.", field="expected_on")
    if data.expected_on <= max(clock.today(), case.deadline_on):
        raise InvalidInput(
            "Den nye dato skal ligge efter både i dag og den oprindelige frist.",
            field="expected_on",
        )
    case.expected_decision_on = data.expected_on
    session.add(
        CaseTransition(
            case_id=case.id,
            from_status=case.status,
            to_status=case.status,
            at=clock.now(),
            by_user_id=actor.user_id,
            reason=f"Fristbrev: {data.reason}",
        )
    )
    session.flush()
    return case


def _latest_standard(session: Session, municipality_code: str, key: str) -> QualityStandard | None:
    return session.scalar(
        select(QualityStandard)
        .where(
            QualityStandard.municipality_code == municipality_code,
            QualityStandard.service_type == key,
        )
        .order_by(QualityStandard.edition.desc())
        .limit(1)
        .execution_options(populate_existing=True)
    )


def _stale_standard(latest: QualityStandard | None) -> StaleVersion:
    """The refusal of an edit based on an older version, carrying the newest version."""
    current = None
    if latest is not None:
        current = {
            "version": latest.edition,
            "valid_from": latest.valid_from.isoformat(),
            "service_level": latest.service_level,
            "goals": latest.goals,
            "time_frame": latest.time_frame,
        }
    return StaleVersion("Kvalitetsstandarden", current or {"version": None})


def set_quality_standard(
    session: Session, actor: Actor, service_key: str, data: QualityStandardIn
) -> QualityStandard:
    """A team lead publishes a new version of the municipality's quality standard for a
    service type, valid from a day; earlier versions are kept unchanged.

    `data.version` is the version the team lead read (None: there was none yet); an edit based
    on any other is refused with the newest version, so no one's text is silently replaced.
    Of two edits based on the same version the database lets one in (one row per version).
    """
    municipality = actor.municipality_code
    if not edits_quality_standards(actor) or municipality is None:
        raise Forbidden("Kun teamledere kan ændre kvalitetsstandarder.")
    service = service_type(service_key)
    latest = _latest_standard(session, municipality, service.key)
    if (latest.edition if latest else None) != data.version:
        raise _stale_standard(latest)
    valid_from = data.valid_from or clock.today()
    if valid_from < clock.today():
        raise InvalidInput("En ny version kan tidligst gælde fra i dag.", field="valid_from")
    if latest is not None and valid_from < latest.valid_from:
        raise InvalidInput(
            f"Den nye version kan tidligst gælde fra {latest.valid_from:%d.%m.%Y}, "
            f"hvor version {latest.edition} træder i kraft.",
            field="valid_from",
        )
    standard = QualityStandard(
        municipality_code=municipality,
        service_type=service.key,
        edition=latest.edition + 1 if latest else 1,
        valid_from=valid_from,
        service_level=data.service_level,
        goals=data.goals,
        time_frame=data.time_frame,
        updated_at=clock.now(),
        updated_by=actor.user_id,
    )
    savepoint = session.begin_nested()
    session.add(standard)
    try:
        session.flush()
    except IntegrityError:
        savepoint.rollback()
        raise _stale_standard(_latest_standard(session, municipality, service.key)) from None
    savepoint.commit()
    record(
        session,
        actor,
        "quality_standard.update",
        citizen_id=None,
        object_type="quality_standard",
        object_id=standard.id,
    )
    return standard
