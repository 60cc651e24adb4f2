# SPDX-License-Identifier: MPL-2.0
"""Guests of a meeting: joining from one's own device with the link and code (braked against
guessing, counted in the database so the brake holds across workers), and the caseworker letting
them in or taking them out. Flush, never commit."""

import hmac
import uuid
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.audit.actions import record
from samskab.audit.models import Outcome
from samskab.core import clock
from samskab.core.errors import Conflict, InvalidInput, NotFound
from samskab.meetings.actions import _changed, _hash, _live, _meeting, _staff
from samskab.meetings.models import JoinAttempt, Meeting, Participant
from samskab.meetings.schemas import AdmitIn, JoinIn
from samskab.meetings.states import MeetingStatus, ParticipantKind, ParticipantStatus

# The brake on guessing a join code: five wrong tries in a row, then a pause that doubles with
# every further wrong try (30 s, 1 min, 2 min … at most an hour). Counted in the database, per
# meeting (since its code was issued) and per client address (over the last day), so the limit
# holds across every worker process.
FREE_TRIES = 5
FIRST_PAUSE = timedelta(seconds=30)
LONGEST_PAUSE = timedelta(hours=1)
CLIENT_MEMORY = timedelta(days=1)
WRONG_CODE = "Koden passer ikke til mødet, eller mødet er ikke i gang."


def _failures_in_a_row(session: Session, where: ColumnElement[bool]) -> tuple[int, datetime | None]:
    """How many tries failed since the last one that succeeded, and when the latest failed."""
    last_success = select(func.max(JoinAttempt.at)).where(where, JoinAttempt.succeeded)
    since = session.scalar(last_success)
    failed = [where, JoinAttempt.succeeded.is_(False)]
    if since is not None:
        failed.append(JoinAttempt.at > since)
    count, latest = session.execute(
        select(func.count(), func.max(JoinAttempt.at)).where(*failed)
    ).one()
    return int(count), latest


def _pause_left(failures: int, latest: datetime | None) -> timedelta:
    if failures < FREE_TRIES or latest is None:
        return timedelta(0)
    pause = min(FIRST_PAUSE * 2 ** min(failures - FREE_TRIES, 12), LONGEST_PAUSE)
    if latest.tzinfo is None:  # SQLite returns aggregates without the zone
        latest = latest.replace(tzinfo=clock.now().tzinfo)
    left: timedelta = latest + pause - clock.now()
    return max(left, timedelta(0))


def _wait_left(session: Session, meeting: Meeting | None, client: str) -> timedelta:
    """How long this client must wait before trying a code again (zero: it may try now)."""
    by_client = and_(
        JoinAttempt.client_address == client, JoinAttempt.at > clock.now() - CLIENT_MEMORY
    )
    waits = [_pause_left(*_failures_in_a_row(session, by_client))]
    if meeting is not None:
        by_meeting = and_(
            JoinAttempt.meeting_id == meeting.id,
            JoinAttempt.at >= (meeting.code_issued_at or meeting.created_at),
        )
        waits.append(_pause_left(*_failures_in_a_row(session, by_meeting)))
    return max(waits)


def _knocking(name: str, client: str) -> Actor:
    """Someone trying to join, as the audit log names them before they are let in."""
    return Actor(
        user_id=None,
        display_name=f"Gæst: {name[:80]}",
        roles=frozenset(),
        purpose="møde",
        client_address=client,
    )


def _refused_join(meeting: Meeting | None, client: str, name: str, message: str) -> InvalidInput:
    """A refused try, counted and audited even though the request's own work is rolled back."""
    error = InvalidInput(message, field="code")
    meeting_id = meeting.id if meeting else None
    citizen_id = meeting.citizen_id if meeting else None

    def count_and_audit(fresh: Session) -> None:
        fresh.add(
            JoinAttempt(
                meeting_id=meeting_id, client_address=client, succeeded=False, at=clock.now()
            )
        )
        who = _knocking(name, client)
        record(
            fresh,
            who,
            "meeting.join",
            citizen_id=citizen_id,
            object_type="meeting",
            object_id=meeting_id,
            outcome=Outcome.DENIED,
        )

    error.after_rollback.append(count_and_audit)
    return error


def join_meeting(
    session: Session, token: str, data: JoinIn, *, client_address: str | None
) -> Participant:
    """Join a live meeting from one's own device with its link and code, with name and role.
    The participant waits until the caseworker lets them in. Too many wrong codes in a row
    stop every try for a while, the right code included."""
    client = (client_address or "ukendt")[:64]
    meeting = session.scalar(select(Meeting).where(Meeting.join_token_hash == _hash(token)))
    wait = _wait_left(session, meeting, client)
    if wait > timedelta(0):
        minutes = max(1, -(-int(wait.total_seconds()) // 60))
        raise _refused_join(
            meeting,
            client,
            data.name,
            f"For mange forkerte koder. Vent {minutes} min. og prøv igen, "
            "eller bed sagsbehandleren om en ny kode.",
        )
    if (
        meeting is None
        or meeting.status != MeetingStatus.LIVE
        or not hmac.compare_digest(meeting.join_code_hash, _hash(data.code))
    ):
        raise _refused_join(meeting, client, data.name, WRONG_CODE)
    session.add(
        JoinAttempt(meeting_id=meeting.id, client_address=client, succeeded=True, at=clock.now())
    )
    participant = Participant(
        meeting_id=meeting.id, kind=data.kind, name=data.name, status=ParticipantStatus.WAITING
    )
    session.add(participant)
    session.flush()
    guest = _knocking(data.name, client)
    record(
        session,
        guest,
        "meeting.join",
        citizen_id=meeting.citizen_id,
        object_type="meeting",
        object_id=meeting.id,
    )
    _changed(session, meeting, "participants")
    return participant


def _participant(
    session: Session, actor: Actor, participant_id: uuid.UUID, action: str
) -> tuple[Meeting, Participant]:
    participant = session.get(Participant, participant_id)
    if participant is None:
        raise NotFound("Deltageren")
    meeting = _meeting(session, actor, participant.meeting_id, action)
    _staff(actor)
    return meeting, participant


def admit_participant(
    session: Session, actor: Actor, participant_id: uuid.UUID, data: AdmitIn
) -> Participant:
    """Let a waiting participant into the live meeting, in the role the caseworker confirms.
    At most one guest at a time is let in as the citizen."""
    meeting, participant = _participant(session, actor, participant_id, "meeting.admit")
    _live(meeting)
    if participant.status not in (ParticipantStatus.WAITING, ParticipantStatus.ADMITTED):
        raise InvalidInput("Deltageren venter ikke på at blive lukket ind.")
    if data.kind == ParticipantKind.CITIZEN:
        other = session.scalar(
            select(Participant).where(
                Participant.meeting_id == meeting.id,
                Participant.id != participant.id,
                Participant.kind == ParticipantKind.CITIZEN,
                Participant.status == ParticipantStatus.ADMITTED,
            )
        )
        if other is not None:
            raise Conflict(
                f"{other.name} er allerede lukket ind som borgeren. Fjern vedkommende først."
            )
    participant.kind, participant.status = data.kind, ParticipantStatus.ADMITTED
    participant.admitted_at, participant.admitted_by = clock.now(), actor.display_name
    session.flush()
    _changed(session, meeting, "participants")
    return participant


def remove_participant(session: Session, actor: Actor, participant_id: uuid.UUID) -> Participant:
    """Take a participant out of the meeting (or turn away one who waits); their view ends."""
    meeting, participant = _participant(session, actor, participant_id, "meeting.remove")
    participant.status, participant.removed_at = ParticipantStatus.REMOVED, clock.now()
    session.flush()
    _changed(session, meeting, "participants")
    return participant
