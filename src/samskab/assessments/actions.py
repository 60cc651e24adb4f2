# SPDX-License-Identifier: MPL-2.0
"""Writes on assessments: start one for a case, record a theme. Flush, never commit."""

import uuid

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import may, require_citizen
from samskab.assessments.models import Assessment, ThemeAssessment
from samskab.assessments.schemas import ThemeEntryIn
from samskab.cases.actions import transition_case
from samskab.cases.models import Case
from samskab.cases.queries import case_for
from samskab.cases.states import CaseStatus
from samskab.core import clock
from samskab.core.errors import Conflict, InvalidInput, NotFound, UnknownCode
from samskab.terminology.codesystems import load
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
    allowed = {c.code: c for c in service_type(case.service_type).assessment_themes()}
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


def _unfilled_assessment(session: Session, case_id: uuid.UUID) -> bool:
    """Whether the case has a started assessment in which no theme has a level or a text."""
    started = session.scalar(select(Assessment.id).where(Assessment.case_id == case_id))
    if started is None:
        return False
    filled = or_(
        ThemeAssessment.citizen_level.is_not(None),
        ThemeAssessment.professional_level.is_not(None),
        ThemeAssessment.citizen_text != "",
        ThemeAssessment.professional_text != "",
    )
    query = select(ThemeAssessment.id).where(ThemeAssessment.assessment_id == started, filled)
    return session.scalar(query.limit(1)) is None


def move_case(
    session: Session, actor: Actor, case_id: uuid.UUID, to: CaseStatus, *, reason: str = ""
) -> Case:
    """Move a case on; a started assessment closes (on to the decision) only with a theme
    filled in. A case may go to a decision without an assessment (a refusal because the citizen
    is outside the group the law covers needs none). The access check and its log entry are
    transition_case's; the rule is told only to those who may see the case."""
    case = session.get(Case, case_id)
    if (
        case is not None
        and (case.status, to) == (CaseStatus.ASSESSMENT, CaseStatus.DECISION)
        and may(session, actor, case.citizen_id, "case.transition")
        and _unfilled_assessment(session, case.id)
    ):
        raise InvalidInput(
            "Udredningen kan ikke afsluttes, før mindst ét tema er udfyldt "
            "med et niveau eller en beskrivelse.",
            field="to",
        )
    return transition_case(session, actor, case_id, to, reason=reason)
