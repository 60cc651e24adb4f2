# SPDX-License-Identifier: MPL-2.0
"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 13:35:44.669560
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_event",
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("on_behalf_of", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=True),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.Uuid(), nullable=True),
        sa.Column("purpose", sa.String(length=200), nullable=False),
        sa.Column("client_address", sa.String(length=64), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_event_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_event_citizen_at", ["citizen_id", "at"], unique=False)

    op.create_table(
        "citizen",
        sa.Column("cpr_key_id", sa.String(length=20), nullable=False),
        sa.Column("cpr_ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("cpr_lookup", sa.String(length=64), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("address_line", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=4), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("communication_needs", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen")),
        sa.UniqueConstraint("cpr_lookup", name=op.f("uq_citizen_cpr_lookup")),
    )
    with op.batch_alter_table("citizen", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_citizen_municipality_code"), ["municipality_code"], unique=False
        )

    op.create_table(
        "organisation",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("municipality_code", sa.String(length=4), nullable=True),
        sa.Column("operator", sa.String(length=20), nullable=True),
        sa.Column("postcode", sa.String(length=9), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
    )
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisation_municipality_code"), ["municipality_code"], unique=False
        )

    op.create_table(
        "processing_deadline",
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("service_type", sa.String(length=20), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_processing_deadline")),
        sa.UniqueConstraint(
            "municipality_code",
            "service_type",
            name=op.f("uq_processing_deadline_municipality_code"),
        ),
    )
    op.create_table(
        "app_user",
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_app_user_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("username", name=op.f("uq_app_user_username")),
    )
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_app_user_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "plan",
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_plan_citizen_id_citizen")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan")),
        sa.UniqueConstraint("citizen_id", name=op.f("uq_plan_citizen_id")),
    )
    op.create_table(
        "team",
        sa.Column("municipality_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("area", sa.String(length=30), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["organisation.id"],
            name=op.f("fk_team_municipality_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team")),
    )
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_team_municipality_id"), ["municipality_id"], unique=False
        )

    op.create_table(
        "api_token",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_api_token_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_token_token_hash")),
    )
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_token_user_id"), ["user_id"], unique=False)

    op.create_table(
        "case_file",
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("area", sa.String(length=30), nullable=False),
        sa.Column("service_type", sa.String(length=20), nullable=False),
        sa.Column("legal_basis", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("inquiry_from", sa.String(length=40), nullable=False),
        sa.Column("inquiry_text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("caseworker_id", sa.Uuid(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("deadline_on", sa.Date(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["caseworker_id"], ["app_user.id"], name=op.f("fk_case_file_caseworker_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_case_file_citizen_id_citizen")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_case_file_team_id_team")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_file")),
    )
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.create_index(
            "ix_case_file_caseworker_status", ["caseworker_id", "status"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_case_file_citizen_id"), ["citizen_id"], unique=False)
        batch_op.create_index(
            "ix_case_file_team_status_deadline", ["team_id", "status", "deadline_on"], unique=False
        )

    op.create_table(
        "citizen_access",
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("source_type", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_citizen_access_citizen_id_citizen")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_citizen_access_team_id_team")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen_access")),
        sa.UniqueConstraint("source_type", "source_id", name=op.f("uq_citizen_access_source_type")),
    )
    with op.batch_alter_table("citizen_access", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_citizen_access_citizen_id"), ["citizen_id"], unique=False
        )
        batch_op.create_index(
            "ix_citizen_access_team_citizen", ["team_id", "citizen_id"], unique=False
        )

    op.create_table(
        "team_membership",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_team_membership_team_id_team")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_team_membership_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_membership")),
        sa.UniqueConstraint("user_id", "team_id", name=op.f("uq_team_membership_user_id")),
    )
    with op.batch_alter_table("team_membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_membership_team_id"), ["team_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_team_membership_user_id"), ["user_id"], unique=False)

    op.create_table(
        "assessment",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("code_system", sa.String(length=10), nullable=False),
        sa.Column("code_system_version", sa.String(length=20), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_assessment_case_id_case_file")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
        sa.UniqueConstraint("case_id", name=op.f("uq_assessment_case_id")),
    )
    op.create_table(
        "case_transition",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=False),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_user_id", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_user_id"], ["app_user.id"], name=op.f("fk_case_transition_by_user_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_case_transition_case_id_case_file")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_transition")),
    )
    with op.batch_alter_table("case_transition", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_transition_case_id"), ["case_id"], unique=False)

    op.create_table(
        "goal",
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("citizen_words", sa.Text(), nullable=False),
        sa.Column("citizen_words_recorded_by", sa.Uuid(), nullable=True),
        sa.Column("citizen_words_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("professional_wording", sa.Text(), nullable=False),
        sa.Column("goal_type", sa.String(length=20), nullable=False),
        sa.Column("theme_codes", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_goal_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["citizen_words_recorded_by"],
            ["app_user.id"],
            name=op.f("fk_goal_citizen_words_recorded_by_app_user"),
        ),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], name=op.f("fk_goal_plan_id_plan")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal")),
    )
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_goal_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "intervention",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("code_system", sa.String(length=10), nullable=False),
        sa.Column("service_code", sa.String(length=80), nullable=False),
        sa.Column("service_display", sa.String(length=200), nullable=False),
        sa.Column("legal_basis", sa.String(length=60), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("scope_amount", sa.Float(), nullable=False),
        sa.Column("scope_unit", sa.String(length=30), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_intervention_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["organisation.id"],
            name=op.f("fk_intervention_provider_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intervention")),
    )
    with op.batch_alter_table("intervention", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intervention_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_intervention_provider_id"), ["provider_id"], unique=False
        )

    op.create_table(
        "note",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["app_user.id"], name=op.f("fk_note_author_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_note_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_note_citizen_id_citizen")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note")),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index("ix_note_case_written", ["case_id", "written_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_citizen_id"), ["citizen_id"], unique=False)

    op.create_table(
        "delivery_record",
        sa.Column("intervention_id", sa.Uuid(), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("delivered_by", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["intervention_id"],
            ["intervention.id"],
            name=op.f("fk_delivery_record_intervention_id_intervention"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["app_user.id"], name=op.f("fk_delivery_record_recorded_by_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_record")),
    )
    with op.batch_alter_table("delivery_record", schema=None) as batch_op:
        batch_op.create_index(
            "ix_delivery_record_intervention_on", ["intervention_id", "delivered_on"], unique=False
        )

    op.create_table(
        "goal_rating",
        sa.Column("goal_id", sa.Uuid(), nullable=False),
        sa.Column("rater", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["goal_id"], ["goal.id"], name=op.f("fk_goal_rating_goal_id_goal")),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["app_user.id"], name=op.f("fk_goal_rating_recorded_by_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_rating")),
    )
    with op.batch_alter_table("goal_rating", schema=None) as batch_op:
        batch_op.create_index("ix_goal_rating_goal_at", ["goal_id", "at"], unique=False)

    op.create_table(
        "goal_wording",
        sa.Column("goal_id", sa.Uuid(), nullable=False),
        sa.Column("citizen_words", sa.Text(), nullable=False),
        sa.Column("professional_wording", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("recorded_by_name", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goal.id"], name=op.f("fk_goal_wording_goal_id_goal")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["app_user.id"], name=op.f("fk_goal_wording_recorded_by_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_wording")),
    )
    with op.batch_alter_table("goal_wording", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_wording_goal_id"), ["goal_id"], unique=False)

    op.create_table(
        "intervention_goal",
        sa.Column("intervention_id", sa.Uuid(), nullable=False),
        sa.Column("goal_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goal.id"], name=op.f("fk_intervention_goal_goal_id_goal")
        ),
        sa.ForeignKeyConstraint(
            ["intervention_id"],
            ["intervention.id"],
            name=op.f("fk_intervention_goal_intervention_id_intervention"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intervention_goal")),
    )
    with op.batch_alter_table("intervention_goal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intervention_goal_goal_id"), ["goal_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_intervention_goal_intervention_id"), ["intervention_id"], unique=False
        )

    op.create_table(
        "theme_assessment",
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("theme_code", sa.String(length=80), nullable=False),
        sa.Column("theme_display", sa.String(length=200), nullable=False),
        sa.Column("professional_level", sa.Integer(), nullable=True),
        sa.Column("professional_text", sa.Text(), nullable=False),
        sa.Column("citizen_level", sa.Integer(), nullable=True),
        sa.Column("citizen_text", sa.Text(), nullable=False),
        sa.Column("support_need", sa.String(length=20), nullable=True),
        sa.Column("resources", sa.Text(), nullable=False),
        sa.Column("wishes", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_theme_assessment_assessment_id_assessment"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["app_user.id"], name=op.f("fk_theme_assessment_updated_by_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme_assessment")),
        sa.UniqueConstraint(
            "assessment_id", "theme_code", name=op.f("uq_theme_assessment_assessment_id")
        ),
    )

    _audit_append_only()


def downgrade() -> None:
    _drop_audit_append_only()
    op.drop_table("theme_assessment")
    with op.batch_alter_table("intervention_goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intervention_goal_intervention_id"))
        batch_op.drop_index(batch_op.f("ix_intervention_goal_goal_id"))

    op.drop_table("intervention_goal")
    with op.batch_alter_table("goal_wording", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_wording_goal_id"))

    op.drop_table("goal_wording")
    with op.batch_alter_table("goal_rating", schema=None) as batch_op:
        batch_op.drop_index("ix_goal_rating_goal_at")

    op.drop_table("goal_rating")
    with op.batch_alter_table("delivery_record", schema=None) as batch_op:
        batch_op.drop_index("ix_delivery_record_intervention_on")

    op.drop_table("delivery_record")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_citizen_id"))
        batch_op.drop_index("ix_note_case_written")

    op.drop_table("note")
    with op.batch_alter_table("intervention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intervention_provider_id"))
        batch_op.drop_index(batch_op.f("ix_intervention_case_id"))

    op.drop_table("intervention")
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_plan_id"))
        batch_op.drop_index(batch_op.f("ix_goal_case_id"))

    op.drop_table("goal")
    with op.batch_alter_table("case_transition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_transition_case_id"))

    op.drop_table("case_transition")
    op.drop_table("assessment")
    with op.batch_alter_table("team_membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_membership_user_id"))
        batch_op.drop_index(batch_op.f("ix_team_membership_team_id"))

    op.drop_table("team_membership")
    with op.batch_alter_table("citizen_access", schema=None) as batch_op:
        batch_op.drop_index("ix_citizen_access_team_citizen")
        batch_op.drop_index(batch_op.f("ix_citizen_access_citizen_id"))

    op.drop_table("citizen_access")
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_index("ix_case_file_team_status_deadline")
        batch_op.drop_index(batch_op.f("ix_case_file_citizen_id"))
        batch_op.drop_index("ix_case_file_caseworker_status")

    op.drop_table("case_file")
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_token_user_id"))

    op.drop_table("api_token")
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_municipality_id"))

    op.drop_table("team")
    op.drop_table("plan")
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_app_user_organisation_id"))

    op.drop_table("app_user")
    op.drop_table("processing_deadline")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_municipality_code"))

    op.drop_table("organisation")
    with op.batch_alter_table("citizen", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizen_municipality_code"))

    op.drop_table("citizen")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_citizen_at")
        batch_op.drop_index(batch_op.f("ix_audit_event_at"))
        batch_op.drop_index(batch_op.f("ix_audit_event_actor_id"))

    op.drop_table("audit_event")


_GUARDED = ("UPDATE", "DELETE")


def _audit_append_only() -> None:
    """Refuse UPDATE and DELETE on audit_event in the database itself."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"
        )
        return
    for verb in _GUARDED:
        op.execute(
            f"CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event "
            "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
        )


def _drop_audit_append_only() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
        return
    for verb in _GUARDED:
        op.execute(f"DROP TRIGGER IF EXISTS audit_event_no_{verb.lower()}")
