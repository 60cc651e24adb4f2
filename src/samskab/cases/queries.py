# SPDX-License-Identifier: MPL-2.0
"""Reads of cases: access-checked and logged."""

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, func, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session, joinedload

from samskab.access.actor import Actor
from samskab.access.policies import (
    first_with_access,
    log_list_reads,
    require_citizen,
    visible_citizen_ids,
)
from samskab.cases.models import Case, CaseReferral, CaseTransition, QualityStandard
from samskab.cases.schemas import CaseOut, CaseScope, ReferralOut
from samskab.cases.states import AWAITING_DECISION, LABELS, OPEN, CaseStatus
from samskab.citizens.models import Citizen
from samskab.core import clock
from samskab.core.errors import NotFound


@dataclass(frozen=True)
class CaseFilter:
    """What to list: whose cases, which statuses and service types, only overdue ones."""

    scope: CaseScope = CaseScope.MINE
    status: CaseStatus | None = None
    service_type: str | None = None
    open_only: bool = True
    overdue: bool = False


def case_for(session: Session, actor: Actor, case_id: uuid.UUID, action: str = "case.read") -> Case:
    """One case, if the actor may see its citizen; the access is logged as `action`. The
    case, its citizen and the access rule are read in one statement."""
    query = select(Case).options(joinedload(Case.citizen)).where(Case.id == case_id)
    case, seen = first_with_access(session, actor, query, Case.citizen_id)
    if case is None:
        raise NotFound("Sagen")
    require_citizen(
        session,
        actor,
        case.citizen_id,
        action,
        object_type="case",
        object_id=case.id,
        what="Sagen",
        seen=seen,
    )
    return case


def _conditions(actor: Actor, wanted: CaseFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        Case.team_id.in_(actor.team_ids),
        Case.citizen_id.in_(visible_citizen_ids(actor)),
    ]
    if wanted.scope is CaseScope.MINE:
        conditions.append(Case.caseworker_id == actor.user_id)
    if wanted.status is not None:
        conditions.append(Case.status == wanted.status)
    elif wanted.open_only:
        conditions.append(Case.status.in_(OPEN))
    if wanted.service_type:
        conditions.append(Case.service_type == wanted.service_type)
    if wanted.overdue:
        conditions += [Case.status.in_(AWAITING_DECISION), Case.deadline_on < clock.today()]
    return conditions


def listing(actor: Actor, wanted: CaseFilter) -> Select[Case]:
    """The cases an actor may list with these filters, as a query (no read is logged)."""
    return select(Case).where(*_conditions(actor, wanted))


MOST_URGENT_FIRST = (
    sql_case((Case.status.in_(AWAITING_DECISION), 0), else_=1),
    Case.deadline_on,
    Case.id,
)


def _page_and_total(
    session: Session,
    query: Select[*tuple[Any, ...]],
    counted: Select[Case],
    limit: int,
    offset: int,
) -> tuple[list[Row[*tuple[Any, ...]]], int]:
    """A page of a listing, most urgent first, with the total counted in the same statement
    (a page past the end counts `counted` on its own)."""
    rows = session.execute(
        query.add_columns(func.count().over().label("total"))
        .order_by(*MOST_URGENT_FIRST)
        .limit(limit)
        .offset(offset)
    ).all()
    if rows:
        return list(rows), int(rows[0][-1])
    if not offset:
        return [], 0
    return [], session.scalar(select(func.count()).select_from(counted.subquery())) or 0


def cases_for(
    session: Session, actor: Actor, wanted: CaseFilter, *, limit: int = 50, offset: int = 0
) -> tuple[list[Case], int]:
    """A page of the actor's or their teams' cases, most urgent deadline first, and the total."""
    query = listing(actor, wanted)
    rows, total = _page_and_total(
        session, query.options(joinedload(Case.citizen)), query, limit, offset
    )
    page = [row[0] for row in rows]
    log_list_reads(session, actor, (case.citizen_id for case in page), "case")
    return page, total


def case_page_for(
    session: Session, actor: Actor, wanted: CaseFilter, *, limit: int = 50, offset: int = 0
) -> tuple[list[CaseOut], int]:
    """`cases_for` as response bodies, read as plain rows of the columns shown: for the API's
    list, where loading whole cases and citizens as objects costs more than it gives."""
    query = (
        select(
            Case.id,
            Case.citizen_id,
            Citizen.first_name,
            Citizen.last_name,
            Case.service_type,
            Case.legal_basis,
            Case.area,
            Case.title,
            Case.status,
            Case.team_id,
            Case.caseworker_id,
            Case.received_on,
            Case.deadline_on,
        )
        .join_from(Case, Citizen, Citizen.id == Case.citizen_id)
        .where(*_conditions(actor, wanted))
    )
    rows, total = _page_and_total(session, query, listing(actor, wanted), limit, offset)
    log_list_reads(session, actor, (row.citizen_id for row in rows), "case")
    return [_out(row, f"{row.first_name} {row.last_name}") for row in rows], total


def cases_of_citizen_for(session: Session, actor: Actor, citizen_id: uuid.UUID) -> list[Case]:
    """All of a citizen's cases across areas and teams (the RSL § 5 whole picture)."""
    require_citizen(session, actor, citizen_id, "citizen.cases")
    query = (
        select(Case)
        .options(joinedload(Case.team), joinedload(Case.caseworker))
        .where(Case.citizen_id == citizen_id)
        .order_by(Case.received_on.desc())
    )
    return list(session.scalars(query))


def search_inquiries_for(
    session: Session, actor: Actor, text: str, *, limit: int = 20
) -> list[Case]:
    """Cases whose inquiry text holds all these words, among citizens the actor may see."""
    words = re.findall(r"\w+", text.lower())[:8]
    if not words:
        return []
    inquiry = func.lower(Case.inquiry_text)
    query = (
        select(Case)
        .options(joinedload(Case.citizen))
        .where(Case.citizen_id.in_(visible_citizen_ids(actor)))
        .where(*(inquiry.contains(word, autoescape=True) for word in words))
        .order_by(Case.received_on.desc())
        .limit(limit)
    )
    found = list(session.scalars(query))
    log_list_reads(session, actor, (case.citizen_id for case in found), "case")
    return found


def case_ids_of(session: Session, citizen_id: uuid.UUID) -> list[uuid.UUID]:
    """The ids of a citizen's cases, newest first, for callers that read each case's parts
    through their own access check (a relative consented to decisions or help, not to the
    cases themselves). Ids alone say nothing about the citizen."""
    query = select(Case.id).where(Case.citizen_id == citizen_id)
    return list(session.scalars(query.order_by(Case.received_on.desc())))


def history_of(session: Session, case: Case) -> list[CaseTransition]:
    """The status history of a case the caller has already been allowed to read."""
    query = select(CaseTransition).where(CaseTransition.case_id == case.id)
    return list(session.scalars(query.order_by(CaseTransition.at)))


def days_left(case: Case) -> int | None:
    """Days until the processing deadline while a decision is awaited, else None."""
    return _days_left(CaseStatus(case.status), case.deadline_on)


def _days_left(status: CaseStatus, deadline_on: date) -> int | None:
    if status not in AWAITING_DECISION:
        return None
    return (deadline_on - clock.today()).days


def case_out(case: Case) -> CaseOut:
    """A case as a response body."""
    return _out(case, case.citizen.full_name)


def _out(case: Case | Row[*tuple[Any, ...]], citizen_name: str) -> CaseOut:
    left = _days_left(CaseStatus(case.status), case.deadline_on)
    return CaseOut(
        id=case.id,
        citizen_id=case.citizen_id,
        citizen_name=citizen_name,
        service_type=case.service_type,
        legal_basis=case.legal_basis,
        area=case.area,
        title=case.title,
        status=CaseStatus(case.status),
        status_label=LABELS[CaseStatus(case.status)],
        team_id=case.team_id,
        caseworker_id=case.caseworker_id,
        received_on=case.received_on,
        deadline_on=case.deadline_on,
        days_left=left,
        overdue=left is not None and left < 0,
    )


def quality_standards(
    session: Session, municipality_code: str | None, on: date | None = None
) -> dict[str, QualityStandard]:
    """The version of each of the municipality's quality standards in force on a day (today
    by default), by service type (no personal data)."""
    day = on or clock.today()
    query = (
        select(QualityStandard)
        .where(
            QualityStandard.municipality_code == municipality_code,
            QualityStandard.valid_from <= day,
        )
        .order_by(QualityStandard.valid_from, QualityStandard.edition)
    )
    return {standard.service_type: standard for standard in session.scalars(query)}


def quality_standard_versions(
    session: Session, municipality_code: str | None
) -> dict[str, list[QualityStandard]]:
    """Every version of the municipality's quality standards, newest first, by service type."""
    query = (
        select(QualityStandard)
        .where(QualityStandard.municipality_code == municipality_code)
        .order_by(QualityStandard.edition.desc())
    )
    versions: dict[str, list[QualityStandard]] = {}
    for standard in session.scalars(query):
        versions.setdefault(standard.service_type, []).append(standard)
    return versions


def standards_by_id(
    session: Session, ids: Iterable[uuid.UUID | None]
) -> dict[uuid.UUID, QualityStandard]:
    """Quality standard versions by id (those a decision or order refers to)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    query = select(QualityStandard).where(QualityStandard.id.in_(wanted))
    return {standard.id: standard for standard in session.scalars(query)}


def referral_out(referral: CaseReferral) -> ReferralOut:
    """An inquiry waiting for acceptance, as shown to the team that decides on it."""
    return ReferralOut(
        id=referral.id,
        citizen_id=referral.citizen_id,
        from_name=referral.from_name,
        from_team_id=referral.from_team_id,
        service_type=str(referral.inquiry.get("service_type", "")),
        received_on=referral.inquiry["received_on"],
        inquiry_text=str(referral.inquiry.get("inquiry_text", "")),
        status=referral.status,
    )
