# SPDX-License-Identifier: MPL-2.0
"""Validated input and output about cases."""

import uuid
from datetime import date
from enum import StrEnum
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, Field, field_validator, model_validator

from samskab.cases.states import CaseStatus
from samskab.citizens.schemas import CitizenIn
from samskab.core.validation import Input

T = TypeVar("T")
LongText = Annotated[str, Field(max_length=10_000)]


class InquirySource(StrEnum):
    """Who the inquiry came from."""

    CITIZEN = "borger"
    RELATIVE = "pårørende"
    HOSPITAL = "sygehus"
    GP = "egen_læge"
    OTHER_AUTHORITY = "anden_myndighed"
    PROVIDER = "udfører"


# RSL § 5: the other areas and laws to consider for the citizen's whole situation.
HOLISTIC_AREAS = {
    "beskaeftigelse": "Beskæftigelse og jobcenter (LAB)",
    "forsoergelse": "Økonomi og forsørgelse (aktivloven)",
    "sundhed": "Sundhed, egen læge og psykiatri (sundhedsloven)",
    "misbrug": "Behandling for misbrug (SEL § 101, SUL § 141)",
    "bolig": "Bolig og boligindretning",
    "hjaelpemidler": "Hjælpemidler (SEL §§ 112-116)",
    "familie": "Børn og familie (barnets lov)",
    "uddannelse": "Uddannelse (STU, SPS)",
}


class CaseOpen(Input):
    """An inquiry that opens a case: about a known citizen or one to register."""

    citizen_id: uuid.UUID | None = None
    citizen: CitizenIn | None = None
    service_type: str = Field(max_length=20)
    title: str = Field(default="", max_length=200)
    inquiry_from: InquirySource = InquirySource.CITIZEN
    inquiry_text: LongText = ""
    received_on: date
    team_id: uuid.UUID | None = None
    caseworker_id: uuid.UUID | None = None
    holistic_areas: list[str] = Field(default_factory=list, max_length=len(HOLISTIC_AREAS))
    holistic_note: LongText = ""

    @field_validator("holistic_areas")
    @classmethod
    def _known_areas(cls, areas: list[str]) -> list[str]:
        unknown = [area for area in areas if area not in HOLISTIC_AREAS]
        if unknown:
            raise ValueError(f"Ukendt område: {unknown[0][:40]}.")
        return areas

    @model_validator(mode="after")
    def _one_citizen(self) -> "CaseOpen":
        if (self.citizen_id is None) == (self.citizen is None):
            raise ValueError("Angiv enten citizen_id for en kendt borger eller citizen for en ny.")
        return self


class CaseTransitionIn(Input):
    """A requested change of status."""

    to: CaseStatus
    reason: str = Field(default="", max_length=2000)


class CaseAssign(Input):
    """A new responsible team and caseworker."""

    team_id: uuid.UUID
    caseworker_id: uuid.UUID | None = None


class CaseScope(StrEnum):
    """Whose cases to list."""

    MINE = "mine"
    TEAM = "team"


class CaseOut(BaseModel):
    """A case as shown to staff."""

    id: uuid.UUID
    citizen_id: uuid.UUID
    citizen_name: str
    service_type: str
    legal_basis: str
    area: str
    title: str
    status: CaseStatus
    status_label: str
    team_id: uuid.UUID
    caseworker_id: uuid.UUID | None
    received_on: date
    deadline_on: date
    days_left: int | None
    overdue: bool


class Page(BaseModel, Generic[T]):
    """One page of a list, with the total count for paging."""

    items: list[T]
    total: int
    limit: int
    offset: int


class DelayIn(Input):
    """The citizen is told that the deadline cannot be kept, and when to expect a decision."""

    expected_on: date
    reason: str = Field(min_length=1, max_length=2000)


class QualityStandardIn(Input):
    """The municipality's published service level for one service type."""

    service_level: str = Field(default="", max_length=10_000)
    goals: str = Field(default="", max_length=10_000)
    time_frame: str = Field(default="", max_length=2000)
    # The new version applies from this day (today when left out).
    valid_from: date | None = None
    # The version this edit is based on (none: the first); an edit of an older one gets 409.
    version: int | None = None


class ReferralSent(BaseModel):
    """An inquiry sent for acceptance: what the registering caseworker is told (nothing about
    the citizen)."""

    referral_id: uuid.UUID
    status: str
    message: str


class ReferralOut(BaseModel):
    """An inquiry waiting for the team responsible for the citizen."""

    id: uuid.UUID
    citizen_id: uuid.UUID
    from_name: str
    from_team_id: uuid.UUID
    service_type: str
    received_on: date
    inquiry_text: str
    status: str
