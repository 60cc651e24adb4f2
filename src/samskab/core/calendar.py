# SPDX-License-Identifier: MPL-2.0
"""Legal deadlines in Danish calendar days: a deadline on a weekend or holiday moves on."""

from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _danish_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("DK", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Danish public holiday."""
    return day.weekday() < 5 and day not in _danish_holidays(day.year)


def deadline_after(start: date, days: int) -> date:
    """The day `days` calendar days after `start`, moved to the next working day if needed."""
    day = start + timedelta(days=days)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
