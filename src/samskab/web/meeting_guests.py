# SPDX-License-Identifier: MPL-2.0
"""Guests of a live meeting: joining by link and code with name and role, and the caseworker
letting them in or taking them out."""

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samskab.meetings.guests import admit_participant, join_meeting, remove_participant
from samskab.meetings.schemas import AdmitIn, JoinIn
from samskab.meetings.states import ParticipantKind
from samskab.web.deps import CurrentActor, DbSession
from samskab.web.forms import FormData, FormErrors, attempt, parse
from samskab.web.meetings import KINDS
from samskab.web.render import page

router = APIRouter(include_in_schema=False)


@router.post("/moeder/deltagere/{participant_id}/luk-ind")
def admit(
    request: Request,
    participant_id: uuid.UUID,
    form: FormData,
    session: DbSession,
    actor: CurrentActor,
) -> Response:
    parsed, errors = parse(AdmitIn, form)
    if parsed is not None:
        admitted, errors = attempt(
            session, lambda: admit_participant(session, actor, participant_id, parsed)
        )
        if admitted is not None:
            return RedirectResponse(f"/moeder/{admitted.meeting_id}", status_code=303)
    return page(
        request,
        "error.html",
        status_code=422,
        title="Deltageren er ikke lukket ind",
        message=" ".join(errors.values()) + " Gå tilbage og prøv igen.",
    )


@router.post("/moeder/deltagere/{participant_id}/fjern")
def remove(participant_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> Response:
    removed = remove_participant(session, actor, participant_id)
    return RedirectResponse(f"/moeder/{removed.meeting_id}", status_code=303)


def _join_page(
    request: Request, token: str, values: dict[str, Any], errors: FormErrors, status: int = 200
) -> HTMLResponse:
    return page(
        request,
        "meeting_join.html",
        status_code=status,
        token=token,
        values=values,
        errors=errors,
        kinds=[(k.value, v) for k, v in KINDS.items()],
    )


@router.get("/m/{token}")
def join_page(request: Request, token: str) -> HTMLResponse:
    return _join_page(request, token, {"kind": ParticipantKind.CITIZEN.value}, FormErrors())


@router.post("/m/{token}")
def join(request: Request, token: str, form: FormData, session: DbSession) -> Response:
    parsed, errors = parse(JoinIn, form)
    if parsed is not None:
        client = request.client.host if request.client else None
        joined, errors = attempt(
            session, lambda: join_meeting(session, token, parsed, client_address=client)
        )
        if joined is not None:
            request.session["guest"] = {
                "meeting_id": str(joined.meeting_id),
                "participant_id": str(joined.id),
                "name": joined.name,
            }
            return RedirectResponse(f"/moeder/{joined.meeting_id}/borger", status_code=303)
    return _join_page(request, token, form, errors, status=422)
