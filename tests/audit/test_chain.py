# SPDX-License-Identifier: MPL-2.0
"""The audit log is a keyed hash chain with anchors outside the database: changing, inserting
or deleting any row, rewriting a row and recomputing the chain, deleting the newest rows and
emptying the table are each found and named."""

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from samskab import migrations
from samskab.audit import anchor
from samskab.audit.chain import FIELDS, Finding, digest, verify
from samskab.audit.models import AuditEvent
from samskab.audit.sealer import seal_all
from samskab.core.crypto import vault_from_settings
from samskab.core.db import Database, make_engine
from samskab.core.settings import Settings
from samskab.demo.generator import generate
from tests.conftest import fresh_database_url
from tests.live import SAMSKAB, cli_env


@pytest.fixture(params=["sqlite", "postgresql"])
def logged(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Database, str]]:
    """A committed database whose audit log holds a few hundred chained events."""
    urls = fresh_database_url(request.param, str(tmp_path))
    url = next(urls)
    engine = make_engine(url)
    migrations.upgrade(engine)
    # The same secrets file as the command line in these tests (`cli_env`): the same audit key.
    settings = Settings(database_url=url, secrets_file=tmp_path / "secrets.json")
    db = Database(engine, vault_from_settings(settings))
    generate(db, citizens=30, seed=5)
    _read_cases(db)
    yield db, url
    engine.dispose()
    next(urls, None)


def _read_cases(db: Database, times: int = 3) -> None:
    """Anna lists her cases a few times: more events in the log, sealed as the server's
    sealer would within a second."""
    from samskab.access.actor import actor_for_user
    from samskab.cases.queries import CaseFilter, cases_for
    from samskab.organisations.models import User

    for _ in range(times):
        with db.unit_of_work() as session:
            anna = session.scalars(sa.select(User).where(User.username == "anna")).one()
            cases_for(session, actor_for_user(session, anna), CaseFilter(), limit=50)
    seal_all(db)


def _unguard(db: Database) -> None:
    """What someone with database access would do first: switch off the append-only guard."""
    with db.bind.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("DROP TRIGGER audit_event_append_only ON audit_event"))
            conn.execute(sa.text("DROP TRIGGER audit_event_no_truncate ON audit_event"))
        else:
            conn.execute(sa.text("DROP TRIGGER audit_event_no_update"))
            conn.execute(sa.text("DROP TRIGGER audit_event_no_delete"))


def _verify(db: Database, anchors: list[anchor.Anchor] | None = None) -> tuple[int, object]:
    with db.sessions() as session:
        return verify(session, anchors=anchors or [])


def _anchor(db: Database, path: Path) -> list[anchor.Anchor]:
    """Anchor the chain's head now, as `samskab audit anchor` does; the file's anchors."""
    with db.sessions() as session:
        anchor.append(path, anchor.head(session))
    return anchor.read(path)


def _last_seq(db: Database) -> int:
    with db.sessions() as session:
        return int(session.scalar(sa.select(sa.func.max(AuditEvent.seq))) or 0)


def _rewrite_and_rechain(db: Database, seq: int, purpose: str) -> None:
    """Change one event's purpose and recompute every hash from it on, keeping the old seals
    (the key is not in the database, so a new seal cannot be made)."""
    with db.sessions() as session:
        rows = session.scalars(
            sa.select(AuditEvent).where(AuditEvent.seq >= seq - 1).order_by(AuditEvent.seq)
        ).all()
        prev, updates = rows[0].hash, []
        for row in rows[1:]:
            values = {name: getattr(row, name) for name in FIELDS}
            if row.seq == seq:
                values["purpose"] = purpose
            updates.append({"s": row.seq, "p": prev, "h": digest(row.seq, prev, values)})
            prev = updates[-1]["h"]
    with db.bind.begin() as conn:
        conn.execute(
            sa.text("UPDATE audit_event SET purpose = :v WHERE seq = :s"), {"v": purpose, "s": seq}
        )
        conn.execute(
            sa.text("UPDATE audit_event SET prev_hash = :p, hash = :h WHERE seq = :s"), updates
        )


def _found(finding: object, *words: str) -> Finding:
    assert isinstance(finding, Finding), "the tampering was not found"
    assert all(word in finding.problem for word in words), finding.problem
    return finding


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
    assert fine.returncode == 0 and "Kæden er hel" in fine.stderr, fine.stderr
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


def test_an_untouched_log_verifies_against_its_anchors(
    logged: tuple[Database, str], tmp_path: Path
) -> None:
    db = logged[0]
    _anchor(db, tmp_path / "anchors.log")
    _read_cases(db, times=2)
    anchors = _anchor(db, tmp_path / "anchors.log")
    _read_cases(db, times=1)
    checked, finding = _verify(db, anchors)
    assert finding is None and checked == _last_seq(db) and len(anchors) == 2


def test_every_event_carries_a_seal_under_the_installations_key(
    logged: tuple[Database, str],
) -> None:
    db = logged[0]
    with db.sessions() as session:
        seals = session.execute(sa.select(AuditEvent.key_id, AuditEvent.mac)).all()
    assert seals and all(key_id == "a1" and mac and len(mac) == 64 for key_id, mac in seals)


def test_rewriting_a_row_and_recomputing_the_chain_is_found_by_its_seal(
    logged: tuple[Database, str],
) -> None:
    db = logged[0]
    _unguard(db)
    _rewrite_and_rechain(db, 7, "nysgerrighed")
    with db.sessions() as session:
        rewritten = session.scalars(sa.select(AuditEvent).where(AuditEvent.seq == 7)).one()
    assert rewritten.purpose == "nysgerrighed"
    finding = _found(_verify(db)[1], "seglet passer ikke")
    assert finding.seq == 7


def test_deleting_the_newest_rows_is_found_against_the_anchor(
    logged: tuple[Database, str], tmp_path: Path
) -> None:
    db = logged[0]
    anchors = _anchor(db, tmp_path / "anchors.log")
    last = _last_seq(db)
    _unguard(db)
    with db.bind.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_event WHERE seq > :s"), {"s": last - 3})
    assert _verify(db)[1] is None  # the shortened chain is whole in itself
    finding = _found(_verify(db, anchors)[1], f"slutter ved nr. {last - 3}", f"nr. {last}")
    assert "de nyeste hændelser er slettet" in finding.problem


def test_emptying_the_log_is_found_against_the_anchor(
    logged: tuple[Database, str], tmp_path: Path
) -> None:
    db = logged[0]
    anchors = _anchor(db, tmp_path / "anchors.log")
    _unguard(db)
    with db.bind.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("TRUNCATE audit_event"))
        else:  # SQLite has no TRUNCATE; an unqualified DELETE is its equivalent
            conn.execute(sa.text("DELETE FROM audit_event"))
    assert _verify(db) == (0, None)
    _found(_verify(db, anchors)[1], "adgangsloggen er tom", "tømt")


def test_emptying_the_log_and_writing_it_anew_is_found_against_the_anchor(
    logged: tuple[Database, str], tmp_path: Path
) -> None:
    db = logged[0]
    _read_cases(db, times=20)
    anchors = _anchor(db, tmp_path / "anchors.log")
    _unguard(db)
    with db.bind.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_event"))
    _read_cases(db, times=3)
    assert _verify(db)[1] is None
    _found(_verify(db, anchors)[1], "ankeret")


def test_an_anchor_written_without_the_key_is_refused(
    logged: tuple[Database, str], tmp_path: Path
) -> None:
    db = logged[0]
    real = _anchor(db, tmp_path / "anchors.log")[0]
    forged = anchor.Anchor(real.seq - 5, real.hash, real.key_id, real.mac, real.at)
    _found(_verify(db, [forged])[1], "ikke ægte")


def test_the_command_line_finds_deleted_newest_rows_against_the_anchor_file(
    logged: tuple[Database, str], tmp_path: Path
) -> None:
    db, url = logged
    env = cli_env(url, tmp_path)

    def samskab(*args: str) -> subprocess.CompletedProcess[str]:
        command = [SAMSKAB, "audit", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, check=False)

    anchored = samskab("anchor")
    assert anchored.returncode == 0 and "Anker skrevet" in anchored.stderr, anchored.stderr
    assert len(anchor.read(Path(env["SAMSKAB_AUDIT_ANCHOR_FILE"]))) == 1
    fine = samskab("verify")
    assert fine.returncode == 0 and "mod 1 ankre" in fine.stderr, fine.stderr
    last = _last_seq(db)
    _unguard(db)
    with db.bind.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_event WHERE seq > :s"), {"s": last - 2})
    broken = samskab("verify")
    assert broken.returncode == 1 and "de nyeste hændelser er slettet" in broken.stderr
