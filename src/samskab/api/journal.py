# SPDX-License-Identifier: MPL-2.0
"""Journal notes on a case."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query

from samskab.api.deps import CurrentActor, DbSession
from samskab.api.idempotency import IdempotencyKey as Once
from samskab.journal.actions import write_note
from samskab.journal.queries import note_out, notes_for
from samskab.journal.schemas import NoteIn, NoteOut

router = APIRouter(tags=["Journal"])


@router.post(
    "/cases/{case_id}/notes", status_code=201, summary="Skriv et notat", response_model=NoteOut
)
def create(
    case_id: uuid.UUID, body: NoteIn, session: DbSession, actor: CurrentActor, once: Once
) -> Any:
    return once.run(body, lambda: note_out(write_note(session, actor, case_id, body)))


@router.get("/cases/{case_id}/notes", summary="Sagens notater, nyeste først")
def listing(
    case_id: uuid.UUID,
    session: DbSession,
    actor: CurrentActor,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[NoteOut]:
    return [note_out(n) for n in notes_for(session, actor, case_id, limit=limit, offset=offset)]
