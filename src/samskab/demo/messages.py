# SPDX-License-Identifier: MPL-2.0
"""Mette's messages with Anna in the demo: one question answered, one still new, each
journalised on her case as samskab does it for a real message."""

import uuid
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.demo.organisation import persona_citizen_id
from samskab.demo.rows import moment
from samskab.journal.models import Message, Note, NoteKind
from samskab.organisations.models import User

# (days ago, hour, from the citizen, text)
THREAD = (
    (
        5,
        19,
        True,
        "Jeg har fået et rykkerbrev fra boligselskabet. Hvad skal jeg gøre?",
    ),
    (
        4,
        10,
        False,
        "Tak for din besked, Mette. Tag brevet med til vores næste møde, så kigger vi på det "
        "sammen. Du skal ikke betale noget, før vi har talt om det.",
    ),
    (
        1,
        21,
        True,
        "Kan vi holde mødet hjemme hos mig? Jeg har det svært med at tage bussen lige nu.",
    ),
)


def add_persona_messages(session: Session, today: date) -> None:
    """Mette's thread: the first question read and answered by Anna, the last one new."""
    mette_id = persona_citizen_id("Mette")
    case_id = uuid.uuid5(mette_id, "SEL-85")
    people = {
        u.username: u
        for u in session.scalars(select(User).where(User.username.in_(["anna", "mette"])))
    }
    anna, mette = people["anna"], people["mette"]
    for number, (days_ago, hour, from_citizen, text) in enumerate(THREAD):
        day = today - timedelta(days=days_ago)
        author = mette if from_citizen else anna
        at = moment(day, hour)
        answered = from_citizen and number + 1 < len(THREAD)
        session.add(
            Message(
                id=uuid.uuid5(mette_id, f"message{number}"),
                citizen_id=mette_id,
                from_citizen=from_citizen,
                author_id=author.id,
                author_name=author.display_name,
                text=text,
                at=at,
                read_at=moment(day + timedelta(days=1), 8) if answered else None,
                read_by_id=anna.id if answered else None,
            )
        )
        session.add(
            Note(
                id=uuid.uuid5(mette_id, f"message-note{number}"),
                case_id=case_id,
                citizen_id=mette_id,
                kind=NoteKind.MESSAGE,
                title="Besked fra borgeren" if from_citizen else "Besked til borgeren",
                body=text,
                author_id=author.id,
                author_name=author.display_name,
                written_at=at,
                occurred_on=day,
            )
        )
    session.flush()
