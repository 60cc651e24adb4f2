# SPDX-License-Identifier: MPL-2.0
"""The citizen's plan: goals in their own words, rewording with history, ratings."""

import uuid
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from samskab.api.deps import CurrentActor, DbSession
from samskab.api.idempotency import IdempotencyKey as Once
from samskab.authorship.queries import history_of
from samskab.documents.letters import plan_document
from samskab.documents.render import pdf
from samskab.plans.actions import add_goal, rate_goal, reword_goal, update_plan
from samskab.plans.queries import GOAL, goal_out, plan_for, plan_out
from samskab.plans.schemas import (
    GoalIn,
    GoalOut,
    GoalWordsIn,
    PlanFieldsIn,
    PlanOut,
    RatingIn,
    RatingOut,
)

router = APIRouter(tags=["Plan og mål"])


@router.get("/citizens/{citizen_id}/plan", summary="Borgerens samlede plan")
def read(citizen_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> PlanOut:
    return plan_out(session, citizen_id, plan_for(session, actor, citizen_id))


@router.post(
    "/citizens/{citizen_id}/plan/goals",
    status_code=201,
    summary="Tilføj et mål med borgerens egne ord",
    response_model=GoalOut,
)
def create_goal(
    citizen_id: uuid.UUID, body: GoalIn, session: DbSession, actor: CurrentActor, once: Once
) -> Any:
    def add() -> GoalOut:
        goal = add_goal(session, actor, citizen_id, body)
        session.refresh(goal, ["ratings", "version"])
        return goal_out(goal, history_of(session, GOAL, [goal.id]))

    return once.run(body, add)


@router.patch(
    "/goals/{goal_id}",
    summary="Omformulér et mål (alle udgaver bevares; 409 hvis målet er ændret siden `version`)",
)
def update_goal(
    goal_id: uuid.UUID, body: GoalWordsIn, session: DbSession, actor: CurrentActor
) -> GoalOut:
    goal = reword_goal(session, actor, goal_id, body)
    session.refresh(goal, ["ratings", "version"])
    return goal_out(goal, history_of(session, GOAL, [goal.id]))


@router.post("/goals/{goal_id}/ratings", status_code=201, summary="Vurdér fremskridt (0–10)")
def rate(goal_id: uuid.UUID, body: RatingIn, session: DbSession, actor: CurrentActor) -> RatingOut:
    rating = rate_goal(session, actor, goal_id, body)
    return RatingOut(
        id=rating.id, rater=rating.rater, score=rating.score, comment=rating.comment, at=rating.at
    )


@router.put(
    "/citizens/{citizen_id}/plan", summary="Skriv planens formål, varighed og andet (SEL § 141)"
)
def update(
    citizen_id: uuid.UUID, body: PlanFieldsIn, session: DbSession, actor: CurrentActor
) -> PlanOut:
    update_plan(session, actor, citizen_id, body)
    return plan_out(session, citizen_id, plan_for(session, actor, citizen_id))


@router.get("/citizens/{citizen_id}/plan.pdf", summary="Planen som PDF", response_class=Response)
def plan_pdf(citizen_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> Response:
    return Response(pdf(plan_document(session, actor, citizen_id)), media_type="application/pdf")
