# SPDX-License-Identifier: MPL-2.0
"""Tables for offers (tilbud) and placement requests (the waiting list)."""

import uuid
from datetime import date, datetime
from enum import IntEnum, StrEnum
from typing import Any

from sqlalchemy import Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from samskab.core.db import Base, HasCreated, HasId


class Operator(StrEnum):
    """Who runs an offer (driftsform)."""

    MUNICIPAL = "kommunal"
    REGIONAL = "regional"
    PRIVATE = "privat"


class Specialisation(IntEnum):
    """How specialised an offer is; a citizen's support need asks for at least a level."""

    GENERAL = 1
    SPECIALISED = 2
    HIGHLY_SPECIALISED = 3


SPECIALISATION_LABELS = {
    Specialisation.GENERAL: "Almindeligt",
    Specialisation.SPECIALISED: "Specialiseret",
    Specialisation.HIGHLY_SPECIALISED: "Højt specialiseret",
}


class Offer(HasId, HasCreated, Base):
    """An offer in the regional catalogue, in the spirit of Tilbudsportalen."""

    __tablename__ = "offer"

    # The offer's number in the catalogue (e.g. its Tilbudsportalen id); the import key.
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    provider_name: Mapped[str] = mapped_column(String(200))
    operator: Mapped[Operator] = mapped_column(String(12))
    # A key of the paragraph catalogue, e.g. "SEL-108".
    service_type: Mapped[str] = mapped_column(String(20), index=True)
    offer_type_code: Mapped[str] = mapped_column(String(80))
    target_groups: Mapped[list[str]] = mapped_column(default=list)
    specialisation: Mapped[int] = mapped_column()
    places: Mapped[int] = mapped_column()
    occupied: Mapped[int] = mapped_column()
    waiting: Mapped[int] = mapped_column(default=0)
    budgeted_occupancy: Mapped[float] = mapped_column(Float)
    postcode: Mapped[str] = mapped_column(String(4))
    municipality_code: Mapped[str] = mapped_column(String(4), index=True)
    region_code: Mapped[str] = mapped_column(String(4), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    # The year's budgeted costs in DKK, and a surplus (negative) or deficit (positive) from an
    # earlier year carried into this year's tariff.
    cost_basis: Mapped[int] = mapped_column()
    carried: Mapped[int] = mapped_column(default=0)
    tariff_year: Mapped[int] = mapped_column()
    tariff_per_day: Mapped[float] = mapped_column(Float)
    mean_stay_days: Mapped[int] = mapped_column()
    updated_at: Mapped[datetime | None] = mapped_column()

    @property
    def vacancies(self) -> int:
        """Free places today."""
        return max(0, self.places - self.occupied)


class RequestStatus(StrEnum):
    """Where a placement request stands."""

    WAITING = "venter"
    PLACED = "placeret"
    WITHDRAWN = "trukket_tilbage"


class PlacementRequest(HasId, HasCreated, Base):
    """A citizen waiting for a place: the anonymous part feeds regional planning.

    The regional coordinator sees only the municipality, postcode, service, target group,
    support level and waiting time; the citizen, case, relatives and weights are the
    municipality's and are read through the access check on the citizen.
    """

    __tablename__ = "placement_request"

    municipality_code: Mapped[str] = mapped_column(String(4), index=True)
    region_code: Mapped[str] = mapped_column(String(4), index=True)
    postcode: Mapped[str] = mapped_column(String(4))
    service_type: Mapped[str] = mapped_column(String(20))
    target_group_code: Mapped[str] = mapped_column(String(80))
    # The specialisation the citizen's support need asks for at least (1-3).
    support_level: Mapped[int] = mapped_column()
    waiting_since: Mapped[date] = mapped_column()
    status: Mapped[RequestStatus] = mapped_column(String(20), default=RequestStatus.WAITING)
    citizen_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("citizen.id"), index=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("case_file.id"), index=True)
    # Named relatives whose homes count for proximity: [{"name": ..., "postcode": ...}].
    relatives: Mapped[list[Any]] = mapped_column(default=list)
    weights: Mapped[dict[str, Any]] = mapped_column(default=dict)
    offer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("offer.id"), index=True)
    chosen_rank: Mapped[int | None] = mapped_column()
    explanation: Mapped[str] = mapped_column(Text, default="")
    free_choice: Mapped[bool] = mapped_column(default=False)
    chosen_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    chosen_at: Mapped[datetime | None] = mapped_column()
