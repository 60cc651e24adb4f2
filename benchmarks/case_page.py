# SPDX-License-Identifier: MPL-2.0
"""Benchmark the caseworker's pages at municipality scale: server time p50/p95.

Run:  .venv/bin/python benchmarks/case_page.py --citizens 100000 --requests 300
Generates a demo municipality into a fresh SQLite file and a fresh PostgreSQL database, then
times the case page, Mine sager and the API's case read in-process (ASGI, no network), logged in
as Anna. Results go to benchmarks/results/case_page.md.
"""

import argparse
import random
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient

from samskab import migrations
from samskab.app import create_app
from samskab.cases.models import Case
from samskab.core.crypto import CprVault
from samskab.core.db import Database, make_engine
from samskab.demo.generator import generate
from samskab.organisations.actions import mint_token
from samskab.organisations.models import TeamMembership, User

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
RESULTS = Path(__file__).parent / "results"


@contextmanager
def database(kind: str, folder: str) -> Iterator[sa.Engine]:
    if kind == "sqlite":
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        yield engine
        engine.dispose()
        return
    name = f"samskab_bench_{secrets.token_hex(3)}"
    admin = make_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(PG_ADMIN.rsplit("/", 1)[0] + "/" + name)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _times(call: Callable[[], int], count: int) -> list[float]:
    """Milliseconds per call; every call must answer 200 itself (no redirect to the log-in)."""
    found = []
    for _ in range(count):
        started = time.perf_counter()
        status = call()
        found.append((time.perf_counter() - started) * 1000)
        assert status == 200, status
    return found


def _percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100)
    return round(cuts[49], 1), round(cuts[94], 1)


def measure(kind: str, citizens: int, requests: int) -> list[tuple[str, str, float, float]]:
    rows = []
    with tempfile.TemporaryDirectory() as folder, database(kind, folder) as engine:
        migrations.upgrade(engine)
        db = Database(engine, CprVault.generate())
        generate(db, citizens=citizens, seed=1, today=date(2026, 11, 1))
        if kind == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sa.text("ANALYZE"))
        with db.sessions() as session:
            anna = session.scalar(sa.select(User).where(User.username == "anna"))
            assert anna is not None
            teams = sa.select(TeamMembership.team_id).where(TeamMembership.user_id == anna.id)
            case_ids = list(session.scalars(sa.select(Case.id).where(Case.team_id.in_(teams))))
        app = create_app(db, demo=True, session_key=secrets.token_hex(16))
        with TestClient(app, follow_redirects=False) as client:
            token = client.get("/session/csrf").json()["token"]
            logged_in = client.post(
                "/login/demo", data={"username": "anna", "_csrf": token}, follow_redirects=False
            )
            assert logged_in.status_code == 303, logged_in.status_code
            with db.unit_of_work() as session:
                token = mint_token(session, "anna")
            rng = random.Random(1)
            pick = lambda: rng.choice(case_ids)  # noqa: E731
            for name, call in (
                ("Sagsside /sager/{id}", lambda: client.get(f"/sager/{pick()}").status_code),
                ("Mine sager (teamets)", lambda: client.get("/mine-sager?scope=team").status_code),
                (
                    "API GET /api/v1/cases/{id}",
                    lambda: (
                        client.get(
                            f"/api/v1/cases/{pick()}", headers={"Authorization": f"Bearer {token}"}
                        ).status_code
                    ),
                ),
            ):
                _times(call, 10)  # warm up
                p50, p95 = _percentiles(_times(call, requests))
                rows.append((kind, name, p50, p95))
                print(kind, name, p50, p95, flush=True)
        print(f"{kind}: {len(case_ids)} cases in Anna's team", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    rows = measure("sqlite", args.citizens, args.requests)
    rows += measure("postgresql", args.citizens, args.requests)
    lines = [
        "# Caseworker pages at municipality scale",
        "",
        f"{args.citizens:,} demo citizens, {args.requests} requests per row after 10 warm-up",
        "requests, in-process (ASGI, no network), logged in as Anna; each request also writes its",
        "audit events. Command: `.venv/bin/python benchmarks/case_page.py "
        f"--citizens {args.citizens} --requests {args.requests}`.",
        "",
        "| database | page | p50 ms | p95 ms |",
        "|---|---|---:|---:|",
        *(f"| {kind} | {name} | {p50} | {p95} |" for kind, name, p50, p95 in rows),
    ]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "case_page.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
