# SPDX-License-Identifier: MPL-2.0
"""Synthetic people: Danish names and addresses (Faker da_DK lists) and valid CPR numbers."""

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from faker.providers.address.da_DK import Provider as Addresses
from faker.providers.person.da_DK import Provider as Names

from samskab.core.cpr import Cpr
from samskab.terminology.geography import Postcode

# Rough Danish age pyramid: (lowest age, highest age, share of the population in per mille).
AGE_BANDS = ((0, 17, 205), (18, 29, 160), (30, 49, 250), (50, 66, 215), (67, 79, 120), (80, 99, 50))


_ASCII = str.maketrans(
    {"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "o", " ": "", "-": ""}
)


def seeded_uuid(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID drawn from a seeded generator, so a seed gives the same keys."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


@dataclass(frozen=True)
class Person:
    """A synthetic person."""

    cpr: Cpr
    first_name: str
    last_name: str
    address_line: str
    postcode: str
    city: str
    phone: str | None
    email: str | None


def draw_age(rng: random.Random) -> int:
    """An age drawn from the pyramid."""
    pick = rng.randrange(1000)
    for low, high, share in AGE_BANDS:
        if pick < share:
            return rng.randint(low, high)
        pick -= share
    return rng.randint(18, 66)


def draw_cpr(rng: random.Random, age: int, female: bool, today: date, taken: set[str]) -> Cpr:
    """A syntactically valid CPR number for someone of this age and sex, not used before."""
    while True:
        born = today - timedelta(days=age * 365 + rng.randrange(365))
        seventh = rng.randint(0, 3) if born.year < 2000 else rng.choice((4, 5, 6, 7, 8, 9))
        if born.year < 1937 and seventh == 3:
            seventh = rng.randint(0, 2)
        last = rng.choice((0, 2, 4, 6, 8)) if female else rng.choice((1, 3, 5, 7, 9))
        digits = f"{born:%d%m}{born.year % 100:02d}{seventh}{rng.randint(0, 99):02d}{last}"
        if digits not in taken:
            taken.add(digits)
            cpr = Cpr(digits)
            assert cpr.birth_date() == born
            return cpr


def draw_person(
    rng: random.Random,
    today: date,
    postcodes: tuple[Postcode, ...],
    taken: set[str],
    *,
    age: int | None = None,
    female: bool | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
) -> Person:
    """A whole synthetic person living in one of the given postcodes."""
    female = rng.random() < 0.5 if female is None else female
    age = draw_age(rng) if age is None else age
    first = first_name or rng.choice(Names.first_names_female if female else Names.first_names_male)
    last = last_name or rng.choice(Names.last_names)
    street = rng.choice(Addresses.street_names) + rng.choice(Addresses.street_suffixes)
    number = rng.randint(1, 120)
    floor = f", {rng.randint(1, 5)}. {rng.choice(('th', 'tv', 'mf'))}" if rng.random() < 0.4 else ""
    area = rng.choice(postcodes)
    code = rng.randint(area.first, area.last)
    phone = f"{rng.randint(2, 9)}{rng.randint(0, 9_999_999):07d}" if rng.random() < 0.9 else None
    handle = f"{first}.{last}".lower().translate(_ASCII)
    email = f"{handle}{rng.randint(1, 99)}@example.dk" if age > 15 and rng.random() < 0.6 else None
    return Person(
        draw_cpr(rng, age, female, today, taken),
        first,
        last,
        f"{street} {number}{floor}",
        f"{code:04d}",
        area.name,
        phone,
        email,
    )
