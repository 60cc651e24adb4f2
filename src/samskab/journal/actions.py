# SPDX-License-Identifier: MPL-2.0
"""Writing journal notes. Flush, never commit."""

import uuid

from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.cases.queries import case_for
from samskab.core import clock
from samskab.core.errors import InvalidInput
from samskab.journal.models import KIND_LABELS, Note
from samskab.journal.schemas import NoteIn


def write_note(session: Session, actor: Actor, case_id: uuid.UUID, data: NoteIn) -> Note:
    """Add a journal note to a case (notatpligt): the event's day may not lie in the future."""
    case = case_for(session, actor, case_id, "note.create")
    today = clock.today()
    occurred_on = data.occurred_on or today
    if occurred_on > today:
        raise InvalidInput("Datoen kan ikke ligge i fremtiden.", field="occurred_on")
    if not data.body.strip():
        raise InvalidInput("Skriv, hvad der skete eller blev sagt.", field="body")
    note = Note(
        case_id=case.id,
        citizen_id=case.citizen_id,
        kind=data.kind,
        title=data.title.strip() or KIND_LABELS[data.kind],
        body=data.body,
        author_id=actor.user_id,
        author_name=actor.display_name,
        written_at=clock.now(),
        occurred_on=occurred_on,
    )
    session.add(note)
    session.flush()
    return note
