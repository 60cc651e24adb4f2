# SPDX-License-Identifier: MPL-2.0
"""Decisions: draft, hearing, sending, receipt, appeal and reconsideration; the letter as PDF."""

import uuid

from fastapi import APIRouter
from fastapi.responses import Response

from samskab.api.deps import CurrentActor, DbSession
from samskab.decisions.actions import (
    draft_decision,
    reconsider,
    record_hearing_answer,
    register_appeal,
    register_received,
    send_decision,
    start_hearing,
    waive_hearing,
)
from samskab.decisions.queries import decision_history, decision_out, decisions_of_case_for
from samskab.decisions.schemas import (
    AppealIn,
    DecisionDraft,
    DecisionOut,
    HearingAnswerIn,
    HearingIn,
    HearingWaiverIn,
    ReceivedIn,
    ReconsiderIn,
    SendIn,
)
from samskab.documents.letters import appeal_letter, decision_letter
from samskab.documents.render import pdf

router = APIRouter(tags=["Afgørelser"])


@router.put("/cases/{case_id}/decision-draft", summary="Skriv eller ret afgørelsens kladde")
def draft(
    case_id: uuid.UUID, body: DecisionDraft, session: DbSession, actor: CurrentActor
) -> DecisionOut:
    return decision_out(draft_decision(session, actor, case_id, body))


@router.get("/cases/{case_id}/decisions", summary="Sagens afgørelser, nyeste først")
def listing(case_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> list[DecisionOut]:
    decisions = decisions_of_case_for(session, actor, case_id)
    history = decision_history(session, decisions)
    return [decision_out(d, history) for d in decisions]


@router.post("/decisions/{decision_id}/hearing", summary="Send partshøring (FVL § 19)")
def hearing(
    decision_id: uuid.UUID, body: HearingIn, session: DbSession, actor: CurrentActor
) -> DecisionOut:
    return decision_out(start_hearing(session, actor, decision_id, body))


@router.post("/decisions/{decision_id}/hearing-answer", summary="Registrér svar på partshøring")
def hearing_answer(
    decision_id: uuid.UUID, body: HearingAnswerIn, session: DbSession, actor: CurrentActor
) -> DecisionOut:
    return decision_out(record_hearing_answer(session, actor, decision_id, body))


@router.post(
    "/decisions/{decision_id}/hearing-waiver",
    summary="Registrér at borgeren har givet afkald på partshøring",
)
def hearing_waiver(
    decision_id: uuid.UUID, body: HearingWaiverIn, session: DbSession, actor: CurrentActor
) -> DecisionOut:
    return decision_out(waive_hearing(session, actor, decision_id, body))


@router.post("/decisions/{decision_id}/send", summary="Send afgørelsen")
def send(
    decision_id: uuid.UUID, body: SendIn, session: DbSession, actor: CurrentActor
) -> DecisionOut:
    return decision_out(send_decision(session, actor, decision_id, body))


@router.post("/decisions/{decision_id}/received", summary="Registrér at brevet er modtaget")
def received(
    decision_id: uuid.UUID, body: ReceivedIn, session: DbSession, actor: CurrentActor
) -> DecisionOut:
    return decision_out(register_received(session, actor, decision_id, body))


@router.post("/decisions/{decision_id}/appeal", summary="Registrér en klage")
def appeal(
    decision_id: uuid.UUID, body: AppealIn, session: DbSession, actor: CurrentActor
) -> DecisionOut:
    return decision_out(register_appeal(session, actor, decision_id, body))


@router.post("/decisions/{decision_id}/reconsideration", summary="Afslut genvurderingen")
def reconsideration(
    decision_id: uuid.UUID, body: ReconsiderIn, session: DbSession, actor: CurrentActor
) -> DecisionOut:
    return decision_out(reconsider(session, actor, decision_id, body))


@router.get(
    "/decisions/{decision_id}/letter.pdf",
    summary="Afgørelsesbrevet som PDF",
    response_class=Response,
)
def letter(decision_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> Response:
    document = pdf(decision_letter(session, actor, decision_id))
    return Response(document, media_type="application/pdf")


@router.get(
    "/decisions/{decision_id}/reconsideration-letter.pdf",
    summary="Brevet om genvurderingen som PDF",
    response_class=Response,
)
def reconsideration_letter(
    decision_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> Response:
    document = pdf(appeal_letter(session, actor, decision_id, forwarding=False))
    return Response(document, media_type="application/pdf")


@router.get(
    "/decisions/{decision_id}/forwarding-letter.pdf",
    summary="Brevet om, at klagen er sendt videre, som PDF",
    response_class=Response,
)
def forwarding_letter(decision_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> Response:
    document = pdf(appeal_letter(session, actor, decision_id, forwarding=True))
    return Response(document, media_type="application/pdf")
