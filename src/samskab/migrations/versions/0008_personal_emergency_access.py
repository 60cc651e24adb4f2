# SPDX-License-Identifier: MPL-2.0
"""personal emergency access

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 15:05:47.735375
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("citizen_access", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_citizen_access_user_id_app_user"), "app_user", ["user_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("citizen_access", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_citizen_access_user_id_app_user"), type_="foreignkey"
        )
        batch_op.drop_column("expires_at")
        batch_op.drop_column("user_id")
