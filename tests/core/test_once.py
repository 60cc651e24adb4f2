# SPDX-License-Identifier: MPL-2.0
"""One-time form tokens under real concurrency: two submissions of one form racing each other
run the write once, and both are sent to its result."""

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from samskab import migrations
from samskab.core.db import Database, make_engine
from samskab.core.once import FormSubmission, new_form_token, submit_once
from tests.conftest import VAULT, fresh_database_url

PAIRS = 10


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated database whose transactions really commit, for threads to share."""
    urls = fresh_database_url(request.param, str(tmp_path))
    engine = make_engine(next(urls))
    migrations.upgrade(engine)
    yield Database(engine, VAULT)
    engine.dispose()
    next(urls, None)


def _race(db: Database, token: str, runs: list[str]) -> list[str | None]:
    start = threading.Barrier(2)
    addresses: list[str | None] = []
    lock = threading.Lock()

    def work() -> str:
        with lock:
            runs.append(token)
        time.sleep(0.05)  # the write takes a moment; the other submission arrives meanwhile
        return f"/sager/{token}"

    def submit() -> None:
        start.wait()
        with db.unit_of_work() as session:
            address = submit_once(session, token, None, work)
        with lock:
            addresses.append(address)

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return addresses


def test_a_form_sent_twice_at_the_same_moment_runs_its_write_once(shared_db: Database) -> None:
    runs: list[str] = []
    for _ in range(PAIRS):
        token = new_form_token()
        assert _race(shared_db, token, runs) == [f"/sager/{token}"] * 2
    assert len(runs) == PAIRS == len(set(runs))
    with shared_db.sessions() as session:
        stored = session.scalar(sa.select(sa.func.count()).select_from(FormSubmission))
    assert stored == PAIRS


def test_a_refused_write_leaves_the_token_unused(shared_db: Database) -> None:
    token = new_form_token()
    with shared_db.unit_of_work() as session:
        assert submit_once(session, token, None, lambda: None) is None
    with shared_db.unit_of_work() as session:
        assert submit_once(session, token, None, lambda: "/sager/rettet") == "/sager/rettet"
