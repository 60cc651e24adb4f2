# SPDX-License-Identifier: MPL-2.0
"""meeting participants admitted by the caseworker, the citizen's confirmations kept, join
attempts counted, the join link and code kept while the meeting is live; and referrals of
inquiries about a citizen another team has

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("join_token", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("join_code", sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column("code_issued_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("meeting_participant", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=10), nullable=False, server_default="invited")
        )
        batch_op.add_column(sa.Column("admitted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("admitted_by", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("meeting_participant", schema=None) as batch_op:
        batch_op.alter_column("status", server_default=None)
        batch_op.alter_column("admitted_by", server_default=None)

    op.create_table(
        "meeting_confirmation",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("recognised", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("note_version", sa.Integer(), nullable=False),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("author_kind", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_confirmation_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_confirmation")),
    )
    with op.batch_alter_table("meeting_confirmation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_confirmation_meeting_id"), ["meeting_id"], unique=False
        )
    # A recognition recorded before this revision becomes the first confirmation.
    op.execute(
        "INSERT INTO meeting_confirmation "
        "(id, meeting_id, recognised, comment, note_version, author_name, author_kind, at) "
        "SELECT id, id, recognition = 'recognised', recognition_comment, version, "
        "'Borgeren', 'borger', recognised_at FROM meeting WHERE recognised_at IS NOT NULL"
    )

    op.create_table(
        "meeting_join_attempt",
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column("client_address", sa.String(length=64), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_join_attempt_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_join_attempt")),
    )
    with op.batch_alter_table("meeting_join_attempt", schema=None) as batch_op:
        batch_op.create_index(
            "ix_meeting_join_attempt_meeting_at", ["meeting_id", "at"], unique=False
        )
        batch_op.create_index(
            "ix_meeting_join_attempt_client_at", ["client_address", "at"], unique=False
        )

    op.create_table(
        "case_referral",
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("to_team_id", sa.Uuid(), nullable=True),
        sa.Column("from_team_id", sa.Uuid(), nullable=False),
        sa.Column("from_user_id", sa.Uuid(), nullable=True),
        sa.Column("from_name", sa.String(length=200), nullable=False),
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("inquiry", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("decided_by_name", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_case_referral_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_case_referral_citizen_id_citizen")
        ),
        sa.ForeignKeyConstraint(
            ["from_team_id"], ["team.id"], name=op.f("fk_case_referral_from_team_id_team")
        ),
        sa.ForeignKeyConstraint(
            ["from_user_id"], ["app_user.id"], name=op.f("fk_case_referral_from_user_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["to_team_id"], ["team.id"], name=op.f("fk_case_referral_to_team_id_team")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_referral")),
    )
    with op.batch_alter_table("case_referral", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_referral_citizen_id"), ["citizen_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_case_referral_to_team_id"), ["to_team_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("case_referral")
    op.drop_table("meeting_join_attempt")
    op.drop_table("meeting_confirmation")
    with op.batch_alter_table("meeting_participant", schema=None) as batch_op:
        batch_op.drop_column("removed_at")
        batch_op.drop_column("admitted_by")
        batch_op.drop_column("admitted_at")
        batch_op.drop_column("status")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("code_issued_at")
        batch_op.drop_column("join_code")
        batch_op.drop_column("join_token")
