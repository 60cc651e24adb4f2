# SPDX-License-Identifier: MPL-2.0
"""Delivered against allocated: how much of an order was delivered per period, and deviations.

"3 timer pr. uge bevilget · 10,5 timer pr. uge leveret i november": the delivered amount is
measured over the last whole month the order ran (or the current month so far, for an order
that began this month) and expressed in the order's own unit, so the two can be compared.
"""

import calendar
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.interventions.models import DeliveryRecord, Intervention

TOLERANCE = 0.10  # a delivery within 10 % of the allocation is no deviation
SHORTEST_MEASURE = 7  # days: a shorter window says too little to flag anything


class Deviation(StrEnum):
    """Which way the delivery strays from the allocation."""

    MORE = "mere"
    LESS = "mindre"


DEVIATION_DISPLAY = {
    Deviation.MORE: "Leveret mere end bevilget",
    Deviation.LESS: "Leveret mindre end bevilget",
}


@dataclass(frozen=True)
class Pace:
    """Allocated and delivered for one order over one month, in the order's unit."""

    allocated: float
    unit: str
    delivered: float
    month: date
    so_far: bool
    deviation: Deviation | None


def _window(order: Intervention, today: date) -> tuple[date, date, bool] | None:
    """The month to measure (first day, last day counted, whether it is still running)."""
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    month = last_month if order.period_start < this_month else this_month
    last_day = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    start = max(month, order.period_start)
    end = min(last_day, today, order.period_end or last_day)
    if end < start:
        return None
    return start, end, month == this_month


def _rate(total: float, unit: str, start: date, end: date) -> float:
    """The delivered total as a rate in the order's unit ('pr. uge', 'pr. måned')."""
    days = (end - start).days + 1
    if unit.endswith("pr. uge"):
        return total * 7 / days
    if unit.endswith("pr. måned"):
        return total * calendar.monthrange(start.year, start.month)[1] / days
    return total


def _is_rate(unit: str) -> bool:
    return unit.endswith(("pr. uge", "pr. måned"))


def _deviation(allocated: float, delivered: float, days: int) -> Deviation | None:
    if days < SHORTEST_MEASURE or allocated <= 0:
        return None
    if delivered > allocated * (1 + TOLERANCE):
        return Deviation.MORE
    if delivered < allocated * (1 - TOLERANCE):
        return Deviation.LESS
    return None


def paces_of(session: Session, orders: list[Intervention], today: date) -> dict[uuid.UUID, Pace]:
    """The pace of each order, for orders the caller has already read with an access check."""
    windows = {o.id: w for o in orders if (w := _window(o, today)) is not None}
    if not windows:
        return {}
    earliest = min(start for start, _, _ in windows.values())
    rows = session.execute(
        select(DeliveryRecord.intervention_id, DeliveryRecord.delivered_on, DeliveryRecord.amount)
        .where(
            DeliveryRecord.intervention_id.in_(list(windows)),
            DeliveryRecord.delivered_on >= earliest,
        )
        .order_by(DeliveryRecord.intervention_id)
    ).all()
    totals = dict.fromkeys(windows, 0.0)
    for order_id, day, amount in rows:
        start, end, _ = windows[order_id]
        if start <= day <= end:
            totals[order_id] += float(amount)
    paces = {}
    for order in orders:
        if order.id not in windows:
            continue
        start, end, so_far = windows[order.id]
        delivered = _rate(totals[order.id], order.scope_unit, start, end)
        days = (end - start).days + 1
        paces[order.id] = Pace(
            order.scope_amount,
            order.scope_unit,
            round(delivered, 1),
            start.replace(day=1),
            so_far,
            _deviation(order.scope_amount, delivered, days) if _is_rate(order.scope_unit) else None,
        )
    return paces


MONTHS_SHOWN = 6  # the months of delivery history shown beside an order


def _months(order: Intervention, today: date, count: int) -> list[tuple[date, date, bool]]:
    """The order's months up to this one (at most `count`, newest first): first and last day
    counted, and whether the month is still running."""
    this_month = today.replace(day=1)
    found: list[tuple[date, date, bool]] = []
    month = this_month
    while len(found) < count and month >= order.period_start.replace(day=1):
        last_day = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        start = max(month, order.period_start)
        end = min(last_day, today, order.period_end or last_day)
        if start <= end:
            found.append((start, end, month == this_month))
        month = (month - timedelta(days=1)).replace(day=1)
    return found


def monthly_paces(
    session: Session, orders: list[Intervention], today: date, months: int = MONTHS_SHOWN
) -> dict[uuid.UUID, list[Pace]]:
    """Allocated and delivered for each of an order's last months, newest first, each with its
    deviation; for orders the caller has already read with an access check."""
    windows = {o.id: w for o in orders if (w := _months(o, today, months))}
    if not windows:
        return {}
    earliest = min(start for found in windows.values() for start, _, _ in found)
    rows = session.execute(
        select(DeliveryRecord.intervention_id, DeliveryRecord.delivered_on, DeliveryRecord.amount)
        .where(
            DeliveryRecord.intervention_id.in_(list(windows)),
            DeliveryRecord.delivered_on >= earliest,
        )
        .order_by(DeliveryRecord.intervention_id)
    ).all()
    delivered_on: dict[uuid.UUID, list[tuple[date, float]]] = {}
    for order_id, day, amount in rows:
        delivered_on.setdefault(order_id, []).append((day, float(amount)))
    paces: dict[uuid.UUID, list[Pace]] = {}
    for order in orders:
        for start, end, so_far in windows.get(order.id, []):
            month = start.replace(day=1)
            total = sum(a for day, a in delivered_on.get(order.id, []) if start <= day <= end)
            delivered = _rate(total, order.scope_unit, start, end)
            days = (end - start).days + 1
            deviation = (
                _deviation(order.scope_amount, delivered, days)
                if _is_rate(order.scope_unit)
                else None
            )
            paces.setdefault(order.id, []).append(
                Pace(
                    order.scope_amount,
                    order.scope_unit,
                    round(delivered, 1),
                    month,
                    so_far,
                    deviation,
                )
            )
    return paces
