# SPDX-License-Identifier: MPL-2.0
"""Live meetings on real servers: concurrent writers, and updates that reach followers fast."""

import json
import random
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import fresh_database_url
from tests.live import SAMSKAB, cli_env, serving, token_for, worker_processes

pytestmark = pytest.mark.slow


def _installation(kind: str, folder: Path) -> Iterator[dict[str, str]]:
    urls = fresh_database_url(kind, str(folder))
    env = cli_env(next(urls), folder)
    subprocess.run(
        [SAMSKAB, "demo", "--citizens", "20"], env=env, check=True, capture_output=True, timeout=300
    )
    yield env
    next(urls, None)


@pytest.fixture(params=["sqlite", "postgresql"])
def installation(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """A committed demo database (not a rolled-back test transaction) and its settings."""
    yield from _installation(request.param, tmp_path)


@pytest.fixture
def pg_installation(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The same on PostgreSQL, the database that serves several worker processes."""
    yield from _installation("postgresql", tmp_path)


def _start_meeting(base: str, headers: dict[str, str]) -> str:
    mine = httpx.get(f"{base}/api/v1/cases?limit=200", headers=headers).json()["items"]
    case = next(c for c in mine if c["citizen_name"] == "Mette Sørensen")
    meeting = httpx.post(
        f"{base}/api/v1/cases/{case['id']}/meetings",
        headers=headers,
        json={"title": "Samtale", "starts_at": datetime.now(UTC).isoformat()},
    ).json()
    httpx.post(f"{base}/api/v1/meetings/{meeting['id']}/start", headers=headers)
    return str(meeting["id"])


def _app(env: dict[str, str]) -> Any:
    from samskab.app import create_app
    from samskab.core.crypto import vault_from_settings
    from samskab.core.db import Database, make_engine
    from samskab.core.settings import Settings

    settings = Settings(
        database_url=env["SAMSKAB_DATABASE_URL"], secrets_file=Path(env["SAMSKAB_SECRETS_FILE"])
    )
    db = Database(make_engine(settings.database_url), vault_from_settings(settings))
    return create_app(db, session_key="k" * 32)


def test_over_200_concurrent_edits_every_acknowledged_edit_is_in_the_history(
    installation: dict[str, str],
) -> None:
    tokens = {name: token_for(installation, name) for name in ("anna", "bo")}
    with serving(_app(installation)) as base:
        meeting = _start_meeting(base, {"Authorization": f"Bearer {tokens['anna']}"})
        acknowledged: list[tuple[int, str]] = []
        refused = 0
        lock = threading.Lock()

        def writer(number: int) -> None:
            nonlocal refused
            rng = random.Random(number)
            headers = {"Authorization": f"Bearer {tokens['anna' if number % 2 else 'bo']}"}
            with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
                state = client.get(f"/api/v1/meetings/{meeting}").json()
                text, version = state["note"], state["version"]
                for edit in range(50):
                    line = f"skriver {number} linje {edit}"
                    while True:
                        time.sleep(rng.random() * 0.005)
                        answer = client.put(
                            f"/api/v1/meetings/{meeting}/note",
                            json={"text": f"{text}\n{line}", "based_on": version},
                        )
                        if answer.status_code == 200:
                            text, version = answer.json()["note"], answer.json()["version"]
                            with lock:
                                acknowledged.append((version, text))
                            break
                        assert answer.status_code == 409, answer.text
                        with lock:
                            refused += 1
                        text = answer.json()["details"]["current_text"]
                        version = answer.json()["details"]["version"]

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        history = httpx.get(
            f"{base}/api/v1/meetings/{meeting}/history",
            headers={"Authorization": f"Bearer {tokens['anna']}"},
        ).json()
    stored = {(e["version"], e["text"]) for e in history}
    assert len(acknowledged) == 200
    assert set(acknowledged) <= stored
    assert [e["version"] for e in history] == list(range(1, 201))
    final = history[-1]["text"]
    assert all(f"skriver {n} linje {e}" in final for n in range(4) for e in range(50))
    print(f"\n200 acknowledged edits, {refused} refused with 409 and retried")


def _first_event_after(base: str, meeting: str, headers: dict[str, str], write: Any) -> float:
    """Seconds from a write until a follower's stream shows its version."""
    seen = threading.Event()
    timing: dict[str, float] = {}

    def follow() -> None:
        with httpx.stream(
            "GET", f"{base}/api/v1/meetings/{meeting}/events", headers=headers, timeout=10
        ) as events:
            first = True
            for line in events.iter_lines():
                if not line.startswith("data: "):
                    continue
                state = json.loads(line[6:])
                if first:
                    first = False
                    timing["connected"] = time.perf_counter()
                    continue
                if state["note"] == "Ny tekst fra sagsbehandleren":
                    timing["seen"] = time.perf_counter()
                    seen.set()
                    return

    thread = threading.Thread(target=follow, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while "connected" not in timing and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.perf_counter()
    write()
    assert seen.wait(timeout=5), "the follower never saw the edit"
    return timing["seen"] - started


def test_a_follower_sees_an_edit_within_a_second(installation: dict[str, str]) -> None:
    token = token_for(installation, "anna")
    headers = {"Authorization": f"Bearer {token}"}
    with serving(_app(installation)) as base:
        meeting = _start_meeting(base, headers)
        delay = _first_event_after(
            base,
            meeting,
            headers,
            lambda: httpx.put(
                f"{base}/api/v1/meetings/{meeting}/note",
                headers=headers,
                json={"text": "Ny tekst fra sagsbehandleren", "based_on": 0},
            ),
        )
    assert delay < 1.0


def test_an_edit_on_one_worker_process_reaches_a_follower_on_another(
    pg_installation: dict[str, str],
) -> None:
    installation = pg_installation
    token = token_for(installation, "anna")
    headers = {"Authorization": f"Bearer {token}"}
    with worker_processes(installation, 2) as (first, second):
        meeting = _start_meeting(first, headers)
        delay = _first_event_after(
            first,
            meeting,
            headers,
            lambda: httpx.put(
                f"{second}/api/v1/meetings/{meeting}/note",
                headers=headers,
                json={"text": "Ny tekst fra sagsbehandleren", "based_on": 0},
            ),
        )
    assert delay < 1.0
