# SPDX-License-Identifier: MPL-2.0
"""A synthetic national offer landscape and waiting list, deterministic per seed.

About 2,000 offers across the 98 municipalities in proportion to their population: the
municipalities run the general offers (§§ 85, 103, 104, 107, 108; § 110 in the larger towns),
the regions and the largest municipalities run the specialised and highly specialised ones
for small target groups, and private operators fill in. Every figure is invented; only the
geography is real.
"""

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from samskab.core import clock
from samskab.offers import codes, tariffs
from samskab.offers.models import (
    Offer,
    Operator,
    PlacementRequest,
    RequestStatus,
)
from samskab.terminology.geography import (
    Municipality,
    km_between,
    municipalities,
    postcodes,
    postcodes_by_municipality,
)

# Paragraph: (share of offers, places range, cost per place-year range in DKK, stay in days).
PROFILES: dict[str, tuple[float, tuple[int, int], tuple[int, int], tuple[int, int]]] = {
    "SEL-85": (0.24, (20, 80), (120_000, 250_000), (400, 900)),
    "SEL-103": (0.10, (15, 60), (90_000, 160_000), (900, 2_000)),
    "SEL-104": (0.15, (15, 50), (110_000, 220_000), (900, 2_000)),
    "SEL-107": (0.18, (6, 24), (700_000, 1_000_000), (240, 540)),
    "SEL-108": (0.27, (8, 40), (650_000, 900_000), (2_000, 4_000)),
    "SEL-110": (0.06, (15, 50), (400_000, 600_000), (45, 120)),
}
COST_FACTOR = {1: 1.0, 2: 1.5, 3: 2.6}
# Broad groups for general offers; narrow and rare ones for the specialised.
GENERAL_GROUPS = (
    "Udviklingshæmning",
    "Psykiske vanskeligheder",
    "Autismespektrum",
    "Erhvervet hjerneskade",
    "Forandret virkelighedsopfattelse",
    "Angst",
    "Depression",
    "Stofmisbrug",
    "Alkoholmisbrug",
    "Social isolation",
    "Mobilitetsnedsættelse",
)
SPECIALISED_GROUPS = (
    "Personlighedsforstyrrelse",
    "Spiseforstyrrelse",
    "Døvblindhed",
    "Medfødt hjerneskade",
    "Personfarlig kriminalitet",
    "Sjældent forekommende funktionsnedsættelse",
    "Multipel funktionsnedsættelse",
    "Udadreagerende adfærd",
    "Selvskadende adfærd",
    "Autismespektrum",
    "Erhvervet hjerneskade",
)
HOMELESS_GROUPS = ("Hjemløshed", "Stofmisbrug", "Alkoholmisbrug")
PREFIX = {
    "SEL-85": "Bostøtten",
    "SEL-103": "Værkstedet",
    "SEL-104": "Værestedet",
    "SEL-107": "Botilbuddet",
    "SEL-108": "Bofællesskabet",
    "SEL-110": "Herberget",
}
PLACES = (
    "Kildevang",
    "Egebo",
    "Solhøj",
    "Lindely",
    "Bøgely",
    "Havblik",
    "Engely",
    "Skovbo",
    "Rosenhaven",
    "Fjordglimt",
    "Ådalen",
    "Granly",
    "Toftegården",
    "Nørrevang",
    "Birkely",
    "Lyngbo",
    "Mosegården",
    "Strandly",
    "Kastanjehuset",
    "Hybenhaven",
)
PEOPLE_PER_OFFER = 3_000
NAMESPACE = uuid.UUID("5b1f3c52-0f7e-4b8e-9d0a-6a1d2c3e4f50")
WAITING_PER_THOUSAND = 0.7


@dataclass(frozen=True)
class Landscape:
    """What was generated."""

    offers: int
    requests: int
    places: int


@cache
def _group(name: str) -> str:
    return codes.resolve(name, codes.target_groups(), "målgruppe").code


def _postcode(rng: random.Random, town: Municipality) -> tuple[str, float, float]:
    local = postcodes_by_municipality().get(town.code) or (
        min(postcodes(), key=lambda p: km_between(p.lat, p.lon, town.lat, town.lon)),
    )
    area = rng.choice(local)
    return str(area.first), area.lat, area.lon


def _offer(rng: random.Random, town: Municipality, number: int, year: int) -> dict[str, Any]:
    big = town.population >= 90_000
    service = rng.choices(list(PROFILES), weights=[p[0] for p in PROFILES.values()])[0]
    if service == "SEL-110" and town.population < 40_000:
        service = "SEL-108"
    _share, place_range, cost_range, stay = PROFILES[service]
    roll = rng.random()
    if big and service in {"SEL-107", "SEL-108"} and roll < 0.30:
        operator, level = rng.choice([Operator.REGIONAL, Operator.MUNICIPAL]), 3
    elif roll < {"SEL-107": 0.45, "SEL-108": 0.45, "SEL-104": 0.3, "SEL-85": 0.2}.get(service, 0):
        operator, level = rng.choice([Operator.MUNICIPAL, Operator.PRIVATE]), 2
    else:
        operator, level = (Operator.PRIVATE if rng.random() < 0.2 else Operator.MUNICIPAL), 1
    if service == "SEL-110":
        groups = rng.sample(HOMELESS_GROUPS, 2)
    elif level == 3:
        groups = [rng.choice(SPECIALISED_GROUPS)]
    elif level == 2:
        groups = rng.sample(SPECIALISED_GROUPS, 2)
    else:
        groups = rng.sample(GENERAL_GROUPS, rng.randint(1, 3))
    places = rng.randint(*place_range)
    if level == 3:
        places = max(4, places // 2)
    occupancy = rng.choice([0.95, 0.96, 0.97, 0.98, 1.0])
    cost = round(places * rng.randint(*cost_range) * COST_FACTOR[level], -3)
    carried = round(cost * rng.uniform(-0.03, 0.03), -3) if rng.random() < 0.3 else 0
    postcode, lat, lon = _postcode(rng, town)
    tariff = tariffs.compute(int(cost), places, occupancy, year, int(carried))
    name = f"{PREFIX[service]} {rng.choice(PLACES)}"
    provider = {
        Operator.MUNICIPAL: f"{town.name} Kommune",
        Operator.REGIONAL: town.region,
        Operator.PRIVATE: f"{rng.choice(PLACES)} ApS",
    }[operator]
    return {
        "code": f"TP{town.code}{number:03d}",
        "name": f"{name}, {town.name}",
        "provider_name": provider,
        "operator": operator,
        "service_type": service,
        "offer_type_code": codes.offer_type_for(service).code,
        "target_groups": [_group(g) for g in groups],
        "specialisation": level,
        "places": places,
        # Highly specialised offers for small groups depend on referrals from the whole region.
        "occupied": min(
            places, round(places * rng.uniform(*(0.55, 0.9) if level == 3 else (0.8, 1.0)))
        ),
        "waiting": rng.choice([0, 0, 0, 1, 2, 3]),
        "budgeted_occupancy": occupancy,
        "postcode": postcode,
        "municipality_code": town.code,
        "region_code": town.region_code,
        "lat": lat,
        "lon": lon,
        "cost_basis": int(cost),
        "carried": int(carried),
        "tariff_year": year,
        "tariff_per_day": tariff.per_day,
        "mean_stay_days": rng.randint(*stay),
    }


def _request(
    rng: random.Random, town: Municipality, groups: list[str], today_ordinal: int
) -> dict[str, Any]:
    service = rng.choices(
        ["SEL-85", "SEL-107", "SEL-108", "SEL-104", "SEL-110"], weights=[20, 30, 35, 10, 5]
    )[0]
    group = rng.choice(groups) if rng.random() > 0.15 else _group(rng.choice(SPECIALISED_GROUPS))
    if service == "SEL-110":
        group = _group(rng.choice(HOMELESS_GROUPS))
    level = rng.choices([1, 2, 3], weights=[60, 30, 10])[0]
    if group in {_group(g) for g in SPECIALISED_GROUPS} - {_group(g) for g in GENERAL_GROUPS}:
        level = max(level, 2)
    postcode, _, _ = _postcode(rng, town)
    since = date.fromordinal(today_ordinal - rng.randint(0, 300))
    return {
        "municipality_code": town.code,
        "region_code": town.region_code,
        "postcode": postcode,
        "service_type": service,
        "target_group_code": group,
        "support_level": level,
        "waiting_since": since,
        "status": RequestStatus.WAITING,
        "relatives": [],
        "weights": {},
        "explanation": "",
        "free_choice": False,
    }


def generate(
    session: Session,
    seed: int = 1,
    people_per_offer: int = PEOPLE_PER_OFFER,
    progress: Callable[[int], None] | None = None,
    today: date | None = None,
) -> Landscape:
    """Create (or recreate) the synthetic landscape in the caller's transaction.

    Offers are keyed on their number, so a second run with the same seed changes nothing;
    the anonymous synthetic waiting list (requests without a citizen) is replaced.
    """
    rng = random.Random(seed)
    today_date = today or clock.today()
    stamp = datetime.combine(today_date, time(8), tzinfo=UTC)
    year = today_date.year
    existing = {o.code: o for o in session.scalars(select(Offer))}
    session.execute(delete(PlacementRequest).where(PlacementRequest.citizen_id.is_(None)))
    offers = requests = places = 0
    new: list[dict[str, Any]] = []
    waiting_rows: list[dict[str, Any]] = []
    general = [_group(g) for g in GENERAL_GROUPS]
    day = today_date.toordinal()
    for town in municipalities().values():
        count = max(3, round(town.population / people_per_offer))
        for number in range(1, count + 1):
            values = _offer(rng, town, number, year)
            offer = existing.get(values["code"])
            if offer is None:
                key = uuid.uuid5(NAMESPACE, values["code"])
                new.append(values | {"id": key, "created_at": stamp, "updated_at": stamp})
            else:
                for name, value in values.items():
                    setattr(offer, name, value)
            offers += 1
            places += values["places"]
        waiting = max(1, round(town.population / 1000 * WAITING_PER_THOUSAND))
        waiting_rows.extend(
            _request(rng, town, general, day)
            | {"id": uuid.uuid5(NAMESPACE, f"{seed}-{town.code}-{i}"), "created_at": stamp}
            for i in range(waiting)
        )
        requests += waiting
        if progress:
            progress(1)
    # Core inserts in batches: a national landscape in about a second.
    if new:
        session.execute(insert(Offer), new)
    if waiting_rows:
        session.execute(insert(PlacementRequest), waiting_rows)
    session.flush()
    return Landscape(offers, requests, places)
