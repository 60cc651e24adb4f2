# SPDX-License-Identifier: MPL-2.0
"""keyed audit log: a seal (HMAC and key id) on every event; PostgreSQL refuses TRUNCATE

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 14:50:00

Events written before this revision keep an empty seal: the first sealed event's seal covers
its hash, and so every event before it. The key lives in the installation's secrets, never
in the database, so no existing row is sealed here.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ADD COLUMN needs no table copy on SQLite either, so the append-only triggers stay.
    op.add_column("audit_event", sa.Column("key_id", sa.String(length=16), nullable=True))
    op.add_column("audit_event", sa.Column("mac", sa.String(length=64), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        # SQLite has no TRUNCATE (its DELETE without WHERE already fires the DELETE trigger).
        op.execute(
            "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event")
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy of the table would lose its triggers.
    op.drop_column("audit_event", "mac")
    op.drop_column("audit_event", "key_id")
