# SPDX-License-Identifier: MPL-2.0
"""consents wellbeing messages

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 14:30:51.709475
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "wellbeing_answer",
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("answered_by", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_wellbeing_answer_citizen_id_citizen")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wellbeing_answer")),
    )
    with op.batch_alter_table("wellbeing_answer", schema=None) as batch_op:
        batch_op.create_index("ix_wellbeing_answer_citizen_at", ["citizen_id", "at"], unique=False)

    op.create_table(
        "consent",
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("grantee_id", sa.Uuid(), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("power_of_attorney", sa.Boolean(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_consent_citizen_id_citizen")
        ),
        sa.ForeignKeyConstraint(
            ["grantee_id"], ["app_user.id"], name=op.f("fk_consent_grantee_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent")),
    )
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_citizen_id"), ["citizen_id"], unique=False)
        batch_op.create_index(
            "ix_consent_grantee_citizen", ["grantee_id", "citizen_id"], unique=False
        )

    op.create_table(
        "message",
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("from_citizen", sa.Boolean(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["app_user.id"], name=op.f("fk_message_author_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_message_citizen_id_citizen")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message")),
    )
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.create_index("ix_message_citizen_at", ["citizen_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_index("ix_message_citizen_at")

    op.drop_table("message")
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_index("ix_consent_grantee_citizen")
        batch_op.drop_index(batch_op.f("ix_consent_citizen_id"))

    op.drop_table("consent")
    with op.batch_alter_table("wellbeing_answer", schema=None) as batch_op:
        batch_op.drop_index("ix_wellbeing_answer_citizen_at")

    op.drop_table("wellbeing_answer")
