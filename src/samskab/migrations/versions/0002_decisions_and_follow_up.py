# SPDX-License-Identifier: MPL-2.0
"""decisions, follow-ups, quality standards, RSL 5 and SEL 141 fields

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 13:58:16.558792
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "quality_standard",
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("service_type", sa.String(length=20), nullable=False),
        sa.Column("service_level", sa.Text(), nullable=False),
        sa.Column("goals", sa.Text(), nullable=False),
        sa.Column("time_frame", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["app_user.id"], name=op.f("fk_quality_standard_updated_by_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_standard")),
        sa.UniqueConstraint(
            "municipality_code", "service_type", name=op.f("uq_quality_standard_municipality_code")
        ),
    )
    op.create_table(
        "decision",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("legal_basis", sa.String(length=60), nullable=False),
        sa.Column("granted", sa.Text(), nullable=False),
        sa.Column("rules", sa.Text(), nullable=False),
        sa.Column("considerations", sa.Text(), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("hearing_needed", sa.Boolean(), nullable=False),
        sa.Column("hearing_not_needed_reason", sa.Text(), nullable=False),
        sa.Column("hearing_text", sa.Text(), nullable=False),
        sa.Column("hearing_sent_on", sa.Date(), nullable=True),
        sa.Column("hearing_deadline", sa.Date(), nullable=True),
        sa.Column("hearing_answer", sa.Text(), nullable=False),
        sa.Column("hearing_answered_on", sa.Date(), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("appeal_deadline", sa.Date(), nullable=True),
        sa.Column("appealed_on", sa.Date(), nullable=True),
        sa.Column("appeal_text", sa.Text(), nullable=False),
        sa.Column("reconsideration_deadline", sa.Date(), nullable=True),
        sa.Column("reconsidered_on", sa.Date(), nullable=True),
        sa.Column("reconsideration_note", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_by_name", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_decision_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["app_user.id"], name=op.f("fk_decision_decided_by_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_case_id"), ["case_id"], unique=False)

    op.create_table(
        "follow_up",
        sa.Column("intervention_id", sa.Uuid(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("outcome_code", sa.String(length=80), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("next_follow_up_on", sa.Date(), nullable=True),
        sa.Column("by_user_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_user_id"], ["app_user.id"], name=op.f("fk_follow_up_by_user_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["intervention_id"],
            ["intervention.id"],
            name=op.f("fk_follow_up_intervention_id_intervention"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_follow_up_intervention_id"), ["intervention_id"], unique=False
        )

    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("holistic_areas", sa.JSON(), nullable=False, server_default="[]")
        )
        batch_op.add_column(
            sa.Column("holistic_note", sa.Text(), nullable=False, server_default="")
        )

    with op.batch_alter_table("intervention", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decision_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("follow_up_on", sa.Date(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_intervention_decision_id"), ["decision_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_intervention_decision_id_decision"), "decision", ["decision_id"], ["id"]
        )

    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("expected_duration", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("other", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("other")
        batch_op.drop_column("expected_duration")

    with op.batch_alter_table("intervention", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_intervention_decision_id_decision"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_intervention_decision_id"))
        batch_op.drop_column("follow_up_on")
        batch_op.drop_column("decision_id")

    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_column("holistic_note")
        batch_op.drop_column("holistic_areas")

    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_intervention_id"))

    op.drop_table("follow_up")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_case_id"))

    op.drop_table("decision")
    op.drop_table("quality_standard")
