# SPDX-License-Identifier: MPL-2.0
"""Co-created meetings: plan, start, the versioned note, the citizen's view, live events."""

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from samskab.api.deps import CurrentActor, DbSession, actor_of
from samskab.meetings.actions import (
    add_agreement,
    add_citizen_view,
    confirm_note,
    edit_note,
    end_meeting,
    plan_meeting,
    start_meeting,
)
from samskab.meetings.guests import admit_participant, remove_participant
from samskab.meetings.live import LiveStates, open_live_view
from samskab.meetings.queries import (
    join_details_for,
    meeting_for,
    note_history,
    state_of,
)
from samskab.meetings.schemas import (
    AdditionIn,
    AdmitIn,
    AgreementIn,
    ConfirmIn,
    JoinDetails,
    MeetingIn,
    MeetingState,
    NoteEditIn,
)

router = APIRouter(tags=["Møder"])


class JoinOut(BaseModel):
    """The link token and six-digit code that let participants join (shown once)."""

    link_token: str
    code: str


class EditOut(BaseModel):
    """One acknowledged version of the note."""

    version: int
    based_on: int
    text: str
    author_name: str


@router.post("/cases/{case_id}/meetings", status_code=201, summary="Planlæg et møde")
def create(
    case_id: uuid.UUID, body: MeetingIn, session: DbSession, actor: CurrentActor
) -> MeetingState:
    return state_of(plan_meeting(session, actor, case_id, body))


@router.post("/meetings/{meeting_id}/start", summary="Start mødet; nyt link og ny kode")
def start(meeting_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> JoinOut:
    token, code = start_meeting(session, actor, meeting_id)
    return JoinOut(link_token=token, code=code)


@router.get(
    "/meetings/{meeting_id}/join",
    summary="Mødets link og kode, mens mødet er i gang (kun sagsbehandleren)",
)
def join_details(
    meeting_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> JoinDetails | None:
    return join_details_for(session, actor, meeting_id)


@router.post(
    "/meeting-participants/{participant_id}/admit",
    summary="Luk en ventende deltager ind i den rolle, sagsbehandleren bekræfter",
)
def admit(
    participant_id: uuid.UUID, body: AdmitIn, session: DbSession, actor: CurrentActor
) -> MeetingState:
    admitted = admit_participant(session, actor, participant_id, body)
    return state_of(meeting_for(session, actor, admitted.meeting_id))


@router.post("/meeting-participants/{participant_id}/remove", summary="Fjern en deltager")
def remove(participant_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> MeetingState:
    removed = remove_participant(session, actor, participant_id)
    return state_of(meeting_for(session, actor, removed.meeting_id))


@router.get("/meetings/{meeting_id}", summary="Mødet, som det ser ud nu")
def read(meeting_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> MeetingState:
    return state_of(meeting_for(session, actor, meeting_id))


@router.put(
    "/meetings/{meeting_id}/note",
    summary="Gem notatet; 409 med den aktuelle tekst, hvis det er ændret imens",
)
def write(
    meeting_id: uuid.UUID, body: NoteEditIn, session: DbSession, actor: CurrentActor
) -> MeetingState:
    edit_note(session, actor, meeting_id, body)
    return state_of(meeting_for(session, actor, meeting_id))


@router.get("/meetings/{meeting_id}/history", summary="Alle gemte udgaver af notatet")
def history(meeting_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> list[EditOut]:
    meeting = meeting_for(session, actor, meeting_id, "meeting.history")
    return [
        EditOut(version=e.version, based_on=e.based_on, text=e.text, author_name=e.author_name)
        for e in note_history(session, meeting)
    ]


@router.post("/meetings/{meeting_id}/perspective", status_code=201, summary="Mit perspektiv")
def perspective(
    meeting_id: uuid.UUID, body: AdditionIn, session: DbSession, actor: CurrentActor
) -> dict[str, str]:
    add_citizen_view(session, actor, meeting_id, body, recognised=True)
    return {"status": "ok"}


@router.post(
    "/meetings/{meeting_id}/not-recognised", status_code=201, summary="Det genkender jeg ikke"
)
def not_recognised(
    meeting_id: uuid.UUID, body: AdditionIn, session: DbSession, actor: CurrentActor
) -> dict[str, str]:
    add_citizen_view(session, actor, meeting_id, body, recognised=False)
    return {"status": "ok"}


@router.post("/meetings/{meeting_id}/agreements", status_code=201, summary="Aftale")
def agreement(
    meeting_id: uuid.UUID, body: AgreementIn, session: DbSession, actor: CurrentActor
) -> dict[str, str]:
    add_agreement(session, actor, meeting_id, body)
    return {"status": "ok"}


@router.post("/meetings/{meeting_id}/confirmation", summary="Borgerens svar på notatet")
def confirmation(
    meeting_id: uuid.UUID, body: ConfirmIn, session: DbSession, actor: CurrentActor
) -> MeetingState:
    confirm_note(session, actor, meeting_id, body)
    return state_of(meeting_for(session, actor, meeting_id))


@router.post("/meetings/{meeting_id}/end", summary="Afslut mødet; notatet journaliseres")
def end(meeting_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> MeetingState:
    return state_of(end_meeting(session, actor, meeting_id))


@router.get(
    "/meetings/{meeting_id}/events",
    summary="Live: server-sent events med mødets tilstand",
    response_class=StreamingResponse,
)
async def events(meeting_id: uuid.UUID, request: Request) -> StreamingResponse:
    states: LiveStates = request.app.state.live_states
    # Access is checked and logged once, when the live view opens (404 or 401 before it);
    # the stream then holds no database connection.
    guest = await states.open(
        lambda session: open_live_view(session, actor_of(request), meeting_id)
    )
    return StreamingResponse(
        states.follow(meeting_id, guest, request.is_disconnected),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store"},
    )
