# SPDX-License-Identifier: MPL-2.0
"""provider access

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22 15:09:18.220767
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("citizen_access", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Uuid(), nullable=True))
        batch_op.alter_column("team_id", existing_type=sa.Uuid(), nullable=True)
        batch_op.create_foreign_key(
            batch_op.f("fk_citizen_access_organisation_id_organisation"),
            "organisation",
            ["organisation_id"],
            ["id"],
        )


def downgrade() -> None:
    op.execute("DELETE FROM citizen_access WHERE team_id IS NULL")  # providers' order access
    with op.batch_alter_table("citizen_access", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_citizen_access_organisation_id_organisation"), type_="foreignkey"
        )
        batch_op.alter_column("team_id", existing_type=sa.Uuid(), nullable=False)
        batch_op.drop_column("organisation_id")
