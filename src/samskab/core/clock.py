# SPDX-License-Identifier: MPL-2.0
"""Time: UTC for storage, Europe/Copenhagen for people and legal deadlines."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def now() -> datetime:
    """The current moment, timezone-aware in UTC."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in Denmark, the calendar legal deadlines are counted in."""
    return now().astimezone(COPENHAGEN).date()


def local(moment: datetime) -> datetime:
    """A stored moment shown in Danish local time."""
    return moment.astimezone(COPENHAGEN)
