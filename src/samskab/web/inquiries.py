# SPDX-License-Identifier: MPL-2.0
"""Register an inquiry as a case (with the RSL § 5 holistic check), and move a case on."""

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samskab.assessments.actions import move_case
from samskab.cases.actions import notify_delay, open_case
from samskab.cases.queries import case_for
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
            case, errors = attempt(session, lambda: open_case(session, actor, valid))
            if case is not None:
                return RedirectResponse(f"/sager/{case.id}", status_code=303), errors
        return None, errors

    answer, errors = once(session, actor, form, register)
    return answer or _inquiry_page(request, form, errors)


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
