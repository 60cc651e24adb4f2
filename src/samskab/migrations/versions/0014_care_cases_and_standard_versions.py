# SPDX-License-Identifier: MPL-2.0
"""care cases: FSIII health conditions, free choice of provider, quality standard versions

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from collections.abc import Sequence
from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _version_quality_standards()
    for table in ("decision", "intervention"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("quality_standard_id", sa.Uuid(), nullable=True))
            batch.create_index(
                batch.f(f"ix_{table}_quality_standard_id"), ["quality_standard_id"], unique=False
            )
            batch.create_foreign_key(
                batch.f(f"fk_{table}_quality_standard_id_quality_standard"),
                "quality_standard",
                ["quality_standard_id"],
                ["id"],
            )
    with op.batch_alter_table("theme_assessment") as batch:
        batch.add_column(sa.Column("problem", sa.String(length=12), nullable=True))
        batch.add_column(sa.Column("expected_state", sa.String(length=12), nullable=True))
    with op.batch_alter_table("intervention") as batch:
        batch.add_column(sa.Column("provider_choice", sa.String(length=20), nullable=True))
    with op.batch_alter_table("decision") as batch:
        batch.add_column(sa.Column("granted_amount", sa.Float(), nullable=True))
        batch.add_column(sa.Column("granted_unit", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("granted_codes", sa.JSON(), nullable=False, server_default="[]"))


def _version_quality_standards() -> None:
    """Each existing standard becomes version 1, valid from the day it was last saved."""
    with op.batch_alter_table("quality_standard") as batch:
        batch.add_column(sa.Column("edition", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("valid_from", sa.Date(), nullable=True))
    standards = sa.table(
        "quality_standard",
        sa.column("id", sa.Uuid()),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        sa.column("valid_from", sa.Date()),
    )
    bind = op.get_bind()
    for row in bind.execute(sa.select(standards.c.id, standards.c.updated_at)).all():
        saved = row.updated_at
        day = saved.date() if isinstance(saved, datetime) else date.fromisoformat(str(saved)[:10])
        bind.execute(sa.update(standards).where(standards.c.id == row.id).values(valid_from=day))
    with op.batch_alter_table("quality_standard") as batch:
        batch.alter_column("valid_from", existing_type=sa.Date(), nullable=False)
        batch.drop_constraint("uq_quality_standard_municipality_code", type_="unique")
        batch.create_unique_constraint(
            "uq_quality_standard_municipality_code",
            ["municipality_code", "service_type", "edition"],
        )


def downgrade() -> None:
    for table in ("decision", "intervention"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(
                batch.f(f"fk_{table}_quality_standard_id_quality_standard"), type_="foreignkey"
            )
            batch.drop_index(batch.f(f"ix_{table}_quality_standard_id"))
            batch.drop_column("quality_standard_id")
    # Only the latest version of each standard can stay when versions are undone.
    op.execute(
        "DELETE FROM quality_standard WHERE edition < (SELECT MAX(q.edition) FROM "
        "quality_standard q WHERE q.municipality_code = quality_standard.municipality_code "
        "AND q.service_type = quality_standard.service_type)"
    )
    with op.batch_alter_table("quality_standard") as batch:
        batch.drop_constraint("uq_quality_standard_municipality_code", type_="unique")
        batch.create_unique_constraint(
            "uq_quality_standard_municipality_code", ["municipality_code", "service_type"]
        )
        batch.drop_column("valid_from")
        batch.drop_column("edition")
    with op.batch_alter_table("decision") as batch:
        batch.drop_column("granted_codes")
        batch.drop_column("granted_unit")
        batch.drop_column("granted_amount")
    with op.batch_alter_table("intervention") as batch:
        batch.drop_column("provider_choice")
    with op.batch_alter_table("theme_assessment") as batch:
        batch.drop_column("expected_state")
        batch.drop_column("problem")
