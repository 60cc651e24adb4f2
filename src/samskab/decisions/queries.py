# SPDX-License-Identifier: MPL-2.0
"""Reads of decisions: access-checked and logged."""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import require_citizen, sees_work_in_progress
from samskab.authorship.queries import History, history_of, version_out
from samskab.cases.models import Case
from samskab.cases.queries import case_for
from samskab.core.errors import NotFound
from samskab.decisions.models import Decision
from samskab.decisions.schemas import DecisionOut
from samskab.decisions.states import DecisionStatus, Medhold, Outcome
from samskab.terminology.appeals import AppealRoute, route_from_record
from samskab.terminology.services import service_type

DECISION = "decision"  # the subject type of a decision's authored texts
# The decision's texts kept as authored text, every version with its author (the citizen's
# words as the caseworker wrote them down, or the professional's).
CITIZEN_TEXTS = ("hearing_answer", "appeal_text")
PROFESSIONAL_TEXTS = ("hearing_text", "hearing_weighing", "reconsideration_note")


def appeal_route_of(session: Session, decision: Decision) -> AppealRoute:
    """The appeal route the decision was sent with; for a draft, the one the paragraph
    catalogue gives the law it is made under now."""
    if decision.appeal_route is not None:
        return route_from_record(decision.appeal_route)
    return service_type(session.get_one(Case, decision.case_id).service_type).appeal


def decision_history(session: Session, decisions: list[Decision]) -> History:
    """Every version of the decisions' authored texts (callers have read the decisions)."""
    return history_of(session, DECISION, [d.id for d in decisions])


def decisions_of_case_for(session: Session, actor: Actor, case_id: uuid.UUID) -> list[Decision]:
    """A case's decisions, newest first; drafts only for the staff writing them."""
    case = case_for(session, actor, case_id, "decision.read")
    query = select(Decision).where(Decision.case_id == case.id)
    if not sees_work_in_progress(actor):
        query = query.where(Decision.status != DecisionStatus.DRAFT)
    return list(session.scalars(query.order_by(Decision.created_at.desc())))


def decision_for(session: Session, actor: Actor, decision_id: uuid.UUID) -> tuple[Decision, Case]:
    """One decision and its case; a draft exists only for the staff writing it."""
    decision = session.get(Decision, decision_id)
    if decision is None or (
        decision.status == DecisionStatus.DRAFT and not sees_work_in_progress(actor)
    ):
        raise NotFound("Afgørelsen")
    case = session.get_one(Case, decision.case_id)
    require_citizen(
        session,
        actor,
        case.citizen_id,
        "decision.read",
        object_type="decision",
        object_id=decision.id,
        what="Afgørelsen",
    )
    return decision, case


def decision_out(decision: Decision, history: History | None = None) -> DecisionOut:
    """A decision as a response body, with every version of its texts when given."""
    texts = [
        version_out(v)
        for (subject, _), versions in (history or {}).items()
        if subject == decision.id
        for v in versions
    ]
    return DecisionOut(
        id=decision.id,
        case_id=decision.case_id,
        status=decision.status,
        outcome=Outcome(decision.outcome),
        legal_basis=decision.legal_basis,
        granted=decision.granted,
        granted_amount=decision.granted_amount,
        granted_unit=decision.granted_unit,
        granted_codes=list(decision.granted_codes or []),
        quality_standard_id=decision.quality_standard_id,
        rules=decision.rules,
        considerations=decision.considerations,
        facts=decision.facts,
        hearing_needed=decision.hearing_needed,
        hearing_sent_on=decision.hearing_sent_on,
        hearing_deadline=decision.hearing_deadline,
        hearing_answered_on=decision.hearing_answered_on,
        hearing_answer=decision.hearing_answer,
        hearing_weighing=decision.hearing_weighing,
        hearing_waived_on=decision.hearing_waived_on,
        channel=decision.channel,
        sent_on=decision.sent_on,
        received_on=decision.received_on,
        appeal_deadline=decision.appeal_deadline,
        appealed_on=decision.appealed_on,
        appeal_text=decision.appeal_text,
        reconsideration_deadline=decision.reconsideration_deadline,
        reconsidered_on=decision.reconsidered_on,
        reconsideration_note=decision.reconsideration_note,
        reconsideration_outcome=(
            Medhold(decision.reconsideration_outcome) if decision.reconsideration_outcome else None
        ),
        version=decision.version,
        appeal_route=decision.appeal_route,
        texts=texts,
    )
