# SPDX-License-Identifier: MPL-2.0
"""Writes on the plan: add a goal, reword it, rate it. Flush, never commit."""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import require_citizen
from samskab.cases.models import Case
from samskab.core import clock
from samskab.core.errors import Forbidden, InvalidInput, NotFound, UnknownCode
from samskab.organisations.models import Role
from samskab.plans.models import Goal, GoalRating, GoalWording, Plan, Rater
from samskab.plans.schemas import GoalIn, GoalWordsIn, PlanFieldsIn, RatingIn
from samskab.terminology.codesystems import CodeSystemName, load


def _check_themes(codes: list[str]) -> None:
    known = load(CodeSystemName.FFB).concepts.keys() | load(CodeSystemName.FSIII).concepts.keys()
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise UnknownCode(
            f"Temaet '{unknown[0][:60]}' findes ikke i FFB eller FSIII.", field="theme_codes"
        )


def plan_of(session: Session, citizen_id: uuid.UUID) -> Plan:
    """The citizen's plan, created the first time it is needed."""
    plan = session.scalar(select(Plan).where(Plan.citizen_id == citizen_id))
    if plan is None:
        plan = Plan(citizen_id=citizen_id)
        session.add(plan)
        session.flush()
    return plan


def add_goal(session: Session, actor: Actor, citizen_id: uuid.UUID, data: GoalIn) -> Goal:
    """Add a goal to the citizen's plan, in the citizen's own words."""
    require_citizen(session, actor, citizen_id, "goal.create", object_type="plan")
    _check_themes(data.theme_codes)
    if data.case_id is not None:
        case = session.get(Case, data.case_id)
        if case is None or case.citizen_id != citizen_id:
            raise InvalidInput("Sagen hører ikke til borgeren.", field="case_id")
    now = clock.now()
    goal = Goal(
        plan_id=plan_of(session, citizen_id).id,
        case_id=data.case_id,
        citizen_words=data.citizen_words,
        citizen_words_recorded_by=actor.user_id,
        citizen_words_at=now,
        professional_wording=data.professional_wording,
        goal_type=data.goal_type,
        theme_codes=data.theme_codes,
    )
    session.add(goal)
    session.flush()
    session.add(
        GoalWording(
            goal_id=goal.id,
            citizen_words=goal.citizen_words,
            professional_wording=goal.professional_wording,
            recorded_by=actor.user_id,
            recorded_by_name=actor.display_name,
            at=now,
        )
    )
    return goal


def _for_citizen(actor: Actor) -> bool:
    """The citizen, or a relative acting for them: only the citizen's own words and ratings."""
    return actor.citizen_id is not None or actor.has(Role.RELATIVE)


def _signature(actor: Actor) -> str:
    """Who wrote it, and for whom when a relative acts with a power of attorney."""
    if actor.has(Role.RELATIVE):
        return f"{actor.display_name} (pårørende, på borgerens vegne)"
    return actor.display_name


def _goal(session: Session, actor: Actor, goal_id: uuid.UUID, action: str) -> Goal:
    goal = session.get(Goal, goal_id)
    if goal is None:
        raise NotFound("Målet")
    require_citizen(
        session,
        actor,
        goal.plan.citizen_id,
        action,
        object_type="goal",
        object_id=goal.id,
        what="Målet",
    )
    return goal


def reword_goal(session: Session, actor: Actor, goal_id: uuid.UUID, data: GoalWordsIn) -> Goal:
    """Change a goal's wording or status; every earlier wording is kept."""
    goal = _goal(session, actor, goal_id, "goal.update")
    if _for_citizen(actor) and (data.professional_wording is not None or data.status):
        raise Forbidden("Du kan ændre dine egne ord. Resten skriver din sagsbehandler.")
    now = clock.now()
    if data.citizen_words is not None and data.citizen_words != goal.citizen_words:
        goal.citizen_words, goal.citizen_words_at = data.citizen_words, now
        goal.citizen_words_recorded_by = actor.user_id
    if data.professional_wording is not None:
        goal.professional_wording = data.professional_wording
    if data.status is not None:
        goal.status = data.status
    session.add(
        GoalWording(
            goal_id=goal.id,
            citizen_words=goal.citizen_words,
            professional_wording=goal.professional_wording,
            recorded_by=actor.user_id,
            recorded_by_name=_signature(actor),
            at=now,
        )
    )
    session.flush()
    return goal


def rate_goal(session: Session, actor: Actor, goal_id: uuid.UUID, data: RatingIn) -> GoalRating:
    """Record how far the goal is reached, as the citizen or the professional sees it."""
    goal = _goal(session, actor, goal_id, "goal.rate")
    if _for_citizen(actor) and data.rater != Rater.CITIZEN:
        raise Forbidden("Du kan give din egen vurdering.")
    rating = GoalRating(
        goal_id=goal.id,
        rater=data.rater,
        score=data.score,
        comment=data.comment,
        recorded_by=actor.user_id,
        at=clock.now(),
    )
    session.add(rating)
    session.flush()
    return rating


def update_plan(session: Session, actor: Actor, citizen_id: uuid.UUID, data: PlanFieldsIn) -> Plan:
    """Write the plan's purpose, expected duration and other remarks (SEL § 141)."""
    require_citizen(session, actor, citizen_id, "plan.update", object_type="plan")
    plan = plan_of(session, citizen_id)
    for name, value in data.model_dump().items():
        setattr(plan, name, value)
    session.flush()
    return plan
