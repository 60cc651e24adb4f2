# SPDX-License-Identifier: MPL-2.0
"""Reads of the plan: access-checked and logged."""

import uuid
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, joinedload

from samskab.access.actor import Actor
from samskab.access.policies import first_with_access, require_citizen
from samskab.authorship.models import AuthoredText, TextSeen, Writer
from samskab.authorship.queries import History, citizen_written_since, history_of, version_out
from samskab.plans.models import Goal, GoalRating, Plan, Rater
from samskab.plans.schemas import GoalOut, PlanOut, RatingOut
from samskab.terminology.scales import GoalType

GOAL = "goal"
PLAN = "plan"


def plan_for(session: Session, actor: Actor, citizen_id: uuid.UUID) -> Plan | None:
    """The citizen's plan with goals and ratings (None if none yet): the plan, its goals, their
    ratings and the access rule in one statement."""
    query = (
        select(Plan)
        .where(Plan.citizen_id == citizen_id)
        .options(joinedload(Plan.goals).joinedload(Goal.ratings))
    )
    plan, seen = first_with_access(session, actor, query, Plan.citizen_id)
    # No plan yet (or a relative's or provider's access): the access is asked on its own.
    require_citizen(session, actor, citizen_id, "plan.read", object_type="plan", seen=seen)
    return plan


def goal_history(session: Session, plan: Plan | None) -> History:
    """Every version of every goal's wording in the plan, with its author."""
    return history_of(session, GOAL, [g.id for g in plan.goals] if plan else [])


def goal_out(goal: Goal, history: History) -> GoalOut:
    """A goal as a response body, with every version of its wording."""
    versions = history.get((goal.id, "citizen_words"), []) + history.get(
        (goal.id, "professional_wording"), []
    )
    return GoalOut(
        id=goal.id,
        version=goal.version,
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
        history=[version_out(v) for v in sorted(versions, key=lambda v: v.written_at)],
    )


def plan_out(session: Session, citizen_id: uuid.UUID, plan: Plan | None) -> PlanOut:
    """A plan as a response body; an empty plan (version 1 to come) if none has been started."""
    if plan is None:
        return PlanOut(id=None, version=1, citizen_id=citizen_id, purpose="", goals=[])
    history = goal_history(session, plan)
    return PlanOut(
        id=plan.id,
        version=plan.version,
        citizen_id=citizen_id,
        purpose=plan.purpose,
        expected_duration=plan.expected_duration,
        other=plan.other,
        goals=[goal_out(g, history) for g in plan.goals],
    )


class CitizenChange(NamedTuple):
    """Something the citizen (or their relative) changed themselves."""

    at: datetime
    what: str  # the field written, or "rating"
    body: str  # the new words, or the new score
    subject_id: str  # the goal (or other subject) changed


def citizen_changes_since(
    session: Session, citizen_id: uuid.UUID, since: datetime | None
) -> list[CitizenChange]:
    """What the citizen changed themselves after a moment (all of it if `since` is None)."""
    changes = [
        CitizenChange(t.written_at, t.field, t.body, str(t.subject_id))
        for t in citizen_written_since(session, citizen_id, since)
    ]
    ratings = (
        select(GoalRating)
        .join(Goal, Goal.id == GoalRating.goal_id)
        .join(Plan, Plan.id == Goal.plan_id)
        .where(
            Plan.citizen_id == citizen_id,
            GoalRating.rater == Rater.CITIZEN,
            GoalRating.writer.in_([Writer.CITIZEN, Writer.RELATIVE]),
        )
    )
    if since is not None:
        ratings = ratings.where(GoalRating.at > since)
    changes += [
        CitizenChange(r.at, "rating", str(r.score), str(r.goal_id))
        for r in session.scalars(ratings)
    ]
    return sorted(changes, reverse=True)


def citizens_with_news(
    session: Session, user_id: uuid.UUID | None, citizen_ids: list[uuid.UUID]
) -> set[uuid.UUID]:
    """Those of these citizens who changed their words or rating since this user last read."""
    if user_id is None or not citizen_ids:
        return set()
    seen = and_(TextSeen.user_id == user_id, TextSeen.citizen_id == AuthoredText.citizen_id)
    words = (
        select(AuthoredText.citizen_id)
        .outerjoin(TextSeen, seen)
        .where(
            AuthoredText.citizen_id.in_(citizen_ids),
            AuthoredText.writer != Writer.STAFF,
            or_(TextSeen.seen_at.is_(None), AuthoredText.written_at > TextSeen.seen_at),
        )
    )
    rated = (
        select(Plan.citizen_id)
        .join(Goal, Goal.plan_id == Plan.id)
        .join(GoalRating, GoalRating.goal_id == Goal.id)
        .outerjoin(
            TextSeen, and_(TextSeen.user_id == user_id, TextSeen.citizen_id == Plan.citizen_id)
        )
        .where(
            Plan.citizen_id.in_(citizen_ids),
            GoalRating.rater == Rater.CITIZEN,
            GoalRating.writer.in_([Writer.CITIZEN, Writer.RELATIVE]),
            or_(TextSeen.seen_at.is_(None), GoalRating.at > TextSeen.seen_at),
        )
    )
    return set(session.scalars(words.distinct())) | set(session.scalars(rated.distinct()))
