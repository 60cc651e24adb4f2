# SPDX-License-Identifier: MPL-2.0
"""Alembic environment: runs on the connection or engine handed over by samskab.migrations."""

from alembic import context
from sqlalchemy import Connection, Engine

import samskab.access.models
import samskab.assessments.models
import samskab.audit.models
import samskab.cases.models
import samskab.citizens.models
import samskab.core.brakes
import samskab.core.idempotency
import samskab.core.once
import samskab.decisions.models
import samskab.interventions.models
import samskab.journal.models
import samskab.meetings.models
import samskab.offers.models
import samskab.organisations.models
import samskab.plans.models  # noqa: F401  (every table must be known to autogenerate)
from samskab.core.db import Base
from samskab.migrations import include_object

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


bind = context.config.attributes.get("connection")
if isinstance(bind, Engine):
    with bind.connect() as conn:
        # SQLite rebuilds a table to change its constraints; with foreign keys enforced that
        # rebuild would fail on a database that holds data, so they are paused meanwhile
        # (outside any transaction, where the pragma has effect).
        raw = conn.connection.dbapi_connection if conn.dialect.name == "sqlite" else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                _run(conn)
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
elif isinstance(bind, Connection):
    _run(bind)
else:
    raise RuntimeError("samskab migrations run through samskab.migrations.upgrade(bind)")
