# SPDX-License-Identifier: MPL-2.0
"""The audit log is a hash chain: changing, inserting or deleting any row is found and named."""

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from samskab import migrations
from samskab.audit.chain import verify
from samskab.core.db import Database, make_engine
from samskab.demo.generator import generate
from tests.conftest import VAULT, fresh_database_url
from tests.live import SAMSKAB, cli_env


@pytest.fixture(params=["sqlite", "postgresql"])
def logged(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Database, str]]:
    """A committed database whose audit log holds a few hundred chained events."""
    urls = fresh_database_url(request.param, str(tmp_path))
    url = next(urls)
    engine = make_engine(url)
    migrations.upgrade(engine)
    db = Database(engine, VAULT)
    generate(db, citizens=30, seed=5)
    from samskab.access.actor import actor_for_user
    from samskab.cases.queries import CaseFilter, cases_for
    from samskab.organisations.models import User

    for _ in range(3):
        with db.unit_of_work() as session:
            anna = session.scalars(sa.select(User).where(User.username == "anna")).one()
            cases_for(session, actor_for_user(session, anna), CaseFilter(), limit=50)
    yield db, url
    engine.dispose()
    next(urls, None)


def _unguard(db: Database) -> None:
    """What someone with database access would do first: switch off the append-only guard."""
    with db.bind.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("DROP TRIGGER audit_event_append_only ON audit_event"))
        else:
            conn.execute(sa.text("DROP TRIGGER audit_event_no_update"))
            conn.execute(sa.text("DROP TRIGGER audit_event_no_delete"))


def _verify(db: Database) -> tuple[int, object]:
    with db.sessions() as session:
        return verify(session)


def test_an_untouched_log_verifies(logged: tuple[Database, str]) -> None:
    checked, finding = _verify(logged[0])
    assert checked >= 10 and finding is None


def test_changing_a_row_is_found_and_named(logged: tuple[Database, str]) -> None:
    db = logged[0]
    _unguard(db)
    with db.bind.begin() as conn:
        conn.execute(sa.text("UPDATE audit_event SET actor_name = 'Ingen' WHERE seq = 7"))
    _, finding = _verify(db)
    assert finding is not None and finding.seq == 7 and "ændret" in finding.problem


def test_deleting_a_row_is_found_and_named(logged: tuple[Database, str]) -> None:
    db = logged[0]
    _unguard(db)
    with db.bind.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_event WHERE seq = 5"))
    _, finding = _verify(db)
    assert finding is not None and finding.seq == 5 and "slettet" in finding.problem


def test_inserting_a_row_is_found_and_named(logged: tuple[Database, str]) -> None:
    db = logged[0]
    _unguard(db)
    with db.bind.begin() as conn:
        conn.execute(sa.text("UPDATE audit_event SET seq = seq + 1000000 WHERE seq > 3"))
        row = conn.execute(sa.text("SELECT * FROM audit_event WHERE seq = 3")).mappings().one()
        forged = dict(row) | {"seq": 4, "actor_name": "Forfalsker"}
        forged["id"] = uuid.uuid4().hex if conn.dialect.name == "sqlite" else uuid.uuid4()
        audit = sa.table("audit_event", *(sa.column(name) for name in forged))
        conn.execute(sa.insert(audit).values(forged))
        conn.execute(sa.text("UPDATE audit_event SET seq = seq - 1000000 + 1 WHERE seq > 1000000"))
    _, finding = _verify(db)
    assert finding is not None and finding.seq == 4


def test_the_command_line_names_the_break_and_fails(
    logged: tuple[Database, str], tmp_path: Path
) -> None:
    db, url = logged
    env = cli_env(url, tmp_path)
    fine = subprocess.run(
        [SAMSKAB, "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert fine.returncode == 0 and "Kæden er hel" in fine.stderr
    _unguard(db)
    with db.bind.begin() as conn:
        conn.execute(sa.text("UPDATE audit_event SET purpose = 'nysgerrighed' WHERE seq = 9"))
    broken = subprocess.run(
        [SAMSKAB, "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert broken.returncode == 1 and "nr. 9" in broken.stderr
