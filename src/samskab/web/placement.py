# SPDX-License-Identifier: MPL-2.0
"""Placement advice on a case: the citizen and the caseworker set what matters together,
see the fitting offers ranked and explained, and choose one."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.cases.models import Case
from samskab.cases.queries import case_for
from samskab.cases.states import LABELS
from samskab.offers import codes
from samskab.offers.models import SPECIALISATION_LABELS
from samskab.placement import advice
from samskab.web.deps import CurrentActor, DbSession
from samskab.web.forms import FormData, FormErrors, attempt, parse
from samskab.web.render import page

router = APIRouter(include_in_schema=False)


def _form_values(data: dict[str, Any]) -> dict[str, Any]:
    """The flat form as the schema's shape (relatives as a list)."""
    values = {k: v for k, v in data.items() if not k.startswith(("relative_", "_"))}
    relatives = []
    for n in (1, 2, 3):
        name = str(data.get(f"relative_{n}_name", "")).strip()
        postcode = str(data.get(f"relative_{n}_postcode", "")).strip()
        if name or postcode:
            relatives.append({"name": name, "postcode": postcode})
    values["relatives"] = relatives
    return values


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    case: Case,
    errors: FormErrors,
    values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    request_row = advice.request_for(session, actor, case.id)
    ranked = advice.rank(session, request_row) if request_row else None
    if values is None:
        if request_row is not None:
            values = {
                "target_group_code": request_row.target_group_code,
                "support_level": request_row.support_level,
                **request_row.weights,
            }
            for n, relative in enumerate(request_row.relatives, start=1):
                values[f"relative_{n}_name"] = relative["name"]
                values[f"relative_{n}_postcode"] = relative["postcode"]
        else:
            values = {
                "support_level": advice.suggested_level(session, case.id),
                **{k: advice.AdviceIn.model_fields[k].default for k in advice.WEIGHT_LABELS},
            }
    groups = sorted(codes.target_groups().values(), key=lambda c: c.display)
    return page(
        request,
        "placement.html",
        status_code=status_code,
        case=case,
        section="Placering",
        case_labels=LABELS,
        errors=errors,
        values=values,
        groups=groups,
        levels=SPECIALISATION_LABELS,
        weight_labels=advice.WEIGHT_LABELS,
        request_row=request_row,
        advice=ranked,
        offer_case=case.service_type in codes.OFFER_SERVICES,
    )


@router.get("/sager/{case_id}/placering")
def placement_page(
    request: Request, case_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> HTMLResponse:
    case = case_for(session, actor, case_id, "placement.read")
    return _page(request, session, actor, case, FormErrors())


@router.post("/sager/{case_id}/placering")
def ask_for_advice(
    request: Request, case_id: uuid.UUID, form: FormData, session: DbSession, actor: CurrentActor
) -> Response:
    case = case_for(session, actor, case_id, "placement.read")
    parsed, errors = parse(advice.AdviceIn, _form_values(form))
    if parsed is not None:
        valid = parsed
        _, errors = attempt(session, lambda: advice.ask(session, actor, case.id, valid))
        if not errors:
            return RedirectResponse(f"/sager/{case.id}/placering#forslag", status_code=303)
    return _page(request, session, actor, case, errors, values=form, status_code=422)


@router.post("/sager/{case_id}/placering/vaelg")
def choose_offer(
    request: Request,
    case_id: uuid.UUID,
    offer_id: Annotated[uuid.UUID, Form()],
    session: DbSession,
    actor: CurrentActor,
) -> Response:
    case = case_for(session, actor, case_id, "placement.read")
    _, errors = attempt(session, lambda: advice.choose(session, actor, case.id, offer_id))
    if errors:
        return _page(request, session, actor, case, errors, status_code=422)
    return RedirectResponse(f"/sager/{case.id}/placering#valgt", status_code=303)
