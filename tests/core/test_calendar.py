# SPDX-License-Identifier: MPL-2.0
from datetime import date

from samskab.core.calendar import deadline_after, is_working_day


def test_four_weeks_from_a_tuesday_is_a_tuesday() -> None:
    assert deadline_after(date(2026, 11, 3), 28) == date(2026, 12, 1)


def test_a_deadline_on_a_saturday_moves_to_monday() -> None:
    assert deadline_after(date(2026, 10, 3), 28) == date(2026, 11, 2)


def test_a_deadline_on_easter_monday_moves_to_tuesday() -> None:
    assert not is_working_day(date(2026, 4, 6))
    assert deadline_after(date(2026, 3, 9), 28) == date(2026, 4, 7)


def test_christmas_holidays_are_not_working_days() -> None:
    assert deadline_after(date(2026, 11, 27), 28) == date(2026, 12, 28)
