# SPDX-License-Identifier: MPL-2.0
"""Reads of interventions and deliveries: access-checked and logged."""

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from samskab.access.actor import Actor
from samskab.access.policies import outside_provider, require_citizen, works_for_provider
from samskab.audit.actions import record_reads
from samskab.authorship.models import AuthoredText
from samskab.authorship.queries import history_of
from samskab.cases.models import Case
from samskab.cases.queries import case_for
from samskab.citizens.models import Citizen
from samskab.core.errors import Forbidden, NotFound
from samskab.interventions.models import (
    DeliveryRecord,
    FollowUp,
    Intervention,
    InterventionStatus,
)
from samskab.interventions.schemas import DeliveryOut, InterventionOut
from samskab.organisations.models import User
from samskab.plans.models import Goal


def interventions_for(
    session: Session, actor: Actor, case_ids: list[uuid.UUID], citizen_id: uuid.UUID
) -> list[tuple[Intervention, float]]:
    """Interventions on the citizen's cases, each with the amount delivered so far."""
    require_citizen(session, actor, citizen_id, "intervention.read", object_type="intervention")
    # Summed per intervention through the (intervention_id, delivered_on) index, not the table.
    delivered = (
        select(func.coalesce(func.sum(DeliveryRecord.amount), 0.0))
        .where(DeliveryRecord.intervention_id == Intervention.id)
        .scalar_subquery()
    )
    query = (
        select(Intervention, delivered)
        .join(Case, Case.id == Intervention.case_id)
        .where(Intervention.case_id.in_(case_ids), Case.citizen_id == citizen_id)
        .options(joinedload(Intervention.provider), selectinload(Intervention.goals))
        .order_by(Intervention.period_start.desc())
    )
    return [(row[0], float(row[1])) for row in session.execute(query)]


def interventions_of_case_for(
    session: Session, actor: Actor, case_id: uuid.UUID
) -> list[tuple[Intervention, float]]:
    """Interventions ordered on one case."""
    case = case_for(session, actor, case_id, "intervention.read")
    return interventions_for(session, actor, [case.id], case.citizen_id)


FOLLOW_UP = "follow_up"  # the subject type of a follow-up's note as authored text


@dataclass(frozen=True)
class FollowUpShown:
    """A follow-up as a caseworker reads it: on what, by whom, and every version of its note."""

    record: FollowUp
    service_display: str
    author_name: str
    versions: list[AuthoredText]


def follow_ups_of(session: Session, intervention_ids: list[uuid.UUID]) -> list[FollowUpShown]:
    """The follow-ups on interventions the caller has already been allowed to read (through
    interventions_for), newest first, with their notes and authors."""
    query = (
        select(FollowUp, Intervention.service_display, User.display_name)
        .join(Intervention, Intervention.id == FollowUp.intervention_id)
        .outerjoin(User, User.id == FollowUp.by_user_id)
        .where(FollowUp.intervention_id.in_(intervention_ids))
        .order_by(FollowUp.done_on.desc(), FollowUp.created_at.desc())
    )
    rows = list(session.execute(query))
    history = history_of(session, FOLLOW_UP, [record.id for record, _, _ in rows])
    return [
        FollowUpShown(record, service, author or "", history.get((record.id, "note"), []))
        for record, service, author in rows
    ]


def follow_ups_of_case_for(
    session: Session, actor: Actor, case_id: uuid.UUID
) -> list[FollowUpShown]:
    """The follow-ups on a case's interventions, newest first, with their notes and authors."""
    case = case_for(session, actor, case_id, "intervention.read")
    ids = select(Intervention.id).where(Intervention.case_id == case.id)
    return follow_ups_of(session, list(session.scalars(ids)))


def deliveries_for(
    session: Session,
    actor: Actor,
    intervention_id: uuid.UUID,
    *,
    limit: int = 100,
    offset: int = 0,
) -> list[DeliveryRecord]:
    """Deliveries under one intervention, newest first."""
    intervention = session.get(Intervention, intervention_id)
    if intervention is None:
        raise NotFound("Indsatsen")
    case = session.get_one(Case, intervention.case_id)
    if outside_provider(actor, intervention.provider_id):
        raise NotFound("Indsatsen")
    require_citizen(
        session,
        actor,
        case.citizen_id,
        "delivery.read",
        object_type="intervention",
        object_id=intervention.id,
        what="Indsatsen",
    )
    query = (
        select(DeliveryRecord)
        .where(DeliveryRecord.intervention_id == intervention.id)
        .order_by(DeliveryRecord.delivered_on.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(query))


def intervention_out(intervention: Intervention, delivered: float) -> InterventionOut:
    """An intervention as a response body."""
    return InterventionOut(
        id=intervention.id,
        case_id=intervention.case_id,
        code_system=intervention.code_system,
        service_code=intervention.service_code,
        service_display=intervention.service_display,
        legal_basis=intervention.legal_basis,
        provider_id=intervention.provider_id,
        provider_name=intervention.provider.name,
        scope_amount=intervention.scope_amount,
        scope_unit=intervention.scope_unit,
        period_start=intervention.period_start,
        period_end=intervention.period_end,
        status=intervention.status,
        goal_ids=[link.goal_id for link in intervention.goals],
        delivered_amount=delivered,
        decision_id=intervention.decision_id,
        follow_up_on=intervention.follow_up_on,
        provider_choice=intervention.provider_choice,
        quality_standard_id=intervention.quality_standard_id,
        version=intervention.version,
    )


def delivery_out(record: DeliveryRecord) -> DeliveryOut:
    """A delivery as a response body."""
    return DeliveryOut(
        id=record.id,
        delivered_on=record.delivered_on,
        amount=record.amount,
        delivered_by=record.delivered_by,
        note=record.note,
    )


def orders_for_provider(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """The running orders addressed to the actor's provider: who, what, how much, for which
    goals (in the citizen's words) and how much has been delivered. Nothing else."""
    if not works_for_provider(actor):
        raise Forbidden("Kun medarbejdere hos en udfører har bestillinger.")
    delivered = (
        select(func.coalesce(func.sum(DeliveryRecord.amount), 0.0))
        .where(DeliveryRecord.intervention_id == Intervention.id)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Intervention, Citizen, delivered)
        .join(Case, Case.id == Intervention.case_id)
        .join(Citizen, Citizen.id == Case.citizen_id)
        .where(
            Intervention.provider_id == actor.organisation_id,
            Intervention.status != InterventionStatus.ENDED,
        )
        .options(selectinload(Intervention.goals))
        .order_by(Citizen.last_name, Citizen.first_name)
    ).all()
    goal_ids = {link.goal_id for order, _, _ in rows for link in order.goals}
    words = (
        dict(
            session.execute(select(Goal.id, Goal.citizen_words).where(Goal.id.in_(goal_ids))).all()
        )
        if goal_ids
        else {}
    )
    record_reads(session, actor, "order.read", (citizen.id for _, citizen, _ in rows), "order")
    return [
        {
            "id": order.id,
            "citizen_name": citizen.full_name,
            "address": f"{citizen.address_line}, {citizen.postcode} {citizen.city}",
            "communication_needs": citizen.communication_needs or "",
            "service": order.service_display,
            "legal_basis": order.legal_basis,
            "scope_amount": order.scope_amount,
            "scope_unit": order.scope_unit,
            "period_start": order.period_start,
            "period_end": order.period_end,
            "goals": [words[link.goal_id] for link in order.goals if link.goal_id in words],
            "delivered_amount": float(amount),
        }
        for order, citizen, amount in rows
    ]
