# SPDX-License-Identifier: MPL-2.0
"""Journal notes by kind and the day of the event (notatpligt, offentlighedsloven § 13);
one-time form tokens, so a form sent twice creates nothing twice.

The note kinds get room for their Danish names ("telefonsamtale", "hjemmebesøg") and every note
the day it is about. On SQLite the note table is rebuilt, so the full-text triggers of 0003 are
laid again and the index rebuilt.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_TRIGGERS = (
    "CREATE TRIGGER note_fts_insert AFTER INSERT ON note BEGIN "
    "INSERT INTO note_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END",
    "CREATE TRIGGER note_fts_delete AFTER DELETE ON note BEGIN "
    "INSERT INTO note_fts(note_fts, rowid, title, body) "
    "VALUES ('delete', old.rowid, old.title, old.body); END",
    "CREATE TRIGGER note_fts_update AFTER UPDATE ON note BEGIN "
    "INSERT INTO note_fts(note_fts, rowid, title, body) "
    "VALUES ('delete', old.rowid, old.title, old.body); "
    "INSERT INTO note_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END",
)
SQLITE_DROP_TRIGGERS = (
    "DROP TRIGGER IF EXISTS note_fts_update",
    "DROP TRIGGER IF EXISTS note_fts_delete",
    "DROP TRIGGER IF EXISTS note_fts_insert",
)


def _run(statements: Sequence[str]) -> None:
    for statement in statements:
        op.execute(statement)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    op.create_table(
        "form_submission",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("result_url", sa.String(length=500), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_form_submission")),
    )
    _journal_notes_up()


def _journal_notes_up() -> None:
    sqlite = _sqlite()
    if sqlite:
        _run(SQLITE_DROP_TRIGGERS)
    op.add_column("note", sa.Column("occurred_on", sa.Date(), nullable=True))
    if sqlite:
        op.execute("UPDATE note SET occurred_on = substr(written_at, 1, 10)")
    else:
        op.execute(
            "UPDATE note SET occurred_on = (written_at AT TIME ZONE 'Europe/Copenhagen')::date"
        )
    with op.batch_alter_table("note") as batch_op:
        batch_op.alter_column("occurred_on", existing_type=sa.Date(), nullable=False)
        batch_op.alter_column(
            "kind",
            existing_type=sa.String(length=10),
            type_=sa.String(length=20),
            existing_nullable=False,
        )
    op.execute("UPDATE note SET kind = 'telefonsamtale' WHERE kind = 'telefon'")
    if sqlite:
        _run((*SQLITE_TRIGGERS, "INSERT INTO note_fts(note_fts) VALUES ('rebuild')"))


def downgrade() -> None:
    _journal_notes_down()
    op.drop_table("form_submission")


def _journal_notes_down() -> None:
    sqlite = _sqlite()
    if sqlite:
        _run(SQLITE_DROP_TRIGGERS)
    op.execute("UPDATE note SET kind = 'telefon' WHERE kind = 'telefonsamtale'")
    op.execute("UPDATE note SET kind = 'notat' WHERE length(kind) > 10")
    with op.batch_alter_table("note") as batch_op:
        batch_op.alter_column(
            "kind",
            existing_type=sa.String(length=20),
            type_=sa.String(length=10),
            existing_nullable=False,
        )
        batch_op.drop_column("occurred_on")
    if sqlite:
        _run((*SQLITE_TRIGGERS, "INSERT INTO note_fts(note_fts) VALUES ('rebuild')"))
