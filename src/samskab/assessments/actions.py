# SPDX-License-Identifier: MPL-2.0
"""Writes on assessments: start one for a case, record a theme. Flush, never commit."""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import require_citizen
from samskab.assessments.models import Assessment, ThemeAssessment
from samskab.assessments.schemas import ThemeEntryIn
from samskab.cases.models import Case
from samskab.cases.queries import case_for
from samskab.core import clock
from samskab.core.errors import Conflict, InvalidInput, NotFound, UnknownCode
from samskab.terminology.codesystems import load
from samskab.terminology.scales import AssessmentScale
from samskab.terminology.services import service_type


def start_assessment(session: Session, actor: Actor, case_id: uuid.UUID) -> Assessment:
    """Open the assessment of a case in the code system its service type uses."""
    case = case_for(session, actor, case_id, "assessment.create")
    if session.scalar(select(Assessment.id).where(Assessment.case_id == case.id)):
        raise Conflict("Sagen har allerede en udredning.")
    service = service_type(case.service_type)
    assessment = Assessment(
        case_id=case.id,
        code_system=service.system,
        code_system_version=load(service.system).version,
    )
    session.add(assessment)
    session.flush()
    return assessment


def _check_scale(scale: AssessmentScale, entry: ThemeEntryIn) -> None:
    """Health conditions take FSIII's problem and expected state; functions take levels 0–4."""
    if scale == AssessmentScale.HEALTH:
        for name in ("professional_level", "citizen_level"):
            if getattr(entry, name) is not None:
                raise InvalidInput(
                    "Helbredstilstande vurderes som aktuelt eller potentielt problem med en "
                    "forventet tilstand, ikke på funktionsniveau 0–4.",
                    field=name,
                )
    elif entry.problem is not None or entry.expected_state is not None:
        raise InvalidInput(
            "Denne ydelse vurderes på funktionsniveau 0–4, ikke som helbredstilstand.",
            field="problem",
        )


def record_theme(
    session: Session,
    actor: Actor,
    assessment_id: uuid.UUID,
    theme_code: str,
    entry: ThemeEntryIn,
) -> ThemeAssessment:
    """Write (or rewrite) one theme of an assessment with both perspectives."""
    assessment = session.get(Assessment, assessment_id)
    if assessment is None:
        raise NotFound("Udredningen")
    case = session.get_one(Case, assessment.case_id)
    require_citizen(
        session,
        actor,
        case.citizen_id,
        "assessment.write",
        object_type="assessment",
        object_id=assessment.id,
        what="Udredningen",
    )
    service = service_type(case.service_type)
    _check_scale(service.scale, entry)
    allowed = {c.code: c for c in service.assessment_themes()}
    if theme_code not in allowed:
        raise UnknownCode(
            f"Temaet '{theme_code[:60]}' hører ikke til udredningen af denne ydelse.",
            field="theme_code",
        )
    row = session.scalar(
        select(ThemeAssessment).where(
            ThemeAssessment.assessment_id == assessment.id, ThemeAssessment.theme_code == theme_code
        )
    )
    if row is None:
        row = ThemeAssessment(
            assessment_id=assessment.id,
            theme_code=theme_code,
            theme_display=allowed[theme_code].display,
        )
        session.add(row)
    for name, value in entry.model_dump().items():
        setattr(row, name, value)
    row.updated_at, row.updated_by = clock.now(), actor.user_id
    session.flush()
    return row
