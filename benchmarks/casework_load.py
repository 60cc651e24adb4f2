# SPDX-License-Identifier: MPL-2.0
"""Benchmark the casework mix under load: samskab against a bare endpoint with the same SQL.

Run:  PYTHONPATH=src .venv/bin/python benchmarks/casework_load.py --citizens 100000
Quick: PYTHONPATH=src .venv/bin/python benchmarks/casework_load.py --citizens 2000 \\
           --duration 5 --rounds 1

Creates a fresh PostgreSQL database (127.0.0.1:5432), migrates it, generates a demo
municipality, mints bearer tokens for a few caseworkers, counts the statements each request
type sends (in-process, per request: business SQL, access, authentication, audit log), then
starts samskab (two worker processes) and the bare FastAPI endpoint app of `casework_apps.py`
(two worker processes, the same business SQL without samskab's authentication, audit log and
ORM) and drives both with wrk and `casework_mix.lua` (read case, read plan, append journal
note, list my cases; over ids of cases the token's caseworker may see), alternating, for
`--rounds` rounds of `--duration` seconds at each number of connections. Medians of the
rounds go to benchmarks/results/casework_load.md.
"""

import argparse
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.casework_apps import bare_app  # noqa: E402
from samskab import migrations  # noqa: E402
from samskab.access.actor import actor_for_user  # noqa: E402
from samskab.app import create_app  # noqa: E402
from samskab.cases.models import Case  # noqa: E402
from samskab.cases.queries import CaseFilter, listing  # noqa: E402
from samskab.cases.schemas import CaseScope  # noqa: E402
from samskab.cases.states import OPEN  # noqa: E402
from samskab.core.crypto import resolve_secrets, vault_from_settings  # noqa: E402
from samskab.core.db import Database, make_engine  # noqa: E402
from samskab.core.settings import get_settings  # noqa: E402
from samskab.demo.generator import generate  # noqa: E402
from samskab.organisations.actions import mint_token  # noqa: E402
from samskab.organisations.models import Role, User  # noqa: E402

PG = "postgresql://postgres@127.0.0.1:5432"
RESULTS = ROOT / "benchmarks" / "results"
LUA = ROOT / "benchmarks" / "casework_mix.lua"
KINDS = ("read_case", "read_plan", "append_note", "list_cases")
LABELS = {
    "read_case": "read case `GET /api/v1/cases/{id}`",
    "read_plan": "read plan `GET /api/v1/citizens/{id}/plan`",
    "append_note": "append note `POST /api/v1/cases/{id}/notes`",
    "list_cases": "list my cases `GET /api/v1/cases`",
}
NOTE = {"kind": "telefonsamtale", "body": "Borgeren ringede; vi taler sammen igen om en uge."}
DAY = date(2026, 11, 1)
# What each server logged at each number of connections: (server, connections) → counts.
Findings = dict[tuple[str, int], dict[str, Any]]


# --- The database ------------------------------------------------------------------------


@contextmanager
def fresh_database(keep: str | None) -> Iterator[str]:
    """A new database on the local PostgreSQL (or the kept one named), dropped afterwards."""
    if keep:
        yield f"{PG}/{keep}"
        return
    name = f"samskab_casework_{secrets.token_hex(3)}"
    admin = make_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{PG}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def populate(db: Database, citizens: int) -> float:
    """Migrate, generate the demo municipality and ANALYZE; seconds spent generating."""
    migrations.upgrade(db.bind)
    started = time.perf_counter()
    generate(db, citizens=citizens, seed=1, today=DAY)
    seconds = time.perf_counter() - started
    with db.bind.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("ANALYZE"))
    return seconds


@dataclass(frozen=True)
class Caseworker:
    """A caseworker the load runs as: token, actor as the bare app needs it, cases seen."""

    username: str
    token: str
    user_id: str
    team_ids: list[str]
    cases: list[tuple[str, str]]  # (case id, citizen id)
    mine: int


def caseworkers(db: Database, count: int, per_user: int) -> list[Caseworker]:
    """The `count` caseworkers with the most open cases of their own, each with a new token."""
    found = []
    with db.unit_of_work() as session:
        busiest = session.execute(
            sa.select(User, sa.func.count(Case.id))
            .join(Case, Case.caseworker_id == User.id)
            .where(Case.status.in_(OPEN))
            .group_by(User.id)
            .order_by(sa.func.count(Case.id).desc(), User.username)
            .limit(count * 3)
        ).all()
        users = [(u, n) for u, n in busiest if Role.CASEWORKER in u.roles][:count]
        rng = random.Random(1)
        for user, mine in users:
            actor = actor_for_user(session, user)
            seen = listing(actor, CaseFilter(scope=CaseScope.TEAM, open_only=False))
            pairs = [(str(c.id), str(c.citizen_id)) for c in session.scalars(seen)]
            rng.shuffle(pairs)
            found.append(
                Caseworker(
                    user.username,
                    mint_token(session, user.username, label="casework_load"),
                    str(user.id),
                    sorted(str(t) for t in actor.team_ids),
                    pairs[:per_user],
                    mine,
                )
            )
    return found


def write_inputs(folder: Path, users: list[Caseworker], mix: dict[str, float]) -> None:
    """The Lua data file for wrk and the actors file for the bare app."""

    def lua(text: str) -> str:
        return '"' + text + '"'

    lines = ["return {", "  mix = {"]
    lines += [f"    {kind} = {weight}," for kind, weight in mix.items()]
    lines += ["  },", "  users = {"]
    for user in users:
        pairs = ", ".join(f"{{{lua(c)}, {lua(z)}}}" for c, z in user.cases)
        lines.append(f"    {{ token = {lua(user.token)}, cases = {{ {pairs} }} }},")
    lines += ["  },", "}"]
    (folder / "mix_data.lua").write_text("\n".join(lines) + "\n")
    actors = {u.token: {"user_id": u.user_id, "team_ids": u.team_ids} for u in users}
    (folder / "actors.json").write_text(json.dumps(actors))


# --- Statements per request (in-process) -------------------------------------------------

CATEGORIES = (
    ("audit", re.compile(r"audit_event|pg_advisory")),
    ("auth", re.compile(r"\b(api_token|app_user|team_membership|organisation|login_session)\b")),
    ("access", re.compile(r"^select exists \(select \* from citizen_access where ")),
)


def category(statement: str) -> str:
    """Which part of the request path a statement serves (the rest is business SQL)."""
    text = " ".join(statement.lower().split())
    if text.startswith(("savepoint", "release savepoint", "rollback to savepoint")):
        return "savepoint"
    for name, pattern in CATEGORIES:
        if pattern.search(text) and not (name == "auth" and "case_file" in text):
            return name
    return "business"


@contextmanager
def counting(engine: sa.Engine) -> Iterator[list[str]]:
    """Every statement sent on this engine while the block runs, plus 'BEGIN', 'COMMIT' and
    'PING' for transaction control and the pool's pre-ping on checkout."""
    seen: list[str] = []

    def statement(_c: Any, _cur: Any, text: str, *_args: Any) -> None:
        seen.append(text)

    def begin(_c: Any) -> None:
        seen.append("BEGIN")

    def commit(_c: Any) -> None:
        seen.append("COMMIT")

    pinging = getattr(engine.pool, "_pre_ping", False)

    def checkout(*_args: Any) -> None:
        if pinging:
            seen.append("PING")

    listeners: list[tuple[Any, str, Callable[..., Any]]] = [
        (engine, "before_cursor_execute", statement),
        (engine, "begin", begin),
        (engine, "commit", commit),
        (engine.pool, "checkout", checkout),
    ]
    for target, name, listener in listeners:
        sa.event.listen(target, name, listener)
    try:
        yield seen
    finally:
        for target, name, listener in listeners:
            sa.event.remove(target, name, listener)


def requests_of(user: Caseworker, rng: random.Random) -> dict[str, Callable[[TestClient], int]]:
    """One request of each type as the caseworker, on a random case they may see."""

    def pick() -> tuple[str, str]:
        return rng.choice(user.cases)

    auth = {"Authorization": f"Bearer {user.token}"}
    return {
        "read_case": lambda c: c.get(f"/api/v1/cases/{pick()[0]}", headers=auth).status_code,
        "read_plan": lambda c: (
            c.get(f"/api/v1/citizens/{pick()[1]}/plan", headers=auth).status_code
        ),
        "append_note": lambda c: (
            c.post(f"/api/v1/cases/{pick()[0]}/notes", json=NOTE, headers=auth).status_code
        ),
        "list_cases": lambda c: c.get("/api/v1/cases", headers=auth).status_code,
    }


def statements_per_request(
    app: FastAPI, engine: sa.Engine, user: Caseworker, samples: int
) -> dict[str, Counter[str]]:
    """Mean statements per request of each type, by category (plus 'total')."""
    rng = random.Random(2)
    found: dict[str, Counter[str]] = {}
    with TestClient(app) as client:
        for kind, call in requests_of(user, rng).items():
            assert call(client) in (200, 201), kind  # warm: the first request may cache more
            tally: Counter[str] = Counter()
            for _ in range(samples):
                with counting(engine) as seen:
                    status = call(client)
                assert status in (200, 201), (kind, status)
                for text in seen:
                    tally[text if text in ("BEGIN", "COMMIT", "PING") else category(text)] += 1
                tally["total"] += len(seen)
            found[kind] = Counter({k: round(v / samples, 1) for k, v in tally.items()})
    return found


# --- Servers and wrk ---------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_supports_workers(env: dict[str, str]) -> bool:
    """Whether `samskab serve` takes --workers yet (another change adds it)."""
    answer = subprocess.run(
        [sys.executable, "-m", "samskab", "serve", "--help"],
        env=env | {"COLUMNS": "200"},
        capture_output=True,
        text=True,
        check=False,
    )
    return "--workers" in answer.stdout


@contextmanager
def server(
    command: list[str], env: dict[str, str], port: int, log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """A server process group, until the block ends; waits until it answers. Its output goes
    to `log`. On leaving, SIGTERM, and SIGKILL for whatever still runs 10 s later (a worker
    stuck on requests waiting for the pool would otherwise outlive the database)."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=output, stderr=output, start_new_session=True
        )
        try:
            for _ in range(600):
                if process.poll() is not None:
                    raise RuntimeError(f"{command[:6]} stopped ({process.returncode}); see {log}")
                try:
                    httpx.get(f"http://127.0.0.1:{port}/api/v1/cases", timeout=2)
                    break
                except httpx.HTTPError:
                    time.sleep(0.2)
            yield process
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


ERROR_LINE = re.compile(r"^([\w.]+(?:Error|Exception|Shutdown)): (.{0,90})", re.MULTILINE)


def log_findings(log: Path, offset: int) -> dict[str, Any]:
    """What a server wrote to its log after `offset`: pool timeouts (a request that waited
    30 s for a connection and was answered 500), unhandled exceptions, and the commonest
    error lines (statement parameters are hidden by both servers)."""
    with log.open("rb") as found:
        found.seek(offset)
        text = found.read().decode(errors="replace")
    lines = Counter(f"{m[1]}: {m[2]}" for m in ERROR_LINE.finditer(text))
    return {
        "pool_timeouts": text.count("QueuePool limit"),
        "exceptions": text.count("Exception in ASGI application"),
        "errors": lines.most_common(3),
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (workers), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def run_wrk(
    url: str, connections: int, seconds: int, timeout: int, data: Path, pid: int
) -> dict[str, Any]:
    """One wrk run; its result line, with the server's CPU seconds during the run."""
    before = cpu_seconds(pid)
    answer = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            f"--timeout={timeout}s",
            "-s",
            str(LUA),
            url,
        ],
        env=os.environ | {"CASEWORK_DATA": str(data)},
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in answer.stdout.splitlines() if x.startswith("CASEWORK_RESULT "))
    result: dict[str, Any] = json.loads(line.removeprefix("CASEWORK_RESULT "))
    result["cpu_s"] = cpu_seconds(pid) - before
    return result


def summary(runs: list[dict[str, Any]]) -> dict[str, float]:
    """Medians over rounds: requests/s, p50/p99 ms, errors, server CPU ms per request."""

    def median(values: list[float]) -> float:
        known = [v for v in values if not math.isnan(v)]
        return statistics.median(known) if known else math.nan

    def per(run: dict[str, Any]) -> dict[str, float]:
        statuses = {int(k): v for k, v in run["statuses"].items()}
        answered = run["requests"]
        none = math.nan if not answered else 1.0  # no answer: no latency, no CPU per answer
        return {
            "rps": answered / (run["duration_us"] / 1e6),
            "p50": none * run["p50_us"] / 1000,
            "p99": none * run["p99_us"] / 1000,
            "max": none * run["max_us"] / 1000,
            "s503": statuses.get(503, 0),
            "other": sum(v for k, v in statuses.items() if k != 503),
            "timeout": run["timeout"],
            "socket": run["connect"] + run["read"] + run["write"],
            "cpu_ms": none * 1000 * run["cpu_s"] / max(answered, 1),
        }

    rounds = [per(run) for run in runs]
    summed = ("s503", "other", "timeout", "socket")
    return {
        key: sum(r[key] for r in rounds) if key in summed else median([r[key] for r in rounds])
        for key in rounds[0]
    }


def _f(value: float, digits: int) -> str:
    """A figure, or a dash where there is none (no request answered)."""
    return "—" if math.isnan(value) else f"{value:.{digits}f}"


def _git_commit() -> str:
    answer = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return answer.stdout.strip() or "?"


@dataclass
class Report:
    """What one run found, as Markdown."""

    args: argparse.Namespace
    started: datetime
    generating: float | None
    sizes: dict[str, Any]
    users: list[Caseworker]
    counts: dict[str, dict[str, Counter[str]]]
    runs: dict[tuple[str, int], list[dict[str, Any]]]
    how: str
    findings: Findings
    load: tuple[float, float, float]

    def command(self) -> str:
        a = self.args
        mix = ",".join(f"{k}={v:g}" for k, v in a.mix.items())
        parts = [
            "PYTHONPATH=src .venv/bin/python benchmarks/casework_load.py",
            f"--citizens {a.citizens}" if not a.database else "--database … --secrets …",
            f"--duration {a.duration} --rounds {a.rounds}",
            f"--connections {','.join(map(str, a.connections))} --timeout {a.timeout}",
        ]
        if mix != "read_case=1,read_plan=1,append_note=1,list_cases=1":
            parts.append(f"--mix {mix}")
        return " ".join(parts)

    def markdown(self) -> str:
        a = self.args
        medians = {key: summary(found) for key, found in self.runs.items()}
        total_weight = sum(a.mix.values())
        mix = ", ".join(
            f"{k.replace('_', ' ')} {100 * w / total_weight:.0f} %" for k, w in a.mix.items()
        )
        made = f"generated in {self.generating:.0f} s" if self.generating is not None else "reused"
        lines = [
            "# Casework mix under load: samskab against a bare endpoint with the same SQL",
            "",
            f"Run {self.started:%Y-%m-%d %H:%M} UTC on commit {_git_commit()}. Command:",
            f"`{self.command()}`.",
            "",
            "**Noisy figures.** The machine has 2 CPU cores, shared during the run with other",
            "engineers' tests; wrk, both servers and PostgreSQL all run on them. Compare ratios",
            "within one run, not absolute figures across runs. Load average (1 min) at the start "
            f"{self.load[0]:.1f}, at the end {os.getloadavg()[0]:.1f}.",
            "",
            f"PostgreSQL on loopback; {self.sizes['citizens']:,} demo citizens, "
            f"{self.sizes['cases']:,} cases ({made}). samskab: {self.how}; bare endpoint: "
            f"uvicorn `--workers {a.workers}` on `casework_apps:bare_app` (the same business SQL, "
            "no token lookup, no audit log, no ORM). Both run at the same time, driven in turn "
            f"(wrk -t2, timeout {a.timeout} s), alternating which goes first, {a.rounds} rounds "
            f"of {a.duration} s at each number of connections. Mix: {mix}; as "
            f"{len(self.users)} caseworkers (own open cases: "
            f"{', '.join(str(u.mine) for u in self.users)}), each over up to "
            f"{a.cases_per_user:,} cases their team may see.",
            "",
            *self._goals(medians),
            "",
            f"## Requests/s and latency (median of {a.rounds} rounds; errors summed)",
            "",
            "Timeouts are answers later than the timeout (wrk does not count a request never "
            "answered before it stops); pool timeouts and exceptions are what the server logged "
            "over all rounds (a pool timeout is a request that hung 30 s, then got a 500).",
            "",
            "| connections | server | requests/s | p50 ms | p99 ms | max ms | 503 | other non-2xx"
            " | timeouts | pool timeouts | exceptions | socket errors | server CPU ms/request |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for (name, connections), m in sorted(medians.items(), key=lambda i: (i[0][1], i[0][0])):
            logged = self.findings[(name, connections)]
            lines.append(
                f"| {connections} | {name} | {m['rps']:.0f} | {_f(m['p50'], 1)} | "
                f"{_f(m['p99'], 1)} | {_f(m['max'], 0)} | {m['s503']:.0f} | {m['other']:.0f} | "
                f"{m['timeout']:.0f} | {logged['pool_timeouts']} | {logged['exceptions']} | "
                f"{m['socket']:.0f} | {_f(m['cpu_ms'], 1)} |"
            )
        lines += ["", "— : no request answered in any round.", *self._errors()]
        lines += ["", *self._rounds(), "", *self._statements()]
        return "\n".join(lines) + "\n"

    def _goals(self, medians: dict[tuple[str, int], dict[str, float]]) -> list[str]:
        lines = ["| goal (issue 12) | measured |", "|---|---|"]
        low = min(self.args.connections)
        if ("samskab", low) in medians and ("bare", low) in medians:
            ours, bare = medians[("samskab", low)], medians[("bare", low)]
            lines.append(
                f"| samskab ≥ 0.5 × bare requests/s at {low} connections | "
                f"**{ours['rps'] / bare['rps']:.2f}** ({ours['rps']:.0f} vs {bare['rps']:.0f}) |"
            )
            lines.append(f"| p99 < 100 ms at {low} connections | {_f(ours['p99'], 0)} ms |")
        high = max(self.args.connections)
        if ("samskab", high) in medians:
            ours, logged = medians[("samskab", high)], self.findings[("samskab", high)]
            lines.append(
                f"| at {high} connections every request answered, 0 errors other than 503 | "
                f"{ours['timeout']:.0f} timeouts, {logged['pool_timeouts']} pool timeouts, "
                f"{ours['other']:.0f} other non-2xx, {ours['socket']:.0f} socket errors, "
                f"{ours['s503']:.0f} × 503; {ours['rps']:.0f} requests/s, slowest answer "
                f"{_f(ours['max'] / 1000, 1)} s |"
            )
        for kind in KINDS:
            counted, floor = self.counts["samskab"][kind], self.counts["bare"][kind]
            lines.append(
                f"| {kind.replace('_', ' ')}: statements ≤ business SQL + 3 = "
                f"{floor['business'] + 3:g} | {counted['total']:g} |"
            )
        return lines

    def _errors(self) -> list[str]:
        lines = []
        for (name, connections), logged in sorted(self.findings.items()):
            for message, count in logged.get("errors", []):
                lines.append(f"- {name} at {connections} connections, {count} ×: `{message}`")
        return ["", "Commonest error lines in the server logs:", "", *lines] if lines else []

    def _rounds(self) -> list[str]:
        lines = [
            "## Every round",
            "",
            "| connections | server | round | requests/s | p50 ms | p99 ms | 503 | other "
            "| timeouts |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for (name, connections), found in sorted(
            self.runs.items(), key=lambda i: (i[0][1], i[0][0])
        ):
            for number, run in enumerate(found, 1):
                m = summary([run])
                lines.append(
                    f"| {connections} | {name} | {number} | {m['rps']:.0f} | {_f(m['p50'], 1)} | "
                    f"{_f(m['p99'], 1)} | {m['s503']:.0f} | {m['other']:.0f} | "
                    f"{m['timeout']:.0f} |"
                )
        return lines

    def _statements(self) -> list[str]:
        lines = [
            "## Statements per request",
            "",
            f"In-process (ASGI, no network) on the same database, {self.args.samples} requests "
            f"of each type as {self.users[0].username} after one warm-up request, counted with a "
            "SQLAlchemy `before_cursor_execute` listener; BEGIN and COMMIT are the driver's "
            "transaction round trips, PING the pool's pre-ping on checkout. Business SQL is what "
            "reads or writes the data (with the access rule where it is folded in); access is a "
            "separate access check; auth resolves the token; audit writes the audit log.",
            "",
            "| request | business | access | auth | audit | BEGIN+COMMIT+PING | total | "
            "bare: business | bare: total |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for kind in KINDS:
            ours, bare = self.counts["samskab"][kind], self.counts["bare"][kind]
            control = ours["BEGIN"] + ours["COMMIT"] + ours["PING"]
            lines.append(
                f"| {LABELS[kind]} | {ours['business']:g} | {ours['access']:g} | "
                f"{ours['auth']:g} | {ours['audit']:g} | {control:g} | **{ours['total']:g}** | "
                f"{bare['business']:g} | {bare['total']:g} |"
            )
        return lines


def uvicorn_command(factory: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        factory,
        "--workers",
        str(workers),
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]


def drive(
    args: argparse.Namespace, env: dict[str, str], data: Path
) -> tuple[dict[tuple[str, int], list[dict[str, Any]]], str, Findings]:
    """Start both servers and run wrk against them, alternating; raw results per target and
    what each server logged at each number of connections (read after `--settle` seconds,
    when a request stuck waiting for the pool has been answered or given up)."""
    ports = {"samskab": free_port(), "bare": free_port()}
    if serve_supports_workers(env):
        how = f"`samskab serve --workers {args.workers}`"
        samskab = [sys.executable, "-m", "samskab", "serve", "--workers", str(args.workers)]
        samskab += ["--port", str(ports["samskab"])]
    else:
        how = f"uvicorn `--workers {args.workers}` on `casework_apps:samskab_app`"
        samskab = uvicorn_command("benchmarks.casework_apps:samskab_app", ports["samskab"], 2)
    bare = uvicorn_command("benchmarks.casework_apps:bare_app", ports["bare"], args.workers)
    runs: dict[tuple[str, int], list[dict[str, Any]]] = {}
    findings: Findings = {}
    logs = {name: data.parent / f"{name}.log" for name in ports}
    with (
        server(samskab, env, ports["samskab"], logs["samskab"]) as one,
        server(bare, env, ports["bare"], logs["bare"]) as two,
    ):
        pids = {"samskab": one.pid, "bare": two.pid}
        for name in pids:  # warm up: imports, caches, connection pools
            url = f"http://127.0.0.1:{ports[name]}"
            run_wrk(url, 32, min(5, args.duration), args.timeout, data, pids[name])
        for connections in args.connections:
            offsets = {name: log.stat().st_size for name, log in logs.items()}
            for number in range(args.rounds):
                order = ["samskab", "bare"] if number % 2 == 0 else ["bare", "samskab"]
                for name in order:
                    url = f"http://127.0.0.1:{ports[name]}"
                    found = run_wrk(url, connections, args.duration, args.timeout, data, pids[name])
                    runs.setdefault((name, connections), []).append(found)
                    print(name, connections, number + 1, json.dumps(found), flush=True)
                    time.sleep(2)
            time.sleep(args.settle)
            for name, log in logs.items():
                findings[(name, connections)] = log_findings(log, offsets[name])
    return runs, how, findings


def _mix(text: str) -> dict[str, float]:
    mix = {kind: 0.0 for kind in KINDS}
    for part in text.split(","):
        kind, _, weight = part.partition("=")
        if kind not in mix:
            raise SystemExit(f"unknown request type {kind!r}; known: {', '.join(KINDS)}")
        mix[kind] = float(weight)
    return mix


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=30, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", default="32,256")
    parser.add_argument("--timeout", type=int, default=10, help="wrk's request timeout, s")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--settle", type=int, default=35, help="seconds to wait after each number of connections"
    )
    parser.add_argument("--caseworkers", type=int, default=4)
    parser.add_argument("--cases-per-user", type=int, default=2000)
    parser.add_argument(
        "--mix", default="read_case=1,read_plan=1,append_note=1,list_cases=1", type=_mix
    )
    parser.add_argument("--samples", type=int, default=20, help="requests per type counted")
    parser.add_argument("--database", help="use this already generated database (kept)")
    parser.add_argument("--secrets", help="its secrets folder (printed by --keep)")
    parser.add_argument("--keep", action="store_true", help="keep the database for reruns")
    parser.add_argument("--output", default=str(RESULTS / "casework_load.md"))
    args = parser.parse_args()
    args.connections = [int(c) for c in args.connections.split(",")]
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (Debian: apt-get install wrk)")
    if args.database and not args.secrets:
        parser.error("--database needs --secrets (the folder its keys were generated in)")
    return args


def main() -> None:
    args = parse()
    folder = Path(args.secrets or tempfile.mkdtemp(prefix="samskab_casework_"))
    started, load = datetime.now(UTC), os.getloadavg()
    with fresh_database(args.database) as url:
        env = os.environ | {
            "SAMSKAB_DATABASE_URL": url,
            "SAMSKAB_SECRETS_FILE": str(folder / "secrets.json"),
            "SAMSKAB_AUDIT_ANCHOR_FILE": str(folder / "audit-anchors.log"),
            "SAMSKAB_LOG_LEVEL": "WARNING",
            "CASEWORK_BARE_DATABASE_URL": url,
            "CASEWORK_BARE_ACTORS": str(folder / "actors.json"),
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        }
        os.environ.update(env)
        settings = get_settings()
        db = Database(make_engine(url), vault_from_settings(settings))
        generating = None if args.database else populate(db, args.citizens)
        if generating is not None:
            print(f"generated {args.citizens} citizens in {generating:.1f} s", flush=True)
        users = caseworkers(db, args.caseworkers, args.cases_per_user)
        write_inputs(folder, users, args.mix)
        with db.sessions() as session:
            sizes = {
                "citizens": session.scalar(sa.text("select count(*) from citizen")),
                "cases": session.scalar(sa.text("select count(*) from case_file")),
            }
        app = create_app(db, session_key=resolve_secrets(settings)["session_key"])
        bare = bare_app()
        counts = {
            "samskab": statements_per_request(app, db.bind, users[0], args.samples),
            "bare": statements_per_request(bare, bare.state.engine, users[0], args.samples),
        }
        db.bind.dispose()
        print(json.dumps(counts), flush=True)
        runs, how, findings = drive(args, env, folder / "mix_data.lua")
        if args.keep:
            print(f"kept: --database {url.rsplit('/', 1)[1]} --secrets {folder}")
    if not args.keep and not args.secrets:
        shutil.rmtree(folder, ignore_errors=True)
    report = Report(args, started, generating, sizes, users, counts, runs, how, findings, load)
    Path(args.output).write_text(report.markdown())
    print(report.markdown())


if __name__ == "__main__":
    main()
