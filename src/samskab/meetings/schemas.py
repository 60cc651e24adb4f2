# SPDX-License-Identifier: MPL-2.0
"""Validated input and output for meetings."""

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field

from samskab.core.validation import Input
from samskab.meetings.states import (
    MeetingForm,
    MeetingStatus,
    ParticipantKind,
    ParticipantStatus,
)


class ParticipantIn(Input):
    """Someone invited to the meeting."""

    kind: ParticipantKind
    name: str = Field(min_length=1, max_length=200)
    organisation: str = Field(default="", max_length=200)


class MeetingIn(Input):
    """A meeting to plan on a case."""

    title: str = Field(min_length=1, max_length=200)
    starts_at: datetime
    place: str = Field(default="", max_length=200)
    form: MeetingForm | None = None
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=20)


class NoteEditIn(Input):
    """A new text of the note, and the version it was written on top of."""

    text: str = Field(max_length=100_000)
    based_on: int = Field(ge=0, le=2**31 - 1)


class AdditionIn(Input):
    """The citizen's own perspective, or a passage they do not recognise."""

    text: str = Field(min_length=1, max_length=10_000)
    passage: str = Field(default="", max_length=2_000)


class AgreementIn(Input):
    """What was agreed: what, who, by when; optionally a goal in the plan."""

    what: str = Field(min_length=1, max_length=2_000)
    who: str = Field(min_length=1, max_length=200)
    due_on: date | None = None
    as_goal: bool = False


class ConfirmIn(Input):
    """The citizen's answer: do they recognise themselves in the note?"""

    recognised: bool
    comment: str = Field(default="", max_length=5_000)


class JoinIn(Input):
    """Joining from one's own device: the short code, one's name and one's role."""

    code: str = Field(pattern=r"^\d{6}$")
    name: str = Field(min_length=1, max_length=200)
    kind: ParticipantKind


class AdmitIn(Input):
    """Letting a waiting participant in, in the role the caseworker confirms."""

    kind: ParticipantKind


class JoinDetails(BaseModel):
    """The link token and six-digit code that let participants join while the meeting is live."""

    link_token: str
    code: str


class ParticipantOut(BaseModel):
    """Someone taking part, as everyone in the meeting sees them."""

    id: uuid.UUID
    name: str
    kind: str
    status: ParticipantStatus


class ConfirmationOut(BaseModel):
    """One of the citizen's answers to the note, with its time."""

    recognised: bool
    comment: str
    author_name: str
    author_kind: str
    note_version: int
    at: datetime


class AdditionOut(BaseModel):
    """A citizen addition as shown live."""

    kind: str
    passage: str
    text: str
    author_name: str
    at: datetime


class MeetingState(BaseModel):
    """Everything a live view shows."""

    id: uuid.UUID
    case_id: uuid.UUID
    title: str
    status: MeetingStatus
    note: str
    version: int
    recognition: str | None
    recognition_comment: str
    confirmations: list[ConfirmationOut] = Field(default_factory=list)
    participants: list[ParticipantOut] = Field(default_factory=list)
    additions: list[AdditionOut]
    agreements: list[dict[str, str]]
