# SPDX-License-Identifier: MPL-2.0
"""Journal notes on a case."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query

from samskab.api.deps import CurrentActor, DbSession
from samskab.api.idempotency import IdempotencyKey as Once
from samskab.authorship.queries import history_of_new
from samskab.journal.actions import correct_note, write_note
from samskab.journal.queries import NOTE, note_history, note_out, notes_for
from samskab.journal.schemas import NoteCorrectionIn, NoteIn, NoteOut

router = APIRouter(tags=["Journal"])


@router.post(
    "/cases/{case_id}/notes", status_code=201, summary="Skriv et notat", response_model=NoteOut
)
def create(
    case_id: uuid.UUID, body: NoteIn, session: DbSession, actor: CurrentActor, once: Once
) -> Any:
    def write() -> NoteOut:
        note = write_note(session, actor, case_id, body)
        return note_out(note, history_of_new(session, NOTE, note.id))

    return once.run(body, write)


@router.put("/notes/{note_id}", summary="Ret et notat (de tidligere udgaver bevares)")
def correct(
    note_id: uuid.UUID, body: NoteCorrectionIn, session: DbSession, actor: CurrentActor
) -> NoteOut:
    note = correct_note(session, actor, note_id, body)
    return note_out(note, note_history(session, [note]))


@router.get("/cases/{case_id}/notes", summary="Sagens notater, nyeste først")
def listing(
    case_id: uuid.UUID,
    session: DbSession,
    actor: CurrentActor,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[NoteOut]:
    notes = notes_for(session, actor, case_id, limit=limit, offset=offset)
    history = note_history(session, notes)
    return [note_out(n, history) for n in notes]
