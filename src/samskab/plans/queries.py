# SPDX-License-Identifier: MPL-2.0
"""Reads of the plan: access-checked and logged."""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from samskab.access.actor import Actor
from samskab.access.policies import require_citizen
from samskab.plans.models import Goal, Plan
from samskab.plans.schemas import GoalOut, PlanOut, RatingOut, WordingOut
from samskab.terminology.scales import GoalType


def plan_for(session: Session, actor: Actor, citizen_id: uuid.UUID) -> Plan | None:
    """The citizen's plan with goals, ratings and wording history (None if none yet)."""
    require_citizen(session, actor, citizen_id, "plan.read", object_type="plan")
    query = (
        select(Plan)
        .where(Plan.citizen_id == citizen_id)
        .options(
            selectinload(Plan.goals).selectinload(Goal.ratings),
            selectinload(Plan.goals).selectinload(Goal.history),
        )
    )
    return session.scalar(query)


def goal_out(goal: Goal) -> GoalOut:
    """A goal as a response body."""
    return GoalOut(
        id=goal.id,
        case_id=goal.case_id,
        citizen_words=goal.citizen_words,
        citizen_words_at=goal.citizen_words_at,
        professional_wording=goal.professional_wording,
        goal_type=GoalType(goal.goal_type),
        theme_codes=goal.theme_codes,
        status=goal.status,
        ratings=[
            RatingOut(id=r.id, rater=r.rater, score=r.score, comment=r.comment, at=r.at)
            for r in goal.ratings
        ],
        history=[
            WordingOut(
                citizen_words=w.citizen_words,
                professional_wording=w.professional_wording,
                recorded_by_name=w.recorded_by_name,
                at=w.at,
            )
            for w in goal.history
        ],
    )


def plan_out(citizen_id: uuid.UUID, plan: Plan | None) -> PlanOut:
    """A plan as a response body; an empty plan if none has been started."""
    if plan is None:
        return PlanOut(id=None, citizen_id=citizen_id, purpose="", goals=[])
    return PlanOut(
        id=plan.id,
        citizen_id=citizen_id,
        purpose=plan.purpose,
        expected_duration=plan.expected_duration,
        other=plan.other,
        goals=[goal_out(g) for g in plan.goals],
    )
