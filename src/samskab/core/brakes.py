# SPDX-License-Identifier: MPL-2.0
"""Brakes on repeated attempts (log-ins, bad API tokens), counted in the database so that
every worker process of an installation sees the same counts.

Each attempt adds one to the count of its key (what was tried, from which client address) in
the current second; a key is braked once its counts over the last `window` seconds reach the
limit. Counts older than the longest window are deleted as new ones are written, so the table
stays small. A key never holds more than the kind of attempt and the client address."""

from sqlalchemy import BigInteger, String, delete, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from samskab.core import clock
from samskab.core.db import Base

LONGEST_WINDOW = 3600


class AttemptCount(Base):
    """How many attempts one key made in one second."""

    __tablename__ = "attempt_count"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    second: Mapped[int] = mapped_column(BigInteger, primary_key=True, index=True)
    count: Mapped[int] = mapped_column(default=0)


def _now() -> int:
    return int(clock.now().timestamp())


def count_attempt(session: Session, key: str) -> None:
    """Count one attempt for a key, in the same statement whichever worker makes it."""
    now = _now()
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(AttemptCount).values(key=key[:120], second=now, count=1)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["key", "second"], set_={"count": AttemptCount.count + 1}
        )
    )
    session.execute(delete(AttemptCount).where(AttemptCount.second < now - LONGEST_WINDOW))


def attempts(session: Session, key: str, window: int) -> int:
    """The attempts a key made in the last `window` seconds."""
    since = _now() - window
    total = session.scalar(
        select(func.coalesce(func.sum(AttemptCount.count), 0)).where(
            AttemptCount.key == key[:120], AttemptCount.second > since
        )
    )
    return int(total or 0)
