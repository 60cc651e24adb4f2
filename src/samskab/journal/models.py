# SPDX-License-Identifier: MPL-2.0
"""The Note table."""

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from samskab.core.db import Base, HasId


class NoteKind(StrEnum):
    """What sort of note this is: what happened (the five a caseworker writes), or what samskab
    journalised by itself (a note on a step, a letter sent)."""

    PHONE = "telefonsamtale"
    HOME_VISIT = "hjemmebesøg"
    MEETING = "møde"
    MAIL = "mail"
    INTERNAL = "intern note"
    NOTE = "notat"
    LETTER = "brev"
    MESSAGE = "besked"


# The kinds a caseworker chooses between when journalising (notatpligt,
# offentlighedsloven § 13), with their labels, in the order of the form.
WRITTEN_KINDS = {
    NoteKind.PHONE: "Telefonsamtale",
    NoteKind.HOME_VISIT: "Hjemmebesøg",
    NoteKind.MEETING: "Møde",
    NoteKind.MAIL: "Mail",
    NoteKind.INTERNAL: "Intern note",
}
KIND_LABELS = WRITTEN_KINDS | {
    NoteKind.NOTE: "Notat",
    NoteKind.LETTER: "Brev",
    NoteKind.MESSAGE: "Besked",
}


class Note(HasId, Base):
    """A journal note: what was said, agreed or done."""

    __tablename__ = "note"
    __table_args__ = (Index("ix_note_case_written", "case_id", "written_at"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_file.id"))
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizen.id"), index=True)
    kind: Mapped[NoteKind] = mapped_column(String(20), default=NoteKind.NOTE)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    author_name: Mapped[str] = mapped_column(String(200))
    written_at: Mapped[datetime] = mapped_column()
    # The day of the call, visit or meeting the note is about (written_at is when it was noted).
    occurred_on: Mapped[date] = mapped_column()


class Message(HasId, Base):
    """A message between the citizen and their caseworkers."""

    __tablename__ = "message"
    __table_args__ = (Index("ix_message_citizen_at", "citizen_id", "at"),)

    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizen.id"))
    from_citizen: Mapped[bool] = mapped_column()
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    author_name: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column()
    # A message from the citizen is new for the caseworkers until one of them with access to
    # the citizen has seen the thread; who and when is kept (the read is also in the audit log).
    read_at: Mapped[datetime | None] = mapped_column()
    read_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
