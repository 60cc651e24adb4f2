# SPDX-License-Identifier: MPL-2.0
"""access grants with purpose, grantor and review; attempt counts shared by workers;
answers kept per Idempotency-Key

Revision ID: 0025
Revises: 0019
Create Date: 2026-12-02 17:00:00

Every access row that is not a team's standing access through its own case (a referral
accepted, break the glass, a colleague's temporary grant) names its purpose and grantor and is
reviewed by a team lead, who may confirm it or end it at once.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

USERS = ("granted_by_id", "confirmed_by_id", "ended_by_id")


def upgrade() -> None:
    with op.batch_alter_table("citizen_access", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purpose", sa.String(length=200), nullable=True))
        for column in USERS:
            batch_op.add_column(sa.Column(column, sa.Uuid(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f"fk_citizen_access_{column}_app_user"), "app_user", [column], ["id"]
            )
        batch_op.add_column(sa.Column("review_team_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_citizen_access_review_team_id_team"), "team", ["review_team_id"], ["id"]
        )
        batch_op.create_index(
            batch_op.f("ix_citizen_access_review_team_id"), ["review_team_id"], unique=False
        )
        batch_op.add_column(sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "attempt_count",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("second", sa.BigInteger(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "second", name=op.f("pk_attempt_count")),
    )
    op.create_index(op.f("ix_attempt_count_second"), "attempt_count", ["second"], unique=False)
    op.create_table(
        "idempotent_answer",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "key", name=op.f("pk_idempotent_answer")),
    )
    op.create_index(
        op.f("ix_idempotent_answer_expires_at"), "idempotent_answer", ["expires_at"], unique=False
    )
    # Emergency access granted before this revision: its reason is in the audit log; the row
    # becomes a grant (so it is reviewed) with the breaker as grantor.
    op.execute(
        "UPDATE citizen_access SET purpose = 'Nødadgang', granted_by_id = user_id "
        "WHERE source_type = 'break_glass'"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_idempotent_answer_expires_at"), table_name="idempotent_answer")
    op.drop_table("idempotent_answer")
    op.drop_index(op.f("ix_attempt_count_second"), table_name="attempt_count")
    op.drop_table("attempt_count")
    with op.batch_alter_table("citizen_access", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizen_access_review_team_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_citizen_access_review_team_id_team"), type_="foreignkey"
        )
        for column in USERS:
            batch_op.drop_constraint(
                batch_op.f(f"fk_citizen_access_{column}_app_user"), type_="foreignkey"
            )
            batch_op.drop_column(column)
        for column in ("ended_at", "confirmed_at", "review_team_id", "purpose"):
            batch_op.drop_column(column)
