# SPDX-License-Identifier: MPL-2.0
"""Every migration runs up and down on SQLite and PostgreSQL, and matches the models."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from samskab import migrations
from samskab.audit.models import AuditEvent
from samskab.core import clock
from samskab.core.db import Base, Database, make_engine
from samskab.migrations import include_object
from tests.conftest import fresh_database_url


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    urls = fresh_database_url(request.param, str(tmp_path))
    engine = make_engine(next(urls))
    yield engine
    engine.dispose()
    next(urls, None)


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(migrations.config(make_engine("sqlite://")))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def test_every_migration_runs_up_and_down_and_up_again(empty_engine: sa.Engine) -> None:
    revisions = _revisions()
    for revision in revisions:
        migrations.upgrade(empty_engine, revision)
    assert "citizen" in sa.inspect(empty_engine).get_table_names()
    for previous in [*reversed(revisions[:-1]), "base"]:
        migrations.downgrade(empty_engine, previous)
    assert sa.inspect(empty_engine).get_table_names() in ([], ["alembic_version"])
    migrations.upgrade(empty_engine)


def test_the_migrated_schema_matches_the_models(empty_engine: sa.Engine) -> None:
    migrations.upgrade(empty_engine)
    with empty_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_the_audit_log_refuses_updates_and_deletes(empty_engine: sa.Engine) -> None:
    migrations.upgrade(empty_engine)
    with empty_engine.begin() as conn:
        conn.execute(
            sa.insert(AuditEvent).values(
                id=uuid.uuid4(),
                at=clock.now(),
                actor_name="x",
                action="a",
                outcome="allowed",
                object_type="o",
                purpose="p",
                seq=1,
                prev_hash="0" * 64,
                hash="0" * 64,
            )
        )
    for statement in ("UPDATE audit_event SET action = 'changed'", "DELETE FROM audit_event"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), empty_engine.begin() as c:
            c.execute(sa.text(statement))


def test_the_audit_log_refuses_truncate_on_postgresql(empty_engine: sa.Engine) -> None:
    if empty_engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; its DELETE trigger covers an unqualified DELETE")
    migrations.upgrade(empty_engine)
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), empty_engine.begin() as conn:
        conn.execute(sa.text("TRUNCATE audit_event"))
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), empty_engine.begin() as conn:
        conn.execute(sa.text("TRUNCATE audit_event CASCADE"))


def test_a_populated_database_migrates_down_and_up_again(empty_engine: sa.Engine) -> None:
    from datetime import date

    from samskab.demo.generator import generate
    from tests.conftest import VAULT

    migrations.upgrade(empty_engine)
    generate(Database(empty_engine, VAULT), citizens=50, seed=2, today=date(2026, 11, 1))
    with empty_engine.connect() as conn:
        before = conn.scalar(sa.text("select count(*) from app_user"))
    migrations.downgrade(empty_engine, "0004")
    migrations.upgrade(empty_engine)
    with empty_engine.connect() as conn:
        assert conn.scalar(sa.text("select count(*) from app_user")) == before
        assert conn.scalar(sa.text("select count(*) from case_file")) > 0
