# SPDX-License-Identifier: MPL-2.0
"""Audit events are written unsealed with the work they describe and sealed into the keyed
chain afterwards (ADR 0010): a burst of concurrent requests ends up whole and sealed, nothing
is lost between commit and sealing, events left unsealed too long are named, and only the
sealing itself may touch an event once it is written."""

import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from samskab import migrations
from samskab.app import create_app
from samskab.audit.actions import record
from samskab.audit.chain import Finding, verify
from samskab.audit.models import AuditEvent
from samskab.audit.queries import LogFilter
from samskab.audit.sealer import seal_all
from samskab.citizens.access_log import access_log_for
from samskab.core import clock
from samskab.core.crypto import vault_from_settings
from samskab.core.db import Database, make_engine
from samskab.core.settings import Settings
from samskab.organisations.models import User
from tests.builders import World, make_world
from tests.conftest import fresh_database_url
from tests.live import SAMSKAB, cli_env

THREADS = 8
REQUESTS_EACH = 10


@pytest.fixture(params=["sqlite", "postgresql"])
def committed(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Database, World, str]]:
    """A database whose transactions really commit, with the personas' municipality, and the
    same audit key as the command line in these tests (`cli_env`)."""
    urls = fresh_database_url(request.param, str(tmp_path))
    url = next(urls)
    engine = make_engine(url)
    migrations.upgrade(engine)
    settings = Settings(database_url=url, secrets_file=tmp_path / "secrets.json")
    db = Database(engine, vault_from_settings(settings))
    with db.unit_of_work() as session:
        world = make_world(session)
    yield db, world, url
    engine.dispose()
    next(urls, None)


def _unsealed(db: Database) -> int:
    with db.sessions() as session:
        query = sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.seq.is_(None))
        return int(session.scalar(query) or 0)


def _seqs(db: Database) -> list[int | None]:
    with db.sessions() as session:
        return list(session.scalars(sa.select(AuditEvent.seq).order_by(AuditEvent.seq)))


def _verify(db: Database) -> tuple[int, Finding | None]:
    with db.sessions() as session:
        return verify(session)


def _read_the_case(db: Database, world: World, times: int = 1) -> None:
    for _ in range(times):
        with db.unit_of_work() as session:
            record(session, world.anna, "case.read", citizen_id=world.mette_id, object_type="case")


def _burst(client: TestClient, world: World) -> list[int]:
    """THREADS clients at once, each reading Mette's case REQUESTS_EACH times as Anna or Bo."""
    start = threading.Barrier(THREADS)
    codes: list[int] = []

    def send(index: int) -> None:
        headers = world.auth("anna" if index % 2 else "bo")
        start.wait()
        for _ in range(REQUESTS_EACH):
            answer = client.get(f"/api/v1/cases/{world.mette_case_id}", headers=headers)
            codes.append(answer.status_code)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return codes


def _until_sealed(db: Database, patience: float = 60.0) -> int:
    """Wait for the running sealer to seal everything; how many are still unsealed."""
    give_up = time.monotonic() + patience
    while (left := _unsealed(db)) and time.monotonic() < give_up:
        time.sleep(0.1)
    return left


def test_a_burst_of_concurrent_requests_is_sealed_by_the_running_sealer_and_verifies(
    committed: tuple[Database, World, str],
) -> None:
    db, world, _ = committed
    with TestClient(create_app(db, session_key="k" * 32)) as client:
        codes = _burst(client, world)
        left = _until_sealed(db)  # sealed by the background thread, not by its stopping
    assert codes == [200] * (THREADS * REQUESTS_EACH)
    assert left == 0
    seqs = _seqs(db)
    with db.sessions() as session:
        reads = session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "case.read")
        )
    assert reads == THREADS * REQUESTS_EACH
    assert seqs == list(range(1, len(seqs) + 1))
    assert _verify(db) == (len(seqs), None)


def test_events_left_unsealed_by_a_crash_are_sealed_at_the_next_start_and_verify(
    committed: tuple[Database, World, str],
) -> None:
    db, world, _ = committed
    _read_the_case(db, world, times=5)  # committed, and then the process died unsealed
    waiting = _unsealed(db)
    with TestClient(create_app(db, session_key="k" * 32)):
        left = _until_sealed(db)
    assert waiting >= 5 and left == 0
    assert _verify(db) == (len(_seqs(db)), None)


def test_unsealed_events_are_chained_in_order_by_a_direct_seal(db: Database, world: World) -> None:
    _read_the_case(db, world, times=3)
    with db.sessions() as session:
        before = session.scalars(sa.select(AuditEvent).where(AuditEvent.seq.is_(None))).all()
    assert len(before) >= 3 and all(e.hash is None and e.mac is None for e in before)
    sealed = seal_all(db, batch=2)  # several sealing transactions
    assert sealed == len(before) and _unsealed(db) == 0
    checked, finding = _verify(db)
    assert finding is None and checked == len(_seqs(db))


def test_an_event_committed_late_with_an_earlier_time_is_still_sealed(
    db: Database, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _read_the_case(db, world)
    seal_all(db)
    sealed_until = max(s for s in _seqs(db) if s is not None)
    early = clock.now() - timedelta(seconds=5)
    monkeypatch.setattr(clock, "now", lambda: early)
    _read_the_case(db, world)  # its transaction began before the sealing, committed after
    monkeypatch.undo()
    assert seal_all(db) == 1
    with db.sessions() as session:
        late = session.scalars(sa.select(AuditEvent).where(AuditEvent.at == early)).one()
    assert late.seq == sealed_until + 1 and late.mac is not None
    assert _verify(db)[1] is None


def test_verify_names_events_left_unsealed_longer_than_the_limit(
    db: Database, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _read_the_case(db, world)
    seal_all(db)
    _read_the_case(db, world)
    assert _unsealed(db) == 1 and _verify(db)[1] is None  # fresh: the sealer has time yet
    earlier = clock.now() - timedelta(minutes=3)
    monkeypatch.setattr(clock, "now", lambda: earlier)
    _read_the_case(db, world, times=2)
    monkeypatch.undo()
    with db.sessions() as session:
        oldest = session.scalars(
            sa.select(AuditEvent.id).where(AuditEvent.seq.is_(None)).order_by(AuditEvent.at)
        ).first()
    _, finding = _verify(db)
    assert finding is not None and finding.seq is None and finding.event_id == str(oldest)
    assert "2 hændelser er ikke forseglet" in finding.problem, finding.problem
    seal_all(db)
    assert _verify(db)[1] is None


def test_a_rolled_back_savepoint_drops_its_events_and_the_rest_are_sealed(
    db: Database, world: World
) -> None:
    before = len(_seqs(db))
    with db.unit_of_work() as session:
        record(session, world.anna, "case.read", citizen_id=world.mette_id, object_type="case")
        savepoint = session.begin_nested()
        record(session, world.anna, "plan.update", citizen_id=world.mette_id, object_type="plan")
        savepoint.rollback()
        record(session, world.anna, "plan.read", citizen_id=world.mette_id, object_type="plan")
    seal_all(db)
    with db.sessions() as session:
        actions = session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.seq > before).order_by(AuditEvent.seq)
        ).all()
    assert actions == ["case.read", "plan.read"] and _verify(db)[1] is None


def test_a_citizen_sees_a_read_of_her_data_before_it_is_sealed(db: Database, world: World) -> None:
    from samskab.access.actor import actor_for_user

    with db.unit_of_work() as session:
        record(session, world.carl, "case.read", citizen_id=world.mette_id, object_type="case")
    with db.unit_of_work() as session:
        mette = actor_for_user(
            session, session.scalars(sa.select(User).where(User.username == "mette")).one()
        )
        log = access_log_for(session, mette, world.mette_id, LogFilter())
    assert _unsealed(db) >= 1
    assert any(e.who == "Carl Mikkelsen" and e.what == "så din sag" for e in log.entries)


def _refused(db: Database, statement: str, **values: object) -> None:
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), db.unit_of_work() as session:
        session.execute(sa.text(statement), values)


def test_only_sealing_may_touch_an_event_and_only_once(db: Database, world: World) -> None:
    seal_all(db)
    _read_the_case(db, world)
    with db.sessions() as session:
        event = session.scalars(sa.select(AuditEvent.id).where(AuditEvent.seq.is_(None))).one()
    key = event.hex if db.bind.dialect.name == "sqlite" else event
    _refused(db, "UPDATE audit_event SET purpose = 'nysgerrighed' WHERE id = :id", id=key)
    _refused(db, "UPDATE audit_event SET seq = 999999 WHERE id = :id", id=key)
    _refused(db, "DELETE FROM audit_event WHERE id = :id", id=key)
    seal_all(db)
    _refused(db, "UPDATE audit_event SET mac = :mac WHERE id = :id", mac="0" * 64, id=key)
    _refused(db, "UPDATE audit_event SET purpose = 'nysgerrighed' WHERE id = :id", id=key)
    assert _verify(db)[1] is None


def test_the_command_line_seals_now_and_verify_names_what_was_left_unsealed(
    committed: tuple[Database, World, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, world, url = committed
    env = cli_env(url, tmp_path)

    def samskab(*args: str) -> subprocess.CompletedProcess[str]:
        command = [SAMSKAB, "audit", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, check=False)

    earlier = clock.now() - timedelta(hours=1)
    monkeypatch.setattr(clock, "now", lambda: earlier)
    _read_the_case(db, world, times=3)
    monkeypatch.undo()
    stale = samskab("verify")
    assert stale.returncode == 1 and "ikke forseglet" in stale.stderr, stale.stderr
    sealed = samskab("seal")
    assert sealed.returncode == 0 and "hændelser forseglet" in sealed.stderr, sealed.stderr
    assert _unsealed(db) == 0
    _read_the_case(db, world)
    anchored = samskab("anchor")  # seals the newest read first, then anchors it
    assert anchored.returncode == 0 and f"nr. {len(_seqs(db))}" in anchored.stderr
    fine = samskab("verify")
    assert fine.returncode == 0 and "Kæden er hel" in fine.stderr, fine.stderr


def test_sealers_running_at_once_seal_every_event_exactly_once(
    committed: tuple[Database, World, str],
) -> None:
    db, world, _ = committed
    _read_the_case(db, world, times=40)
    start = threading.Barrier(4)
    counts: list[int] = []

    def seal() -> None:
        start.wait()
        counts.append(seal_all(db, batch=5))

    threads = [threading.Thread(target=seal) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    seqs = _seqs(db)
    assert sum(counts) == len(seqs) and seqs == list(range(1, len(seqs) + 1))
    assert _verify(db)[1] is None


def test_a_request_writes_its_events_without_a_lock_and_without_reading_the_chain(
    db: Database, world: World
) -> None:
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    sa.event.listen(db.bind, "before_cursor_execute", seen)
    try:
        with db.unit_of_work() as session:
            record(session, world.anna, "case.read", citizen_id=world.mette_id, object_type="case")
            record(session, world.anna, "plan.read", citizen_id=world.mette_id, object_type="plan")
    finally:
        sa.event.remove(db.bind, "before_cursor_execute", seen)
    audit = [s for s in statements if "audit_event" in s or "advisory" in s]
    assert len(audit) == 1 and audit[0].lstrip().upper().startswith("INSERT INTO AUDIT_EVENT")
    assert _unsealed(db) >= 2
