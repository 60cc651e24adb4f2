# SPDX-License-Identifier: MPL-2.0
"""The CPR number as a value type that validates itself and never prints in full."""

import re
from dataclasses import dataclass
from datetime import date

from samskab.core.errors import InvalidCpr

_SHAPE = re.compile(r"^(\d{6})-?(\d{4})$")


def _century(year2: int, seventh: int) -> int:
    """The century of a CPR birth year, from the first digit of the serial number (CPR rules)."""
    if seventh <= 3:
        return 1900
    if seventh in (4, 9):
        return 2000 if year2 <= 36 else 1900
    return 2000 if year2 <= 57 else 1800


@dataclass(frozen=True, slots=True)
class Cpr:
    """A valid CPR number: ten digits naming a real birth date (no modulus-11 check)."""

    digits: str

    @classmethod
    def parse(cls, text: str) -> "Cpr":
        """Read 'DDMMYYSSSS' or 'DDMMYY-SSSS'; raise InvalidCpr with a Danish message otherwise."""
        match = _SHAPE.match(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise InvalidCpr(
                "CPR-nummeret skal bestå af 10 cifre, evt. skrevet som DDMMÅÅ-XXXX.", field="cpr"
            )
        cpr = cls(match.group(1) + match.group(2))
        try:
            cpr.birth_date()
        except ValueError:
            raise InvalidCpr(
                "CPR-nummeret angiver ikke en gyldig fødselsdato.", field="cpr"
            ) from None
        return cpr

    def birth_date(self) -> date:
        """The birth date encoded in the number."""
        day, month, year2 = int(self.digits[0:2]), int(self.digits[2:4]), int(self.digits[4:6])
        return date(_century(year2, int(self.digits[6])) + year2, month, day)

    @property
    def is_male(self) -> bool:
        """By the CPR rules an odd last digit is assigned to men."""
        return int(self.digits[9]) % 2 == 1

    def age_on(self, day: date) -> int:
        """Age in whole years on a given day."""
        born = self.birth_date()
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def masked(self) -> str:
        """The form safe to show by default: birth date only, 'DDMMÅÅ-xxxx'."""
        return f"{self.digits[:6]}-xxxx"

    @property
    def formatted(self) -> str:
        """The full number as people write it; show only on an audited reveal."""
        return f"{self.digits[:6]}-{self.digits[6:]}"

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"Cpr({self.masked!r})"
