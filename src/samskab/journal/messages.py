# SPDX-License-Identifier: MPL-2.0
"""Messages between the citizen and their caseworkers."""

import uuid

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import require_citizen
from samskab.core import clock
from samskab.core.validation import Input
from samskab.journal.models import Message


class MessageIn(Input):
    """A message to write."""

    text: str = Field(min_length=1, max_length=5_000)


def send_message(session: Session, actor: Actor, citizen_id: uuid.UUID, data: MessageIn) -> Message:
    """Write a message in the citizen's thread, as the citizen or as a caseworker."""
    require_citizen(session, actor, citizen_id, "message.write", object_type="message")
    message = Message(
        citizen_id=citizen_id,
        from_citizen=actor.citizen_id == citizen_id,
        author_id=actor.user_id,
        author_name=actor.display_name,
        text=data.text,
        at=clock.now(),
    )
    session.add(message)
    session.flush()
    return message


def messages_for(session: Session, actor: Actor, citizen_id: uuid.UUID) -> list[Message]:
    """The citizen's message thread, oldest first."""
    require_citizen(session, actor, citizen_id, "message.read", object_type="message")
    query = select(Message).where(Message.citizen_id == citizen_id).order_by(Message.at)
    return list(session.scalars(query))
