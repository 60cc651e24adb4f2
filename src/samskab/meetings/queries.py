# SPDX-License-Identifier: MPL-2.0
"""Reads of meetings: access-checked and logged."""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from samskab.access.actor import Actor
from samskab.access.policies import require_meeting, sees_work_in_progress
from samskab.cases.queries import case_for
from samskab.core.errors import Forbidden, NotFound
from samskab.meetings.models import Meeting, NoteEdit, Participant
from samskab.meetings.schemas import (
    AdditionOut,
    ConfirmationOut,
    JoinDetails,
    MeetingState,
    ParticipantOut,
)
from samskab.meetings.states import MeetingStatus, ParticipantStatus

LOADED = (
    selectinload(Meeting.participants),
    selectinload(Meeting.additions),
    selectinload(Meeting.agreements),
    selectinload(Meeting.confirmations),
)


def guest_participant(session: Session, actor: Actor) -> Participant | None:
    """The participant row of a guest who joined from their own device (None for everyone
    else): how the guest's own waiting page knows whether they have been let in."""
    if actor.meeting_id is None or actor.participant_id is None:
        return None
    participant = session.get(Participant, actor.participant_id)
    if participant is None or participant.meeting_id != actor.meeting_id:
        return None
    return participant


def guest_standing(session: Session, actor: Actor, meeting_id: uuid.UUID) -> str | None:
    """Where a guest of this meeting stands: 'waiting', 'admitted', 'removed' or 'ended'
    (None for anyone who is not a guest of it). Shows the guest nothing of the meeting."""
    participant = guest_participant(session, actor)
    if participant is None or participant.meeting_id != meeting_id:
        return None
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.status == MeetingStatus.ENDED:
        return "ended"
    return str(participant.status)


def check_guest(session: Session, actor: Actor, meeting: Meeting) -> Participant | None:
    """A guest sees and acts in the meeting only while the caseworker has let them in and the
    meeting is live; when it ends, or they are removed, their access ends with it."""
    if actor.meeting_id is None:
        return None
    participant = guest_participant(session, actor)
    if (
        participant is None
        or participant.meeting_id != meeting.id
        or participant.status != ParticipantStatus.ADMITTED
        or meeting.status != MeetingStatus.LIVE
    ):
        raise NotFound("Mødet")
    return participant


def meeting_for(
    session: Session, actor: Actor, meeting_id: uuid.UUID, action: str = "meeting.read"
) -> Meeting:
    """One meeting with participants, additions, agreements and the citizen's answers."""
    meeting = session.get(Meeting, meeting_id, options=list(LOADED))
    if meeting is None:
        raise NotFound("Mødet")
    check_guest(session, actor, meeting)
    require_meeting(session, actor, meeting.citizen_id, meeting.id, action)
    return meeting


def join_details_of(actor: Actor, meeting: Meeting) -> JoinDetails | None:
    """The link token and code of a meeting the caller has already been allowed to read, for
    the staff running it (None when it is not live): the caseworker can show them again at any
    time during the meeting."""
    if not sees_work_in_progress(actor):
        raise Forbidden("Kun sagsbehandleren kan se mødets link og kode.")
    if meeting.status != MeetingStatus.LIVE or not meeting.join_token or not meeting.join_code:
        return None
    return JoinDetails(link_token=meeting.join_token, code=meeting.join_code)


def join_details_for(session: Session, actor: Actor, meeting_id: uuid.UUID) -> JoinDetails | None:
    """The link and code of one meeting (see join_details_of), access-checked and logged."""
    return join_details_of(actor, meeting_for(session, actor, meeting_id, "meeting.join_details"))


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
        confirmations=[
            ConfirmationOut(
                recognised=c.recognised,
                comment=c.comment,
                author_name=c.author_name,
                author_kind=c.author_kind,
                note_version=c.note_version,
                at=c.at,
            )
            for c in meeting.confirmations
        ],
        participants=[
            ParticipantOut(id=p.id, name=p.name, kind=p.kind, status=p.status)
            for p in meeting.participants
            if p.status != ParticipantStatus.REMOVED
        ],
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
