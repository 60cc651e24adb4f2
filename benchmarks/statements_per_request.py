# SPDX-License-Identifier: MPL-2.0
"""Statements per API request of the casework mix, split into authentication, audit and the rest.

Counts every statement the application sends (SQLAlchemy's before_cursor_execute) on a fresh,
committed PostgreSQL database (SQLite when PostgreSQL is not reachable), for each request type,
on the first request of a token (nothing remembered) and on a later one. Writes
benchmarks/results/statements_per_request.md.

    PYTHONPATH=src python -m benchmarks.statements_per_request [--label after]
"""

import argparse
import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient
from tests.builders import World, make_world
from tests.conftest import VAULT, fresh_database_url, pg_available

from samskab import migrations
from samskab.app import create_app
from samskab.core.db import Database, make_engine

RESULTS = Path(__file__).parent / "results" / "statements_per_request.md"
AUTH = re.compile(r"\b(api_token|app_user|team_membership|login_session|organisation)\b")
AUDIT = re.compile(r"\baudit_event\b|pg_advisory|pg_notify")
CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.IGNORECASE)


class Tally:
    """Statements sent on an engine, by kind, between two readings."""

    def __init__(self, engine: sa.Engine) -> None:
        self.seen: Counter[str] = Counter()
        sa.event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if CONTROL.match(statement):
            kind = "control"
        elif AUDIT.search(statement):
            kind = "audit"
        elif AUTH.search(statement.split(" WHERE ")[0]):  # reads the actor, or notes token use
            kind = "auth"
        else:
            kind = "business"
        self.seen[kind] += 1

    def take(self) -> Counter[str]:
        """The statements since the last reading."""
        taken, self.seen = self.seen, Counter()
        return taken


def _mix(world: World) -> list[tuple[str, str, str, dict[str, Any] | None]]:
    case = f"/api/v1/cases/{world.mette_case_id}"
    return [
        ("read case", "GET", case, None),
        ("read plan", "GET", f"/api/v1/citizens/{world.mette_id}/plan", None),
        ("append note", "POST", f"{case}/notes", {"title": "Telefon", "body": "Ringede."}),
        ("list my cases", "GET", "/api/v1/cases", None),
    ]


def measure(url: str) -> list[tuple[str, int, Counter[str], Counter[str]]]:
    """For each request type: status, statements on a token's first use and on a later one."""
    engine = make_engine(url)
    migrations.upgrade(engine)
    db = Database(engine, VAULT)
    with db.unit_of_work() as session:
        world = make_world(session)
    tally = Tally(engine)
    rows = []
    with TestClient(create_app(db, session_key="k" * 32)) as client:
        for name, method, path, body in _mix(world):
            tally.take()
            if hasattr(db, "actors"):  # nothing remembered (before this branch: no cache)
                db.actors.forget("*")
            first = client.request(method, path, json=body, headers=world.auth("anna"))
            cold = tally.take()
            client.request(method, path, json=body, headers=world.auth("anna"))
            tally.take()
            client.request(method, path, json=body, headers=world.auth("anna"))
            warm = tally.take()
            rows.append((name, first.status_code, cold, warm))
    engine.dispose()
    return rows


def _cells(counts: Counter[str]) -> str:
    total = sum(counts.values())
    parts = ", ".join(f"{k} {counts[k]}" for k in ("auth", "audit", "business", "control"))
    return f"{total} ({parts})"


def main() -> None:
    """Measure and write the results table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", default="this branch")
    args = parser.parse_args()
    kind = "postgresql" if pg_available() is None else "sqlite"
    with tempfile.TemporaryDirectory() as folder:
        urls = fresh_database_url(kind, folder)
        rows = measure(next(urls))
        next(urls, None)
    lines = [
        f"### {args.label} ({kind})",
        "",
        "| request | status | first use of the token | later request |",
        "| --- | --- | --- | --- |",
        *(f"| {n} | {s} | {_cells(c)} | {_cells(w)} |" for n, s, c, w in rows),
        "",
    ]
    print("\n".join(lines))
    RESULTS.parent.mkdir(exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
