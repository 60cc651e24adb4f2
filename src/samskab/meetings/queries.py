# SPDX-License-Identifier: MPL-2.0
"""Reads of meetings: access-checked and logged."""

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from samskab.access.actor import Actor
from samskab.access.policies import require_meeting
from samskab.cases.queries import case_for
from samskab.core.errors import NotFound
from samskab.meetings.models import Meeting, NoteEdit
from samskab.meetings.schemas import AdditionOut, MeetingState


def meeting_for(
    session: Session, actor: Actor, meeting_id: uuid.UUID, action: str = "meeting.read"
) -> Meeting:
    """One meeting with participants, additions and agreements."""
    meeting = session.get(
        Meeting,
        meeting_id,
        options=[
            selectinload(Meeting.participants),
            selectinload(Meeting.additions),
            selectinload(Meeting.agreements),
        ],
    )
    if meeting is None:
        raise NotFound("Mødet")
    require_meeting(session, actor, meeting.citizen_id, meeting.id, action)
    return meeting


def meetings_of_case_for(session: Session, actor: Actor, case_id: uuid.UUID) -> list[Meeting]:
    """The meetings of a case, newest first."""
    case = case_for(session, actor, case_id, "meeting.list")
    query = select(Meeting).where(Meeting.case_id == case.id).order_by(Meeting.starts_at.desc())
    return list(session.scalars(query))


def note_history(session: Session, meeting: Meeting) -> list[NoteEdit]:
    """Every acknowledged version of a meeting's note, oldest first."""
    query = select(NoteEdit).where(NoteEdit.meeting_id == meeting.id).order_by(NoteEdit.version)
    return list(session.scalars(query))


def state_of(meeting: Meeting) -> MeetingState:
    """What a live view of the meeting shows."""
    return MeetingState(
        id=meeting.id,
        case_id=meeting.case_id,
        title=meeting.title,
        status=meeting.status,
        note=meeting.note,
        version=meeting.version,
        recognition=meeting.recognition,
        recognition_comment=meeting.recognition_comment,
        additions=[
            AdditionOut(
                kind=a.kind, passage=a.passage, text=a.text, author_name=a.author_name, at=a.at
            )
            for a in meeting.additions
        ],
        agreements=[
            {"what": a.what, "who": a.who, "due_on": a.due_on.isoformat() if a.due_on else ""}
            for a in meeting.agreements
        ],
    )


class LiveStates:
    """The latest state of each live meeting, read once per version for all of a worker's
    followers. Only for views whose access was checked and logged when they opened."""

    def __init__(self, sessions: Callable[[], Session], size: int = 256) -> None:
        self._sessions, self._size = sessions, size
        self._lock = threading.Lock()
        self._states: OrderedDict[tuple[uuid.UUID, str], dict[str, Any]] = OrderedDict()

    def get(self, meeting_id: uuid.UUID, change: str | None) -> dict[str, Any]:
        """The meeting's state after a change (read once, then shared)."""
        with self._lock:
            if change is not None and (meeting_id, change) in self._states:
                return self._states[(meeting_id, change)]
        with self._sessions() as session:
            meeting = session.get(
                Meeting,
                meeting_id,
                options=[selectinload(Meeting.additions), selectinload(Meeting.agreements)],
            )
            if meeting is None:
                raise NotFound("Mødet")
            state = state_of(meeting).model_dump(mode="json")
        if change is None:
            return state
        with self._lock:
            self._states[(meeting_id, change)] = state
            while len(self._states) > self._size:
                self._states.popitem(last=False)
        return state
