# SPDX-License-Identifier: MPL-2.0
"""Aggregates without personal data: counts per municipality, service type and status, with any
cell under five suppressed so no citizen can be singled out."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import plans_regionally, reads_aggregates
from samskab.audit.actions import record
from samskab.cases.models import Case
from samskab.core.errors import Forbidden

SMALLEST = 5


@dataclass(frozen=True)
class Cell:
    """One count, or None where it is suppressed (fewer than five)."""

    municipality_code: str
    service_type: str
    status: str
    count: int | None


def case_counts(session: Session, actor: Actor) -> list[Cell]:
    """Cases per municipality, service type and status; cells under five suppressed."""
    if not reads_aggregates(actor):
        raise Forbidden("Samlede tal er for analytikere, koordinatorer og teamledere.")
    query = (
        select(Case.municipality_code, Case.service_type, Case.status, func.count())
        .group_by(Case.municipality_code, Case.service_type, Case.status)
        .order_by(Case.municipality_code, Case.service_type, Case.status)
    )
    if not plans_regionally(actor):
        query = query.where(Case.municipality_code == actor.municipality_code)
    record(session, actor, "insights.read", citizen_id=None, object_type="aggregate")
    return [Cell(m, s, st, n if n >= SMALLEST else None) for m, s, st, n in session.execute(query)]
