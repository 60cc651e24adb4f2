# SPDX-License-Identifier: MPL-2.0
"""Writes of authored text: a new version for every change, never an edit in place.

The citizen's own words are written by the citizen. Staff may write them down for the citizen
(the first time, or to correct their own transcription) and are then named as having written
them "efter borgerens ord"; once the citizen (or a relative with a power of attorney) has
written them, staff never change them: they add the professional wording instead.
"""

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import acts_as_relative, first_role
from samskab.authorship.models import AuthoredText, TextSeen, Voice, Writer
from samskab.authorship.queries import latest_version
from samskab.core import clock
from samskab.core.errors import ErrorCode, Forbidden


class CitizensOwnWords(Forbidden):
    """Staff tried to change words the citizen wrote themselves."""

    code = ErrorCode.CITIZENS_OWN_WORDS

    def __init__(self, field: str) -> None:
        super().__init__(
            "Borgerens egne ord kan kun ændres af borgeren selv. "
            "Skriv din faglige formulering ved siden af i stedet.",
        )
        self.field = field


def writer_of(actor: Actor) -> Writer:
    """Whether the actor is the citizen, a relative acting for them, or a professional."""
    if actor.citizen_id is not None:
        return Writer.CITIZEN
    if acts_as_relative(actor):
        return Writer.RELATIVE
    if actor.meeting_id is not None and actor.user_id is None:
        return Writer.PARTICIPANT
    return Writer.STAFF


def _role(actor: Actor, writer: Writer) -> str:
    if writer != Writer.STAFF:
        return writer.value
    role = first_role(actor)
    return role.value if role else "system"


def write_text(
    session: Session,
    actor: Actor,
    *,
    citizen_id: uuid.UUID,
    subject: tuple[str, uuid.UUID],
    field: str,
    body: str,
    voice: Voice,
    first: bool = False,
) -> AuthoredText | None:
    """Record a new version of a text if it changed; None when it is unchanged. `first`: the
    subject was made in this transaction, so the text has no earlier version to read."""
    subject_type, subject_id = subject
    latest = None if first else latest_version(session, subject_type, subject_id, field)
    if (latest.body if latest else "") == body:
        return None
    writer = writer_of(actor)
    if voice == Voice.PROFESSIONAL and writer != Writer.STAFF:
        raise Forbidden("Du kan ændre dine egne ord. Resten skriver din sagsbehandler.")
    if voice == Voice.CITIZEN and writer == Writer.STAFF and latest and latest.by_citizen_side:
        raise CitizensOwnWords(field)
    text = AuthoredText(
        citizen_id=citizen_id,
        subject_type=subject_type,
        subject_id=subject_id,
        field=field,
        version=latest.version + 1 if latest else 1,
        body=body,
        voice=voice,
        writer=writer,
        author_id=actor.user_id,
        author_name=actor.display_name,
        author_role=_role(actor, writer),
        on_behalf_of=citizen_id if voice == Voice.CITIZEN and writer != Writer.CITIZEN else None,
        written_at=clock.now(),
    )
    session.add(text)
    session.flush()
    return text


def mark_seen(session: Session, actor: Actor, citizen_id: uuid.UUID) -> None:
    """Note that a staff member has now read what the citizen wrote and rated themselves."""
    if actor.user_id is None or writer_of(actor) != Writer.STAFF:
        return
    seen = session.scalar(
        select(TextSeen).where(TextSeen.user_id == actor.user_id, TextSeen.citizen_id == citizen_id)
    )
    if seen is None:
        session.add(TextSeen(user_id=actor.user_id, citizen_id=citizen_id, seen_at=clock.now()))
    else:
        seen.seen_at = clock.now()
    session.flush()


def adopt_text(
    session: Session,
    *,
    citizen_id: uuid.UUID,
    subject: tuple[str, uuid.UUID],
    field: str,
    body: str,
    written: tuple[uuid.UUID | None, str, datetime],
) -> None:
    """Record a staff text written before it was authored text as its first version, with its
    original author (id, name) and moment, so that a correction keeps it; no-op once recorded."""
    subject_type, subject_id = subject
    if latest_version(session, subject_type, subject_id, field) is not None:
        return
    author_id, author_name, at = written
    session.add(
        AuthoredText(
            citizen_id=citizen_id,
            subject_type=subject_type,
            subject_id=subject_id,
            field=field,
            version=1,
            body=body,
            voice=Voice.PROFESSIONAL,
            writer=Writer.STAFF,
            author_id=author_id,
            author_name=author_name,
            author_role="staff",
            on_behalf_of=None,
            written_at=at,
        )
    )
    session.flush()
