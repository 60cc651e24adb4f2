# SPDX-License-Identifier: MPL-2.0
"""The regional coordinator's planning: the region's waiting list onto its offers, the
optimum against first-come nearest-first, and the "keep X % local" viability scenario.

Only anonymous rows are read: municipality, postcode, paragraph, target group, support level
and waiting time. Distances are great-circle between postcode points times a road factor.
"""

import math
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import plans_regionally
from samskab.audit.actions import record
from samskab.core import clock
from samskab.core.errors import Forbidden, InvalidInput
from samskab.offers import codes, tariffs
from samskab.offers.models import Offer, PlacementRequest, RequestStatus, Specialisation
from samskab.placement.candidates import ROAD_FACTOR
from samskab.placement.planning import (
    Assignment,
    Problem,
    Summary,
    Weights,
    greedy,
    summarise,
)
from samskab.placement.pruned import optimise_pruned
from samskab.terminology.geography import municipalities, postcode_for

CANDIDATES = 30
VIABLE = 0.85


@dataclass(frozen=True)
class Waiting:
    """One anonymous row of the waiting list."""

    id: uuid.UUID
    municipality_code: str
    postcode: str
    service_type: str
    target_group_code: str
    support_level: int
    waiting_since: date
    lat: float
    lon: float


def require_coordinator(actor: Actor) -> None:
    """Regional planning is the coordinator's (and the analyst's, who only reads)."""
    if not plans_regionally(actor):
        raise Forbidden("Regional planlægning er for den regionale koordinator.")


def region_name(region_code: str) -> str:
    """The region's name, or a Danish error for an unknown code."""
    for town in municipalities().values():
        if town.region_code == region_code:
            return town.region
    raise InvalidInput(f"Regionskoden '{region_code[:8]}' findes ikke.", field="region")


def load(session: Session, region_code: str) -> tuple[list[Offer], list[Waiting]]:
    """The region's offers and its anonymous waiting list, oldest first."""
    offers = list(
        session.scalars(select(Offer).where(Offer.region_code == region_code).order_by(Offer.code))
    )
    rows = session.execute(
        select(
            PlacementRequest.id,
            PlacementRequest.municipality_code,
            PlacementRequest.postcode,
            PlacementRequest.service_type,
            PlacementRequest.target_group_code,
            PlacementRequest.support_level,
            PlacementRequest.waiting_since,
        )
        .where(
            PlacementRequest.region_code == region_code,
            PlacementRequest.status == RequestStatus.WAITING,
        )
        .order_by(PlacementRequest.waiting_since, PlacementRequest.id)
    )
    waiting = []
    for row in rows:
        area = postcode_for(int(row.postcode)) if row.postcode.isdigit() else None
        town = municipalities()[row.municipality_code]
        lat, lon = (area.lat, area.lon) if area else (town.lat, town.lon)
        waiting.append(Waiting(*row, lat=lat, lon=lon))
    return offers, waiting


def distances(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Road-factor km from one point to many (haversine)."""
    p1, p2 = math.radians(lat), np.radians(lats)
    dp, dl = p2 - p1, np.radians(lons - lon)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    km: np.ndarray = 6371.0 * 2 * np.arcsin(np.sqrt(a)) * ROAD_FACTOR
    return km


def build(
    offers: list[Offer],
    waiting: list[Waiting],
    weights: Weights,
    *,
    local_only: set[int] | None = None,
    min_occupancy: float | None = None,
    candidates: int = CANDIDATES,
) -> Problem:
    """The admissible arcs: same paragraph, a fitting target group, at least the specialisation
    the support need asks for; the nearest `candidates` of them per citizen. Citizens listed
    in `local_only` keep only offers in their own municipality, where there are any."""
    lats = np.array([o.lat for o in offers])
    lons = np.array([o.lon for o in offers])
    by_service: dict[str, list[int]] = {}
    for index, offer in enumerate(offers):
        by_service.setdefault(offer.service_type, []).append(index)
    arc_c: list[int] = []
    arc_o: list[int] = []
    arc_km: list[float] = []
    arc_misfit: list[int] = []
    # Citizens with the same place, need and rule have the same arcs: one kind for the solver.
    kinds: dict[tuple[object, ...], int] = {}
    kind: list[int] = []
    for citizen, person in enumerate(waiting):
        pool = []
        keep = local_only is not None and citizen in local_only
        key = (
            person.municipality_code,
            person.postcode,
            person.service_type,
            person.target_group_code,
            person.support_level,
            keep,
        )
        kind.append(kinds.setdefault(key, len(kinds)))
        # Kept local, a municipality accepts its own offer one level less specialised than
        # the need asks (nearness before specialisation), at a misfit of two steps.
        lowest = person.support_level - (1 if keep else 0)
        for index in by_service.get(person.service_type, []):
            offer = offers[index]
            fit = codes.group_fit(person.target_group_code, offer.target_groups)
            if fit is None or offer.specialisation < lowest:
                continue
            if offer.specialisation < person.support_level and (
                offer.municipality_code != person.municipality_code
            ):
                continue
            over = offer.specialisation - person.support_level
            pool.append((index, fit + (over if over >= 0 else -2 * over)))
        if keep:
            local = [p for p in pool if offers[p[0]].municipality_code == person.municipality_code]
            pool = local or [p for p in pool if offers[p[0]].specialisation >= person.support_level]
        if not pool:
            continue
        indexes = np.array([p[0] for p in pool])
        km = distances(person.lat, person.lon, lats[indexes], lons[indexes])
        nearest = np.argsort(km, kind="stable")[:candidates]
        arc_c += [citizen] * len(nearest)
        arc_o += indexes[nearest].tolist()
        arc_km += km[nearest].tolist()
        arc_misfit += [pool[i][1] for i in nearest.tolist()]
    capacity = np.array([o.vacancies for o in offers], np.int64)
    minimum = None
    if min_occupancy:
        minimum = np.array(
            [
                max(0, math.ceil(min_occupancy * o.places) - o.occupied)
                if o.specialisation == Specialisation.HIGHLY_SPECIALISED
                else 0
                for o in offers
            ],
            np.int64,
        )
    tariff = np.array([o.tariff_per_day for o in offers])
    arc_offer = np.array(arc_o, np.int64)
    return Problem(
        citizens=len(waiting),
        capacity=capacity,
        arc_citizen=np.array(arc_c, np.int64),
        arc_offer=arc_offer,
        km=np.array(arc_km, float),
        misfit=np.array(arc_misfit, np.int64),
        tariff=tariff[arc_offer] if len(arc_offer) else np.zeros(0),
        priority=np.arange(len(waiting), dtype=np.int64),
        weights=weights,
        minimum=minimum,
        kind=np.array(kind, np.int64),
    )


@dataclass(frozen=True)
class OfferOutcome:
    """One offer after a plan: how full it becomes under each method."""

    code: str
    name: str
    municipality_code: str
    specialisation: int
    places: int
    occupied: int
    optimal: int
    greedy: int
    tariff_per_day: float

    @property
    def occupancy_optimal(self) -> float:
        """Share of places used after the optimal plan."""
        return (self.occupied + self.optimal) / self.places

    @property
    def occupancy_greedy(self) -> float:
        """Share of places used after the greedy plan."""
        return (self.occupied + self.greedy) / self.places


@dataclass(frozen=True)
class RegionalPlan:
    """The optimum and the greedy plan for one region, with their totals."""

    region_code: str
    region: str
    citizens: int
    offers: int
    arcs: int
    build_seconds: float
    solve_seconds: float
    optimal: Summary
    greedy: Summary
    outcomes: list[OfferOutcome] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """Optimal cost ÷ greedy cost (1.0 when both are zero)."""
        return self.optimal.cost / self.greedy.cost if self.greedy.cost else 1.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready figures."""
        data = asdict(self)
        data["ratio"] = self.ratio
        return data


def _specialised(offers: list[Offer]) -> np.ndarray:
    return np.array([o.specialisation == Specialisation.HIGHLY_SPECIALISED for o in offers])


def _outcomes(
    offers: list[Offer], optimal: Assignment, first_come: Assignment
) -> list[OfferOutcome]:
    count = len(offers)
    opt = np.bincount(optimal.offer_of[optimal.offer_of >= 0], minlength=count)
    gre = np.bincount(first_come.offer_of[first_come.offer_of >= 0], minlength=count)
    return [
        OfferOutcome(
            o.code,
            o.name,
            o.municipality_code,
            o.specialisation,
            o.places,
            o.occupied,
            int(opt[i]),
            int(gre[i]),
            o.tariff_per_day,
        )
        for i, o in enumerate(offers)
    ]


def plan(
    session: Session,
    actor: Actor,
    region_code: str,
    weights: Weights | None = None,
    *,
    min_occupancy: float | None = None,
    progress: Callable[[str], None] | None = None,
) -> RegionalPlan:
    """Plan the region's waiting list both ways and compare."""
    require_coordinator(actor)
    name = region_name(region_code)
    if min_occupancy is not None and not 0 < min_occupancy <= 1:
        raise InvalidInput("Minimumsbelægningen skal være mellem 0 og 100 %.", field="min")
    record(session, actor, "placement.plan", citizen_id=None, object_type="region")
    started = time.perf_counter()
    if progress:
        progress("henter tilbud og venteliste")
    offers, waiting = load(session, region_code)
    if progress:
        progress("finder egnede tilbud")
    problem = build(offers, waiting, weights or Weights(), min_occupancy=min_occupancy)
    built = time.perf_counter()
    if progress:
        progress("løser")
    optimal, _ = optimise_pruned(problem)
    solved = time.perf_counter()
    if progress:
        progress("sammenligner med først-til-mølle")
    first_come = greedy(problem)
    places = np.array([o.places for o in offers], np.int64)
    occupied = np.array([o.occupied for o in offers], np.int64)
    special = _specialised(offers)
    return RegionalPlan(
        region_code,
        name,
        len(waiting),
        len(offers),
        len(problem.arc_citizen),
        round(built - started, 3),
        round(solved - built, 3),
        summarise(problem, optimal, places, occupied, special),
        summarise(problem, first_come, places, occupied, special),
        _outcomes(offers, optimal, first_come),
    )


@dataclass(frozen=True)
class Viability:
    """A highly specialised offer under a scenario."""

    code: str
    name: str
    places: int
    occupancy_before: float
    occupancy_after: float
    tariff_before: float
    tariff_after: float


@dataclass(frozen=True)
class Scenario:
    """'Each municipality keeps X % local' against the free regional optimum."""

    region_code: str
    keep_local: float
    viable: float
    baseline: Summary
    local: Summary
    # Highly specialised offers that lose occupancy and end below viable.
    at_risk: list[Viability]
    # Highly specialised offers below viable occupancy even with regional optimisation.
    already_below: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready figures."""
        return asdict(self)


def keep_local(
    session: Session,
    actor: Actor,
    region_code: str,
    share: float,
    *,
    viable: float = VIABLE,
    weights: Weights | None = None,
) -> Scenario:
    """Each municipality places the first `share` of its queue in its own offers (where it has
    a fitting one); which highly specialised offers then lose occupancy and fall below viable
    occupancy, and what their tariff becomes if the same costs are spread over fewer days."""
    require_coordinator(actor)
    region_name(region_code)
    if not 0 <= share <= 1:
        raise InvalidInput("Andelen skal være mellem 0 og 100 %.", field="keep_local")
    record(session, actor, "placement.scenario", citizen_id=None, object_type="region")
    offers, waiting = load(session, region_code)
    chosen = weights or Weights()
    by_town: dict[str, list[int]] = {}
    for index, person in enumerate(waiting):
        by_town.setdefault(person.municipality_code, []).append(index)
    local = {i for queue in by_town.values() for i in queue[: math.ceil(share * len(queue))]}
    free = build(offers, waiting, chosen)
    kept = build(offers, waiting, chosen, local_only=local)
    places = np.array([o.places for o in offers], np.int64)
    occupied = np.array([o.occupied for o in offers], np.int64)
    special = _specialised(offers)
    before, after = optimise_pruned(free)[0], optimise_pruned(kept)[0]
    filled_before = np.bincount(before.offer_of[before.offer_of >= 0], minlength=len(offers))
    filled_after = np.bincount(after.offer_of[after.offer_of >= 0], minlength=len(offers))
    year = clock.today().year
    at_risk = []
    already_below = 0
    for i, offer in enumerate(offers):
        if not special[i]:
            continue
        occ_before = (offer.occupied + filled_before[i]) / offer.places
        occ_after = (offer.occupied + filled_after[i]) / offer.places
        if occ_before < viable:
            already_below += 1
        if occ_after < viable and occ_after < occ_before:
            at_risk.append(
                Viability(
                    offer.code,
                    offer.name,
                    offer.places,
                    round(float(occ_before), 3),
                    round(float(occ_after), 3),
                    tariffs.at_occupancy(offer.cost_basis, offer.places, float(occ_before), year),
                    tariffs.at_occupancy(offer.cost_basis, offer.places, float(occ_after), year),
                )
            )
    return Scenario(
        region_code,
        share,
        viable,
        summarise(free, before, places, occupied, special),
        summarise(kept, after, places, occupied, special),
        at_risk,
        already_below,
    )
