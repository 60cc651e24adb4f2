# SPDX-License-Identifier: MPL-2.0
"""Writing journal notes. Flush, never commit."""

import uuid

from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.cases.queries import case_for
from samskab.core import clock
from samskab.journal.models import Note
from samskab.journal.schemas import NoteIn


def write_note(session: Session, actor: Actor, case_id: uuid.UUID, data: NoteIn) -> Note:
    """Add a journal note to a case."""
    case = case_for(session, actor, case_id, "note.create")
    note = Note(
        case_id=case.id,
        citizen_id=case.citizen_id,
        kind=data.kind,
        title=data.title,
        body=data.body,
        author_id=actor.user_id,
        author_name=actor.display_name,
        written_at=clock.now(),
    )
    session.add(note)
    session.flush()
    return note
