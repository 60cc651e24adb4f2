# SPDX-License-Identifier: MPL-2.0
"""Udredning: per theme, the citizen's own level and words beside the professional's."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.assessments.actions import record_theme, start_assessment
from samskab.assessments.models import Assessment
from samskab.assessments.queries import THEME_TEXTS, assessment_for, theme_history
from samskab.assessments.schemas import ThemeEntryIn
from samskab.cases.actions import transition_case
from samskab.cases.models import Case
from samskab.cases.queries import case_for
from samskab.cases.states import LABELS, CaseStatus
from samskab.terminology.scales import (
    EXPECTED_STATE_DISPLAY,
    FUNCTIONAL_LEVELS,
    HEALTH_NAMES,
    HEALTH_PROBLEM_DISPLAY,
    SUPPORT_NEED_DISPLAY,
    AssessmentScale,
)
from samskab.terminology.services import service_type
from samskab.web.deps import CurrentActor, DbSession
from samskab.web.forms import FormData, FormErrors, attempt, parse
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
    has = session.scalar(select(Assessment.id).where(Assessment.case_id == case.id))
    assessment = assessment_for(session, actor, case.id) if has else None
    written = assessment.themes if assessment else []
    service = service_type(case.service_type)
    groups = [
        (g.heading, [(c.code, c.display) for c in g.options]) for g in service.assessment_groups()
    ]
    return page(
        request,
        "assessment.html",
        case=case,
        section="Udredning",
        case_labels=LABELS,
        assessment=assessment,
        history=theme_history(session, written),
        theme_groups=groups,
        values=values,
        errors=errors,
        health=service.scale == AssessmentScale.HEALTH,
        health_scales=HEALTH_NAMES,
        problems=list(HEALTH_PROBLEM_DISPLAY.items()),
        expected_states=list(EXPECTED_STATE_DISPLAY.items()),
        levels=[(str(k), f"{k} – {v}") for k, v in FUNCTIONAL_LEVELS.items()],
        level_names=FUNCTIONAL_LEVELS,
        needs=[(k.value, v) for k, v in SUPPORT_NEED_DISPLAY.items()],
        need_names={k.value: v for k, v in SUPPORT_NEED_DISPLAY.items()},
    )


def _stored(session: Session, actor: Actor, case: Case, theme_code: str) -> dict[str, Any]:
    """A theme already written, as form values to correct (with the version they are based on)."""
    has = session.scalar(select(Assessment.id).where(Assessment.case_id == case.id))
    themes = assessment_for(session, actor, case.id).themes if has else []
    for theme in themes:
        if theme.theme_code == theme_code:
            names = [*THEME_TEXTS, "support_need", "version"]
            values = {name: getattr(theme, name) for name in names}
            return {k: "" if v is None else v for k, v in values.items()} | {
                "theme_code": theme_code
            }
    return {"theme_code": theme_code} if theme_code else {}


@router.get("/sager/{case_id}/udredning")
def assessment_page(
    request: Request,
    case_id: uuid.UUID,
    session: DbSession,
    actor: CurrentActor,
    tema: Annotated[str, Query(max_length=80)] = "",
) -> HTMLResponse:
    case = case_for(session, actor, case_id)
    return _page(request, session, actor, case, _stored(session, actor, case, tema), FormErrors())


@router.post("/sager/{case_id}/udredning/start")
def start(case_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> Response:
    case = case_for(session, actor, case_id)
    if case.status == CaseStatus.INQUIRY:
        transition_case(session, actor, case.id, CaseStatus.ASSESSMENT, reason="Udredning startet")
    start_assessment(session, actor, case.id)
    return RedirectResponse(f"/sager/{case_id}/udredning", status_code=303)


@router.post("/sager/{case_id}/udredning/tema")
def write_theme(
    request: Request,
    case_id: uuid.UUID,
    form: FormData,
    session: DbSession,
    actor: CurrentActor,
) -> Response:
    case = case_for(session, actor, case_id)
    assessment = assessment_for(session, actor, case.id)
    parsed, errors = parse(ThemeEntryIn, {k: v for k, v in form.items() if k != "theme_code"})
    theme = str(form.get("theme_code", ""))
    if parsed is not None:
        _, errors = attempt(
            session, lambda: record_theme(session, actor, assessment.id, theme, parsed)
        )
        if not errors:
            return RedirectResponse(f"/sager/{case_id}/udredning#tema-{theme}", status_code=303)
    return _page(request, session, actor, case, form, errors)
