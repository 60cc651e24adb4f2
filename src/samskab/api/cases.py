# SPDX-License-Identifier: MPL-2.0
"""Cases: open, list (mine or my teams'), read, change status, reassign."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from samskab.api.deps import CurrentActor, DbSession
from samskab.api.idempotency import IdempotencyKey as Once
from samskab.assessments.actions import move_case
from samskab.cases.actions import assign_case, notify_delay
from samskab.cases.queries import CaseFilter, case_for, case_out, case_page_for, referral_out
from samskab.cases.referrals import (
    SENT_FOR_ACCEPTANCE,
    accept_referral,
    decline_referral,
    receive_inquiry,
    referrals_for,
)
from samskab.cases.schemas import (
    CaseAssign,
    CaseOpen,
    CaseOut,
    CaseScope,
    CaseTransitionIn,
    DelayIn,
    Page,
    ReferralOut,
    ReferralSent,
)
from samskab.cases.states import CaseStatus

router = APIRouter(prefix="/cases", tags=["Sager"])


@router.post(
    "",
    status_code=201,
    summary="Opret en sag ud fra en henvendelse",
    description="Et CPR-nummer på en borger, du ikke har adgang til, åbner ingenting og viser "
    "ingenting: henvendelsen sendes til godkendelse (202), og sagen oprettes, når det team, "
    "der har borgeren, eller en teamleder har godkendt den.",
    responses={202: {"model": ReferralSent, "description": "Sendt til godkendelse"}},
    response_model=CaseOut | ReferralSent,
)
def create(
    body: CaseOpen, session: DbSession, actor: CurrentActor, response: Response, once: Once
) -> Any:
    def receive() -> CaseOut | ReferralSent:
        received = receive_inquiry(session, actor, body)
        if received.case is not None:
            return case_out(received.case)
        assert received.referral is not None
        response.status_code = 202
        return ReferralSent(
            referral_id=received.referral.id, status="afventer", message=SENT_FOR_ACCEPTANCE
        )

    return once.run(body, receive)


@router.get("/referrals", summary="Henvendelser, der venter på jeres godkendelse")
def referrals(session: DbSession, actor: CurrentActor) -> list[ReferralOut]:
    return [referral_out(r) for r in referrals_for(session, actor)]


@router.post("/referrals/{referral_id}/accept", summary="Godkend: sagen oprettes for det team")
def accept(referral_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> CaseOut:
    return case_out(accept_referral(session, actor, referral_id))


@router.post("/referrals/{referral_id}/decline", summary="Afvis: intet oprettes, ingen adgang")
def decline(referral_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> ReferralOut:
    return referral_out(decline_referral(session, actor, referral_id))


@router.get("", summary="Mine eller teamets sager, mest presserende frist først")
def listing(
    session: DbSession,
    actor: CurrentActor,
    scope: CaseScope = CaseScope.MINE,
    status: CaseStatus | None = None,
    service_type: Annotated[str | None, Query(max_length=20, pattern=r"^[A-Za-z0-9-]+$")] = None,
    include_closed: bool = False,
    overdue: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Page[CaseOut]:
    wanted = CaseFilter(
        scope=scope,
        status=status,
        service_type=service_type,
        open_only=not include_closed,
        overdue=overdue,
    )
    found, total = case_page_for(session, actor, wanted, limit=limit, offset=offset)
    return Page[CaseOut](items=found, total=total, limit=limit, offset=offset)


@router.get("/{case_id}", summary="Én sag")
def read(case_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> CaseOut:
    return case_out(case_for(session, actor, case_id))


@router.post("/{case_id}/transitions", summary="Flyt sagen til næste trin")
def transition(
    case_id: uuid.UUID, body: CaseTransitionIn, session: DbSession, actor: CurrentActor
) -> CaseOut:
    return case_out(move_case(session, actor, case_id, body.to, reason=body.reason))


@router.put("/{case_id}/assignment", summary="Giv sagen til et andet team eller sagsbehandler")
def assign(
    case_id: uuid.UUID, body: CaseAssign, session: DbSession, actor: CurrentActor
) -> CaseOut:
    return case_out(assign_case(session, actor, case_id, body))


@router.post("/{case_id}/delay", summary="Fristen kan ikke holdes: ny forventet dato (RSL § 3)")
def delay(case_id: uuid.UUID, body: DelayIn, session: DbSession, actor: CurrentActor) -> CaseOut:
    return case_out(notify_delay(session, actor, case_id, body))
