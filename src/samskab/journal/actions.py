# SPDX-License-Identifier: MPL-2.0
"""Writing journal notes. Flush, never commit.

Every note's text is authored text: who wrote it, in which role, when, and every correction
as a new version (the note row keeps the current text for reading and searching).
"""

import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import require_citizen
from samskab.authorship.actions import adopt_text, write_text, writer_of
from samskab.authorship.models import AuthoredText, Voice, Writer
from samskab.authorship.queries import latest_version
from samskab.cases.queries import case_for
from samskab.core import clock
from samskab.core.errors import Forbidden, InvalidInput, NotFound, StaleVersion
from samskab.journal.models import KIND_LABELS, WRITTEN_KINDS, Note
from samskab.journal.queries import NOTE
from samskab.journal.schemas import NoteCorrectionIn, NoteIn


def _record_body(session: Session, actor: Actor, note: Note, *, first: bool = False) -> None:
    """Record the note's text as a version of authored text (staff write in their own voice);
    `first` for a note written in this transaction."""
    voice = Voice.PROFESSIONAL if writer_of(actor) == Writer.STAFF else Voice.CITIZEN
    write_text(
        session,
        actor,
        citizen_id=note.citizen_id,
        subject=(NOTE, note.id),
        field="body",
        body=note.body,
        voice=voice,
        first=first,
    )


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
    _record_body(session, actor, note, first=True)
    return note


def correct_note(
    session: Session, actor: Actor, note_id: uuid.UUID, data: NoteCorrectionIn
) -> Note:
    """Correct a note a person wrote: a new version of its text; the earlier ones are kept.

    Notes samskab journalised by itself (a letter sent, a step taken) are not corrected. The
    note's row is locked while its text's version is checked, so of two corrections based on
    the same version the second one finds the first and is refused.
    """
    note = session.get(Note, note_id, with_for_update=True)
    if note is None:
        raise NotFound("Notatet")
    require_citizen(
        session,
        actor,
        note.citizen_id,
        "note.create",
        object_type="note",
        object_id=note.id,
        what="Notatet",
    )
    if note.kind not in WRITTEN_KINDS:
        raise Forbidden("Notater, som samskab selv har skrevet, kan ikke rettes.")
    if writer_of(actor) != Writer.STAFF:
        raise Forbidden("Kun sagens medarbejdere kan rette et notat.")
    if not data.body.strip():
        raise InvalidInput("Skriv, hvad der skete eller blev sagt.", field="body")
    latest = latest_version(session, NOTE, note.id, "body")
    if data.version is not None and data.version != (latest.version if latest else 1):
        raise _stale_note(note, latest)
    adopt_text(  # a note from before notes were authored text keeps its first wording
        session,
        citizen_id=note.citizen_id,
        subject=(NOTE, note.id),
        field="body",
        body=note.body,
        written=(note.author_id, note.author_name, note.written_at),
    )
    note.body = data.body
    savepoint = session.begin_nested()
    try:
        _record_body(session, actor, note)
        session.flush()
    except IntegrityError:  # another correction of the same version got in first
        savepoint.rollback()
        session.refresh(note)
        raise _stale_note(note, latest_version(session, NOTE, note.id, "body")) from None
    savepoint.commit()
    return note


def _stale_note(note: Note, latest: AuthoredText | None) -> StaleVersion:
    """The refusal of a correction based on an older text, with the text now stored."""
    version = latest.version if latest else 1
    return StaleVersion(
        "Notatet", {"body": latest.body if latest else note.body, "version": version}
    )
