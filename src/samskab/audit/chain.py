# SPDX-License-Identifier: MPL-2.0
"""The audit log as a hash chain: events are chained when their transaction commits, and
`verify` names the first row that was altered, inserted or deleted."""

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, insert, select, text
from sqlalchemy.orm import Session

from samskab.audit.models import AuditEvent

GENESIS = "0" * 64
PENDING = "audit_pending"
FIELDS = (
    "id",
    "at",
    "actor_id",
    "actor_name",
    "on_behalf_of",
    "action",
    "outcome",
    "citizen_id",
    "object_type",
    "object_id",
    "purpose",
    "client_address",
)
# One lock number for the chain: PostgreSQL writers take it in turn (SQLite writers already
# take the database lock when they begin).
LOCK = 7_207_201


def digest(seq: int, prev_hash: str, row: dict[str, Any]) -> str:
    """The hash of one event: its number, its fields and the previous hash."""
    parts = [str(seq), prev_hash]
    for name in FIELDS:
        value = row[name]
        parts.append(value.isoformat() if hasattr(value, "isoformat") else str(value))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def queue(session: Session, rows: list[dict[str, Any]]) -> None:
    """Hold events until the transaction commits; they are chained and written then."""
    session.info.setdefault(PENDING, []).extend(rows)


def _last(session: Session) -> tuple[int, str]:
    found = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    return (found[0], found[1]) if found else (0, GENESIS)


@event.listens_for(Session, "before_commit")
def _chain_and_write(session: Session) -> None:
    rows = session.info.pop(PENDING, None)
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": LOCK})
    seq, prev = _last(session)
    for row in rows:
        seq += 1
        row["seq"], row["prev_hash"] = seq, prev
        row["hash"] = prev = digest(seq, row["prev_hash"], row)
    session.execute(insert(AuditEvent), rows)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(PENDING, None)


@dataclass(frozen=True)
class Finding:
    """The first break in the chain, in words, with the row it concerns."""

    seq: int
    event_id: str
    problem: str


def verify(session: Session, *, batch: int = 10_000) -> tuple[int, Finding | None]:
    """Walk the chain; return how many events were checked and the first break, if any."""
    expected_seq, prev, checked, after = 1, GENESIS, 0, 0
    while True:
        rows = (
            session.execute(
                select(AuditEvent)
                .where(AuditEvent.seq > after)
                .order_by(AuditEvent.seq)
                .limit(batch)
            )
            .scalars()
            .all()
        )
        if not rows:
            return checked, None
        for row in rows:
            values = {name: getattr(row, name) for name in FIELDS}
            if row.seq > expected_seq:
                return checked, Finding(
                    expected_seq, str(row.id), f"hændelse nr. {expected_seq} mangler (slettet)"
                )
            if row.prev_hash != prev:
                return checked, Finding(
                    row.seq, str(row.id), "kæden er brudt før denne hændelse (indsat)"
                )
            if digest(row.seq, row.prev_hash, values) != row.hash:
                return checked, Finding(row.seq, str(row.id), "hændelsen er ændret")
            prev, expected_seq, after = row.hash, row.seq + 1, row.seq
            checked += 1
        session.expunge_all()


@event.listens_for(Session, "after_transaction_create")
def _mark(session: Session, transaction: Any) -> None:
    if transaction.nested:
        marks = session.info.setdefault("audit_marks", {})
        marks[id(transaction)] = len(session.info.get(PENDING, []))


@event.listens_for(Session, "after_soft_rollback")
def _discard(session: Session, previous_transaction: Any) -> None:
    """Events of a rolled-back savepoint are dropped with the work they described."""
    mark = session.info.get("audit_marks", {}).pop(id(previous_transaction), None)
    if mark is not None and PENDING in session.info:
        del session.info[PENDING][mark:]
