# SPDX-License-Identifier: MPL-2.0
"""Writes on decisions: draft, hear, send, and handle an appeal. Flush, never commit.

The rules of the Danish Public Administration Act (forvaltningsloven, FVL) are checked here:
reasons (§§ 22-24) unless fully granted, partshøring (§ 19), appeal guidance (§ 25).
"""

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import require_citizen, sees_work_in_progress
from samskab.authorship.actions import write_text
from samskab.authorship.models import Voice
from samskab.cases.actions import transition_case
from samskab.cases.models import Case
from samskab.cases.queries import case_for, quality_standards
from samskab.cases.states import CaseStatus
from samskab.core import clock, formats
from samskab.core.calendar import deadline_after
from samskab.core.errors import Conflict, InvalidInput, NotFound, UnknownCode
from samskab.decisions.models import Decision
from samskab.decisions.queries import CITIZEN_TEXTS, DECISION, appeal_route_of, decision_out
from samskab.decisions.schemas import (
    AppealIn,
    Channel,
    DecisionDraft,
    HearingAnswerIn,
    HearingIn,
    HearingWaiverIn,
    ReceivedIn,
    ReconsiderIn,
    SendIn,
)
from samskab.decisions.states import (
    LABELS,
    MEDHOLD_LABELS,
    DecisionStatus,
    Outcome,
    after_reconsideration,
    check_transition,
)
from samskab.journal.actions import write_note
from samskab.journal.models import NoteKind
from samskab.journal.schemas import NoteIn
from samskab.offers.models import PlacementRequest
from samskab.terminology.appeals import route_record
from samskab.terminology.services import ServiceType, check_scope, service_type


def _record_texts(session: Session, actor: Actor, decision: Decision, *fields: str) -> None:
    """Record the decision's texts as authored text: a new version for each that changed."""
    citizen_id = session.get_one(Case, decision.case_id).citizen_id
    for field in fields:
        write_text(
            session,
            actor,
            citizen_id=citizen_id,
            subject=(DECISION, decision.id),
            field=field,
            body=getattr(decision, field),
            voice=Voice.CITIZEN if field in CITIZEN_TEXTS else Voice.PROFESSIONAL,
        )


def _day(day: date | None) -> str:
    """A date as a Danish message writes it."""
    return formats.date(day, locale=formats.DANISH)


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


def _current_draft(session: Session, case_id: uuid.UUID) -> Decision | None:
    """The case's draft, locked until the transaction ends (PostgreSQL; SQLite writers queue)."""
    query = (
        select(Decision)
        .where(Decision.case_id == case_id, Decision.status == DecisionStatus.DRAFT)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.scalar(query)


def _stale(current: Decision | None) -> Conflict:
    """The refusal of a write based on an old version, carrying what is saved now."""
    if current is None:
        return Conflict(
            "Kladden er ikke længere en kladde: afgørelsen er sendt eller fjernet.",
            details={"current": None},
        )
    who = current.decided_by_name or "en anden"
    return Conflict(
        f"Afgørelsen er ændret af {who}, mens du skrev. Se den gemte tekst, og gem igen.",
        details={"current": decision_out(current).model_dump(mode="json")},
    )


def _insert_draft(session: Session, decision: Decision) -> None:
    """Insert the case's first draft; a draft inserted meanwhile wins (one draft per case)."""
    savepoint = session.begin_nested()
    session.add(decision)
    try:
        session.flush()
    except IntegrityError:
        savepoint.rollback()
        raise _stale(_current_draft(session, decision.case_id)) from None
    savepoint.commit()


def _standard_in_force(session: Session, case_id: uuid.UUID, day: date) -> uuid.UUID | None:
    """The version of the municipality's quality standard for the case's service on a day."""
    case = session.get_one(Case, case_id)
    standard = quality_standards(session, case.municipality_code, day).get(case.service_type)
    return standard.id if standard else None


def _check_grant(service: ServiceType, data: DecisionDraft) -> None:
    """The granted scope and interventions belong to the service, within plausible limits."""
    if data.outcome == Outcome.REFUSED:
        if data.granted_amount is not None or data.granted_codes:
            raise InvalidInput("Et afslag bevilger intet omfang.", field="granted_amount")
        return
    if data.granted_amount is not None:
        check_scope(service, data.granted_amount, data.granted_unit or service.scope_unit)
    allowed = {c.code for c in service.intervention_codes()}
    for code in data.granted_codes:
        if code not in allowed:
            raise UnknownCode(
                f"Indsatsen '{code[:60]}' hører ikke under {service.legal_basis}.",
                field="granted_codes",
            )


def draft_decision(
    session: Session, actor: Actor, case_id: uuid.UUID, data: DecisionDraft
) -> Decision:
    """Write or rewrite the draft decision of a case that is ready for a decision.

    `data.version` is the version the writer read (None for a first draft); a write based on
    any other version is refused with the current draft, so no one's text is silently lost.
    """
    case = case_for(session, actor, case_id, "decision.write")
    if case.status != CaseStatus.DECISION:
        raise InvalidInput("Sagen skal være klar til afgørelse, før der kan skrives en afgørelse.")
    # The offer chosen with the citizen through placement advice goes on the decision.
    chosen_offer = session.scalar(
        select(PlacementRequest.offer_id).where(
            PlacementRequest.case_id == case.id, PlacementRequest.offer_id.is_not(None)
        )
    )
    service = service_type(case.service_type)
    _check_grant(service, data)
    standard_id = _standard_in_force(session, case.id, clock.today())
    decision = _current_draft(session, case.id)
    if (decision.version if decision else None) != data.version:
        raise _stale(decision)
    first = decision is None
    if decision is None:
        decision = Decision(case_id=case.id, legal_basis=case.legal_basis, rules=service.rule)
    # One write, one new version: nothing below may flush before the end.
    for name, value in data.model_dump(exclude={"version"}).items():
        setattr(decision, name, value)
    if decision.granted_amount is not None:
        decision.granted_unit = service.scope_unit
    decision.offer_id = decision.offer_id or chosen_offer
    decision.decided_by, decision.decided_by_name = actor.user_id, actor.display_name
    decision.quality_standard_id = standard_id
    decision.updated_at = clock.now()
    if first:
        _insert_draft(session, decision)
    session.flush()
    _record_texts(session, actor, decision, "hearing_weighing")
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
    _record_texts(session, actor, decision, "hearing_text")
    return decision


def record_hearing_answer(
    session: Session, actor: Actor, decision_id: uuid.UUID, data: HearingAnswerIn
) -> Decision:
    """Record the citizen's comments to the hearing."""
    decision = _draft(session, actor, decision_id, "decision.hearing_answer")
    if decision.hearing_sent_on is None:
        raise InvalidInput("Der er ikke sendt nogen partshøring.", field="answer")
    if decision.hearing_waived_on is not None:
        raise InvalidInput("Borgeren har givet afkald på at udtale sig.", field="answer")
    if data.answered_on < decision.hearing_sent_on or data.answered_on > clock.today():
        raise InvalidInput("Svardatoen skal ligge mellem høringen og i dag.", field="answered_on")
    decision.hearing_answer, decision.hearing_answered_on = data.answer, data.answered_on
    decision.hearing_weighing = data.weighing or decision.hearing_weighing
    session.flush()
    _record_texts(session, actor, decision, "hearing_answer", "hearing_weighing")
    return decision


def waive_hearing(
    session: Session, actor: Actor, decision_id: uuid.UUID, data: HearingWaiverIn
) -> Decision:
    """The citizen said they do not want to comment: the hearing need not wait (FVL § 19)."""
    decision = _draft(session, actor, decision_id, "decision.hearing_waiver")
    if not decision.hearing_needed:
        raise InvalidInput("Borgeren skal ikke partshøres i denne afgørelse.", field="waived_on")
    if decision.hearing_answered_on is not None:
        raise InvalidInput("Borgeren har allerede svaret på partshøringen.", field="waived_on")
    earliest = decision.hearing_sent_on or decision.created_at.date()
    if not earliest <= data.waived_on <= clock.today():
        raise InvalidInput(
            "Datoen for afkaldet skal ligge mellem høringen og i dag.", field="waived_on"
        )
    decision.hearing_waived_on = data.waived_on
    session.flush()
    return decision


def hearing_is_open(decision: Decision) -> bool:
    """A hearing was sent, its deadline has not passed, and the citizen neither answered nor
    waived it."""
    return (
        decision.hearing_sent_on is not None
        and decision.hearing_answered_on is None
        and decision.hearing_waived_on is None
        and decision.hearing_deadline is not None
        and decision.hearing_deadline >= clock.today()
    )


def _missing_hearing(decision: Decision) -> list[str]:
    if hearing_is_open(decision):
        assert decision.hearing_deadline is not None
        return [
            f"Svar på partshøringen, borgerens afkald eller udløb af fristen "
            f"{_day(decision.hearing_deadline)} (FVL § 19)."
        ]
    if decision.hearing_answered_on is not None and not decision.hearing_weighing.strip():
        return ["Hvordan borgerens svar på partshøringen indgår i afgørelsen."]
    if decision.outcome == Outcome.GRANTED:
        return []
    heard = decision.hearing_sent_on is not None or decision.hearing_waived_on is not None
    if decision.hearing_needed and not heard:
        return ["Partshøring af borgeren (FVL § 19)."]
    if not decision.hearing_needed and not decision.hearing_not_needed_reason.strip():
        return ["Begrundelse for, at partshøring ikke er nødvendig (FVL § 19, stk. 2)."]
    return []


def missing_before_sending(decision: Decision) -> list[str]:
    """What the law requires that the decision still lacks (in Danish; empty when complete)."""
    missing = []
    if decision.outcome != Outcome.GRANTED:
        if not decision.considerations.strip():
            missing.append("De hovedhensyn, der er lagt vægt på (FVL § 24).")
        if not decision.facts.strip():
            missing.append("De faktiske oplysninger, der er lagt til grund (FVL § 24).")
    missing += _missing_hearing(decision)
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
    decision.quality_standard_id = _standard_in_force(session, decision.case_id, today)
    # The letter's appeal guidance stays what it was when sent, whatever the catalogue says later.
    decision.appeal_route = route_record(appeal_route_of(session, decision))
    if data.channel == Channel.DIGITAL_POST:
        # Digital Post counts as received on the day it is sent.
        _received(session, decision, today)
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


def _received(session: Session, decision: Decision, day: date) -> None:
    check_transition(decision.status, DecisionStatus.RECEIVED)
    decision.status, decision.received_on = DecisionStatus.RECEIVED, day
    decision.appeal_deadline = deadline_after(day, appeal_route_of(session, decision).deadline_days)


def register_received(
    session: Session, actor: Actor, decision_id: uuid.UUID, data: ReceivedIn
) -> Decision:
    """A letter sent by post reached the citizen: the appeal period runs from that day."""
    decision = _decision(session, actor, decision_id, "decision.received")
    if decision.sent_on is None or not decision.sent_on <= data.received_on <= clock.today():
        raise InvalidInput(
            "Modtagelsesdatoen skal ligge mellem afsendelsen og i dag.", field="received_on"
        )
    _received(session, decision, data.received_on)
    session.flush()
    return decision


def register_appeal(
    session: Session, actor: Actor, decision_id: uuid.UUID, data: AppealIn
) -> Decision:
    """The citizen appealed: reconsider within the law's period, or send it straight on."""
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
    route = appeal_route_of(session, decision)
    days = route.reconsideration_days
    decision.reconsideration_deadline = (
        None if days is None else deadline_after(data.appealed_on, days)
    )
    session.flush()
    _record_texts(session, actor, decision, "appeal_text")
    late = decision.appeal_deadline is not None and data.appealed_on > decision.appeal_deadline
    next_step = (
        f"Genvurdering senest {_day(decision.reconsideration_deadline)}."
        if decision.reconsideration_deadline
        else f"Klagen skal straks sendes videre til {route.body_name} (FVL § 7, stk. 2)."
    )
    write_note(
        session,
        actor,
        decision.case_id,
        NoteIn(
            kind=NoteKind.LETTER,
            title="Klage modtaget",
            body=("Klagen er modtaget efter klagefristen. " if late else "")
            + next_step
            + f" Borgerens klage: {data.text}",
        ),
    )
    session.flush()
    return decision


def reconsider(
    session: Session, actor: Actor, decision_id: uuid.UUID, data: ReconsiderIn
) -> Decision:
    """Give full, partial or no medhold; what is not granted goes on to the appeal body.

    The citizen gets a letter with the outcome and its reasons, and a letter when the appeal is
    sent on (RSL § 67 for the social laws); both are journalised here.
    """
    decision = _decision(session, actor, decision_id, "decision.reconsider")
    target = after_reconsideration(data.outcome)
    check_transition(decision.status, target)
    decision.status, decision.reconsidered_on = target, clock.today()
    decision.reconsideration_outcome, decision.reconsideration_note = data.outcome, data.note
    session.flush()
    _record_texts(session, actor, decision, "reconsideration_note")
    body_name = appeal_route_of(session, decision).body_name
    write_note(
        session,
        actor,
        decision.case_id,
        NoteIn(
            kind=NoteKind.LETTER,
            title=f"Genvurdering: {MEDHOLD_LABELS[data.outcome].lower()}",
            body=f"Brev om genvurderingen sendt til borgeren. Begrundelse: {data.note}",
        ),
    )
    if target == DecisionStatus.FORWARDED:
        write_note(
            session,
            actor,
            decision.case_id,
            NoteIn(
                kind=NoteKind.LETTER,
                title=f"Klagen sendt til {body_name}",
                body=f"Klagen og sagens akter er sendt til {body_name}. "
                "Borgeren har fået brev om det.",
            ),
        )
    session.flush()
    return decision
