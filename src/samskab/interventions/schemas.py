# SPDX-License-Identifier: MPL-2.0
"""Validated input and output for interventions and deliveries."""

import uuid
from datetime import date

from pydantic import BaseModel, Field, model_validator

from samskab.core.validation import Input
from samskab.interventions.models import FollowUpOutcome, InterventionStatus, ProviderChoice


class InterventionIn(Input):
    """An order to a provider."""

    service_code: str = Field(max_length=80)
    provider_id: uuid.UUID
    scope_amount: float = Field(gt=0, le=10_000)
    scope_unit: str | None = Field(default=None, max_length=30)
    period_start: date
    period_end: date | None = None
    goal_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)
    decision_id: uuid.UUID | None = None
    follow_up_on: date | None = None
    provider_choice: ProviderChoice | None = None

    @model_validator(mode="after")
    def _period(self) -> "InterventionIn":
        if self.period_end is not None and self.period_end < self.period_start:
            raise ValueError("Perioden kan ikke slutte, før den begynder.")
        return self


class OrderChangeIn(Input):
    """A change of an order: its scope, its end and its next follow-up."""

    version: int = Field(description="Den version af bestillingen, ændringen bygger på")
    scope_amount: float = Field(gt=0, le=10_000)
    period_end: date | None = None
    follow_up_on: date | None = None


class FollowUpIn(Input):
    """What came of a follow-up, in the FFB outcomes."""

    outcome: FollowUpOutcome
    note: str = Field(default="", max_length=20_000)
    next_follow_up_on: date | None = None
    # The version of the order the follow-up is based on (none: the one stored now).
    version: int | None = None


class DeliveryIn(Input):
    """What was delivered on a day."""

    delivered_on: date
    amount: float = Field(gt=0, le=1_000)
    delivered_by: str = Field(min_length=1, max_length=200)
    note: str = Field(default="", max_length=5000)


class DeliveryOut(DeliveryIn):
    """A delivery as stored."""

    id: uuid.UUID


class InterventionOut(BaseModel):
    """An intervention with its allocated and delivered amounts."""

    id: uuid.UUID
    case_id: uuid.UUID
    code_system: str
    service_code: str
    service_display: str
    legal_basis: str
    provider_id: uuid.UUID
    provider_name: str
    scope_amount: float
    scope_unit: str
    period_start: date
    period_end: date | None
    status: InterventionStatus
    goal_ids: list[uuid.UUID]
    delivered_amount: float
    decision_id: uuid.UUID | None = None
    follow_up_on: date | None = None
    provider_choice: ProviderChoice | None = None
    # The version of the quality standard in force when the order was placed.
    quality_standard_id: uuid.UUID | None = None
    # Optimistic concurrency: a change names the version it is based on.
    version: int = 1
