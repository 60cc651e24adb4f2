# SPDX-License-Identifier: MPL-2.0
"""The audit log as a keyed hash chain: events are written unsealed with the work they
describe, sealed into the chain in batches shortly after (ADR 0010), and `verify` names the
first row that was altered, inserted or deleted, and any event left unsealed too long.

Each sealed event's hash covers its fields and the previous hash; its seal (`mac`) is an HMAC
of its number and hash under a key from the installation's secrets, which the database does
not hold, so someone who rewrites a row and recomputes the chain cannot make the seals match.
Deleting the newest rows or emptying the table leaves a whole chain behind; that is found by
comparing with the anchors (`samskab.audit.anchor`) written outside the database.

Writing: `queue` holds a transaction's events, and a `before_commit` listener on every
Session INSERTs them (one statement) just before the commit; events of a rolled-back
savepoint are dropped with it (`_mark`, `_discard`), and all of them with the transaction.
No lock is taken and the chain is not read: requests never wait for each other's audit rows.

Sealing: `seal_pending` chains the unsealed events that are visible (committed) when it
runs, oldest `at` first, and seals them. It keeps no high-water mark: an event whose
transaction committed after newer events were sealed is simply chained in the next round.
Only one sealer works at a time: on PostgreSQL it takes an advisory lock for its own
transaction, on SQLite the write lock every transaction takes. `samskab.audit.sealer` runs
it in the background of every worker.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, func, insert, select, text, update
from sqlalchemy.orm import Session

from samskab.audit.models import AuditEvent
from samskab.core import clock, formats
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
# One lock number for the sealer: on PostgreSQL one sealing transaction at a time holds it
# (SQLite transactions already take the database's write lock when they begin).
LOCK = 7_207_201
# How many events one sealing transaction chains at most.
BATCH = 1000
# An event still unsealed this long after it happened is a finding of `verify`.
UNSEALED_LIMIT = timedelta(seconds=60)


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
    """Hold events until the transaction commits; they are written then, unsealed."""
    session.info.setdefault(PENDING, []).extend(rows)


def head(session: Session) -> tuple[int, str]:
    """The number and hash of the newest sealed event (0 and the genesis hash if none)."""
    found = session.execute(
        select(AuditEvent.seq, AuditEvent.hash)
        .where(AuditEvent.seq.is_not(None))
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    return (int(found[0] or 0), str(found[1])) if found else (0, GENESIS)


@event.listens_for(Session, "before_commit")
def _write(session: Session) -> None:
    rows = session.info.pop(PENDING, None)
    if rows:
        session.execute(insert(AuditEvent), rows)


def _take_turn(session: Session, wait: bool) -> bool:
    """Become the only sealer until this transaction ends; False if another one is at work
    and `wait` is off."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    if wait:
        session.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": LOCK})
        return True
    return bool(session.scalar(text("SELECT pg_try_advisory_xact_lock(:lock)"), {"lock": LOCK}))


def seal_pending(session: Session, *, batch: int = BATCH, wait: bool = True) -> int:
    """Chain and seal up to `batch` of the unsealed events committed by now, oldest first; how
    many were sealed. The caller commits."""
    if not _take_turn(session, wait):
        return 0
    columns = [getattr(AuditEvent, name) for name in FIELDS]
    rows = (
        session.execute(
            select(*columns)
            .where(AuditEvent.seq.is_(None))
            .order_by(AuditEvent.at, AuditEvent.id)
            .limit(batch)
        )
        .mappings()
        .all()
    )
    if not rows:
        return 0
    vault = vault_of(session)
    vault.refresh()
    seq, prev = head(session)
    seals = []
    for row in rows:
        seq += 1
        hash_ = digest(seq, prev, dict(row))
        key_id, mac = vault.audit.seal(seal_message(seq, hash_))
        seals.append(
            {"id": row["id"], "seq": seq, "prev_hash": prev, "hash": hash_}
            | {"key_id": key_id, "mac": mac}
        )
        prev = hash_
    session.execute(update(AuditEvent), seals)
    return len(seals)


@dataclass(frozen=True)
class Finding:
    """The first break in the chain, in words, with the row it concerns (no number for an
    event that was never sealed)."""

    seq: int | None
    event_id: str
    problem: str


def _seal_problem(
    row: AuditEvent, seq: int, hash_: str, keys: AuditKeys, sealed_before: bool
) -> str | None:
    if row.mac is None or row.key_id is None:
        return "hændelsen mangler sit segl" if sealed_before else None
    fits = keys.matches(row.key_id, seal_message(seq, hash_), row.mac)
    if fits is None:
        return f"hændelsen er forseglet med en ukendt nøgle ({row.key_id})"
    return None if fits else "seglet passer ikke: hændelsen er ændret og kæden regnet om"


def _row_problem(
    row: AuditEvent, expected_seq: int, prev: str, keys: AuditKeys, sealed_before: bool
) -> Finding | None:
    values = {name: getattr(row, name) for name in FIELDS}
    seq, hash_ = row.seq or 0, row.hash or ""  # the walk reads sealed events only
    if seq > expected_seq:
        return Finding(expected_seq, str(row.id), f"hændelse nr. {expected_seq} mangler (slettet)")
    if row.prev_hash != prev:
        return Finding(seq, str(row.id), "kæden er brudt før denne hændelse (indsat)")
    if digest(seq, prev, values) != hash_:
        return Finding(seq, str(row.id), "hændelsen er ændret")
    problem = _seal_problem(row, seq, hash_, keys, sealed_before)
    return Finding(seq, str(row.id), problem) if problem else None


def _left_unsealed(session: Session, limit: timedelta) -> Finding | None:
    """Events that happened longer than `limit` ago and are still not in the chain: the
    sealer is not running, or cannot seal them."""
    late = AuditEvent.seq.is_(None), AuditEvent.at < clock.now() - limit
    count = session.scalar(select(func.count()).select_from(AuditEvent).where(*late)) or 0
    if not count:
        return None
    oldest = session.execute(
        select(AuditEvent.id, AuditEvent.at).where(*late).order_by(AuditEvent.at).limit(1)
    ).one()
    seconds = int(limit.total_seconds())
    return Finding(
        None,
        str(oldest.id),
        f"{count} hændelser er ikke forseglet i kæden mere end {seconds} sekunder efter, de "
        f"skete (den ældste fra {formats.date_time(oldest.at)}): forseglingen kører ikke; "
        "kør samskab audit seal",
    )


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
    session: Session,
    *,
    anchors: Sequence["Anchor"] = (),
    batch: int = 10_000,
    unsealed_limit: timedelta = UNSEALED_LIMIT,
) -> tuple[int, Finding | None]:
    """Walk the chain, check every seal and every anchor, and look for events left unsealed
    longer than `unsealed_limit`; return how many events were checked and the first break,
    if any."""
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
            found = _beyond_the_end(expected_seq - 1, anchors)
            return checked, found or _left_unsealed(session, unsealed_limit)
        for row in rows:
            if found := _row_problem(row, expected_seq, prev, keys, sealed):
                return checked, found
            for anchor in anchored.get(row.seq or 0, []):
                if anchor.hash != row.hash:
                    when = formats.date_time(anchor.at)
                    return checked, Finding(
                        row.seq, str(row.id), f"hændelsen svarer ikke til ankeret fra {when}"
                    )
            sealed = sealed or row.mac is not None
            prev, expected_seq = row.hash or "", (row.seq or 0) + 1
            checked += 1
        session.expunge_all()


@event.listens_for(Session, "after_transaction_create")
def _mark(session: Session, transaction: Any) -> None:
    if transaction.nested:
        marks = session.info.setdefault("audit_marks", {})
        marks[id(transaction)] = len(session.info.get(PENDING, []))


@event.listens_for(Session, "after_soft_rollback")
def _discard(session: Session, previous_transaction: Any) -> None:
    """Events of a rolled-back savepoint are dropped with the work they described, those
    queued before the savepoint kept; a rolled-back transaction drops them all."""
    mark = session.info.get("audit_marks", {}).pop(id(previous_transaction), None)
    if previous_transaction.parent is None:
        session.info.pop(PENDING, None)
    elif mark is not None and PENDING in session.info:
        del session.info[PENDING][mark:]
