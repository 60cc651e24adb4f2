# SPDX-License-Identifier: MPL-2.0
"""Demand and capacity per target group and region: occupancy, waiting times and a forecast.

Arrivals per year are those who replace the residents leaving (occupied ÷ mean stay, in
steady state) plus the new requests of the last twelve months. Needed places follow Little's
law (arrivals per day × mean length of stay). The wait is the
M/M/c queue's (Erlang C) mean wait for a place, with c = the places serving the group; an
offer serving several groups counts its places in equal shares. A plain, explainable model
for steering, not a promise to any one citizen.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import plans_regionally
from samskab.audit.actions import record
from samskab.core import clock
from samskab.core.errors import Forbidden
from samskab.offers import codes
from samskab.offers.models import Offer, PlacementRequest, RequestStatus


def erlang_c(servers: int, load: float) -> float:
    """Probability that an arrival must wait in an M/M/c queue (load = λ/μ < servers)."""
    if servers <= 0 or load >= servers:
        return 1.0
    blocking = 1.0  # Erlang B by its stable recurrence
    for k in range(1, servers + 1):
        blocking = load * blocking / (k + load * blocking)
    return servers * blocking / (servers - load * (1 - blocking))


def mean_wait_days(servers: int, arrivals_per_day: float, stay_days: float) -> float | None:
    """Mean wait for a place in days; None when demand exceeds capacity (the queue grows)."""
    if arrivals_per_day <= 0:
        return 0.0
    load = arrivals_per_day * stay_days
    if servers <= 0 or load >= servers:
        return None
    service_rate = 1 / stay_days
    return erlang_c(servers, load) / (servers * service_rate - arrivals_per_day)


@dataclass(frozen=True)
class GroupOutlook:
    """One target group in one region."""

    region_code: str
    target_group: str
    places: float
    occupied: float
    waiting: int
    waited_days_median: int
    arrivals_per_year: int
    mean_stay_days: float
    needed_places: float
    wait_days: float | None

    @property
    def occupancy(self) -> float:
        """Share of the group's places in use now."""
        return self.occupied / self.places if self.places else 0.0


def outlook(session: Session, actor: Actor, region_code: str | None = None) -> list[GroupOutlook]:
    """Per region and target group: capacity, queue, arrivals and the forecast."""
    if not plans_regionally(actor):
        raise Forbidden("Prognoser er for den regionale koordinator og analytikere.")
    record(session, actor, "offers.forecast", citizen_id=None, object_type="aggregate")
    offers = select(Offer)
    if region_code:
        offers = offers.where(Offer.region_code == region_code)
    capacity: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for offer in session.scalars(offers):
        share = 1 / len(offer.target_groups) if offer.target_groups else 0
        for group in offer.target_groups:
            entry = capacity[(offer.region_code, group)]
            entry[0] += offer.places * share
            entry[1] += offer.occupied * share
            entry[2] += offer.places * share * offer.mean_stay_days
    today = clock.today()
    year_ago = today - timedelta(days=365)
    queue = select(
        PlacementRequest.region_code,
        PlacementRequest.target_group_code,
        PlacementRequest.status,
        PlacementRequest.waiting_since,
    ).where(PlacementRequest.waiting_since >= year_ago)
    if region_code:
        queue = queue.where(PlacementRequest.region_code == region_code)
    arrivals: dict[tuple[str, str], int] = defaultdict(int)
    waits: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in session.execute(queue):
        key = (row.region_code, row.target_group_code)
        arrivals[key] += 1
        if row.status == RequestStatus.WAITING:
            waits[key].append((today - row.waiting_since).days)
    older = session.execute(
        select(PlacementRequest.region_code, PlacementRequest.target_group_code, func.count())
        .where(
            PlacementRequest.waiting_since < year_ago,
            PlacementRequest.status == RequestStatus.WAITING,
        )
        .group_by(PlacementRequest.region_code, PlacementRequest.target_group_code)
    )
    long_waiting = {(r, g): n for r, g, n in older}
    groups = codes.target_groups()
    found = []
    for key in sorted(set(capacity) | set(arrivals)):
        places, occupied, stay_weight = capacity.get(key, [0.0, 0.0, 0.0])
        # A stay below a day cannot come from a checked import; keep the forecast defined anyway.
        stay = max(stay_weight / places, 1.0) if places else 365.0
        per_year = (
            round(occupied * 365 / stay) + arrivals.get(key, 0) if places else arrivals.get(key, 0)
        )
        waited = sorted(waits.get(key, []))
        found.append(
            GroupOutlook(
                region_code=key[0],
                target_group=groups[key[1]].display if key[1] in groups else key[1],
                places=round(places, 1),
                occupied=round(occupied, 1),
                waiting=len(waited) + long_waiting.get(key, 0),
                waited_days_median=waited[len(waited) // 2] if waited else 0,
                arrivals_per_year=per_year,
                mean_stay_days=round(stay),
                needed_places=round(per_year / 365 * stay, 1),
                wait_days=mean_wait_days(int(places), per_year / 365, stay),
            )
        )
    return found
