# SPDX-License-Identifier: MPL-2.0
"""Danish municipalities and postcodes, from the shipped DAGI-derived files."""

import csv
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

from samskab.core.errors import UnknownCode


@dataclass(frozen=True)
class Municipality:
    """A municipality with its code, region, representative point and rough size."""

    code: str
    name: str
    region_code: str
    region: str
    lat: float
    lon: float
    area_km2: float
    population: int


@dataclass(frozen=True)
class Postcode:
    """A postcode area (a single code or a range such as 1000-1499) with its point."""

    first: int
    last: int
    name: str
    lat: float
    lon: float

    @property
    def label(self) -> str:
        """The code as published."""
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("samskab.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def municipalities() -> dict[str, Municipality]:
    """The 98 municipalities by kommunekode."""
    return {
        row["kommunekode"]: Municipality(
            row["kommunekode"],
            row["navn"],
            row["regionskode"],
            row["region"],
            float(row["lat"]),
            float(row["lon"]),
            float(row["area_km2_approx"]),
            int(row["population_approx_thousands"]) * 1000,
        )
        for row in _rows("kommuner.csv")
    }


def municipality(code: str) -> Municipality:
    """One municipality by kommunekode."""
    try:
        return municipalities()[code]
    except KeyError:
        raise UnknownCode(
            f"Kommunekoden '{code[:10]}' findes ikke.", field="municipality_code"
        ) from None


@cache
def postcodes() -> list[Postcode]:
    """All postcode areas."""
    found = []
    for row in _rows("postnumre.csv"):
        first, _, last = row["postnr"].partition("-")
        found.append(
            Postcode(
                int(first), int(last or first), row["navn"], float(row["lat"]), float(row["lon"])
            )
        )
    return found


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


@cache
def postcodes_by_municipality() -> dict[str, tuple[Postcode, ...]]:
    """Each postcode assigned to the municipality whose point is nearest relative to its size."""
    towns = list(municipalities().values())
    grouped: dict[str, list[Postcode]] = {m.code: [] for m in towns}
    for postcode in postcodes():
        nearest = min(
            towns,
            key=lambda m: (
                km_between(postcode.lat, postcode.lon, m.lat, m.lon) / math.sqrt(m.area_km2)
            ),
        )
        grouped[nearest.code].append(postcode)
    return {code: tuple(found) for code, found in grouped.items()}


def lies_in(postcode: Postcode, town: Municipality) -> bool:
    """Whether a postcode area plausibly lies in a municipality.

    The postcode list carries a point per area, not its boundary, and one postcode can span
    several municipalities: accept the area when its point is within twice the radius of a
    circle of the municipality's size (plus 15 km) of the municipality's point, or when the
    municipality is the one the area is nearest to (islands such as Anholt in Norddjurs)."""
    radius = math.sqrt(town.area_km2 / math.pi)
    near = km_between(postcode.lat, postcode.lon, town.lat, town.lon) <= 2 * radius + 15
    return near or postcode in postcodes_by_municipality()[town.code]


def postcode_for(number: int) -> Postcode | None:
    """The postcode area containing a number, if any."""
    return next((p for p in postcodes() if p.first <= number <= p.last), None)
