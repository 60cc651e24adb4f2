# SPDX-License-Identifier: MPL-2.0
"""expected decision date

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 14:05:20.759030
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expected_decision_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_column("expected_decision_on")
