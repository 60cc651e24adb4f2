# SPDX-License-Identifier: MPL-2.0
"""The decision letter and the plan (with the SEL § 141 handleplan where it applies)."""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import may
from samskab.assessments.queries import assessments_of_citizen_for
from samskab.cases.models import Case, QualityStandard
from samskab.cases.queries import case_for, case_ids_of, history_of
from samskab.citizens.models import Citizen
from samskab.core import clock
from samskab.core.errors import InvalidInput
from samskab.decisions.queries import appeal_route_of, decision_for
from samskab.decisions.states import DecisionStatus
from samskab.documents.render import html
from samskab.interventions.models import FOLLOW_UP_DISPLAY
from samskab.interventions.queries import follow_ups_of_case_for
from samskab.organisations.models import Organisation, Team
from samskab.plans.queries import goal_history, plan_for
from samskab.terminology.scales import GOAL_TYPE_DISPLAY, SUPPORT_NEED_DISPLAY, GoalType
from samskab.terminology.services import service_type


def decision_letter(session: Session, actor: Actor, decision_id: uuid.UUID) -> str:
    """The decision letter in plain Danish, with reasons and appeal guidance, as HTML."""
    decision, case = decision_for(session, actor, decision_id)
    citizen = session.get_one(Citizen, case.citizen_id)
    team = session.get_one(Team, case.team_id)
    service = service_type(case.service_type)
    return html(
        "decision_letter.html",
        title=f"Afgørelse om {service.title.lower()}",
        case=case,
        decision=decision,
        citizen=citizen,
        team=team.name,
        municipality=team.municipality.name,
        caseworker=decision.decided_by_name or actor.display_name,
        sent_on=decision.sent_on or clock.today(),
        appeal=appeal_route_of(session, decision),
        # The version of the quality standard in force when the decision was made.
        standard=(
            session.get(QualityStandard, decision.quality_standard_id)
            if decision.quality_standard_id
            else None
        ),
    )


def appeal_letter(
    session: Session, actor: Actor, decision_id: uuid.UUID, *, forwarding: bool
) -> str:
    """The letter on the outcome of a reconsideration, or on the appeal being sent on."""
    decision, case = decision_for(session, actor, decision_id)
    if decision.reconsidered_on is None:
        raise InvalidInput("Klagen er ikke genvurderet endnu.")
    if forwarding and decision.status != DecisionStatus.FORWARDED:
        raise InvalidInput("Klagen er ikke sendt videre.")
    citizen = session.get_one(Citizen, case.citizen_id)
    team = session.get_one(Team, case.team_id)
    service = service_type(case.service_type)
    route = appeal_route_of(session, decision)
    title = (
        f"Din klage er sendt til {route.body_name}"
        if forwarding
        else "Vi har set på din klage igen"
    )
    return html(
        "appeal_letter.html",
        title=title,
        kind="forwarding" if forwarding else "reconsideration",
        case=case,
        decision=decision,
        citizen=citizen,
        service_title=service.title.lower(),
        appeal=route,
        team=team.name,
        municipality=team.municipality.name,
        caseworker=actor.display_name,
        sent_on=decision.reconsidered_on,
    )


FOLLOW_UPS = "intervention.read"


def plan_document(
    session: Session, actor: Actor, citizen_id: uuid.UUID, *, action_plan: bool | None = None
) -> str:
    """The citizen's plan with goals in their own words, as HTML.

    The SEL § 141 handleplan parts (purpose, duration) are shown when `action_plan` says so,
    or, left open, when the citizen has a case under Serviceloven.
    """
    plan = plan_for(session, actor, citizen_id)
    if action_plan is None:
        action_plan = any(
            service_type(key).has_action_plan
            for key in session.scalars(
                select(Case.service_type).where(Case.citizen_id == citizen_id)
            )
        )
    citizen = session.get_one(Citizen, citizen_id)
    organisation = (
        session.get(Organisation, actor.organisation_id) if actor.organisation_id else None
    )
    shows_assessment = may(session, actor, citizen_id, "assessment.read")
    shows_follow_ups = may(session, actor, citizen_id, FOLLOW_UPS)
    case_ids = case_ids_of(session, citizen_id) if shows_follow_ups else []
    return html(
        "plan.html",
        title=f"Plan for {citizen.full_name}",
        plan=plan,
        history=goal_history(session, plan),
        action_plan=action_plan,
        citizen=citizen,
        assessments=assessments_of_citizen_for(session, actor, citizen_id)
        if shows_assessment
        else [],
        follow_ups=[shown for i in case_ids for shown in follow_ups_of_case_for(session, actor, i)],
        need_names={k.value: v for k, v in SUPPORT_NEED_DISPLAY.items()},
        outcome_names={k.value: v for k, v in FOLLOW_UP_DISPLAY.items()},
        goal_types={t.value: GOAL_TYPE_DISPLAY[t] for t in GoalType},
        today=clock.today(),
        municipality=organisation.name if organisation else "",
        team="",
        caseworker=actor.display_name,
        sent_on=clock.today(),
    )


def delay_letter(session: Session, actor: Actor, case_id: uuid.UUID) -> str:
    """The letter telling the citizen when to expect the decision (RSL § 3, stk. 2), as HTML."""
    case = case_for(session, actor, case_id, "case.delay_letter")
    if case.expected_decision_on is None:
        raise InvalidInput("Der er ikke registreret en ny forventet dato for afgørelsen.")
    citizen = session.get_one(Citizen, case.citizen_id)
    team = session.get_one(Team, case.team_id)
    reason = next(
        (
            t.reason.removeprefix("Fristbrev: ")
            for t in reversed(history_of(session, case))
            if t.reason.startswith("Fristbrev: ")
        ),
        "",
    )
    return html(
        "delay_letter.html",
        title="Din sag tager længere tid",
        case=case,
        citizen=citizen,
        service_title=service_type(case.service_type).title.lower(),
        reason=reason,
        team=team.name,
        municipality=team.municipality.name,
        caseworker=actor.display_name,
        sent_on=clock.today(),
    )
