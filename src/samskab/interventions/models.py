# SPDX-License-Identifier: MPL-2.0
"""Tables for interventions, the goals they serve, and delivery records."""

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samskab.core.db import Base, HasCreated, HasId
from samskab.core.versioning import HasVersion
from samskab.organisations.models import Organisation


class InterventionStatus(StrEnum):
    """Where an order is."""

    ORDERED = "ordered"
    ACTIVE = "active"
    ENDED = "ended"


class ProviderChoice(StrEnum):
    """How the provider was chosen where the citizen has free choice (frit valg)."""

    CITIZEN = "borgerens_valg"
    LEFT_TO_MUNICIPALITY = "overladt_kommunen"


PROVIDER_CHOICE_DISPLAY = {
    ProviderChoice.CITIZEN: "Borgeren har selv valgt udføreren",
    ProviderChoice.LEFT_TO_MUNICIPALITY: "Borgeren har overladt valget til kommunen",
}


class Intervention(HasId, HasCreated, HasVersion, Base):
    """An order to a provider: which service, how much, for how long, for which goals.

    Every change (its scope, its end, a follow-up) raises `version`; a change based on an older
    version is refused (optimistic concurrency, core.versioning)."""

    __tablename__ = "intervention"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_file.id"), index=True)
    decision_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("decision.id"), index=True)
    code_system: Mapped[str] = mapped_column(String(10))
    service_code: Mapped[str] = mapped_column(String(80))
    service_display: Mapped[str] = mapped_column(String(200))
    legal_basis: Mapped[str] = mapped_column(String(60))
    provider_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    scope_amount: Mapped[float] = mapped_column(Float)
    scope_unit: Mapped[str] = mapped_column(String(30))
    period_start: Mapped[date] = mapped_column()
    period_end: Mapped[date | None] = mapped_column()
    status: Mapped[InterventionStatus] = mapped_column(
        String(10), default=InterventionStatus.ORDERED
    )
    follow_up_on: Mapped[date | None] = mapped_column()
    # The offer (tilbud) the order places the citizen in, when chosen through placement advice.
    offer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("offer.id"), index=True)
    # The version of the quality standard in force when the order was placed.
    quality_standard_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("quality_standard.id"), index=True
    )
    # Frit valg (SEL § 91, SUL § 140, stk. 4): how the citizen chose among approved providers.
    provider_choice: Mapped[str | None] = mapped_column(String(20))

    provider: Mapped[Organisation] = relationship()
    goals: Mapped[list["InterventionGoal"]] = relationship()


class InterventionGoal(HasId, Base):
    """A goal an intervention serves."""

    __tablename__ = "intervention_goal"

    intervention_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("intervention.id"), index=True)
    goal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("goal.id"), index=True)


class DeliveryRecord(HasId, Base):
    """What a provider delivered on a day."""

    __tablename__ = "delivery_record"
    __table_args__ = (
        Index("ix_delivery_record_intervention_on", "intervention_id", "delivered_on"),
    )

    intervention_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("intervention.id"))
    delivered_on: Mapped[date] = mapped_column()
    amount: Mapped[float] = mapped_column(Float)
    delivered_by: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    recorded_at: Mapped[datetime] = mapped_column()


class FollowUpOutcome(StrEnum):
    """The FFB follow-up outcomes (Status på indsats)."""

    CONTINUE = "fortsæt"
    END = "afslut"
    END_AND_REFER = "afslut_og_visiter"


FOLLOW_UP_DISPLAY = {
    FollowUpOutcome.CONTINUE: "Træf afgørelse om fortsættelse af indsats",
    FollowUpOutcome.END: "Træf afgørelse om afslutning af indsats",
    FollowUpOutcome.END_AND_REFER: "Træf afgørelse om afslutning af indsats og visiter til ny",
}


class FollowUp(HasId, HasCreated, Base):
    """A follow-up on an intervention: when, and what came of it."""

    __tablename__ = "follow_up"

    intervention_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("intervention.id"), index=True)
    done_on: Mapped[date] = mapped_column()
    outcome: Mapped[str] = mapped_column(String(20))
    outcome_code: Mapped[str] = mapped_column(String(80))
    note: Mapped[str] = mapped_column(Text, default="")
    next_follow_up_on: Mapped[date | None] = mapped_column()
    by_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
