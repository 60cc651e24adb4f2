# SPDX-License-Identifier: MPL-2.0
"""Reads of assessments: access-checked and logged."""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from samskab.access.actor import Actor
from samskab.access.policies import require_citizen
from samskab.assessments.models import Assessment
from samskab.assessments.schemas import AssessmentOut, ThemeEntryOut
from samskab.cases.models import Case
from samskab.cases.queries import case_for
from samskab.core.errors import NotFound


def assessment_for(session: Session, actor: Actor, case_id: uuid.UUID) -> Assessment:
    """The assessment of a case, with its themes."""
    case_for(session, actor, case_id, "assessment.read")
    found = session.scalar(
        select(Assessment)
        .options(selectinload(Assessment.themes))
        .where(Assessment.case_id == case_id)
    )
    if found is None:
        raise NotFound("Udredningen")
    return found


def assessments_of_citizen_for(
    session: Session, actor: Actor, citizen_id: uuid.UUID
) -> list[Assessment]:
    """The assessments of all of a citizen's cases, newest first, with their themes."""
    require_citizen(session, actor, citizen_id, "assessment.read", object_type="assessment")
    query = (
        select(Assessment)
        .join(Case, Case.id == Assessment.case_id)
        .options(selectinload(Assessment.themes))
        .where(Case.citizen_id == citizen_id)
        .order_by(Assessment.created_at.desc())
    )
    return list(session.scalars(query))


def assessment_out(assessment: Assessment) -> AssessmentOut:
    """An assessment as a response body."""
    return AssessmentOut(
        id=assessment.id,
        case_id=assessment.case_id,
        code_system=assessment.code_system,
        code_system_version=assessment.code_system_version,
        summary=assessment.summary,
        themes=[
            ThemeEntryOut.model_validate(
                {
                    **{
                        k: getattr(t, k) for k in ThemeEntryOut.model_fields if k != "levels_differ"
                    },
                    "levels_differ": t.levels_differ,
                }
            )
            for t in assessment.themes
        ],
    )
