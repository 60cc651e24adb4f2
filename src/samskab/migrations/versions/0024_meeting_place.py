# SPDX-License-Identifier: MPL-2.0
"""meeting place and form; a relative's code for being found by name when given a consent

Revision ID: 0024
Revises: 0019
Create Date: 2026-12-02 17:00:00

Meetings planned before this revision have no place; the citizen's page says so instead of
guessing one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "meeting", sa.Column("place", sa.String(length=200), nullable=False, server_default="")
    )
    op.add_column(
        "meeting", sa.Column("form", sa.String(length=20), nullable=False, server_default="")
    )
    op.add_column("app_user", sa.Column("relative_code", sa.String(length=8), nullable=True))
    op.create_index(op.f("ix_app_user_relative_code"), "app_user", ["relative_code"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_app_user_relative_code"), table_name="app_user")
    op.drop_column("app_user", "relative_code")
    op.drop_column("meeting", "form")
    op.drop_column("meeting", "place")
