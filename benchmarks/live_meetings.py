# SPDX-License-Identifier: MPL-2.0
"""Benchmark live meetings: how fast an edit reaches every follower, across worker processes.

Run:  .venv/bin/python benchmarks/live_meetings.py --meetings 500 --followers 5 --edits 4 \
          --interval 30
Starts two `samskab serve` worker processes on a fresh PostgreSQL database, opens
N meetings with M followers each (server-sent events, spread over both workers), writes edits
alternately through either worker and measures, for every edit and follower, the time from
sending the edit until the follower's stream shows it. Results go to benchmarks/results/.
"""

import argparse
import asyncio
import json
import os
import random
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.live import SAMSKAB, cli_env, token_for, worker_processes

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
RESULTS = Path(__file__).parent / "results"


async def follow(
    client: httpx.AsyncClient,
    url: str,
    token: str,
    seen: dict[str, float],
    ready: asyncio.Event,
    stop: asyncio.Event,
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    try:
        async with client.stream("GET", url, headers=headers) as events:
            async for line in events.aiter_lines():
                if line.startswith("data: "):
                    ready.set()
                    marker = json.loads(line[6:])["note"].rsplit(" ", 1)[-1]
                    seen.setdefault(marker, time.perf_counter())
                if stop.is_set():
                    return
    except httpx.HTTPError as error:
        if not stop.is_set():
            print(f"a follower lost its stream: {type(error).__name__}", file=sys.stderr)


async def start_meetings(client: httpx.AsyncClient, base: str, meetings: int) -> list[str]:
    """Plan and start the meetings, a few at a time."""
    cases = (await client.get(f"{base}/api/v1/cases?limit=200")).json()["items"]
    gate = asyncio.Semaphore(8)

    async def start(number: int) -> str:
        case = cases[number % len(cases)]
        async with gate:
            made = (
                await client.post(
                    f"{base}/api/v1/cases/{case['id']}/meetings",
                    json={"title": f"Møde {number}", "starts_at": datetime.now(UTC).isoformat()},
                )
            ).json()
            await client.post(f"{base}/api/v1/meetings/{made['id']}/start")
        return str(made["id"])

    return list(await asyncio.gather(*(start(n) for n in range(meetings))))


async def run(
    bases: list[str], tokens: list[str], meetings: int, edits: int, interval: float
) -> dict[str, Any]:
    """The caseworker (the first token) writes; follower f of each meeting uses token f + 1,
    as separate devices would."""
    followers = len(tokens) - 1
    headers = {"Authorization": f"Bearer {tokens[0]}"}
    unlimited = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    async with (
        httpx.AsyncClient(headers=headers, timeout=60, limits=unlimited) as client,
        httpx.AsyncClient(timeout=httpx.Timeout(120, read=None), limits=unlimited) as streams,
    ):
        ids = await start_meetings(client, bases[0], meetings)
        stop = asyncio.Event()
        seen: list[list[dict[str, float]]] = [[{} for _ in range(followers)] for _ in ids]
        readies, tasks = [], []
        opening = time.perf_counter()
        for m, meeting in enumerate(ids):
            for f in range(followers):
                ready = asyncio.Event()
                readies.append(ready)
                url = f"{bases[(m + f) % len(bases)]}/api/v1/meetings/{meeting}/events"
                tasks.append(
                    asyncio.create_task(
                        follow(streams, url, tokens[f + 1], seen[m][f], ready, stop)
                    )
                )
        await asyncio.wait_for(
            asyncio.gather(*(r.wait() for r in readies)), timeout=60 + len(readies) / 4
        )
        opened = time.perf_counter() - opening
        sent: list[dict[str, float]] = [{} for _ in ids]
        answered: list[dict[str, float]] = [{} for _ in ids]
        versions = [0] * len(ids)
        phases = random.Random(1)

        async def write(m: int, meeting: str) -> None:
            await asyncio.sleep(phases.random() * interval)  # meetings do not type in step
            for e in range(edits):
                marker = f"m{m}e{e}-{secrets.token_hex(3)}"
                base = bases[(m + e) % len(bases)]
                sent[m][marker] = time.perf_counter()
                answer = await client.put(
                    f"{base}/api/v1/meetings/{meeting}/note",
                    json={"text": f"Notat {marker}", "based_on": versions[m]},
                )
                answered[m][marker] = time.perf_counter()
                versions[m] = answer.json()["version"]
                await asyncio.sleep(interval)

        await asyncio.gather(*(write(m, meeting) for m, meeting in enumerate(ids)))
        await asyncio.sleep(2)
        stop.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    latencies, after_answer, missed = [], [], 0
    for m in range(len(ids)):
        for f in range(followers):
            for marker, at in sent[m].items():
                if marker in seen[m][f]:
                    latencies.append((seen[m][f][marker] - at) * 1000)
                    after_answer.append((seen[m][f][marker] - answered[m][marker]) * 1000)
                else:
                    missed += 1
    writes = [(answered[m][k] - sent[m][k]) * 1000 for m in range(len(ids)) for k in sent[m]]
    return {
        "latencies": latencies,
        "after_answer": after_answer,
        "missed": missed,
        "writes": writes,
        "opened": opened,
    }


def _errors(logs: Path) -> int:
    """Lines the workers logged as errors."""
    return sum(
        1
        for log in logs.glob("worker-*.log")
        for line in log.read_text(errors="replace").splitlines()
        if " ERROR " in line or line.startswith("ERROR")
    )


def _more_files() -> int:
    """Raise this process's open-file limit (inherited by the workers) as far as allowed:
    every follower is a socket at both ends."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--meetings", type=int, default=20)
    parser.add_argument("--followers", type=int, default=5)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between edits")
    parser.add_argument("--logs", type=Path, help="keep the workers' logs in this folder")
    args = parser.parse_args()
    files = _more_files()
    name = f"samskab_live_{secrets.token_hex(3)}"
    admin = sa.create_engine(
        PG_ADMIN.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    load_before = os.getloadavg()
    try:
        with tempfile.TemporaryDirectory() as folder:
            env = cli_env(PG_ADMIN.rsplit("/", 1)[0] + "/" + name, Path(folder))
            subprocess.run(
                [SAMSKAB, "demo", "--citizens", "300"], env=env, check=True, capture_output=True
            )
            with ThreadPoolExecutor(2) as minting:
                tokens = list(
                    minting.map(lambda _: token_for(env, "anna"), range(args.followers + 1))
                )
            load_before = os.getloadavg()
            logs = args.logs or Path(folder)
            logs.mkdir(parents=True, exist_ok=True)
            with worker_processes(env, 2, logs, start_seconds=60) as bases:
                result = asyncio.run(run(bases, tokens, args.meetings, args.edits, args.interval))
            load_after = os.getloadavg()
            result["errors"] = _errors(logs)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    write(args, result, files, load_before, load_after)


def write(
    args: argparse.Namespace,
    result: dict[str, Any],
    files: int,
    load_before: tuple[float, ...],
    load_after: tuple[float, ...],
) -> None:
    """The results file."""
    latencies, writes = result["latencies"], result["writes"]
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    ack = statistics.quantiles(writes, n=100, method="inclusive")
    beyond = statistics.quantiles(result["after_answer"], n=100, method="inclusive")
    lines = [
        "# Live meetings: edit-to-follower propagation",
        "",
        f"PostgreSQL, 2 worker processes (`samskab serve`), {args.meetings} meetings × "
        f"{args.followers} followers (SSE, spread over both workers), {args.edits} edits per "
        f"meeting {args.interval * 1000:.0f} ms apart (each meeting starting at a random moment "
        "within the first interval), written alternately through either worker; each follower "
        "of a meeting with its own API token, as separate devices; one load client "
        f"process (httpx, asyncio) with an open-file limit of {files}. Delivery is measured from "
        "sending the edit until a follower's stream shows it, so it includes the write itself. "
        "Command: "
        f"`.venv/bin/python benchmarks/live_meetings.py --meetings {args.meetings} "
        f"--followers {args.followers} --edits {args.edits} --interval {args.interval}`.",
        "",
        "| deliveries | superseded before shown | p50 ms | p99 ms | max ms |",
        "|---:|---:|---:|---:|---:|",
        f"| {len(latencies)} | {result['missed']} | {cuts[49]:.1f} | {cuts[98]:.1f} "
        f"| {max(latencies):.1f} |",
        "",
        f"Writes answered after: p50 {ack[49]:.1f} ms, p99 {ack[98]:.1f} ms. Deliveries after "
        f"the write's answer (negative: the follower saw it first): p50 {beyond[49]:.1f} ms, "
        f"p99 {beyond[98]:.1f} ms. "
        f"All {args.meetings * args.followers} followers open (access checked and logged once "
        f"each) after {result['opened']:.1f} s. Errors in the workers' logs: {result['errors']}.",
        "",
        "A figure from a shared 2-core machine (other engineers' tests and servers ran at the "
        "same time; load average before/after the run: "
        f"{load_before[0]:.1f} / {load_after[0]:.1f}): compare runs, not machines.",
    ]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "live_meetings.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
