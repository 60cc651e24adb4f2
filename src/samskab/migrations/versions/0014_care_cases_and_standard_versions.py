# SPDX-License-Identifier: MPL-2.0
"""care cases: FSIII health conditions, free choice of provider, quality standard versions

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("theme_assessment") as batch:
        batch.add_column(sa.Column("problem", sa.String(length=12), nullable=True))
        batch.add_column(sa.Column("expected_state", sa.String(length=12), nullable=True))
    with op.batch_alter_table("intervention") as batch:
        batch.add_column(sa.Column("provider_choice", sa.String(length=20), nullable=True))
    with op.batch_alter_table("decision") as batch:
        batch.add_column(sa.Column("granted_amount", sa.Float(), nullable=True))
        batch.add_column(sa.Column("granted_unit", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("granted_codes", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("decision") as batch:
        batch.drop_column("granted_codes")
        batch.drop_column("granted_unit")
        batch.drop_column("granted_amount")
    with op.batch_alter_table("intervention") as batch:
        batch.drop_column("provider_choice")
    with op.batch_alter_table("theme_assessment") as batch:
        batch.drop_column("expected_state")
        batch.drop_column("problem")
