# SPDX-License-Identifier: MPL-2.0
"""The plan: goals in the citizen's words first, the SEL § 141 fields, the plan as PDF."""

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.assessments.models import Assessment
from samskab.assessments.queries import assessment_for
from samskab.cases.models import Case
from samskab.cases.queries import case_for
from samskab.cases.states import LABELS
from samskab.documents.letters import plan_document
from samskab.documents.render import pdf
from samskab.plans.actions import add_goal, update_plan
from samskab.plans.queries import plan_for
from samskab.plans.schemas import GoalIn, PlanFieldsIn
from samskab.terminology.scales import GOAL_TYPE_DISPLAY
from samskab.terminology.services import service_type
from samskab.web.deps import CurrentActor, DbSession
from samskab.web.forms import FormData, FormErrors, submit
from samskab.web.render import page

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    case: Case,
    values: dict[str, Any],
    errors: FormErrors,
) -> HTMLResponse:
    plan = plan_for(session, actor, case.citizen_id)
    has = session.scalar(select(Assessment.id).where(Assessment.case_id == case.id))
    themes = assessment_for(session, actor, case.id).themes if has else []
    if plan is not None and not values:
        values = {
            "purpose": plan.purpose,
            "expected_duration": plan.expected_duration,
            "other": plan.other,
        }
    return page(
        request,
        "plan.html",
        case=case,
        section="Plan",
        case_labels=LABELS,
        plan=plan,
        action_plan=service_type(case.service_type).has_action_plan,
        values=values,
        errors=errors,
        goal_types=[(k.value, v) for k, v in GOAL_TYPE_DISPLAY.items()],
        goal_type_names={k.value: v for k, v in GOAL_TYPE_DISPLAY.items()},
        themes=[(t.theme_code, t.theme_display) for t in themes],
    )


@router.get("/sager/{case_id}/plan")
def plan_page(
    request: Request, case_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> HTMLResponse:
    return _page(request, session, actor, case_for(session, actor, case_id), {}, FormErrors())


@router.post("/sager/{case_id}/plan/maal")
def new_goal(
    request: Request,
    case_id: uuid.UUID,
    form: FormData,
    session: DbSession,
    actor: CurrentActor,
) -> Response:
    case = case_for(session, actor, case_id)
    answer, errors = submit(
        session,
        GoalIn,
        form | {"case_id": str(case.id)},
        lambda goal: add_goal(session, actor, case.citizen_id, goal),
        done=f"/sager/{case_id}/plan",
    )
    return answer or _page(request, session, actor, case, form, errors)


@router.post("/sager/{case_id}/plan/felter")
def plan_fields(
    request: Request,
    case_id: uuid.UUID,
    form: FormData,
    session: DbSession,
    actor: CurrentActor,
) -> Response:
    case = case_for(session, actor, case_id)
    answer, errors = submit(
        session,
        PlanFieldsIn,
        form,
        lambda fields: update_plan(session, actor, case.citizen_id, fields),
        done=f"/sager/{case_id}/plan",
    )
    return answer or _page(request, session, actor, case, form, errors)


@router.get("/sager/{case_id}/plan.pdf")
def plan_pdf(case_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> Response:
    case = case_for(session, actor, case_id)
    return Response(
        pdf(
            plan_document(
                session,
                actor,
                case.citizen_id,
                action_plan=service_type(case.service_type).has_action_plan,
            )
        ),
        media_type="application/pdf",
    )
