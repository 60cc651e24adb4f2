# SPDX-License-Identifier: MPL-2.0
"""offers and placement

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "offer",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("provider_name", sa.String(length=200), nullable=False),
        sa.Column("operator", sa.String(length=12), nullable=False),
        sa.Column("service_type", sa.String(length=20), nullable=False),
        sa.Column("offer_type_code", sa.String(length=80), nullable=False),
        sa.Column("target_groups", sa.JSON(), nullable=False),
        sa.Column("specialisation", sa.Integer(), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("occupied", sa.Integer(), nullable=False),
        sa.Column("waiting", sa.Integer(), nullable=False),
        sa.Column("budgeted_occupancy", sa.Float(), nullable=False),
        sa.Column("postcode", sa.String(length=4), nullable=False),
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("region_code", sa.String(length=4), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("cost_basis", sa.Integer(), nullable=False),
        sa.Column("carried", sa.Integer(), nullable=False),
        sa.Column("tariff_year", sa.Integer(), nullable=False),
        sa.Column("tariff_per_day", sa.Float(), nullable=False),
        sa.Column("mean_stay_days", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer")),
        sa.UniqueConstraint("code", name=op.f("uq_offer_code")),
    )
    with op.batch_alter_table("offer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_offer_municipality_code"), ["municipality_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_offer_region_code"), ["region_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_offer_service_type"), ["service_type"], unique=False)

    op.create_table(
        "placement_request",
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("region_code", sa.String(length=4), nullable=False),
        sa.Column("postcode", sa.String(length=4), nullable=False),
        sa.Column("service_type", sa.String(length=20), nullable=False),
        sa.Column("target_group_code", sa.String(length=80), nullable=False),
        sa.Column("support_level", sa.Integer(), nullable=False),
        sa.Column("waiting_since", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=True),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("relatives", sa.JSON(), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("offer_id", sa.Uuid(), nullable=True),
        sa.Column("chosen_rank", sa.Integer(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("free_choice", sa.Boolean(), nullable=False),
        sa.Column("chosen_by", sa.Uuid(), nullable=True),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_placement_request_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["chosen_by"], ["app_user.id"], name=op.f("fk_placement_request_chosen_by_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_placement_request_citizen_id_citizen")
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offer.id"], name=op.f("fk_placement_request_offer_id_offer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement_request")),
    )
    with op.batch_alter_table("placement_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_placement_request_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_placement_request_citizen_id"), ["citizen_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_placement_request_municipality_code"),
            ["municipality_code"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_placement_request_offer_id"), ["offer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_placement_request_region_code"), ["region_code"], unique=False
        )

    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("offer_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_decision_offer_id"), ["offer_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_decision_offer_id_offer"), "offer", ["offer_id"], ["id"]
        )

    with op.batch_alter_table("intervention", schema=None) as batch_op:
        batch_op.add_column(sa.Column("offer_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_intervention_offer_id"), ["offer_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_intervention_offer_id_offer"), "offer", ["offer_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("intervention", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_intervention_offer_id_offer"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_intervention_offer_id"))
        batch_op.drop_column("offer_id")

    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_decision_offer_id_offer"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_decision_offer_id"))
        batch_op.drop_column("offer_id")

    with op.batch_alter_table("placement_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_placement_request_region_code"))
        batch_op.drop_index(batch_op.f("ix_placement_request_offer_id"))
        batch_op.drop_index(batch_op.f("ix_placement_request_municipality_code"))
        batch_op.drop_index(batch_op.f("ix_placement_request_citizen_id"))
        batch_op.drop_index(batch_op.f("ix_placement_request_case_id"))

    op.drop_table("placement_request")
    with op.batch_alter_table("offer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_service_type"))
        batch_op.drop_index(batch_op.f("ix_offer_region_code"))
        batch_op.drop_index(batch_op.f("ix_offer_municipality_code"))

    op.drop_table("offer")
