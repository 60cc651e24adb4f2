# SPDX-License-Identifier: MPL-2.0
"""meetings

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 14:18:00.990094
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("join_token_hash", sa.String(length=64), nullable=False),
        sa.Column("join_code_hash", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("recognition", sa.String(length=20), nullable=True),
        sa.Column("recognition_comment", sa.Text(), nullable=False),
        sa.Column("recognised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("journal_note_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_meeting_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_meeting_citizen_id_citizen")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["app_user.id"], name=op.f("fk_meeting_created_by_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["journal_note_id"], ["note.id"], name=op.f("fk_meeting_journal_note_id_note")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
        sa.UniqueConstraint("join_token_hash", name=op.f("uq_meeting_join_token_hash")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_citizen_id"), ["citizen_id"], unique=False)

    op.create_table(
        "meeting_agreement",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("goal_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goal.id"], name=op.f("fk_meeting_agreement_goal_id_goal")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_agreement_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_agreement")),
    )
    with op.batch_alter_table("meeting_agreement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_agreement_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "meeting_citizen_addition",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("passage", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_citizen_addition_meeting_id_meeting"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_citizen_addition")),
    )
    with op.batch_alter_table("meeting_citizen_addition", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_citizen_addition_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "meeting_note_edit",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("based_on", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("author_kind", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_note_edit_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_note_edit")),
        sa.UniqueConstraint("meeting_id", "version", name=op.f("uq_meeting_note_edit_meeting_id")),
    )
    with op.batch_alter_table("meeting_note_edit", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_note_edit_meeting", ["meeting_id"], unique=False)

    op.create_table(
        "meeting_participant",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_participant_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_participant")),
    )
    with op.batch_alter_table("meeting_participant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_participant_meeting_id"), ["meeting_id"], unique=False
        )

    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("citizen_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_app_user_citizen_id"), ["citizen_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_app_user_citizen_id_citizen"), "citizen", ["citizen_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_app_user_citizen_id_citizen"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_app_user_citizen_id"))
        batch_op.drop_column("citizen_id")

    with op.batch_alter_table("meeting_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_participant_meeting_id"))

    op.drop_table("meeting_participant")
    with op.batch_alter_table("meeting_note_edit", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_note_edit_meeting")

    op.drop_table("meeting_note_edit")
    with op.batch_alter_table("meeting_citizen_addition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_citizen_addition_meeting_id"))

    op.drop_table("meeting_citizen_addition")
    with op.batch_alter_table("meeting_agreement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_agreement_meeting_id"))

    op.drop_table("meeting_agreement")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_citizen_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_case_id"))

    op.drop_table("meeting")
