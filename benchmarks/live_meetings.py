# SPDX-License-Identifier: MPL-2.0
"""Benchmark live meetings: how fast an edit reaches every follower, across worker processes.

Run:  .venv/bin/python benchmarks/live_meetings.py --meetings 20 --followers 5 --edits 10
Starts two `samskab serve` worker processes on a fresh PostgreSQL database, opens
N meetings with M followers each (server-sent events, spread over both workers), writes edits
alternately through either worker and measures, for every edit and follower, the time from
sending the edit until the follower's stream shows it. Results go to benchmarks/results/.
"""

import argparse
import asyncio
import json
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.live import SAMSKAB, cli_env, token_for, worker_processes

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
RESULTS = Path(__file__).parent / "results"


async def follow(
    url: str,
    headers: dict[str, str],
    seen: dict[str, float],
    ready: asyncio.Event,
    stop: asyncio.Event,
) -> None:
    async with (
        httpx.AsyncClient(timeout=httpx.Timeout(60, read=None)) as client,
        client.stream("GET", url, headers=headers) as events,
    ):
        async for line in events.aiter_lines():
            if line.startswith("data: "):
                ready.set()
                marker = json.loads(line[6:])["note"].rsplit(" ", 1)[-1]
                seen.setdefault(marker, time.perf_counter())
            if stop.is_set():
                return


async def run(
    bases: list[str], token: str, meetings: int, followers: int, edits: int, interval: float
) -> tuple[list[float], int]:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(headers=headers, timeout=30) as client:
        cases = (await client.get(f"{bases[0]}/api/v1/cases?limit=200")).json()["items"]
        ids = []
        for number in range(meetings):
            case = cases[number % len(cases)]
            made = (
                await client.post(
                    f"{bases[0]}/api/v1/cases/{case['id']}/meetings",
                    json={"title": f"Møde {number}", "starts_at": datetime.now(UTC).isoformat()},
                )
            ).json()
            await client.post(f"{bases[0]}/api/v1/meetings/{made['id']}/start")
            ids.append(made["id"])
        stop = asyncio.Event()
        seen: list[list[dict[str, float]]] = [[{} for _ in range(followers)] for _ in ids]
        readies, tasks = [], []
        for m, meeting in enumerate(ids):
            for f in range(followers):
                ready = asyncio.Event()
                readies.append(ready)
                url = f"{bases[f % len(bases)]}/api/v1/meetings/{meeting}/events"
                tasks.append(asyncio.create_task(follow(url, headers, seen[m][f], ready, stop)))
        await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), timeout=60)
        sent: list[dict[str, float]] = [{} for _ in ids]
        versions = [0] * len(ids)

        async def write(m: int, meeting: str) -> None:
            for e in range(edits):
                marker = f"m{m}e{e}-{secrets.token_hex(3)}"
                base = bases[(m + e) % len(bases)]
                sent[m][marker] = time.perf_counter()
                answer = await client.put(
                    f"{base}/api/v1/meetings/{meeting}/note",
                    json={"text": f"Notat {marker}", "based_on": versions[m]},
                )
                versions[m] = answer.json()["version"]
                await asyncio.sleep(interval)

        await asyncio.gather(*(write(m, meeting) for m, meeting in enumerate(ids)))
        await asyncio.sleep(2)
        stop.set()
        for task in tasks:
            task.cancel()
    latencies, missed = [], 0
    for m in range(len(ids)):
        for f in range(followers):
            for marker, at in sent[m].items():
                if marker in seen[m][f]:
                    latencies.append((seen[m][f][marker] - at) * 1000)
                else:
                    missed += 1
    return latencies, missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--meetings", type=int, default=20)
    parser.add_argument("--followers", type=int, default=5)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between edits")
    args = parser.parse_args()
    name = f"samskab_live_{secrets.token_hex(3)}"
    admin = sa.create_engine(
        PG_ADMIN.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        with tempfile.TemporaryDirectory() as folder:
            env = cli_env(PG_ADMIN.rsplit("/", 1)[0] + "/" + name, Path(folder))
            subprocess.run(
                [SAMSKAB, "demo", "--citizens", "300"], env=env, check=True, capture_output=True
            )
            token = token_for(env, "anna")
            with worker_processes(env, 2) as bases:
                latencies, missed = asyncio.run(
                    run(bases, token, args.meetings, args.followers, args.edits, args.interval)
                )
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    lines = [
        "# Live meetings: edit-to-follower propagation",
        "",
        f"PostgreSQL, 2 worker processes (`samskab serve`), {args.meetings} meetings × "
        f"{args.followers} followers (SSE, spread over both workers), {args.edits} edits per "
        f"meeting {args.interval * 1000:.0f} ms apart, written alternately through either worker. "
        "Command: "
        f"`.venv/bin/python benchmarks/live_meetings.py --meetings {args.meetings} "
        f"--followers {args.followers} --edits {args.edits} --interval {args.interval}`.",
        "",
        "| deliveries | superseded before shown | p50 ms | p99 ms | max ms |",
        "|---:|---:|---:|---:|---:|",
        f"| {len(latencies)} | {missed} | {cuts[49]:.1f} | {cuts[98]:.1f} | {max(latencies):.1f} |",
    ]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "live_meetings.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
