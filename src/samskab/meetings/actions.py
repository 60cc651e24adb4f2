# SPDX-License-Identifier: MPL-2.0
"""Writes on meetings. Flush, never commit; every change is announced after commit."""

import hashlib
import hmac
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, and_, func, select, update
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import CASEWORK_ROLES, require_citizens_voice, require_meeting
from samskab.audit.actions import record
from samskab.audit.models import Outcome
from samskab.cases.queries import case_for
from samskab.core import clock
from samskab.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from samskab.core.events import announce
from samskab.journal.actions import write_note
from samskab.journal.models import NoteKind
from samskab.journal.schemas import NoteIn
from samskab.meetings.models import (
    Agreement,
    CitizenAddition,
    Confirmation,
    JoinAttempt,
    Meeting,
    NoteEdit,
    Participant,
)
from samskab.meetings.queries import check_guest
from samskab.meetings.schemas import (
    AdditionIn,
    AdmitIn,
    AgreementIn,
    ConfirmIn,
    JoinIn,
    MeetingIn,
    NoteEditIn,
)
from samskab.meetings.states import MeetingStatus, ParticipantKind, ParticipantStatus, Recognition
from samskab.plans.actions import add_goal
from samskab.plans.schemas import GoalIn
from samskab.terminology.scales import GoalType


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def topic(meeting_id: uuid.UUID) -> str:
    """The event topic of a meeting."""
    return f"meeting:{meeting_id}"


def _changed(session: Session, meeting: Meeting, kind: str) -> None:
    change = uuid.uuid4().hex  # names this change, so followers' caches never mix two
    announce(
        session, topic(meeting.id), {"kind": kind, "version": meeting.version, "change": change}
    )


def _meeting(session: Session, actor: Actor, meeting_id: uuid.UUID, action: str) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound("Mødet")
    check_guest(session, actor, meeting)
    require_meeting(session, actor, meeting.citizen_id, meeting.id, action)
    return meeting


def _staff(actor: Actor) -> None:
    if not actor.has(*CASEWORK_ROLES) or actor.meeting_id is not None:
        raise Forbidden("Kun sagsbehandleren kan gøre det.")


def _live(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.LIVE:
        raise InvalidInput("Mødet er ikke i gang.")


def plan_meeting(session: Session, actor: Actor, case_id: uuid.UUID, data: MeetingIn) -> Meeting:
    """Plan a meeting on a case with its participants."""
    case = case_for(session, actor, case_id, "meeting.create")
    _staff(actor)
    meeting = Meeting(
        case_id=case.id,
        citizen_id=case.citizen_id,
        title=data.title,
        starts_at=data.starts_at,
        join_token_hash=_hash(secrets.token_hex(16)),
        join_code_hash="",
        created_by=actor.user_id,
    )
    session.add(meeting)
    session.flush()
    session.add_all(Participant(meeting_id=meeting.id, **p.model_dump()) for p in data.participants)
    session.flush()
    return meeting


def start_meeting(session: Session, actor: Actor, meeting_id: uuid.UUID) -> tuple[str, str]:
    """Open the meeting and make a fresh link and six-digit code for joining it."""
    meeting = _meeting(session, actor, meeting_id, "meeting.start")
    _staff(actor)
    if meeting.status == MeetingStatus.ENDED:
        raise InvalidInput("Mødet er afsluttet.")
    token, code = secrets.token_urlsafe(24), f"{secrets.randbelow(1_000_000):06d}"
    meeting.join_token_hash, meeting.join_code_hash = _hash(token), _hash(code)
    meeting.join_token, meeting.join_code = token, code
    meeting.code_issued_at = clock.now()  # a new code starts the meeting's count of tries
    meeting.status = MeetingStatus.LIVE
    session.flush()
    _changed(session, meeting, "status")
    return token, code


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


def edit_note(session: Session, actor: Actor, meeting_id: uuid.UUID, data: NoteEditIn) -> Meeting:
    """Save a new text of the note if nobody saved another on top of the same version."""
    meeting = _meeting(session, actor, meeting_id, "meeting.note")
    _staff(actor)
    _live(meeting)
    # Compare-and-set in one statement, so two writers on one version cannot both win.
    result = session.execute(
        update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.version == data.based_on)
        .values(note=data.text, version=data.based_on + 1)
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult[Any], result).rowcount != 1:
        session.refresh(meeting)
        error = Conflict(
            "Notatet er ændret af en anden, mens du skrev. Din tekst er bevaret; "
            "flet den ind i den nye udgave.",
            field="text",
            details={"current_text": meeting.note, "version": meeting.version},
        )
        raise error
    session.add(
        NoteEdit(
            meeting_id=meeting.id,
            version=data.based_on + 1,
            based_on=data.based_on,
            text=data.text,
            author_name=actor.display_name,
            author_kind="sagsbehandler",
            at=clock.now(),
        )
    )
    session.flush()
    session.refresh(meeting)
    _changed(session, meeting, "note")
    return meeting


def add_citizen_view(
    session: Session, actor: Actor, meeting_id: uuid.UUID, data: AdditionIn, *, recognised: bool
) -> CitizenAddition:
    """'Mit perspektiv', or 'Det genkender jeg ikke' about a passage of the note. A participant
    adds their own perspective; only the citizen says a passage is not right."""
    if recognised:
        meeting = _meeting(session, actor, meeting_id, "meeting.addition")
        if actor.has(*CASEWORK_ROLES) and actor.meeting_id is None:
            raise Forbidden("Sagsbehandleren skriver i notatet, ikke i borgerens tilføjelser.")
    else:
        meeting = _citizens_voice(session, actor, meeting_id, "meeting.addition")[0]
    _live(meeting)
    addition = CitizenAddition(
        meeting_id=meeting.id,
        kind="perspective" if recognised else "not_recognised",
        passage=data.passage,
        text=data.text,
        author_name=actor.display_name,
        at=clock.now(),
    )
    session.add(addition)
    session.flush()
    _changed(session, meeting, "addition")
    return addition


def add_agreement(
    session: Session, actor: Actor, meeting_id: uuid.UUID, data: AgreementIn
) -> Agreement:
    """Record what was agreed; as a goal it goes into the citizen's plan."""
    meeting = _meeting(session, actor, meeting_id, "meeting.agreement")
    _staff(actor)
    agreement = Agreement(meeting_id=meeting.id, what=data.what, who=data.who, due_on=data.due_on)
    if data.as_goal:
        goal = add_goal(
            session,
            actor,
            meeting.citizen_id,
            GoalIn(citizen_words=data.what, goal_type=GoalType.DEVELOP, case_id=meeting.case_id),
        )
        agreement.goal_id = goal.id
    session.add(agreement)
    session.flush()
    _changed(session, meeting, "agreement")
    return agreement


def _citizens_voice(
    session: Session, actor: Actor, meeting_id: uuid.UUID, action: str
) -> tuple[Meeting, str]:
    """The meeting, if the actor speaks as its citizen, and how (see require_citizens_voice)."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound("Mødet")
    guest = check_guest(session, actor, meeting)
    how = require_citizens_voice(
        session,
        actor,
        meeting.citizen_id,
        meeting.id,
        action,
        admitted_as_citizen=guest is not None and guest.kind == ParticipantKind.CITIZEN,
    )
    return meeting, how


def confirm_note(
    session: Session, actor: Actor, meeting_id: uuid.UUID, data: ConfirmIn
) -> Confirmation:
    """The citizen says whether they recognise themselves in the note. Every answer is a new
    entry with its time; a disagreement stays when a later confirmation follows it."""
    meeting, how = _citizens_voice(session, actor, meeting_id, "meeting.confirm")
    _live(meeting)
    if not data.recognised and not data.comment.strip():
        raise InvalidInput("Skriv gerne, hvad du ikke kan genkende.", field="comment")
    answer = Confirmation(
        meeting_id=meeting.id,
        recognised=data.recognised,
        comment=data.comment,
        note_version=meeting.version,
        author_name=actor.display_name,
        author_kind=how,
        at=clock.now(),
    )
    session.add(answer)
    # The latest answer is what the live views show at a glance; the entries are the record.
    meeting.recognition = Recognition.RECOGNISED if data.recognised else Recognition.NOT_RECOGNISED
    meeting.recognition_comment, meeting.recognised_at = data.comment, answer.at
    session.flush()
    _changed(session, meeting, "confirmation")
    return answer


def end_meeting(session: Session, actor: Actor, meeting_id: uuid.UUID) -> Meeting:
    """Close the meeting; the note, the citizen's additions and answer become a journal entry."""
    meeting = _meeting(session, actor, meeting_id, "meeting.end")
    _staff(actor)
    _live(meeting)
    meeting.status = MeetingStatus.ENDED
    meeting.join_token, meeting.join_code = None, None  # guests' access ends with the meeting
    session.refresh(meeting, ["confirmations"])
    entry = write_note(
        session,
        actor,
        meeting.case_id,
        NoteIn(kind=NoteKind.MEETING, title=meeting.title, body=journal_text(meeting)),
    )
    meeting.journal_note_id = entry.id
    session.flush()
    _changed(session, meeting, "status")
    return meeting


AUTHOR_KINDS = {
    "borger": "logget ind som sig selv",
    "gæst": "lukket ind som borgeren",
    "fuldmagt": "pårørende med fuldmagt",
}


def journal_text(meeting: Meeting) -> str:
    """The journal entry of a meeting, with the citizen's words kept as they wrote them."""
    lines = [meeting.note.strip() or "(Intet notat)", ""]
    for addition in meeting.additions:
        label = "Mit perspektiv" if addition.kind == "perspective" else "Det genkender jeg ikke"
        passage = f' (om: "{addition.passage}")' if addition.passage else ""
        lines.append(f"{label} – {addition.author_name}{passage}: {addition.text}")
    for agreement in meeting.agreements:
        due = f" senest {agreement.due_on:%d.%m.%Y}" if agreement.due_on else ""
        lines.append(f"Aftale: {agreement.what} – {agreement.who}{due}")
    for answer in meeting.confirmations:
        when = f"{clock.local(answer.at):%d.%m.%Y kl. %H:%M}"
        who = f"{answer.author_name}, {AUTHOR_KINDS.get(answer.author_kind, answer.author_kind)}"
        if answer.recognised:
            lines.append(f"Borgeren: Jeg kan genkende mig selv i notatet ({when}, {who}).")
        else:
            lines.append(
                f"Borgeren kan ikke genkende sig selv i notatet ({when}, {who}): {answer.comment}"
            )
    if not meeting.confirmations:
        lines.append("Borgeren har ikke taget stilling til notatet.")
    return "\n".join(lines)
