# SPDX-License-Identifier: MPL-2.0
"""audit events are written unsealed and sealed into the chain in the background (ADR 0010)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 17:00:00

The chain columns (seq, prev_hash, hash) may now be empty: a request writes its events
without them, and the sealer fills in the chain and the seal afterwards. The append-only
guard lets exactly that one update through: an unsealed event may be sealed once, with all
five chain and seal columns, and nothing else in it may change; a sealed event can no longer
be changed at all, and no event can be deleted. A partial index finds the unsealed events.

Going down chains any event still unsealed (without a seal: the key is not in the database),
so the older chain stays whole; the older `verify` reports those events as missing a seal.
"""

from collections.abc import Sequence
from datetime import UTC

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTENT = (
    "id",
    "at",
    "actor_id",
    "actor_name",
    "on_behalf_of",
    "action",
    "outcome",
    "citizen_id",
    "object_type",
    "object_id",
    "purpose",
    "client_address",
)
SEAL = ("seq", "prev_hash", "hash", "key_id", "mac")
UNSEALED = sa.text("seq IS NULL")


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _drop_guards() -> None:
    if _is_postgresql():
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        return
    op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")


def _seal_once_guards() -> None:
    """UPDATE only to seal an unsealed event, once; DELETE never (TRUNCATE stays refused)."""
    unchanged = " AND ".join(f"NEW.{name} IS NOT DISTINCT FROM OLD.{name}" for name in CONTENT)
    complete = " AND ".join(f"NEW.{name} IS NOT NULL" for name in SEAL)
    if _is_postgresql():
        op.execute(
            "CREATE FUNCTION audit_event_seal_once() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND {complete} AND {unchanged} "
            "THEN RETURN NEW; END IF; "
            "RAISE EXCEPTION 'audit_event is append-only (an unsealed event may only be "
            "sealed, once)'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_seal_once()"
        )
        return
    changed = " OR ".join(f"NEW.{name} IS NOT OLD.{name}" for name in CONTENT)
    incomplete = " OR ".join(f"NEW.{name} IS NULL" for name in SEAL)
    op.execute(
        "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
        f"WHEN OLD.seq IS NOT NULL OR {incomplete} OR {changed} "
        "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only (an unsealed event may only be "
        "sealed, once)'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
    )


def _append_only_guards() -> None:
    """The guards of 0007: no UPDATE, no DELETE."""
    if _is_postgresql():
        op.execute(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"
        )
        op.execute("DROP FUNCTION IF EXISTS audit_event_seal_once()")
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event "
            "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
        )


def _set_nullable(nullable: bool) -> None:
    # On SQLite this copies the table, which drops its triggers: the callers set them again.
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.alter_column("seq", existing_type=sa.BigInteger(), nullable=nullable)
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=nullable)
        batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=nullable)


def upgrade() -> None:
    _drop_guards()
    _set_nullable(True)
    op.create_index(
        "ix_audit_event_unsealed",
        "audit_event",
        ["at", "id"],
        unique=False,
        postgresql_where=UNSEALED,
        sqlite_where=UNSEALED,
    )
    _seal_once_guards()


def _chain_unsealed() -> None:
    """Chain the events still unsealed after the newest sealed one, oldest first."""
    from samskab.audit.chain import digest

    bind = op.get_bind()
    uuids = {"id", "actor_id", "on_behalf_of", "citizen_id", "object_id"}
    columns = [
        sa.column(n, sa.Uuid() if n in uuids else sa.DateTime() if n == "at" else sa.String())
        for n in CONTENT
    ]
    table = sa.table("audit_event", *columns, *(sa.column(n) for n in SEAL))
    seq, prev = bind.execute(
        sa.select(table.c.seq, table.c.hash)
        .where(table.c.seq.is_not(None))
        .order_by(table.c.seq.desc())
        .limit(1)
    ).first() or (0, "0" * 64)
    rows = bind.execute(
        sa.select(*(table.c[n] for n in CONTENT))
        .where(table.c.seq.is_(None))
        .order_by(table.c.at, table.c.id)
    ).mappings()
    for row in list(rows):
        values = dict(row)
        at = values["at"]
        values["at"] = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
        seq += 1
        value = digest(seq, prev, values)
        bind.execute(
            table.update()
            .where(table.c.id == row["id"])
            .values(seq=seq, prev_hash=prev, hash=value)
        )
        prev = value


def downgrade() -> None:
    _drop_guards()
    op.drop_index("ix_audit_event_unsealed", table_name="audit_event")
    _chain_unsealed()
    _set_nullable(False)
    _append_only_guards()
