# SPDX-License-Identifier: MPL-2.0
"""Messages between the citizen and their caseworkers.

Every message, both ways, is journalised as a note of kind 'besked' in the same transaction
(notatpligt): on the case the caseworker answered from, or else on the citizen's newest open
case. A message from the citizen is new for the caseworkers until one of them with access to the
citizen has been shown the thread (`mark_read`); that read is logged by `messages_for`.
"""

import uuid
from collections.abc import Iterable

from pydantic import Field
from sqlalchemy import case as sql_case
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import answers_for_the_municipality, log_list_reads, require_citizen
from samskab.cases.models import Case
from samskab.cases.queries import CaseFilter, case_for, listing
from samskab.cases.states import OPEN
from samskab.core import clock
from samskab.core.errors import InvalidInput
from samskab.core.validation import Input
from samskab.journal.models import Message, Note, NoteKind


class MessageIn(Input):
    """A message to write."""

    text: str = Field(min_length=1, max_length=5_000)


def _journal_case(session: Session, citizen_id: uuid.UUID) -> Case | None:
    """The case a message is journalised on: the citizen's newest open case, else the newest
    (a citizen without any case has no journal yet)."""
    query = (
        select(Case)
        .where(Case.citizen_id == citizen_id)
        .order_by(sql_case((Case.status.in_(OPEN), 0), else_=1), Case.received_on.desc())
    )
    return session.scalars(query.limit(1)).first()


def _note(case: Case, message: Message) -> Note:
    title = "Besked fra borgeren" if message.from_citizen else "Besked til borgeren"
    return Note(
        case_id=case.id,
        citizen_id=case.citizen_id,
        kind=NoteKind.MESSAGE,
        title=title,
        body=message.text,
        author_id=message.author_id,
        author_name=message.author_name,
        written_at=message.at,
        occurred_on=clock.today(),
    )


def _write(
    session: Session, actor: Actor, citizen_id: uuid.UUID, text: str, case: Case | None
) -> Message:
    words = text.strip()
    if not words:
        raise InvalidInput("Skriv en besked, før du sender.", field="text")
    message = Message(
        citizen_id=citizen_id,
        from_citizen=actor.citizen_id == citizen_id,
        author_id=actor.user_id,
        author_name=actor.display_name,
        text=words,
        at=clock.now(),
    )
    session.add(message)
    if case is not None:
        session.add(_note(case, message))
    session.flush()
    return message


def send_message(session: Session, actor: Actor, citizen_id: uuid.UUID, data: MessageIn) -> Message:
    """Write a message in the citizen's thread, as the citizen or as a caseworker, and journalise
    it on the citizen's newest open case."""
    require_citizen(session, actor, citizen_id, "message.write", object_type="message")
    return _write(session, actor, citizen_id, data.text, _journal_case(session, citizen_id))


def reply_on_case(session: Session, actor: Actor, case_id: uuid.UUID, data: MessageIn) -> Message:
    """A caseworker answers the citizen from a case; the answer is journalised on that case."""
    case = case_for(session, actor, case_id, "message.write")
    return _write(session, actor, case.citizen_id, data.text, case)


def messages_for(session: Session, actor: Actor, citizen_id: uuid.UUID) -> list[Message]:
    """The citizen's message thread, oldest first."""
    require_citizen(session, actor, citizen_id, "message.read", object_type="message")
    query = select(Message).where(Message.citizen_id == citizen_id).order_by(Message.at)
    return list(session.scalars(query))


def mark_read(session: Session, actor: Actor, shown: Iterable[Message]) -> set[uuid.UUID]:
    """The citizen's messages a caseworker has just been shown (read through `messages_for`)
    are no longer new; returns the ids of those that were new until now. The citizen's own or a
    relative's reading changes nothing."""
    if not answers_for_the_municipality(actor):
        return set()
    new = [m for m in shown if m.from_citizen and m.read_at is None]
    now = clock.now()
    for message in new:
        message.read_at = now
        message.read_by_id = actor.user_id
    session.flush()
    return {message.id for message in new}


def unread_counts(session: Session, citizen_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """How many messages from each of these citizens no caseworker has read yet (for a list the
    caller has already filtered to citizens it may see)."""
    wanted = list(set(citizen_ids))
    if not wanted:
        return {}
    query = (
        select(Message.citizen_id, func.count())
        .where(
            Message.citizen_id.in_(wanted),
            Message.from_citizen.is_(True),
            Message.read_at.is_(None),
        )
        .group_by(Message.citizen_id)
    )
    return {citizen_id: int(count) for citizen_id, count in session.execute(query).all()}


def cases_with_new_messages_for(
    session: Session, actor: Actor, wanted: CaseFilter
) -> list[tuple[Case, int]]:
    """Of the cases the actor lists, those whose citizen has written messages nobody has read
    yet, on every page of the list, with the number of new messages (oldest first)."""
    unread = (
        select(Message.citizen_id, func.count().label("new"), func.min(Message.at).label("since"))
        .where(Message.from_citizen.is_(True), Message.read_at.is_(None))
        .group_by(Message.citizen_id)
        .subquery()
    )
    query = (
        listing(actor, wanted)
        .join(unread, unread.c.citizen_id == Case.citizen_id)
        .add_columns(unread.c.new)
        .order_by(unread.c.since, Case.id)
        .limit(50)
    )
    found = [(case, int(new)) for case, new in session.execute(query).all()]
    log_list_reads(session, actor, (case.citizen_id for case, _ in found), "case")
    return found
