# SPDX-License-Identifier: MPL-2.0
"""Reading journal notes: access-checked and logged."""

import re
import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal_column, select, table
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import (
    log_list_reads,
    require_citizen,
    sees_internal_notes,
    visible_citizen_ids,
)
from samskab.authorship.queries import History, history_of, version_out
from samskab.cases.queries import case_for
from samskab.journal.models import Note, NoteKind
from samskab.journal.schemas import NoteOut

NOTE = "note"  # the subject type of a note's authored text


def _shown_to(actor: Actor, query: Select[Note]) -> Select[Note]:
    """Internal notes are the staff's working notes; the citizen and relatives do not see them."""
    return query if sees_internal_notes(actor) else query.where(Note.kind != NoteKind.INTERNAL)


def notes_for(
    session: Session, actor: Actor, case_id: uuid.UUID, *, limit: int = 50, offset: int = 0
) -> list[Note]:
    """A case's journal, the newest event first."""
    case = case_for(session, actor, case_id, "note.read")
    query = (
        select(Note)
        .where(Note.case_id == case.id)
        .order_by(Note.occurred_on.desc(), Note.written_at.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(_shown_to(actor, query)))


def recent_notes_of_citizen_for(
    session: Session, actor: Actor, citizen_id: uuid.UUID, *, limit: int = 10
) -> list[Note]:
    """The newest notes across all of a citizen's cases."""
    require_citizen(session, actor, citizen_id, "note.read", object_type="note")
    query = (
        select(Note)
        .where(Note.citizen_id == citizen_id)
        .order_by(Note.written_at.desc())
        .limit(limit)
    )
    return list(session.scalars(_shown_to(actor, query)))


def note_history(session: Session, notes: list[Note]) -> History:
    """Every version of the notes' texts (callers have read the notes through notes_for)."""
    return history_of(session, NOTE, [note.id for note in notes])


def note_out(note: Note, history: History | None = None) -> NoteOut:
    """A note as a response body, with every version of its text when given."""
    versions = (history or {}).get((note.id, "body"), [])
    return NoteOut(
        id=note.id,
        case_id=note.case_id,
        kind=note.kind,
        title=note.title,
        body=note.body,
        occurred_on=note.occurred_on,
        author_name=note.author_name,
        written_at=note.written_at,
        versions=[version_out(v) for v in versions],
    )


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())[:8]


def search_notes_for(session: Session, actor: Actor, text: str, *, limit: int = 20) -> list[Note]:
    """Notes with these words, among citizens the actor may see, best match first.

    PostgreSQL stems the words with its Danish dictionary; SQLite's FTS5 matches word prefixes.
    """
    words = _words(text)
    if not words:
        return []
    visible = Note.citizen_id.in_(visible_citizen_ids(actor))
    if session.get_bind().dialect.name == "postgresql":
        query_ts = func.websearch_to_tsquery("danish", " ".join(words))
        vector: ColumnElement[Any] = literal_column("note.search")
        query = (
            select(Note)
            .where(vector.op("@@")(query_ts), visible)
            .order_by(func.ts_rank(vector, query_ts).desc(), Note.written_at.desc())
        )
    else:
        match = " ".join(f'"{word}"*' for word in words)
        hits: Select[Any] = (
            select(literal_column("rowid"))
            .select_from(table("note_fts"))
            .where(literal_column("note_fts").op("MATCH")(match))
        )
        query = (
            select(Note)
            .where(literal_column("note.rowid").in_(hits), visible)
            .order_by(Note.written_at.desc())
        )
    found = list(session.scalars(query.limit(limit)))
    log_list_reads(session, actor, (note.citizen_id for note in found), "note")
    return found
