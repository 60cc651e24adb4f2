# SPDX-License-Identifier: MPL-2.0
"""Writes on meetings. Flush, never commit; every change is announced after commit."""

import hashlib
import secrets
import uuid
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import (
    handles_the_meeting,
    require_citizens_voice,
    require_meeting,
)
from samskab.authorship.actions import write_text
from samskab.authorship.models import Voice
from samskab.cases.queries import case_for
from samskab.core import clock, formats
from samskab.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from samskab.core.events import announce
from samskab.journal.actions import write_note
from samskab.journal.models import NoteKind
from samskab.journal.schemas import NoteIn
from samskab.meetings.models import (
    Agreement,
    CitizenAddition,
    Confirmation,
    Meeting,
    NoteEdit,
    Participant,
)
from samskab.meetings.queries import check_guest
from samskab.meetings.schemas import (
    AdditionIn,
    AgreementIn,
    ConfirmIn,
    MeetingIn,
    NoteEditIn,
)
from samskab.meetings.states import MeetingStatus, ParticipantKind, Recognition
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


ADDITION = "meeting_addition"


def _staff(actor: Actor) -> None:
    if not handles_the_meeting(actor):
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
        place=data.place.strip(),
        form=data.form.value if data.form else "",
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
        if handles_the_meeting(actor):
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
    write_text(
        session,
        actor,
        citizen_id=meeting.citizen_id,
        subject=(ADDITION, addition.id),
        field=addition.kind,
        body=addition.text,
        voice=Voice.CITIZEN,
    )
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
        due = (
            f" senest {formats.date(agreement.due_on, locale=formats.DANISH)}"
            if agreement.due_on
            else ""
        )
        lines.append(f"Aftale: {agreement.what} – {agreement.who}{due}")
    for answer in meeting.confirmations:
        when = formats.date_time(answer.at, locale=formats.DANISH)
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
