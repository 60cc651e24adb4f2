# SPDX-License-Identifier: MPL-2.0
"""decisions: hearing waiver and weighing, reconsideration outcome, version, one draft per case

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ONE_DRAFT = "uq_decision_one_draft_per_case"
DRAFT_ONLY = sa.text("status = 'draft'")


def upgrade() -> None:
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hearing_waived_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("hearing_weighing", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("reconsideration_outcome", sa.String(length=12), nullable=True)
        )
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    # At most one draft decision per case, on both databases (a partial unique index).
    op.create_index(
        ONE_DRAFT,
        "decision",
        ["case_id"],
        unique=True,
        sqlite_where=DRAFT_ONLY,
        postgresql_where=DRAFT_ONLY,
    )


def downgrade() -> None:
    op.drop_index(ONE_DRAFT, table_name="decision")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_column("version")
        batch_op.drop_column("reconsideration_outcome")
        batch_op.drop_column("hearing_weighing")
        batch_op.drop_column("hearing_waived_on")
