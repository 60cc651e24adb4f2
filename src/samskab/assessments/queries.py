# SPDX-License-Identifier: MPL-2.0
"""Reads of assessments: access-checked and logged."""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from samskab.access.actor import Actor
from samskab.access.policies import require_citizen
from samskab.assessments.models import Assessment, ThemeAssessment
from samskab.assessments.schemas import AssessmentOut, ThemeEntryOut
from samskab.authorship.queries import History, history_of, version_out
from samskab.cases.models import Case
from samskab.cases.queries import case_for
from samskab.core.errors import NotFound

THEME = "theme"
# Each text of a theme, and whose words it is (levels are kept as text too, for their history).
THEME_TEXTS = {
    "citizen_level": "citizen",
    "citizen_text": "citizen",
    "wishes": "citizen",
    "professional_level": "professional",
    "professional_text": "professional",
    "resources": "professional",
}


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


def theme_history(session: Session, themes: list[ThemeAssessment]) -> History:
    """Every version of every text of these themes, with its author."""
    return history_of(session, THEME, [t.id for t in themes])


def theme_out(theme: ThemeAssessment, history: History) -> ThemeEntryOut:
    """One theme as a response body, with every version of its texts."""
    versions = [v for field in THEME_TEXTS for v in history.get((theme.id, field), [])]
    names = set(ThemeEntryOut.model_fields) - {"levels_differ", "history"}
    return ThemeEntryOut.model_validate(
        {name: getattr(theme, name) for name in names}
        | {
            "levels_differ": theme.levels_differ,
            "history": [
                version_out(v) for v in sorted(versions, key=lambda v: (v.written_at, v.field))
            ],
        }
    )


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


def assessment_out(session: Session, assessment: Assessment) -> AssessmentOut:
    """An assessment as a response body."""
    history = theme_history(session, assessment.themes)
    return AssessmentOut(
        id=assessment.id,
        case_id=assessment.case_id,
        code_system=assessment.code_system,
        code_system_version=assessment.code_system_version,
        summary=assessment.summary,
        themes=[theme_out(t, history) for t in assessment.themes],
    )
