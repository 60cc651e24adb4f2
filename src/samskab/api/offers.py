# SPDX-License-Identifier: MPL-2.0
"""The regional offer catalogue (public information, as on Tilbudsportalen; no personal data)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel
from sqlalchemy import func, select

from samskab.api.deps import CurrentActor, DbSession
from samskab.cases.schemas import Page
from samskab.core.errors import NotFound
from samskab.offers import catalogue, codes
from samskab.offers.models import Offer

router = APIRouter(tags=["Tilbud"])


class OfferOut(BaseModel):
    """One offer with its places and its tariff, and how the tariff was computed."""

    code: str
    name: str
    provider_name: str
    operator: str
    service_type: str
    offer_type_code: str
    offer_type: str
    target_group_codes: list[str]
    target_groups: list[str]
    specialisation: int
    places: int
    occupied: int
    vacancies: int
    waiting: int
    budgeted_occupancy: float
    postcode: str
    municipality_code: str
    region_code: str
    tariff_year: int
    tariff_per_day: float
    tariff_computation: str
    mean_stay_days: int


def offer_out(offer: Offer) -> OfferOut:
    """The API view of an offer."""
    row = catalogue.export_rows([offer])[0]
    groups = codes.target_groups()
    return OfferOut(
        code=offer.code,
        name=offer.name,
        provider_name=offer.provider_name,
        operator=offer.operator,
        service_type=offer.service_type,
        offer_type_code=offer.offer_type_code,
        offer_type=row["tilbudstype"],
        target_group_codes=offer.target_groups,
        target_groups=[groups[g].display for g in offer.target_groups],
        specialisation=offer.specialisation,
        places=offer.places,
        occupied=offer.occupied,
        vacancies=offer.vacancies,
        waiting=offer.waiting,
        budgeted_occupancy=offer.budgeted_occupancy,
        postcode=offer.postcode,
        municipality_code=offer.municipality_code,
        region_code=offer.region_code,
        tariff_year=offer.tariff_year,
        tariff_per_day=offer.tariff_per_day,
        tariff_computation=row["takstberegning"],
        mean_stay_days=offer.mean_stay_days,
    )


@router.get("/offers", summary="Tilbud i kataloget, med pladser og takst")
def offers(
    session: DbSession,
    actor: CurrentActor,
    region: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
    municipality: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
    service_type: Annotated[str | None, Query(pattern=r"^SEL-\d{2,3}$")] = None,
    specialisation: Annotated[int | None, Query(ge=1, le=3)] = None,
    vacant: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Page[OfferOut]:
    query = select(Offer)
    if region:
        query = query.where(Offer.region_code == region)
    if municipality:
        query = query.where(Offer.municipality_code == municipality)
    if service_type:
        query = query.where(Offer.service_type == service_type)
    if specialisation:
        query = query.where(Offer.specialisation == specialisation)
    if vacant:
        query = query.where(Offer.occupied < Offer.places)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    found = session.scalars(query.order_by(Offer.code).limit(limit).offset(offset))
    return Page[OfferOut](
        items=[offer_out(o) for o in found], total=total, limit=limit, offset=offset
    )


@router.get("/offers/{code}", summary="Ét tilbud")
def offer(
    session: DbSession,
    actor: CurrentActor,
    code: Annotated[str, Path(max_length=40, pattern=r"^[A-Za-z0-9-]+$")],
) -> OfferOut:
    found = session.scalar(select(Offer).where(Offer.code == code))
    if found is None:
        raise NotFound("Tilbuddet")
    return offer_out(found)
