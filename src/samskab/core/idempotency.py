# SPDX-License-Identifier: MPL-2.0
"""Idempotent writes: a client that sends a write with an Idempotency-Key and retries it (its
answer was lost) gets the first answer again instead of a second case, note, goal or order.

The first request claims the key (per user) in its own transaction and stores its answer
there, so the key and the write it names commit together or not at all. A retry with the same
key and the same request finds the answer and gets it back; the same key with another request
is refused (422). Two requests racing with one key meet on the primary key: the database makes
the second wait for the first, which then finds the first's answer. Answers are kept for
KEEP_FOR and then forgotten."""

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, Text, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from samskab.core import clock
from samskab.core.db import Base
from samskab.core.errors import Conflict, DomainError, ErrorCode

KEEP_FOR = timedelta(hours=24)
MAX_KEY = 200


class KeyReused(DomainError):
    """The key was used before for another request."""

    code = ErrorCode.IDEMPOTENCY_KEY_REUSED
    status = 422


class IdempotentAnswer(Base):
    """The answer to the first request sent with one user's Idempotency-Key."""

    __tablename__ = "idempotent_answer"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(MAX_KEY), primary_key=True)
    # SHA-256 of the method, address and body of the first request.
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column()
    body: Mapped[str] = mapped_column(Text, default="")
    expires_at: Mapped[datetime] = mapped_column(index=True)


@dataclass(frozen=True)
class Answer:
    """An answer to send: its status code and JSON body."""

    status: int
    body: Any


def request_hash(method: str, path: str, body: Any) -> str:
    """What identifies a request for its key: method, address and body."""
    content = json.dumps([method, path, body], sort_keys=True, default=str)
    return hashlib.sha256(content.encode()).hexdigest()


def _earlier(session: Session, user_id: uuid.UUID, key: str, fingerprint: str) -> Answer | None:
    found = session.scalar(
        select(IdempotentAnswer).where(
            IdempotentAnswer.user_id == user_id,
            IdempotentAnswer.key == key,
            IdempotentAnswer.expires_at > clock.now(),
        )
    )
    if found is None:
        return None
    if found.request_hash != fingerprint:
        raise KeyReused(
            "Idempotency-Key er allerede brugt til en anden forespørgsel. "
            "Brug en ny nøgle til en ny forespørgsel.",
            field="Idempotency-Key",
        )
    return Answer(found.status, json.loads(found.body))


def answer_once(
    session: Session,
    user_id: uuid.UUID,
    key: str,
    fingerprint: str,
    work: Callable[[], Answer],
) -> tuple[Answer, bool]:
    """The answer to a request with this key: the first one's when it was sent before (and
    True), else `work`'s, stored with the key in this transaction (and False)."""
    if (earlier := _earlier(session, user_id, key, fingerprint)) is not None:
        return earlier, True
    session.execute(
        delete(IdempotentAnswer).where(
            IdempotentAnswer.user_id == user_id, IdempotentAnswer.expires_at <= clock.now()
        )
    )
    claim = session.begin_nested()
    row = IdempotentAnswer(
        user_id=user_id,
        key=key,
        request_hash=fingerprint,
        status=0,
        expires_at=clock.now() + KEEP_FOR,
    )
    try:
        session.add(row)
        session.flush()
    except IntegrityError:
        claim.rollback()
        if (earlier := _earlier(session, user_id, key, fingerprint)) is not None:
            return earlier, True
        raise Conflict("En forespørgsel med samme Idempotency-Key er i gang. Prøv igen.") from None
    answer = work()
    row.status, row.body = answer.status, json.dumps(answer.body, default=str)
    session.flush()
    claim.commit()
    return answer, False
