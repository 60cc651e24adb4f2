# SPDX-License-Identifier: MPL-2.0
"""Writes on decisions: draft, hear, send, and handle an appeal. Flush, never commit.

The rules of the Danish Public Administration Act (forvaltningsloven, FVL) are checked here:
reasons (§§ 22-24) unless fully granted, partshøring (§ 19), appeal guidance (§ 25).
"""

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import require_citizen, sees_work_in_progress
from samskab.cases.actions import transition_case
from samskab.cases.models import Case
from samskab.cases.queries import case_for
from samskab.cases.states import CaseStatus
from samskab.core import clock
from samskab.core.calendar import deadline_after
from samskab.core.errors import Conflict, InvalidInput, NotFound
from samskab.decisions.models import Decision
from samskab.decisions.schemas import (
    AppealIn,
    Channel,
    DecisionDraft,
    HearingAnswerIn,
    HearingIn,
    ReceivedIn,
    ReconsiderIn,
    SendIn,
)
from samskab.decisions.states import LABELS, DecisionStatus, Outcome, check_transition
from samskab.journal.actions import write_note
from samskab.journal.models import NoteKind
from samskab.journal.schemas import NoteIn
from samskab.offers.models import PlacementRequest
from samskab.terminology.services import service_type

APPEAL_DAYS = 28  # FVL § 25 and the 4-week appeal period of the social and health laws
RECONSIDERATION_DAYS = 28


def _decision(session: Session, actor: Actor, decision_id: uuid.UUID, action: str) -> Decision:
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
        action,
        object_type="decision",
        object_id=decision.id,
        what="Afgørelsen",
    )
    return decision


def _draft(session: Session, actor: Actor, decision_id: uuid.UUID, action: str) -> Decision:
    decision = _decision(session, actor, decision_id, action)
    if decision.status != DecisionStatus.DRAFT:
        raise Conflict(f"Afgørelsen er {LABELS[decision.status].lower()} og kan ikke ændres.")
    return decision


def draft_decision(
    session: Session, actor: Actor, case_id: uuid.UUID, data: DecisionDraft
) -> Decision:
    """Write or rewrite the draft decision of a case that is ready for a decision."""
    case = case_for(session, actor, case_id, "decision.write")
    if case.status != CaseStatus.DECISION:
        raise InvalidInput("Sagen skal være klar til afgørelse, før der kan skrives en afgørelse.")
    decision = session.scalar(
        select(Decision).where(Decision.case_id == case.id, Decision.status == DecisionStatus.DRAFT)
    )
    if decision is None:
        decision = Decision(
            case_id=case.id,
            legal_basis=case.legal_basis,
            rules=service_type(case.service_type).rule,
        )
        session.add(decision)
    for name, value in data.model_dump().items():
        setattr(decision, name, value)
    # The offer chosen with the citizen through placement advice goes on the decision.
    decision.offer_id = decision.offer_id or session.scalar(
        select(PlacementRequest.offer_id).where(
            PlacementRequest.case_id == case.id, PlacementRequest.offer_id.is_not(None)
        )
    )
    decision.decided_by, decision.decided_by_name = actor.user_id, actor.display_name
    decision.updated_at = clock.now()
    session.flush()
    return decision


def start_hearing(
    session: Session, actor: Actor, decision_id: uuid.UUID, data: HearingIn
) -> Decision:
    """Send the citizen the information the decision rests on, with a deadline to answer."""
    decision = _draft(session, actor, decision_id, "decision.hearing")
    today = clock.today()
    decision.hearing_needed = True
    decision.hearing_text, decision.hearing_sent_on = data.text, today
    decision.hearing_deadline = deadline_after(today, data.days)
    session.flush()
    return decision


def record_hearing_answer(
    session: Session, actor: Actor, decision_id: uuid.UUID, data: HearingAnswerIn
) -> Decision:
    """Record the citizen's comments to the hearing."""
    decision = _draft(session, actor, decision_id, "decision.hearing_answer")
    if decision.hearing_sent_on is None:
        raise InvalidInput("Der er ikke sendt nogen partshøring.", field="answer")
    if data.answered_on < decision.hearing_sent_on or data.answered_on > clock.today():
        raise InvalidInput("Svardatoen skal ligge mellem høringen og i dag.", field="answered_on")
    decision.hearing_answer, decision.hearing_answered_on = data.answer, data.answered_on
    session.flush()
    return decision


def missing_before_sending(decision: Decision) -> list[str]:
    """What the law requires that the decision still lacks (in Danish; empty when complete)."""
    missing = []
    if decision.outcome != Outcome.GRANTED:
        if not decision.considerations.strip():
            missing.append("De hovedhensyn, der er lagt vægt på (FVL § 24).")
        if not decision.facts.strip():
            missing.append("De faktiske oplysninger, der er lagt til grund (FVL § 24).")
        if decision.hearing_needed and decision.hearing_sent_on is None:
            missing.append("Partshøring af borgeren (FVL § 19).")
        elif (
            decision.hearing_needed
            and decision.hearing_answered_on is None
            and decision.hearing_deadline is not None
            and decision.hearing_deadline >= clock.today()
        ):
            missing.append(
                f"Svar på partshøringen eller udløb af fristen "
                f"{decision.hearing_deadline:%d.%m.%Y} (FVL § 19)."
            )
        if not decision.hearing_needed and not decision.hearing_not_needed_reason.strip():
            missing.append("Begrundelse for, at partshøring ikke er nødvendig (FVL § 19, stk. 2).")
    if decision.outcome != Outcome.REFUSED and not decision.granted.strip():
        missing.append("Hvad borgeren får bevilget.")
    return missing


def send_decision(session: Session, actor: Actor, decision_id: uuid.UUID, data: SendIn) -> Decision:
    """Send the decision letter; the case moves on and the appeal period starts."""
    decision = _draft(session, actor, decision_id, "decision.send")
    missing = missing_before_sending(decision)
    if missing:
        raise InvalidInput(
            "Afgørelsen kan ikke sendes endnu. Der mangler: " + " ".join(missing),
            details={"missing": missing},
        )
    today = clock.today()
    decision.channel, decision.sent_on = data.channel, today
    if data.channel == Channel.DIGITAL_POST:
        # Digital Post counts as received on the day it is sent.
        _received(decision, today)
    else:
        check_transition(decision.status, DecisionStatus.SENT)
        decision.status = DecisionStatus.SENT
    target = CaseStatus.CLOSED if decision.outcome == Outcome.REFUSED else CaseStatus.ACTIVE
    transition_case(session, actor, decision.case_id, target, reason="Afgørelse sendt")
    write_note(
        session,
        actor,
        decision.case_id,
        NoteIn(
            kind=NoteKind.LETTER,
            title="Afgørelse sendt",
            body=f"Afgørelse ({decision.legal_basis}) sendt som "
            f"{'Digital Post' if data.channel == Channel.DIGITAL_POST else 'brev'}.",
        ),
    )
    session.flush()
    return decision


def _received(decision: Decision, day: date) -> None:
    check_transition(decision.status, DecisionStatus.RECEIVED)
    decision.status, decision.received_on = DecisionStatus.RECEIVED, day
    decision.appeal_deadline = deadline_after(day, APPEAL_DAYS)


def register_received(
    session: Session, actor: Actor, decision_id: uuid.UUID, data: ReceivedIn
) -> Decision:
    """A letter sent by post reached the citizen: the appeal period runs from that day."""
    decision = _decision(session, actor, decision_id, "decision.received")
    if decision.sent_on is None or not decision.sent_on <= data.received_on <= clock.today():
        raise InvalidInput(
            "Modtagelsesdatoen skal ligge mellem afsendelsen og i dag.", field="received_on"
        )
    _received(decision, data.received_on)
    session.flush()
    return decision


def register_appeal(
    session: Session, actor: Actor, decision_id: uuid.UUID, data: AppealIn
) -> Decision:
    """The citizen appealed: the municipality reconsiders within four weeks."""
    decision = _decision(session, actor, decision_id, "decision.appeal")
    if decision.sent_on is None or not decision.sent_on <= data.appealed_on <= clock.today():
        raise InvalidInput(
            "Klagedatoen skal ligge mellem afsendelsen og i dag.", field="appealed_on"
        )
    check_transition(decision.status, DecisionStatus.APPEALED)
    decision.status, decision.appealed_on, decision.appeal_text = (
        DecisionStatus.APPEALED,
        data.appealed_on,
        data.text,
    )
    decision.reconsideration_deadline = deadline_after(data.appealed_on, RECONSIDERATION_DAYS)
    late = decision.appeal_deadline is not None and data.appealed_on > decision.appeal_deadline
    write_note(
        session,
        actor,
        decision.case_id,
        NoteIn(
            kind=NoteKind.LETTER,
            title="Klage modtaget",
            body=("Klagen er modtaget efter klagefristen. " if late else "")
            + f"Genvurdering senest {decision.reconsideration_deadline:%d.%m.%Y}.",
        ),
    )
    session.flush()
    return decision


def reconsider(
    session: Session, actor: Actor, decision_id: uuid.UUID, data: ReconsiderIn
) -> Decision:
    """Change the decision, or uphold it and send the appeal on to Ankestyrelsen."""
    decision = _decision(session, actor, decision_id, "decision.reconsider")
    target = DecisionStatus.CHANGED if data.changed else DecisionStatus.FORWARDED
    check_transition(decision.status, target)
    decision.status, decision.reconsidered_on = target, clock.today()
    decision.reconsideration_note = data.note
    write_note(
        session,
        actor,
        decision.case_id,
        NoteIn(
            kind=NoteKind.NOTE,
            title="Genvurdering",
            body=(
                "Afgørelsen er ændret. "
                if data.changed
                else "Afgørelsen fastholdes, og klagen er sendt til Ankestyrelsen. "
            )
            + data.note,
        ),
    )
    session.flush()
    return decision
