# SPDX-License-Identifier: MPL-2.0
"""Afgørelse: outcome, reasons, hearing, the letter previewed and sent, appeal and deadlines."""

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.cases.models import Case
from samskab.cases.queries import case_for, quality_standards, standards_by_id
from samskab.cases.states import LABELS
from samskab.core import clock
from samskab.decisions.actions import (
    draft_decision,
    missing_before_sending,
    reconsider,
    record_hearing_answer,
    register_appeal,
    register_received,
    send_decision,
    start_hearing,
    waive_hearing,
)
from samskab.decisions.models import Decision
from samskab.decisions.queries import (
    appeal_route_of,
    decision_for,
    decision_history,
    decisions_of_case_for,
)
from samskab.decisions.schemas import (
    AppealIn,
    DecisionDraft,
    HearingAnswerIn,
    HearingIn,
    HearingWaiverIn,
    ReceivedIn,
    ReconsiderIn,
    SendIn,
)
from samskab.decisions.states import LABELS as DECISION_LABELS
from samskab.decisions.states import MEDHOLD_LABELS, OUTCOME_LABELS, DecisionStatus
from samskab.documents.letters import appeal_letter, decision_letter
from samskab.documents.render import pdf
from samskab.offers.queries import offers_by_id
from samskab.terminology.services import service_type
from samskab.web.deps import CurrentActor, DbSession
from samskab.web.forms import FormData, FormErrors, attempt, parse
from samskab.web.render import page

router = APIRouter(include_in_schema=False)
DRAFT_LABELS = {
    "outcome": "Resultat",
    "granted": "Det får borgeren",
    "granted_amount": "Bevilget omfang",
    "considerations": "Det har vi lagt vægt på",
    "facts": "De oplysninger, vi har brugt",
    "hearing_not_needed_reason": "Hvorfor høring ikke er nødvendig",
    "hearing_weighing": "Sådan indgår borgerens svar i afgørelsen",
}
DRAFT_FIELDS = (
    "outcome",
    "granted",
    "granted_amount",
    "considerations",
    "facts",
    "hearing_not_needed_reason",
    "hearing_weighing",
)


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    case: Case,
    values: dict[str, Any],
    errors: FormErrors,
    *,
    saved_meanwhile: Decision | None = None,
) -> HTMLResponse:
    decisions = decisions_of_case_for(session, actor, case.id)
    draft = next((d for d in decisions if d.status == DecisionStatus.DRAFT), None)
    if draft is not None and not values:
        values = {name: getattr(draft, name) for name in DRAFT_FIELDS}
        values["granted_amount"] = values["granted_amount"] or ""
        values["granted_codes"] = list(draft.granted_codes or [])
        values["hearing_needed"] = "ja" if draft.hearing_needed else "nej"
        values["version"] = draft.version
    standard = quality_standards(session, case.municipality_code).get(case.service_type)
    service = service_type(case.service_type)
    return page(
        request,
        "decision.html",
        standard=standard,
        case=case,
        section="Afgørelse",
        case_labels=LABELS,
        decisions=decisions,
        texts=decision_history(session, decisions),
        draft=draft,
        values=values,
        errors=errors,
        saved_meanwhile=saved_meanwhile,
        draft_fields=DRAFT_LABELS,
        missing=missing_before_sending(draft) if draft else [],
        letter=decision_letter(session, actor, draft.id) if draft else "",
        outcomes=[(k.value, v) for k, v in OUTCOME_LABELS.items()],
        outcome_names={k.value: v for k, v in OUTCOME_LABELS.items()},
        status_names=DECISION_LABELS,
        today=clock.today().isoformat(),
        offers=offers_by_id(session, (d.offer_id for d in decisions)),
        appeal=service_type(case.service_type).appeal,
        # Each sent decision's appeal route as its letter stated it.
        routes={d.id: appeal_route_of(session, d) for d in decisions},
        medhold_names={k.value: v for k, v in MEDHOLD_LABELS.items()},
        service=service,
        decision_standards=standards_by_id(session, (d.quality_standard_id for d in decisions)),
        code_groups=[
            (g.heading, [(c.code, c.display) for c in g.options])
            for g in service.intervention_groups()
        ],
    )


def _as_list(value: Any) -> list[str]:
    """A multi-valued form field as a list (none, one or many values)."""
    if value is None or value == "":
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


@router.get("/sager/{case_id}/afgoerelse")
def decision_page(
    request: Request, case_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> HTMLResponse:
    return _page(request, session, actor, case_for(session, actor, case_id), {}, FormErrors())


@router.post("/sager/{case_id}/afgoerelse/kladde")
def save_draft(
    request: Request,
    case_id: uuid.UUID,
    form: FormData,
    session: DbSession,
    actor: CurrentActor,
) -> Response:
    case = case_for(session, actor, case_id)
    data = form | {
        "hearing_needed": form.get("hearing_needed", "ja") == "ja",
        "granted_codes": _as_list(form.get("granted_codes")),
    }
    parsed, errors = parse(DecisionDraft, data)
    if parsed is not None:
        _, errors = attempt(session, lambda: draft_decision(session, actor, case.id, parsed))
        if not errors:
            return RedirectResponse(f"/sager/{case_id}/afgoerelse", status_code=303)
    # Saved by someone else since this form was read: keep every word typed here, show the
    # saved text beside it, and let the next save be based on the version now saved.
    saved = next(
        (d for d in decisions_of_case_for(session, actor, case.id) if d.status == "draft"), None
    )
    meanwhile = saved if saved and str(saved.version) != str(form.get("version", "")) else None
    if meanwhile is not None:
        form = form | {"version": meanwhile.version}
    return _page(request, session, actor, case, form, errors, saved_meanwhile=meanwhile)


STEPS: dict[str, tuple[type[BaseModel], Any]] = {
    "partshoering": (HearingIn, start_hearing),
    "svar": (HearingAnswerIn, record_hearing_answer),
    "afkald": (HearingWaiverIn, waive_hearing),
    "send": (SendIn, send_decision),
    "modtaget": (ReceivedIn, register_received),
    "klage": (AppealIn, register_appeal),
    "genvurdering": (ReconsiderIn, reconsider),
}


@router.post("/afgoerelser/{decision_id}/{step}")
def decision_step(
    request: Request,
    decision_id: uuid.UUID,
    step: str,
    form: FormData,
    session: DbSession,
    actor: CurrentActor,
) -> Response:
    decision, case = decision_for(session, actor, decision_id)
    if step not in STEPS:
        return page(
            request,
            "error.html",
            status_code=404,
            title="Ikke fundet",
            message="Trinnet findes ikke.",
        )
    schema, action = STEPS[step]
    parsed, errors = parse(schema, form)
    if parsed is not None:
        _, errors = attempt(session, lambda: action(session, actor, decision.id, parsed))
        if not errors:
            return RedirectResponse(f"/sager/{case.id}/afgoerelse", status_code=303)
    return _page(request, session, actor, case, {}, errors)


@router.get("/afgoerelser/{decision_id}/brev.pdf")
def letter_pdf(decision_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> Response:
    document = pdf(decision_letter(session, actor, decision_id))
    return Response(
        document,
        media_type="application/pdf",
        headers={"Content-Disposition": 'inline; filename="afgoerelse.pdf"'},
    )


@router.get("/afgoerelser/{decision_id}/{kind}.pdf")
def appeal_letter_pdf(
    decision_id: uuid.UUID, kind: str, session: DbSession, actor: CurrentActor
) -> Response:
    if kind not in ("genvurdering", "oversendelse"):
        return Response(status_code=404)
    document = pdf(appeal_letter(session, actor, decision_id, forwarding=kind == "oversendelse"))
    return Response(
        document,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{kind}.pdf"'},
    )


def latest_sent(decisions: list[Decision]) -> Decision | None:
    """The newest decision that has left the municipality."""
    return next((d for d in decisions if d.status != DecisionStatus.DRAFT), None)
