# SPDX-License-Identifier: MPL-2.0
"""Writes on the plan: add a goal, reword it, rate it. Flush, never commit.

Every wording is authored text (samskab.authorship): each version is kept with its author;
the goal row holds the current wording and a version for optimistic concurrency.
"""

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import require_citizen
from samskab.authorship.actions import write_text, writer_of
from samskab.authorship.models import Voice, Writer
from samskab.cases.models import Case
from samskab.core import clock
from samskab.core.errors import Forbidden, InvalidInput, NotFound, StaleVersion, UnknownCode
from samskab.core.versioning import claim_version
from samskab.plans.models import Goal, GoalRating, Plan, Rater
from samskab.plans.queries import GOAL, PLAN, goal_history, goal_out
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
    """The citizen's plan, created the first time it is needed (by one writer: a plan created
    meanwhile by another, one plan per citizen, is the one used)."""
    plan = session.scalar(select(Plan).where(Plan.citizen_id == citizen_id))
    if plan is not None:
        return plan
    savepoint = session.begin_nested()
    plan = Plan(citizen_id=citizen_id)
    session.add(plan)
    try:
        session.flush()
    except IntegrityError:
        savepoint.rollback()
        return session.scalars(select(Plan).where(Plan.citizen_id == citizen_id)).one()
    savepoint.commit()
    return plan


def add_goal(session: Session, actor: Actor, citizen_id: uuid.UUID, data: GoalIn) -> Goal:
    """Add a goal to the citizen's plan, in the citizen's own words."""
    require_citizen(session, actor, citizen_id, "goal.create", object_type="plan")
    _check_themes(data.theme_codes)
    if data.case_id is not None:
        case = session.get(Case, data.case_id)
        if case is None or case.citizen_id != citizen_id:
            raise InvalidInput("Sagen hører ikke til borgeren.", field="case_id")
    goal = Goal(
        plan_id=plan_of(session, citizen_id).id,
        case_id=data.case_id,
        citizen_words=data.citizen_words,
        citizen_words_recorded_by=actor.user_id,
        citizen_words_at=clock.now(),
        professional_wording=data.professional_wording,
        goal_type=data.goal_type,
        theme_codes=data.theme_codes,
    )
    session.add(goal)
    session.flush()
    _write(session, actor, goal, citizen_id, "citizen_words", data.citizen_words)
    _write(session, actor, goal, citizen_id, "professional_wording", data.professional_wording)
    return goal


def _write(
    session: Session, actor: Actor, goal: Goal, citizen_id: uuid.UUID, field: str, body: str
) -> bool:
    voice = Voice.CITIZEN if field == "citizen_words" else Voice.PROFESSIONAL
    written = write_text(
        session,
        actor,
        citizen_id=citizen_id,
        subject=(GOAL, goal.id),
        field=field,
        body=body,
        voice=voice,
    )
    return written is not None


def _for_citizen(actor: Actor) -> bool:
    """The citizen, or a relative acting for them: only the citizen's own words and ratings."""
    return writer_of(actor) != Writer.STAFF


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


def _stale_goal(session: Session, goal: Goal) -> StaleVersion:
    current = goal_out(goal, goal_history(session, goal.plan)).model_dump(mode="json")
    return StaleVersion("Målet", current)


def reword_goal(session: Session, actor: Actor, goal_id: uuid.UUID, data: GoalWordsIn) -> Goal:
    """Change a goal's wording or status, based on its current version; every wording is kept."""
    goal = _goal(session, actor, goal_id, "goal.update")
    if _for_citizen(actor) and (data.professional_wording is not None or data.status):
        raise Forbidden("Du kan ændre dine egne ord. Resten skriver din sagsbehandler.")
    claim_version(session, goal, data.version, lambda: _stale_goal(session, goal))
    citizen_id = goal.plan.citizen_id
    words = data.citizen_words
    if words is not None and _write(session, actor, goal, citizen_id, "citizen_words", words):
        goal.citizen_words, goal.citizen_words_at = words, clock.now()
        goal.citizen_words_recorded_by = actor.user_id
    wording = data.professional_wording
    if wording is not None and _write(
        session, actor, goal, citizen_id, "professional_wording", wording
    ):
        goal.professional_wording = wording
    if data.status is not None:
        goal.status = data.status
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
        writer=writer_of(actor).value,
        at=clock.now(),
    )
    session.add(rating)
    session.flush()
    return rating


def _stale_plan(session: Session, plan: Plan) -> StaleVersion:
    current = {
        "version": plan.version,
        "purpose": plan.purpose,
        "expected_duration": plan.expected_duration,
        "other": plan.other,
    }
    return StaleVersion("Handleplanen", current)


def update_plan(session: Session, actor: Actor, citizen_id: uuid.UUID, data: PlanFieldsIn) -> Plan:
    """Write the plan's purpose, expected duration and other remarks (SEL § 141)."""
    require_citizen(session, actor, citizen_id, "plan.update", object_type="plan")
    plan = plan_of(session, citizen_id)
    claim_version(session, plan, data.version, lambda: _stale_plan(session, plan))
    for name, value in data.model_dump(exclude={"version"}).items():
        write_text(
            session,
            actor,
            citizen_id=citizen_id,
            subject=(PLAN, plan.id),
            field=name,
            body=value,
            voice=Voice.PROFESSIONAL,
        )
        setattr(plan, name, value)
    session.flush()
    return plan
