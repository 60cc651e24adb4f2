# SPDX-License-Identifier: MPL-2.0
"""Assessments: start one on a case, record a theme with both perspectives, read it."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path

from samskab.api.deps import CurrentActor, DbSession
from samskab.assessments.actions import record_theme, start_assessment
from samskab.assessments.queries import (
    assessment_for,
    assessment_out,
    theme_history,
    theme_out,
)
from samskab.assessments.schemas import AssessmentOut, ThemeEntryIn, ThemeEntryOut, ThemeOption
from samskab.cases.queries import case_for
from samskab.terminology.services import service_type

router = APIRouter(tags=["Udredning"])


@router.post("/cases/{case_id}/assessment", status_code=201, summary="Start udredningen")
def start(case_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> AssessmentOut:
    assessment = start_assessment(session, actor, case_id)
    return AssessmentOut(
        id=assessment.id,
        case_id=assessment.case_id,
        code_system=assessment.code_system,
        code_system_version=assessment.code_system_version,
        summary=assessment.summary,
        themes=[],
    )


@router.get("/cases/{case_id}/assessment", summary="Udredningen med begge perspektiver")
def read(case_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> AssessmentOut:
    return assessment_out(session, assessment_for(session, actor, case_id))


@router.get("/cases/{case_id}/assessment/themes", summary="Temaer der kan udredes for sagen")
def themes(case_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> list[ThemeOption]:
    case = case_for(session, actor, case_id, "assessment.themes")
    return [
        ThemeOption(code=c.code, display=c.display, parent=c.parent)
        for c in service_type(case.service_type).assessment_themes()
    ]


@router.put(
    "/assessments/{assessment_id}/themes/{theme_code}",
    summary="Skriv et tema med begge perspektiver (409 ved forældet version)",
)
def write_theme(
    assessment_id: uuid.UUID,
    theme_code: Annotated[str, Path(max_length=80)],
    body: ThemeEntryIn,
    session: DbSession,
    actor: CurrentActor,
) -> ThemeEntryOut:
    row = record_theme(session, actor, assessment_id, theme_code, body)
    return theme_out(row, theme_history(session, [row]))
