# SPDX-License-Identifier: MPL-2.0
"""The audit log as a keyed hash chain: events are chained and sealed when their transaction
commits, and `verify` names the first row that was altered, inserted or deleted.

Each event's hash covers its fields and the previous hash; its seal (`mac`) is an HMAC of its
number and hash under a key from the installation's secrets, which the database does not
hold, so someone who rewrites a row and recomputes the chain cannot make the seals match.
Deleting the newest rows or emptying the table leaves a whole chain behind; that is found by
comparing with the anchors (`samskab.audit.anchor`) written outside the database.

Sealing runs in a `before_commit` listener on every Session: it needs the vault in
`session.info` (every session made by `core.db.Database` has it) and adds no statement.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, insert, select, text
from sqlalchemy.orm import Session

from samskab.audit.models import AuditEvent
from samskab.core import formats
from samskab.core.crypto import AuditKeys
from samskab.core.db import vault_of

if TYPE_CHECKING:
    from samskab.audit.anchor import Anchor

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


def seal_message(seq: int, hash_: str) -> str:
    """What a seal covers: the event's number and hash (which covers all before it)."""
    return f"samskab-audit\x1f{seq}\x1f{hash_}"


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
    vault = vault_of(session)
    vault.refresh()
    seq, prev = _last(session)
    for row in rows:
        seq += 1
        row["seq"], row["prev_hash"] = seq, prev
        row["hash"] = prev = digest(seq, row["prev_hash"], row)
        row["key_id"], row["mac"] = vault.audit.seal(seal_message(seq, row["hash"]))
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


def _seal_problem(row: AuditEvent, keys: AuditKeys, sealed_before: bool) -> str | None:
    if row.mac is None or row.key_id is None:
        return "hændelsen mangler sit segl" if sealed_before else None
    fits = keys.matches(row.key_id, seal_message(row.seq, row.hash), row.mac)
    if fits is None:
        return f"hændelsen er forseglet med en ukendt nøgle ({row.key_id})"
    return None if fits else "seglet passer ikke: hændelsen er ændret og kæden regnet om"


def _row_problem(
    row: AuditEvent, expected_seq: int, prev: str, keys: AuditKeys, sealed_before: bool
) -> Finding | None:
    values = {name: getattr(row, name) for name in FIELDS}
    if row.seq > expected_seq:
        return Finding(expected_seq, str(row.id), f"hændelse nr. {expected_seq} mangler (slettet)")
    if row.prev_hash != prev:
        return Finding(row.seq, str(row.id), "kæden er brudt før denne hændelse (indsat)")
    if digest(row.seq, row.prev_hash, values) != row.hash:
        return Finding(row.seq, str(row.id), "hændelsen er ændret")
    problem = _seal_problem(row, keys, sealed_before)
    return Finding(row.seq, str(row.id), problem) if problem else None


def _anchor_problem(anchor: "Anchor", keys: AuditKeys) -> Finding | None:
    fits = keys.matches(anchor.key_id, seal_message(anchor.seq, anchor.hash), anchor.mac)
    if fits:
        return None
    why = "er forseglet med en ukendt nøgle"
    if fits is False:
        why = "er ikke ægte (seglet passer ikke)"
    return Finding(anchor.seq, "", f"ankeret fra {formats.date_time(anchor.at)} {why}")


def _beyond_the_end(last: int, anchors: Sequence["Anchor"]) -> Finding | None:
    """The newest anchor the chain does not reach: rows were deleted or the table emptied."""
    missing = [anchor for anchor in anchors if anchor.seq > last]
    if not missing:
        return None
    anchor = max(missing, key=lambda found: found.seq)
    when = formats.date_time(anchor.at)
    if last == 0:
        problem = (
            f"adgangsloggen er tom, men ankeret fra {when} viser {anchor.seq} hændelser: "
            "loggen er tømt (TRUNCATE) eller slettet"
        )
    else:
        problem = (
            f"adgangsloggen slutter ved nr. {last}, men ankeret fra {when} viser nr. "
            f"{anchor.seq}: de nyeste hændelser er slettet"
        )
    return Finding(last + 1, "", problem)


def verify(
    session: Session, *, anchors: Sequence["Anchor"] = (), batch: int = 10_000
) -> tuple[int, Finding | None]:
    """Walk the chain, check every seal and every anchor; return how many events were
    checked and the first break, if any."""
    keys = vault_of(session).audit
    for anchor in anchors:
        if found := _anchor_problem(anchor, keys):
            return 0, found
    anchored: dict[int, list[Anchor]] = {}
    for anchor in anchors:
        anchored.setdefault(anchor.seq, []).append(anchor)
    expected_seq, prev, checked, sealed = 1, GENESIS, 0, False
    while True:
        rows = (
            session.execute(
                select(AuditEvent)
                .where(AuditEvent.seq > expected_seq - 1)
                .order_by(AuditEvent.seq)
                .limit(batch)
            )
            .scalars()
            .all()
        )
        if not rows:
            return checked, _beyond_the_end(expected_seq - 1, anchors)
        for row in rows:
            if found := _row_problem(row, expected_seq, prev, keys, sealed):
                return checked, found
            for anchor in anchored.get(row.seq, []):
                if anchor.hash != row.hash:
                    when = formats.date_time(anchor.at)
                    return checked, Finding(
                        row.seq, str(row.id), f"hændelsen svarer ikke til ankeret fra {when}"
                    )
            sealed = sealed or row.mac is not None
            prev, expected_seq = row.hash, row.seq + 1
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
