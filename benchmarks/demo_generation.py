# SPDX-License-Identifier: MPL-2.0
"""Benchmark `samskab demo`: time, rows per second and database size per database and size.

Run:  .venv/bin/python benchmarks/demo_generation.py --sizes 10000,100000 --large 650000
Each run generates into a fresh database (a temporary SQLite file, or a new PostgreSQL
database on SAMSKAB_BENCH_PG_URL) and writes a Markdown table to benchmarks/results/.
"""

import argparse
import json
import os
import secrets
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from samskab import migrations
from samskab.core.crypto import CprVault
from samskab.core.db import Base, Database, make_engine
from samskab.demo.generator import generate

PG_ADMIN = os.environ.get("SAMSKAB_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
RESULTS = Path(__file__).parent / "results"
DAY = date(2026, 11, 1)


def _sqlite(size: int, folder: str) -> dict[str, object]:
    path = Path(folder) / f"bench-{size}.db"
    engine = make_engine(f"sqlite:///{path}")
    result = _measure(engine, size)
    with engine.connect() as conn:  # outside any transaction, where the checkpoint can run
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    result["db_bytes"] = path.stat().st_size
    return result


def _postgresql(size: int) -> dict[str, object]:
    name = f"samskab_bench_{secrets.token_hex(3)}"
    admin = make_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(PG_ADMIN.rsplit("/", 1)[0] + "/" + name)
    try:
        result = _measure(engine, size)
        with engine.connect() as conn:
            result["db_bytes"] = conn.scalar(sa.text("select pg_database_size(current_database())"))
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return result


def _measure(engine: sa.Engine, size: int) -> dict[str, object]:
    migrations.upgrade(engine)
    db = Database(engine, CprVault.generate())
    started = time.perf_counter()
    summary = generate(db, citizens=size, seed=1, today=DAY)
    seconds = time.perf_counter() - started
    with engine.connect() as conn:
        counts = {
            t.name: conn.scalar(sa.select(sa.func.count()).select_from(t)) or 0
            for t in Base.metadata.sorted_tables
        }
    return {
        "citizens": size,
        "seconds": round(seconds, 1),
        "rows": summary.rows,
        "rows_per_second": round(summary.rows / seconds),
        "citizens_per_second": round(size / seconds),
        "cases": counts["case_file"],
        "notes": counts["note"],
        "deliveries": counts["delivery_record"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000", help="sizes on both databases")
    parser.add_argument(
        "--large", type=int, default=650_000, help="size on PostgreSQL only (0=skip)"
    )
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            for backend in ("sqlite", "postgresql"):
                result = _sqlite(size, folder) if backend == "sqlite" else _postgresql(size)
                runs.append({"database": backend, **result})
                print(json.dumps(runs[-1]), flush=True)
    if args.large:
        runs.append({"database": "postgresql", **_postgresql(args.large)})
        print(json.dumps(runs[-1]), flush=True)
    RESULTS.mkdir(exist_ok=True)
    lines = [
        "# samskab demo: generation time and database size",
        "",
        "One run on this machine, PostgreSQL on loopback. Command: "
        "`.venv/bin/python benchmarks/demo_generation.py "
        f"--sizes {args.sizes} --large {args.large}`.",
        "Rows are all rows written (citizens, cases, access relations, status history,",
        "assessments, plans, goals, wording history, ratings, interventions, deliveries, notes).",
        "Size is the SQLite file after a WAL checkpoint, or `pg_database_size`.",
        "",
        "| database | citizens | cases | notes | deliveries | rows | seconds | rows/s | size MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        lines.append(
            f"| {run['database']} | {run['citizens']:,} | {run['cases']:,} | {run['notes']:,} | "
            f"{run['deliveries']:,} | {run['rows']:,} | {run['seconds']} | "
            f"{run['rows_per_second']:,} | {int(run['db_bytes']) / 1e6:.0f} |"  # type: ignore[call-overload]
        )
    (RESULTS / "demo_generation.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
