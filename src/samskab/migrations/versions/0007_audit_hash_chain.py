# SPDX-License-Identifier: MPL-2.0
"""audit hash chain

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 14:47:37.559562
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_GUARDS_SQLITE = ("UPDATE", "DELETE")


def _drop_guards() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        return
    for verb in _GUARDS_SQLITE:
        op.execute(f"DROP TRIGGER IF EXISTS audit_event_no_{verb.lower()}")


def _add_guards() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"
        )
        return
    for verb in _GUARDS_SQLITE:
        op.execute(
            f"CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event "
            "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
        )


def _chain_existing() -> None:
    """Chain the events written before the chain existed, oldest first."""
    from samskab.audit.chain import FIELDS, GENESIS, digest

    bind = op.get_bind()
    uuids = {"id", "actor_id", "on_behalf_of", "citizen_id", "object_id"}
    columns = [
        sa.column(n, sa.Uuid() if n in uuids else sa.DateTime() if n == "at" else sa.String())
        for n in FIELDS
    ]
    table = sa.table(
        "audit_event", *columns, sa.column("seq"), sa.column("prev_hash"), sa.column("hash")
    )
    rows = (
        bind.execute(sa.select(*(table.c[n] for n in FIELDS)).order_by(table.c.at, table.c.id))
        .mappings()
        .all()
    )
    prev = GENESIS
    for seq, row in enumerate(rows, start=1):
        values = dict(row)
        if values["at"] is not None and values["at"].tzinfo is None:
            from datetime import UTC

            values["at"] = values["at"].replace(tzinfo=UTC)
        value = digest(seq, prev, values)
        bind.execute(
            table.update()
            .where(table.c.id == row["id"])
            .values(seq=seq, prev_hash=prev, hash=value)
        )
        prev = value


def upgrade() -> None:
    _drop_guards()
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    _chain_existing()
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.alter_column("seq", existing_type=sa.BigInteger(), nullable=False)
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_audit_event_seq"), ["seq"])
    _add_guards()


def downgrade() -> None:
    _drop_guards()
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_event_seq"), type_="unique")
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
    _add_guards()
