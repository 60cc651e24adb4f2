# SPDX-License-Identifier: MPL-2.0
"""Optimistic concurrency: every record people edit carries a version.

A write names the version it was based on. `claim_version` moves the row to the next version
with one guarded UPDATE (`... WHERE id = :id AND version = :expected`), so of two writers
based on the same version exactly one succeeds: on PostgreSQL the second UPDATE waits for the
first transaction and then matches no row; on SQLite the write lock taken at BEGIN makes the
second writer read the new version. The loser gets `StaleVersion` with the current state.
"""

from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy import update
from sqlalchemy.orm import Mapped, Session, mapped_column


class HasVersion:
    """Mixin for a version number that every accepted edit raises by one."""

    version: Mapped[int] = mapped_column(default=1, server_default="1")


class Versioned(Protocol):
    """A mapped row with an id and a version."""

    id: Any
    version: Any


def claim_version(
    session: Session,
    row: Versioned,
    expected: int | None,
    refused: Callable[[], Exception],
) -> None:
    """Move the row to its next version if it is still at `expected`, else raise `refused()`."""
    model = type(row)
    if expected is not None:
        moved = session.execute(
            update(model)
            .where(model.id == row.id, model.version == expected)
            .values(version=expected + 1)
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount == 1:  # type: ignore[attr-defined]
            session.expire(row, ["version"])
            return
    session.refresh(row)
    raise refused()
