# SPDX-License-Identifier: MPL-2.0
"""Benchmark the audit log's cost on the request path (ADR 0010): transactions per second
that each write one audit event, with the event written unsealed (today) against the same
transaction also taking the chain's global lock and reading its head before commit (how every
request sealed its own events before ADR 0010), and how fast the sealer then seals.

Run:  .venv/bin/python benchmarks/audit_write.py --threads 16 --each 300 --rounds 2
Uses a fresh PostgreSQL database on SAMSKAB_BENCH_PG_URL (default: local, user postgres),
alternates the two modes for each round, and writes benchmarks/results/audit_write.md.
"""

import argparse
import os
import secrets
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from samskab import migrations
from samskab.access.actor import Actor
from samskab.audit.actions import record
from samskab.audit.chain import LOCK, head
from samskab.audit.sealer import seal_all
from samskab.core import clock
from samskab.core.crypto import CprVault
from samskab.core.db import Database, make_engine

PG_ADMIN = os.environ.get("SAMSKAB_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
RESULTS = Path(__file__).parent / "results"
WHO = Actor(user_id=None, display_name="benchmark", roles=frozenset(), purpose="drift")


@contextmanager
def fresh_database() -> Iterator[sa.Engine]:
    """A new, migrated PostgreSQL database, dropped afterwards."""
    name = f"samskab_bench_audit_{secrets.token_hex(4)}"
    admin = make_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(PG_ADMIN.rsplit("/", 1)[0] + "/" + name, pool_size=64, max_overflow=0)
    try:
        migrations.upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def one_transaction(db: Database, locked: bool) -> None:
    """One request's transaction with one audit event; `locked` adds the old chain lock."""
    with db.unit_of_work() as session:
        record(session, WHO, "case.read", citizen_id=None, object_type="case")
        if locked:
            session.execute(sa.text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": LOCK})
            head(session)


def throughput(db: Database, threads: int, each: int, locked: bool) -> float:
    """Transactions per second with `threads` threads doing `each` transactions."""
    start = threading.Barrier(threads + 1)

    def work() -> None:
        start.wait()
        for _ in range(each):
            one_transaction(db, locked)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    start.wait()
    began = time.perf_counter()
    for worker in workers:
        worker.join()
    return threads * each / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--each", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    rates: dict[str, list[float]] = {"unsealed": [], "locked": []}
    sealing: list[float] = []
    with fresh_database() as engine:
        db = Database(engine, CprVault.generate())
        for _ in range(args.rounds):
            for mode in ("unsealed", "locked"):
                rates[mode].append(throughput(db, args.threads, args.each, mode == "locked"))
                began = time.perf_counter()
                sealed = seal_all(db)
                sealing.append(sealed / (time.perf_counter() - began))
    unsealed, locked = (statistics.median(rates[m]) for m in ("unsealed", "locked"))
    lines = [
        "# Audit events on the request path (ADR 0010)",
        "",
        f"Run {clock.now():%Y-%m-%d %H:%M} UTC on PostgreSQL, {args.threads} threads × "
        f"{args.each} transactions with one audit event each, {args.rounds} alternating rounds "
        f"(median). Machine load at the time: {os.getloadavg()[0]:.1f}.",
        "",
        "| mode | transactions/s |",
        "|---|---|",
        f"| written unsealed, no lock (today) | {unsealed:.0f} |",
        f"| plus the global chain lock and head read (before ADR 0010) | {locked:.0f} |",
        "",
        f"Ratio: {unsealed / locked:.1f}×. The background sealer then sealed "
        f"{statistics.median(sealing):.0f} events/s (median of the rounds, batches of 1,000).",
    ]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "audit_write.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
