# SPDX-License-Identifier: MPL-2.0
"""Register an inquiry as a case (with the RSL § 5 holistic check), and move a case on."""

import uuid
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from samskab.assessments.actions import move_case
from samskab.cases.actions import notify_delay
from samskab.cases.queries import case_for
from samskab.cases.referrals import (
    SENT_FOR_ACCEPTANCE,
    accept_referral,
    citizen_names,
    decline_referral,
    receive_inquiry,
    referrals_for,
    team_names,
)
from samskab.cases.schemas import (
    HOLISTIC_AREAS,
    CaseOpen,
    CaseTransitionIn,
    DelayIn,
    InquirySource,
)
from samskab.cases.states import LABELS
from samskab.core import clock
from samskab.documents.letters import delay_letter
from samskab.documents.render import pdf
from samskab.terminology.services import CATALOGUE
from samskab.web.deps import CurrentActor, DbSession
from samskab.web.forms import FormData, FormErrors, attempt, once, parse
from samskab.web.render import page

router = APIRouter(include_in_schema=False)

SOURCES = {
    InquirySource.CITIZEN: "Borgeren selv",
    InquirySource.RELATIVE: "Pårørende",
    InquirySource.HOSPITAL: "Sygehus",
    InquirySource.GP: "Egen læge",
    InquirySource.OTHER_AUTHORITY: "Anden myndighed eller forvaltning",
    InquirySource.PROVIDER: "Udfører",
}
CITIZEN_FIELDS = (
    "cpr",
    "first_name",
    "last_name",
    "address_line",
    "postcode",
    "phone",
    "communication_needs",
)


def _inquiry_page(request: Request, values: dict[str, Any], errors: FormErrors) -> HTMLResponse:
    return page(
        request,
        "inquiry.html",
        values=values,
        errors=errors,
        services=[(s.key, f"{s.title} ({s.legal_basis})") for s in CATALOGUE],
        sources=[(k.value, v) for k, v in SOURCES.items()],
        areas=HOLISTIC_AREAS,
    )


@router.get("/henvendelser/ny")
def new_inquiry(request: Request, actor: CurrentActor) -> HTMLResponse:
    return _inquiry_page(request, {"received_on": clock.today().isoformat()}, FormErrors())


@router.post("/henvendelser/ny")
def register_inquiry(
    request: Request, form: FormData, session: DbSession, actor: CurrentActor
) -> Response:
    citizen = {name: form.get(f"citizen.{name}", "") for name in CITIZEN_FIELDS}
    citizen = {k: v for k, v in citizen.items() if v != ""}
    citizen["municipality_code"] = actor.municipality_code or ""
    data = {k: v for k, v in form.items() if not k.startswith("citizen.")} | {"citizen": citizen}

    def register() -> tuple[Response | None, FormErrors]:
        parsed, errors = parse(CaseOpen, data)
        if parsed is not None:
            valid = parsed
            received, errors = attempt(session, lambda: receive_inquiry(session, actor, valid))
            if received is not None and received.case is not None:
                return RedirectResponse(f"/sager/{received.case.id}", status_code=303), errors
            if received is not None:
                waiting = page(
                    request,
                    "error.html",
                    status_code=202,
                    title="Henvendelsen afventer godkendelse",
                    message=SENT_FOR_ACCEPTANCE,
                )
                return waiting, errors
        return None, errors

    answer, errors = once(session, actor, form, register, where=request.url.path)
    # The CPR number is never written back into the form.
    return answer or _inquiry_page(
        request, {k: v for k, v in form.items() if k != "citizen.cpr"}, errors
    )


@router.get("/henvendelser/til-godkendelse")
def referrals_page(request: Request, session: DbSession, actor: CurrentActor) -> HTMLResponse:
    waiting = referrals_for(session, actor)
    return page(
        request,
        "referrals.html",
        referrals=waiting,
        citizen_names=citizen_names(session, waiting),
        teams=team_names(session, waiting),
        services={s.key: f"{s.title} ({s.legal_basis})" for s in CATALOGUE},
    )


def _decided(
    request: Request, session: Session, decide: Callable[[], object], title: str
) -> Response:
    """Accept or decline a referral; back to the list, or the refusal in Danish."""
    done, errors = attempt(session, decide)
    if done is None:
        message = " ".join(errors.values())
        return page(request, "error.html", status_code=422, title=title, message=message)
    return RedirectResponse("/henvendelser/til-godkendelse", status_code=303)


@router.post("/henvendelser/{referral_id}/godkend")
def accept(
    request: Request, referral_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> Response:
    return _decided(
        request,
        session,
        lambda: accept_referral(session, actor, referral_id),
        "Henvendelsen er ikke godkendt",
    )


@router.post("/henvendelser/{referral_id}/afvis")
def decline(
    request: Request, referral_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> Response:
    return _decided(
        request,
        session,
        lambda: decline_referral(session, actor, referral_id),
        "Henvendelsen er ikke afvist",
    )


@router.post("/sager/{case_id}/status")
def change_status(
    request: Request,
    case_id: uuid.UUID,
    form: FormData,
    session: DbSession,
    actor: CurrentActor,
) -> Response:
    parsed, errors = parse(CaseTransitionIn, form)
    if parsed is not None:
        _, errors = attempt(
            session,
            lambda: move_case(session, actor, case_id, parsed.to, reason=parsed.reason),
        )
    if errors:
        case = case_for(session, actor, case_id)
        return page(
            request,
            "error.html",
            status_code=422,
            title="Status kunne ikke ændres",
            message=" ".join(errors.values()) + f" (Sagen: {LABELS[case.status]}.)",
        )
    return RedirectResponse(form.get("_next") or f"/sager/{case_id}", status_code=303)


@router.post("/sager/{case_id}/fristbrev")
def delay(
    request: Request,
    case_id: uuid.UUID,
    form: FormData,
    session: DbSession,
    actor: CurrentActor,
) -> Response:
    parsed, errors = parse(DelayIn, form)
    if parsed is not None:
        _, errors = attempt(session, lambda: notify_delay(session, actor, case_id, parsed))
    if errors:
        return page(
            request,
            "error.html",
            status_code=422,
            title="Fristbrevet blev ikke lavet",
            message=" ".join(errors.values()),
        )
    return RedirectResponse(f"/sager/{case_id}#frist", status_code=303)


@router.get("/sager/{case_id}/fristbrev.pdf")
def delay_pdf(case_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> Response:
    return Response(pdf(delay_letter(session, actor, case_id)), media_type="application/pdf")
