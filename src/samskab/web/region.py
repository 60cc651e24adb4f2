# SPDX-License-Identifier: MPL-2.0
"""The regional coordinator's pages: the offer catalogue with a map, import and export,
placement planning against first-come nearest-first, the keep-local scenario and the
demand forecast. No citizen data is shown here: the waiting list is anonymous."""

import math
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select

from samskab.access.policies import imports_offers, plans_regionally
from samskab.core import formats
from samskab.core.errors import DomainError, Forbidden, NotFound
from samskab.offers import catalogue, codes, forecast
from samskab.offers.models import SPECIALISATION_LABELS, Offer, Specialisation
from samskab.placement import regional
from samskab.placement.planning import Weights
from samskab.terminology.geography import municipalities
from samskab.web.deps import CurrentActor, DbSession
from samskab.web.render import page

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
MAX_UPLOAD = 1_900_000
# The map: Denmark's bounding box, drawn with longitude scaled by cos(56°).
WEST, EAST, SOUTH, NORTH = 8.0, 15.3, 54.5, 57.8
MAP_WIDTH = 640
MAP_HEIGHT = round(MAP_WIDTH * (NORTH - SOUTH) / ((EAST - WEST) * math.cos(math.radians(56))))
Region = Annotated[str | None, Query(max_length=4, pattern=r"^\d{4}$")]


def _coordinator(actor: CurrentActor) -> None:
    if not plans_regionally(actor):
        raise Forbidden("Siderne om regionale tilbud er for den regionale koordinator.")


def regions() -> dict[str, str]:
    """The five regions by code."""
    return {m.region_code: m.region for m in municipalities().values()}


def _default_region(actor: CurrentActor, chosen: str | None) -> str:
    if chosen:
        regional.region_name(chosen)
        return chosen
    town = municipalities().get(actor.municipality_code or "")
    return town.region_code if town else "1081"


@dataclass(frozen=True)
class Dot:
    """An offer on the map."""

    x: float
    y: float
    r: float
    level: int
    label: str


def _xy(lat: float, lon: float) -> tuple[float, float]:
    x = (lon - WEST) / (EAST - WEST) * MAP_WIDTH
    y = (NORTH - lat) / (NORTH - SOUTH) * MAP_HEIGHT
    return round(x, 1), round(y, 1)


def _dots(offers: list[Offer]) -> list[Dot]:
    return [
        Dot(
            *_xy(o.lat, o.lon),
            round(2 + math.sqrt(o.places) / 1.5, 1),
            o.specialisation,
            f"{o.name}: {formats.count(o.places, 'plads')}, {o.vacancies} ledige",
        )
        for o in offers
    ]


@router.get("/region")
def catalogue_page(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    region: Region = None,
    paragraf: Annotated[str | None, Query(max_length=10, pattern=r"^SEL-\d{2,3}$")] = None,
    niveau: Annotated[int | None, Query(ge=1, le=3)] = None,
    side: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> HTMLResponse:
    _coordinator(actor)
    chosen = _default_region(actor, region)
    query = select(Offer).where(Offer.region_code == chosen)
    if paragraf:
        query = query.where(Offer.service_type == paragraf)
    if niveau:
        query = query.where(Offer.specialisation == niveau)
    offers = list(session.scalars(query.order_by(Offer.municipality_code, Offer.name)))
    totals = session.execute(
        select(
            Offer.region_code,
            func.count(),
            func.sum(Offer.places),
            func.sum(Offer.occupied),
            func.sum(Offer.waiting),
        ).group_by(Offer.region_code)
    ).all()
    shown = offers[(side - 1) * PAGE_SIZE : side * PAGE_SIZE]
    return page(
        request,
        "region_offers.html",
        region=chosen,
        regions=regions(),
        paragraf=paragraf or "",
        niveau=niveau,
        services=codes.OFFER_SERVICES,
        levels=SPECIALISATION_LABELS,
        offers=shown,
        count=len(offers),
        page_number=side,
        pages=max(1, math.ceil(len(offers) / PAGE_SIZE)),
        dots=_dots(offers),
        towns=[_xy(m.lat, m.lon) for m in municipalities().values()],
        width=MAP_WIDTH,
        height=MAP_HEIGHT,
        totals=totals,
        groups=codes.target_groups(),
        towns_by_code=municipalities(),
        may_import=imports_offers(actor),
        report=None,
        imported=None,
    )


@router.get("/region/tilbud/{code}")
def offer_page(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    code: str,
) -> HTMLResponse:
    _coordinator(actor)
    offer = session.scalar(select(Offer).where(Offer.code == code[:40]))
    if offer is None:
        raise NotFound("Tilbuddet")
    row = catalogue.export_rows([offer])[0]
    return page(request, "region_offer.html", offer=offer, row=row, levels=SPECIALISATION_LABELS)


@router.get("/region/eksport.{fmt}")
def export_offers(
    session: DbSession, actor: CurrentActor, fmt: str, region: Region = None
) -> Response:
    _coordinator(actor)
    if fmt not in {"csv", "json"}:
        raise NotFound("Formatet")
    data = catalogue.export(session, actor, fmt, region)
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    name = f"tilbud-{region or 'alle'}.{fmt}"
    return Response(
        data, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'}
    )


@router.post("/region/import")
async def import_offers(
    request: Request, session: DbSession, actor: CurrentActor, fil: UploadFile
) -> HTMLResponse:
    _coordinator(actor)
    data = await fil.read(MAX_UPLOAD + 1)
    name = (fil.filename or "").lower()
    fmt = "json" if name.endswith(".json") else "csv"
    report: catalogue.ImportReport | None = None
    imported: catalogue.ImportReport | None = None
    if len(data) > MAX_UPLOAD:
        report = catalogue.ImportReport(
            problems=[catalogue.Problem(0, "fil", "Filen er for stor (højst 1,9 MB).")]
        )
    else:
        savepoint = session.begin_nested()
        try:
            imported = catalogue.import_offers(session, actor, data, fmt)
            savepoint.commit()
        except catalogue.ImportRejected as rejected:
            savepoint.rollback()
            report = rejected.report
        except DomainError:
            savepoint.rollback()
            raise
    return page(
        request,
        "region_import.html",
        status_code=422 if report else 200,
        report=report,
        imported=imported,
        filename=fil.filename or "",
    )


def _weights(travel: float, misfit: float, cost: float) -> Weights:
    return Weights(travel=travel, misfit=misfit, cost=cost)


@router.get("/region/planlaegning")
def planning_page(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    region: Region = None,
    km: Annotated[float, Query(ge=0, le=100)] = Weights.travel,
    mismatch: Annotated[float, Query(ge=0, le=10_000)] = Weights.misfit,
    pris: Annotated[float, Query(ge=0, le=10_000)] = Weights.cost,
    minimum: Annotated[int | None, Query(ge=1, le=100)] = None,
    lokalt: Annotated[int | None, Query(ge=0, le=100)] = None,
    beregn: Annotated[str | None, Query(max_length=10)] = None,
) -> HTMLResponse:
    _coordinator(actor)
    chosen = _default_region(actor, region)
    weights = _weights(km, mismatch, pris)
    result = scenario = None
    if beregn:
        result = regional.plan(
            session,
            actor,
            chosen,
            weights,
            min_occupancy=minimum / 100 if minimum else None,
        )
        if lokalt is not None:
            scenario = regional.keep_local(session, actor, chosen, lokalt / 100, weights=weights)
    special = (
        [o for o in result.outcomes if o.specialisation == Specialisation.HIGHLY_SPECIALISED]
        if result
        else []
    )
    return page(
        request,
        "region_plan.html",
        region=chosen,
        regions=regions(),
        weights=weights,
        minimum=minimum,
        lokalt=lokalt,
        result=result,
        scenario=scenario,
        special=special,
    )


@router.get("/region/prognose")
def forecast_page(
    request: Request, session: DbSession, actor: CurrentActor, region: Region = None
) -> HTMLResponse:
    _coordinator(actor)
    chosen = _default_region(actor, region)
    rows = forecast.outlook(session, actor, chosen)
    rows.sort(key=lambda r: (-(r.needed_places / r.places if r.places else 99), r.target_group))
    top = max([max(r.places, r.needed_places) for r in rows] or [1])
    return page(
        request, "region_forecast.html", region=chosen, regions=regions(), rows=rows, top=top
    )
