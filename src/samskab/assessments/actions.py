# SPDX-License-Identifier: MPL-2.0
"""Writes on assessments: start one for a case, record a theme. Flush, never commit."""

import uuid

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import may, require_citizen
from samskab.assessments.models import Assessment, ThemeAssessment
from samskab.assessments.queries import THEME, THEME_TEXTS, theme_history, theme_out
from samskab.assessments.schemas import ThemeEntryIn
from samskab.authorship.actions import write_text
from samskab.authorship.models import Voice
from samskab.cases.actions import transition_case
from samskab.cases.models import Case
from samskab.cases.queries import case_for
from samskab.cases.states import CaseStatus
from samskab.core import clock
from samskab.core.errors import Conflict, InvalidInput, NotFound, StaleVersion, UnknownCode
from samskab.core.versioning import claim_version
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


def _stale_theme(session: Session, row: ThemeAssessment) -> StaleVersion:
    current = theme_out(row, theme_history(session, [row])).model_dump(mode="json")
    return StaleVersion(f"Temaet '{row.theme_display}'", current)


def _theme_row(
    session: Session, assessment: Assessment, theme_code: str, display: str, version: int | None
) -> ThemeAssessment:
    """The theme's row, claimed at the writer's version, or a new row if there is none yet."""
    query = select(ThemeAssessment).where(
        ThemeAssessment.assessment_id == assessment.id, ThemeAssessment.theme_code == theme_code
    )
    found = session.scalar(query)
    if found is not None:
        claim_version(session, found, version, lambda: _stale_theme(session, found))
        return found
    row = ThemeAssessment(
        assessment_id=assessment.id,
        theme_code=theme_code,
        theme_display=display,
        version=1,
        updated_at=clock.now(),
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        # Someone else wrote the theme first (PostgreSQL: their insert committed while we waited).
        raise _stale_theme(session, session.scalars(query).one()) from None
    return row


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
    """Write one theme with both perspectives, based on the version the writer saw."""
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
    row = _theme_row(session, assessment, theme_code, allowed[theme_code].display, entry.version)
    values = entry.model_dump(exclude={"version"})
    for field, voice in THEME_TEXTS.items():
        value = values[field]
        write_text(
            session,
            actor,
            citizen_id=case.citizen_id,
            subject=(THEME, row.id),
            field=field,
            body="" if value is None else str(value),
            voice=Voice(voice),
        )
    for name, value in values.items():
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
        ThemeAssessment.problem.is_not(None),
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
