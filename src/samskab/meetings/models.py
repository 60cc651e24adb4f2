# SPDX-License-Identifier: MPL-2.0
"""Tables for meetings, participants, the versioned note, the citizen's additions, agreements."""

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samskab.core.db import Base, HasCreated, HasId
from samskab.meetings.states import MeetingStatus, ParticipantStatus


class Meeting(HasId, HasCreated, Base):
    """A meeting on a case whose note is written live, on a shared screen, with the citizen."""

    __tablename__ = "meeting"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_file.id"), index=True)
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizen.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column()
    status: Mapped[MeetingStatus] = mapped_column(String(10), default=MeetingStatus.PLANNED)
    # Where and how the caseworker plans to meet; shown to the citizen beside the time.
    place: Mapped[str] = mapped_column(String(200), default="")
    form: Mapped[str] = mapped_column(String(20), default="")
    # Joining from one's own device: a one-time link (hashed) plus a short code (hashed).
    join_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    join_code_hash: Mapped[str] = mapped_column(String(64))
    # The link and code themselves, kept while the meeting is live so the caseworker can show
    # them again at any time; wiped when the meeting ends.
    join_token: Mapped[str | None] = mapped_column(String(64))
    join_code: Mapped[str | None] = mapped_column(String(6))
    code_issued_at: Mapped[datetime | None] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=0)
    recognition: Mapped[str | None] = mapped_column(String(20))
    recognition_comment: Mapped[str] = mapped_column(Text, default="")
    recognised_at: Mapped[datetime | None] = mapped_column()
    journal_note_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("note.id"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))

    participants: Mapped[list["Participant"]] = relationship(order_by="Participant.created_at")
    additions: Mapped[list["CitizenAddition"]] = relationship(order_by="CitizenAddition.at")
    confirmations: Mapped[list["Confirmation"]] = relationship(order_by="Confirmation.at")
    agreements: Mapped[list["Agreement"]] = relationship(order_by="Agreement.created_at")


class Participant(HasId, HasCreated, Base):
    """Someone taking part: the citizen, a relative, a professional from another sector."""

    __tablename__ = "meeting_participant"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    # Invited when the meeting was planned; waiting, admitted or removed once they join from
    # their own device (each join is its own row, tied to that device's session).
    status: Mapped[ParticipantStatus] = mapped_column(String(10), default=ParticipantStatus.INVITED)
    admitted_at: Mapped[datetime | None] = mapped_column()
    admitted_by: Mapped[str] = mapped_column(String(200), default="")
    removed_at: Mapped[datetime | None] = mapped_column()


class Confirmation(HasId, Base):
    """One answer from the citizen to the note: recognised, or not and why. Answers are only
    ever added; a disagreement stays in the record when a later confirmation follows it."""

    __tablename__ = "meeting_confirmation"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    recognised: Mapped[bool] = mapped_column()
    comment: Mapped[str] = mapped_column(Text, default="")
    note_version: Mapped[int] = mapped_column()
    author_name: Mapped[str] = mapped_column(String(200))
    # How the author speaks as the citizen: "borger" (logged in), "gæst" (admitted as the
    # citizen by the caseworker) or "fuldmagt" (a relative with power of attorney).
    author_kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column()


class JoinAttempt(HasId, Base):
    """One try at joining a meeting with its link and code, kept so the brake on guessing
    holds across every worker process."""

    __tablename__ = "meeting_join_attempt"
    __table_args__ = (
        Index("ix_meeting_join_attempt_meeting_at", "meeting_id", "at"),
        Index("ix_meeting_join_attempt_client_at", "client_address", "at"),
    )

    meeting_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("meeting.id"))
    client_address: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column()
    at: Mapped[datetime] = mapped_column()


class NoteEdit(HasId, Base):
    """One acknowledged version of the note; the history is never rewritten."""

    __tablename__ = "meeting_note_edit"
    __table_args__ = (
        UniqueConstraint("meeting_id", "version"),
        Index("ix_meeting_note_edit_meeting", "meeting_id"),
    )

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"))
    version: Mapped[int] = mapped_column()
    based_on: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(Text)
    author_name: Mapped[str] = mapped_column(String(200))
    author_kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column()


class CitizenAddition(HasId, Base):
    """What the citizen adds: their own perspective, or a passage they do not recognise."""

    __tablename__ = "meeting_citizen_addition"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "perspective" or "not_recognised"
    passage: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    author_name: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column()


class Agreement(HasId, HasCreated, Base):
    """What was agreed: what, who, by when; it can become a goal in the plan."""

    __tablename__ = "meeting_agreement"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    what: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column()
    goal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("goal.id"))
