# SPDX-License-Identifier: MPL-2.0
"""Full-text search over journal notes: PostgreSQL tsvector (danish) or SQLite FTS5.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = (
    "CREATE VIRTUAL TABLE note_fts USING fts5(title, body, content='note', content_rowid='rowid',"
    " tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER note_fts_insert AFTER INSERT ON note BEGIN "
    "INSERT INTO note_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END",
    "CREATE TRIGGER note_fts_delete AFTER DELETE ON note BEGIN "
    "INSERT INTO note_fts(note_fts, rowid, title, body) "
    "VALUES ('delete', old.rowid, old.title, old.body); END",
    "CREATE TRIGGER note_fts_update AFTER UPDATE ON note BEGIN "
    "INSERT INTO note_fts(note_fts, rowid, title, body) "
    "VALUES ('delete', old.rowid, old.title, old.body); "
    "INSERT INTO note_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END",
    "INSERT INTO note_fts(note_fts) VALUES ('rebuild')",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS note_fts_update",
    "DROP TRIGGER IF EXISTS note_fts_delete",
    "DROP TRIGGER IF EXISTS note_fts_insert",
    "DROP TABLE IF EXISTS note_fts",
)
POSTGRES_UP = (
    "ALTER TABLE note ADD COLUMN search tsvector GENERATED ALWAYS AS "
    "(to_tsvector('danish', coalesce(title, '') || ' ' || coalesce(body, ''))) STORED",
    "CREATE INDEX ix_note_search ON note USING gin (search)",
)
POSTGRES_DOWN = ("DROP INDEX IF EXISTS ix_note_search", "ALTER TABLE note DROP COLUMN search")


def _run(statements: Sequence[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    _run(POSTGRES_UP if postgres else SQLITE_UP)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    _run(POSTGRES_DOWN if postgres else SQLITE_DOWN)
