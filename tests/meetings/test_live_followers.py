# SPDX-License-Identifier: MPL-2.0
"""Many followers of one meeting: each worker reads a new version once and shares it, and a
follower waiting for the next version holds no database connection."""

import asyncio
import json
import re
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event, func, select

from samskab.audit.models import AuditEvent
from samskab.core.db import Database
from samskab.core.events import Hub
from samskab.meetings.actions import edit_note, plan_meeting, start_meeting, topic
from samskab.meetings.live import LiveStates, open_live_view
from samskab.meetings.schemas import MeetingIn, NoteEditIn
from tests.builders import World
from tests.live import serving, token_for
from tests.meetings.test_live import _app, _start_meeting, installation

__all__ = ["installation"]
MEETING_READ = re.compile(r"\bFROM meeting\b(?!_)", re.IGNORECASE)


def _live_meeting(db: Database, world: World) -> uuid.UUID:
    with db.unit_of_work() as session:
        meeting = plan_meeting(
            session,
            world.anna,
            world.mette_case_id,
            MeetingIn(title="Møde om din plan", starts_at=datetime.now(UTC)),
        )
        start_meeting(session, world.anna, meeting.id)
        return meeting.id


@pytest.fixture
def statements(db: Database) -> Iterator[list[str]]:
    """Every statement sent on the test's connection while the test runs."""
    sent: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(db.bind, "before_cursor_execute", count)
    yield sent
    event.remove(db.bind, "before_cursor_execute", count)


def test_forty_followers_of_one_meeting_cause_one_read_per_version(
    db: Database, world: World, statements: list[str]
) -> None:
    meeting_id = _live_meeting(db, world)
    hub = Hub()
    states = LiveStates(db, hub=hub)

    async def never() -> bool:
        return False

    async def follow() -> list[list[int]]:
        followers = [states.follow(meeting_id, None, never) for _ in range(40)]
        reads_per_version = []
        start = len(statements)
        shown = await asyncio.gather(*(f.__anext__() for f in followers))
        reads_per_version.append(
            [len([s for s in statements[start:] if MEETING_READ.search(s)]), len(set(shown))]
        )
        for version in range(1, 4):
            with db.unit_of_work() as session:
                edit_note(
                    session,
                    world.anna,
                    meeting_id,
                    NoteEditIn(text=f"Udgave {version}", based_on=version - 1),
                )
            start = len(statements)
            hub.publish(topic(meeting_id), {"change": f"c{version}", "version": version})
            shown = await asyncio.gather(*(f.__anext__() for f in followers))
            assert all(f"Udgave {version}" in frame for frame in shown)
            reads_per_version.append(
                [len([s for s in statements[start:] if MEETING_READ.search(s)]), len(set(shown))]
            )
        for follower in followers:
            await follower.aclose()  # type: ignore[attr-defined]
        return reads_per_version

    # [reads of the meeting, distinct frames] for the opening state and three new versions
    assert asyncio.run(asyncio.wait_for(follow(), timeout=30)) == [[1, 1]] * 4
    states.close()


def test_a_follower_who_arrives_late_for_a_version_is_given_the_same_read(
    db: Database, world: World, statements: list[str]
) -> None:
    meeting_id = _live_meeting(db, world)
    states = LiveStates(db)

    async def ask_twice() -> tuple[dict[str, Any], dict[str, Any]]:
        first = await states.after(meeting_id, "c1")
        return first, await states.after(meeting_id, "c1")

    first, late = asyncio.run(ask_twice())
    assert late is first
    assert len([s for s in statements if MEETING_READ.search(s)]) == 1
    states.close()


def test_an_opening_follower_is_shown_the_last_read_until_a_change_is_announced(
    db: Database, world: World, statements: list[str]
) -> None:
    meeting_id = _live_meeting(db, world)
    hub = Hub()
    states = LiveStates(db, hub=hub)

    def reads() -> int:
        return len([s for s in statements if MEETING_READ.search(s)])

    async def open_three_times() -> list[tuple[dict[str, Any], int]]:
        opened = []
        for _ in range(2):
            before = reads()
            opened.append((await states.current(meeting_id), reads() - before))
        with db.unit_of_work() as session:
            edit_note(session, world.anna, meeting_id, NoteEditIn(text="Ny", based_on=0))
        hub.publish(topic(meeting_id), {"change": "c1", "version": 1})
        before = reads()
        opened.append((await states.current(meeting_id), reads() - before))
        return opened

    (first, read_first), (again, read_again), (changed, read_changed) = asyncio.run(
        open_three_times()
    )
    states.close()
    assert again is first and changed["note"] == "Ny"
    assert [read_first, read_again, read_changed] == [1, 0, 1]


def test_opening_a_live_view_is_logged_once_however_many_versions_it_shows(
    db: Database, world: World
) -> None:
    meeting_id = _live_meeting(db, world)
    hub = Hub()
    states = LiveStates(db, hub=hub)

    async def never() -> bool:
        return False

    async def open_and_follow() -> list[str]:
        guest = await states.open(lambda s: open_live_view(s, world.anna, meeting_id))
        follower = states.follow(meeting_id, guest, never)
        shown = [await follower.__anext__()]
        for version in range(1, 4):
            with db.unit_of_work() as session:
                text = NoteEditIn(text=f"Udgave {version}", based_on=version - 1)
                edit_note(session, world.anna, meeting_id, text)
            hub.publish(topic(meeting_id), {"change": f"c{version}", "version": version})
            shown.append(await follower.__anext__())
        await follower.aclose()  # type: ignore[attr-defined]
        return shown

    shown = asyncio.run(asyncio.wait_for(open_and_follow(), timeout=30))
    states.close()
    assert [json.loads(frame[6:])["note"] for frame in shown][1:] == [
        "Udgave 1",
        "Udgave 2",
        "Udgave 3",
    ]
    with db.unit_of_work() as session:
        logged = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "meeting.live", AuditEvent.object_id == meeting_id)
        )
    assert logged == 1


@pytest.mark.slow
def test_followers_are_held_without_a_checked_out_database_connection(
    installation: dict[str, str], tmp_path: Path
) -> None:
    headers = {"Authorization": f"Bearer {token_for(installation, 'anna')}"}
    app = _app(installation)
    pools = [app.state.db.bind.pool, app.state.live_states.db.bind.pool]
    with serving(app) as base:
        meeting = _start_meeting(base, headers)
        seen: list[list[str]] = [[] for _ in range(10)]

        def follow(mine: list[str]) -> None:
            url = f"{base}/api/v1/meetings/{meeting}/events"
            with httpx.stream("GET", url, headers=headers, timeout=20) as events:
                for line in events.iter_lines():
                    if line.startswith("data: "):
                        mine.append(json.loads(line[6:])["note"])
                    if len(mine) == 2:
                        return

        threads = [threading.Thread(target=follow, args=(s,), daemon=True) for s in seen]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 20
        while not all(seen) and time.monotonic() < deadline:
            time.sleep(0.05)
        held = [pool.checkedout() for pool in pools]
        httpx.put(
            f"{base}/api/v1/meetings/{meeting}/note",
            headers=headers,
            json={"text": "Ny tekst", "based_on": 0},
        )
        for thread in threads:
            thread.join(timeout=20)
    assert all(len(s) == 2 and s[1] == "Ny tekst" for s in seen)
    assert held == [0, 0]
