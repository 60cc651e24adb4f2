# SPDX-License-Identifier: MPL-2.0
"""Live meetings: the caseworker's editor, the shared screen, and the citizen's own device."""

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.authorship.queries import history_of
from samskab.cases.queries import case_for
from samskab.cases.states import LABELS
from samskab.core.clock import COPENHAGEN
from samskab.core.errors import Conflict
from samskab.meetings.actions import (
    ADDITION,
    add_agreement,
    add_citizen_view,
    confirm_note,
    edit_note,
    end_meeting,
    plan_meeting,
    start_meeting,
)
from samskab.meetings.live import LiveStates, open_live_view
from samskab.meetings.models import Meeting
from samskab.meetings.queries import (
    guest_participant,
    guest_standing,
    join_details_of,
    meeting_for,
    meetings_of_case_for,
    note_history,
    state_of,
)
from samskab.meetings.schemas import (
    AdditionIn,
    AgreementIn,
    ConfirmIn,
    MeetingIn,
    NoteEditIn,
)
from samskab.meetings.states import LABELS as MEETING_LABELS
from samskab.meetings.states import (
    PARTICIPANT_LABELS,
    STAFF_FORM_LABELS,
    ParticipantKind,
)
from samskab.web.deps import CurrentActor, DbSession, actor_of
from samskab.web.forms import FormData, FormErrors, attempt, parse
from samskab.web.render import page

router = APIRouter(include_in_schema=False)
KINDS = {
    ParticipantKind.CITIZEN: "Borger",
    ParticipantKind.RELATIVE: "Pårørende",
    ParticipantKind.PROFESSIONAL: "Fagperson",
    ParticipantKind.INTERPRETER: "Tolk",
}


def _meetings_page(
    request: Request,
    session: Session,
    actor: Actor,
    case_id: uuid.UUID,
    values: dict[str, Any],
    errors: FormErrors,
) -> HTMLResponse:
    case = case_for(session, actor, case_id)
    return page(
        request,
        "meetings.html",
        case=case,
        section="Møder",
        case_labels=LABELS,
        meetings=meetings_of_case_for(session, actor, case.id),
        values=values,
        errors=errors,
        kinds=[(k.value, v) for k, v in KINDS.items()],
        forms=[(k.value, v) for k, v in STAFF_FORM_LABELS.items()],
        form_names={k.value: v for k, v in STAFF_FORM_LABELS.items()},
        status_names=MEETING_LABELS,
    )


@router.get("/sager/{case_id}/moeder")
def meetings_page(
    request: Request, case_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> HTMLResponse:
    case = case_for(session, actor, case_id)
    values = {
        "title": "Møde om din plan",
        "starts_at": datetime.now(COPENHAGEN).strftime("%Y-%m-%dT%H:%M"),
        "p0_kind": "borger",
        "p0_name": case.citizen.full_name,
    }
    return _meetings_page(request, session, actor, case_id, values, FormErrors())


@router.post("/sager/{case_id}/moeder")
def new_meeting(
    request: Request,
    case_id: uuid.UUID,
    form: FormData,
    session: DbSession,
    actor: CurrentActor,
) -> Response:
    people = [
        {
            "kind": form.get(f"p{i}_kind"),
            "name": form.get(f"p{i}_name"),
            "organisation": form.get(f"p{i}_org", ""),
        }
        for i in range(3)
        if form.get(f"p{i}_name")
    ]
    starts = str(form.get("starts_at", ""))
    data = {
        "title": form.get("title", ""),
        "place": form.get("place", ""),
        "form": form.get("form") or None,
        "participants": people,
        "starts_at": datetime.fromisoformat(starts).replace(tzinfo=COPENHAGEN).isoformat()
        if _is_moment(starts)
        else starts,
    }
    parsed, errors = parse(MeetingIn, data)
    if parsed is not None:
        meeting, errors = attempt(session, lambda: plan_meeting(session, actor, case_id, parsed))
        if meeting is not None:
            return RedirectResponse(f"/moeder/{meeting.id}", status_code=303)
    return _meetings_page(request, session, actor, case_id, form, errors)


def _is_moment(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _editor(
    request: Request,
    session: Session,
    actor: Actor,
    meeting: Meeting,
    conflict: dict[str, Any] | None = None,
    errors: FormErrors | None = None,
) -> HTMLResponse:
    case = case_for(session, actor, meeting.case_id)
    codes = join_details_of(actor, meeting)
    return page(
        request,
        "meeting_editor.html",
        case=case,
        section="Møder",
        case_labels=LABELS,
        meeting=meeting,
        codes=codes,
        conflict=conflict,
        errors=errors or FormErrors(),
        history=len(note_history(session, meeting)),
        authors=history_of(session, ADDITION, [a.id for a in meeting.additions]),
        status_names=MEETING_LABELS,
        form_names={k.value: v for k, v in STAFF_FORM_LABELS.items()},
        kinds=[(k.value, v) for k, v in KINDS.items()],
        kind_names={k.value: v for k, v in KINDS.items()},
        participant_names=PARTICIPANT_LABELS,
        join_url=f"{request.base_url}m/{codes.link_token}" if codes else "",
    )


@router.get("/moeder/{meeting_id}")
def editor(
    request: Request, meeting_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> HTMLResponse:
    return _editor(request, session, actor, meeting_for(session, actor, meeting_id))


@router.post("/moeder/{meeting_id}/start")
def start(
    request: Request, meeting_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> Response:
    start_meeting(session, actor, meeting_id)  # the link and code are kept on the meeting
    return RedirectResponse(f"/moeder/{meeting_id}", status_code=303)


@router.post("/moeder/{meeting_id}/notat")
def save_note(
    request: Request, meeting_id: uuid.UUID, form: FormData, session: DbSession, actor: CurrentActor
) -> Response:
    wants_json = request.headers.get("accept", "").startswith("application/json")
    parsed, errors = parse(NoteEditIn, form)
    if parsed is not None:
        savepoint = session.begin_nested()
        try:
            meeting = edit_note(session, actor, meeting_id, parsed)
        except Conflict as conflict:
            savepoint.rollback()
            details = conflict.details | {"mine": parsed.text, "message": conflict.message}
            if wants_json:
                return JSONResponse(details, status_code=409)
            meeting = meeting_for(session, actor, meeting_id)
            return _editor(request, session, actor, meeting, conflict=details)
        savepoint.commit()
        if wants_json:
            return JSONResponse({"version": meeting.version})
        return RedirectResponse(f"/moeder/{meeting_id}", status_code=303)
    if wants_json:
        return JSONResponse({"message": " ".join(errors.values())}, status_code=422)
    return _editor(request, session, actor, meeting_for(session, actor, meeting_id), errors=errors)


def _step(
    request: Request,
    meeting_id: uuid.UUID,
    session: Session,
    actor: Actor,
    schema: type[Any],
    work: Any,
    back: str,
    data: dict[str, Any],
) -> Response:
    parsed, errors = parse(schema, data)
    if parsed is not None:
        _, errors = attempt(session, lambda: work(parsed))
    if errors:
        return page(
            request,
            "error.html",
            status_code=422,
            title="Noget gik galt",
            message=" ".join(errors.values()) + " Gå tilbage og prøv igen.",
        )
    return RedirectResponse(back, status_code=303)


@router.post("/moeder/{meeting_id}/aftale")
def agreement(
    request: Request, meeting_id: uuid.UUID, form: FormData, session: DbSession, actor: CurrentActor
) -> Response:
    data = form | {"as_goal": form.get("as_goal") == "ja"}
    return _step(
        request,
        meeting_id,
        session,
        actor,
        AgreementIn,
        lambda p: add_agreement(session, actor, meeting_id, p),
        f"/moeder/{meeting_id}",
        data,
    )


@router.post("/moeder/{meeting_id}/afslut")
def end(
    request: Request, meeting_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> Response:
    meeting = end_meeting(session, actor, meeting_id)
    return RedirectResponse(f"/sager/{meeting.case_id}", status_code=303)


@router.get("/moeder/{meeting_id}/skaerm")
def shared_screen(
    request: Request, meeting_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> HTMLResponse:
    meeting = meeting_for(session, actor, meeting_id, "meeting.screen")
    return page(request, "meeting_screen.html", meeting=meeting, state=state_of(meeting))


@router.get("/moeder/{meeting_id}/borger")
def citizen_view(
    request: Request, meeting_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> HTMLResponse:
    standing = guest_standing(session, actor, meeting_id)
    if standing in ("waiting", "removed", "ended"):
        return page(
            request, "meeting_waiting.html", guest_name=actor.display_name, standing=standing
        )
    meeting = meeting_for(session, actor, meeting_id, "meeting.citizen_view")
    guest = guest_participant(session, actor)
    # Only the citizen is offered to answer the note (the domain refuses anyone else anyway).
    voice = guest is None or guest.kind == ParticipantKind.CITIZEN
    return page(
        request,
        "meeting_citizen.html",
        meeting=meeting,
        state=state_of(meeting),
        voice=voice,
        guest=guest is not None,
    )


@router.post("/moeder/{meeting_id}/perspektiv")
def perspective(
    request: Request, meeting_id: uuid.UUID, form: FormData, session: DbSession, actor: CurrentActor
) -> Response:
    recognised = form.get("kind") != "not_recognised"
    return _step(
        request,
        meeting_id,
        session,
        actor,
        AdditionIn,
        lambda p: add_citizen_view(session, actor, meeting_id, p, recognised=recognised),
        f"/moeder/{meeting_id}/borger",
        {k: v for k, v in form.items() if k != "kind"},
    )


@router.post("/moeder/{meeting_id}/bekraeft")
def confirm(
    request: Request, meeting_id: uuid.UUID, form: FormData, session: DbSession, actor: CurrentActor
) -> Response:
    data = {"recognised": form.get("recognised") == "ja", "comment": form.get("comment", "")}
    return _step(
        request,
        meeting_id,
        session,
        actor,
        ConfirmIn,
        lambda p: confirm_note(session, actor, meeting_id, p),
        f"/moeder/{meeting_id}/borger",
        data,
    )


@router.get("/moeder/{meeting_id}/live")
async def live(request: Request, meeting_id: uuid.UUID) -> StreamingResponse:
    states: LiveStates = request.app.state.live_states
    # Checks and logs access once for this live view; the stream holds no database connection
    # and shows a guest nothing more once the meeting ends or they are removed.
    guest = await states.open(
        lambda session: open_live_view(session, actor_of(request), meeting_id)
    )
    return StreamingResponse(
        states.follow(meeting_id, guest, request.is_disconnected),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store"},
    )
