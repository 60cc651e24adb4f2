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
from samskab.authorship.actions import mark_seen
from samskab.authorship.queries import history_of, seen_at
from samskab.cases.models import Case
from samskab.cases.queries import case_for
from samskab.cases.states import LABELS
from samskab.documents.letters import plan_document
from samskab.documents.render import pdf
from samskab.plans.actions import add_goal, reword_goal, update_plan
from samskab.plans.models import Plan
from samskab.plans.queries import PLAN, citizen_changes_since, goal_history, plan_for
from samskab.plans.schemas import GoalIn, GoalWordsIn, PlanFieldsIn
from samskab.terminology.scales import GOAL_TYPE_DISPLAY
from samskab.terminology.services import service_type
from samskab.web.deps import CurrentActor, DbSession
from samskab.web.forms import FormData, FormErrors, once, submit
from samskab.web.render import page

router = APIRouter(include_in_schema=False)


def _fresh_goals(session: Session, actor: Actor, plan: Plan | None) -> set[str]:
    """Goals the citizen changed (words or rating) since this caseworker last opened the plan."""
    if plan is None:
        return set()
    since = seen_at(session, actor.user_id, plan.citizen_id)
    changes = citizen_changes_since(session, plan.citizen_id, since)
    mark_seen(session, actor, plan.citizen_id)
    return {change.subject_id for change in changes}


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    case: Case,
    values: dict[str, Any],
    errors: FormErrors,
    editing: uuid.UUID | None = None,
) -> HTMLResponse:
    plan = plan_for(session, actor, case.citizen_id)
    has = session.scalar(select(Assessment.id).where(Assessment.case_id == case.id))
    themes = assessment_for(session, actor, case.id).themes if has else []
    stored = {
        "purpose": plan.purpose if plan else "",
        "expected_duration": plan.expected_duration if plan else "",
        "other": plan.other if plan else "",
    }
    return page(
        request,
        "plan.html",
        case=case,
        section="Plan",
        case_labels=LABELS,
        plan=plan,
        plan_history=history_of(session, PLAN, [plan.id] if plan else []),
        history=goal_history(session, plan),
        fresh=_fresh_goals(session, actor, plan),
        action_plan=service_type(case.service_type).has_action_plan,
        values=values,
        plan_values=stored if editing or not values else values,
        errors=errors,
        editing=str(editing) if editing else None,
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
    answer, errors = once(
        session,
        actor,
        form,
        lambda: submit(
            session,
            GoalIn,
            form | {"case_id": str(case.id)},
            lambda goal: add_goal(session, actor, case.citizen_id, goal),
            done=f"/sager/{case_id}/plan",
        ),
        where=request.url.path,
    )
    return answer or _page(request, session, actor, case, form, errors)


@router.post("/sager/{case_id}/plan/maal/{goal_id}")
def word_goal(
    request: Request,
    case_id: uuid.UUID,
    goal_id: uuid.UUID,
    form: FormData,
    session: DbSession,
    actor: CurrentActor,
) -> Response:
    """The professional wording of a goal (the citizen's words are the citizen's)."""
    case = case_for(session, actor, case_id)
    data = {"professional_wording": form.get("professional_wording", "")} | {
        k: form[k] for k in ("version", "status") if form.get(k)
    }
    answer, errors = submit(
        session,
        GoalWordsIn,
        data,
        lambda words: reword_goal(session, actor, goal_id, words),
        done=f"/sager/{case_id}/plan#maal-{goal_id}",
    )
    return answer or _page(request, session, actor, case, form, errors, editing=goal_id)


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
