# SPDX-License-Identifier: MPL-2.0
"""How an offer's tariff per day is computed, and how a year's result is carried forward.

Tariff per day = (cost basis + carried deficit − carried surplus)
                 ÷ (places × budgeted occupancy × days in the year).

The framework agreements budget an occupancy of 95–100 % and let an operator set aside a
surplus of up to 5 % of the year's turnover; the rest of a surplus, and a deficit, go into the
tariff of a later year (two years on in most agreements). All of this is a rule the region can
configure, not a constant.
"""

import calendar
from dataclasses import dataclass

from samskab.core import formats
from samskab.core.errors import InvalidInput
from samskab.core.settings import get_settings


@dataclass(frozen=True)
class TariffRule:
    """The region's agreed rule for budgeting and carrying results."""

    lowest_occupancy: float = 0.95
    highest_occupancy: float = 1.0
    # Share of the year's turnover a surplus may be set aside as reserve instead of returned.
    surplus_set_aside: float = 0.05
    # Whether a deficit is charged in a later tariff, and how many years later.
    carry_deficit: bool = True
    carry_years: int = 2


RULE = TariffRule()


def configured() -> TariffRule:
    """The rule this installation is configured with (SAMSKAB_TARIFF_* settings)."""
    settings = get_settings()
    return TariffRule(
        lowest_occupancy=settings.tariff_lowest_occupancy,
        highest_occupancy=settings.tariff_highest_occupancy,
        surplus_set_aside=settings.tariff_surplus_set_aside,
        carry_deficit=settings.tariff_carry_deficit,
        carry_years=settings.tariff_carry_years,
    )


@dataclass(frozen=True)
class Tariff:
    """A computed tariff with the figures it came from."""

    per_day: float
    cost_basis: int
    carried: int
    places: int
    occupancy: float
    days: int

    def explanation(self) -> str:
        """The computation in words, as a tariff sheet shows it."""
        carried = ""
        if self.carried > 0:
            carried = f" + underskud fra tidligere år {_kr(self.carried)}"
        elif self.carried < 0:
            carried = f" − overskud fra tidligere år {_kr(-self.carried)}"
        return (
            f"({_kr(self.cost_basis)}{carried}) ÷ ({_count(self.places, 'plads')} × "
            f"{_percent(self.occupancy, 1)} % belægning × {_count(self.days, 'dag')}) = "
            f"{_kr(self.per_day, decimals=2)} pr. døgn"
        )


def days_in(year: int) -> int:
    """Days in a budget year."""
    return 366 if calendar.isleap(year) else 365


def compute(
    cost_basis: int,
    places: int,
    occupancy: float,
    year: int,
    carried: int = 0,
    rule: TariffRule = RULE,
) -> Tariff:
    """The tariff per day for a year's budget, under the region's rule."""
    if places <= 0:
        raise InvalidInput("Et tilbud skal have mindst én plads.", field="places")
    if not rule.lowest_occupancy <= occupancy <= rule.highest_occupancy:
        raise InvalidInput(
            f"Den budgetterede belægning skal ligge mellem {_percent(rule.lowest_occupancy)} % "
            f"og {_percent(rule.highest_occupancy)} %.",
            field="budgeted_occupancy",
        )
    if cost_basis + carried <= 0:
        raise InvalidInput("Omkostningsgrundlaget skal være positivt.", field="cost_basis")
    days = days_in(year)
    per_day = (cost_basis + carried) / (places * occupancy * days)
    return Tariff(round(per_day, 2), cost_basis, carried, places, occupancy, days)


@dataclass(frozen=True)
class YearResult:
    """A closed year: revenue against cost, what is set aside and what is carried, and when."""

    revenue: float
    cost: int
    result: float
    set_aside: float
    carried: int
    into_year: int


def settle(
    tariff: Tariff, occupied_days: int, actual_cost: int, year: int, rule: TariffRule = RULE
) -> YearResult:
    """Close a year: a surplus up to the set-aside share stays as reserve, the rest is returned
    through a lower tariff later; a deficit is charged later (when the rule says so).

    `carried` is signed as on the offer: negative lowers a later tariff, positive raises it.
    """
    revenue = tariff.per_day * occupied_days
    result = revenue - actual_cost
    if result >= 0:
        set_aside = min(result, rule.surplus_set_aside * revenue)
        carried = -round(result - set_aside)
    else:
        set_aside = 0.0
        carried = round(-result) if rule.carry_deficit else 0
    return YearResult(
        round(revenue, 2),
        actual_cost,
        round(result, 2),
        round(set_aside, 2),
        carried,
        year + rule.carry_years,
    )


def at_occupancy(cost_basis: int, places: int, occupancy: float, year: int) -> float:
    """The tariff the same costs would need if only this share of places were used.

    Used by scenarios: an offer whose occupancy falls must charge more per day to cover
    the same costs (no budget rule applies; occupancy may be anything above zero).
    """
    if occupancy <= 0:
        return float("inf")
    return round(cost_basis / (places * occupancy * days_in(year)), 2)


def _percent(share: float, decimals: int = 0) -> str:
    return formats.number(share * 100, decimals, fixed=True, locale=formats.DANISH)


def _count(amount: int, noun: str) -> str:
    return formats.count(amount, noun, locale=formats.DANISH)


def _kr(amount: float, decimals: int = 0) -> str:
    return formats.kroner(amount, decimals, locale=formats.DANISH)
