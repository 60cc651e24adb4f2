# SPDX-License-Identifier: MPL-2.0
"""Interventions (orders to providers) and deliveries."""

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from samskab.api.deps import CurrentActor, DbSession
from samskab.api.idempotency import IdempotencyKey as Once
from samskab.interventions.actions import (
    change_order,
    follow_up,
    order_intervention,
    record_delivery,
)
from samskab.interventions.queries import (
    deliveries_for,
    delivery_out,
    intervention_out,
    interventions_of_case_for,
    orders_for_provider,
)
from samskab.interventions.schemas import (
    DeliveryIn,
    DeliveryOut,
    FollowUpIn,
    InterventionIn,
    InterventionOut,
    OrderChangeIn,
)

router = APIRouter(tags=["Indsatser"])


@router.post(
    "/cases/{case_id}/interventions",
    status_code=201,
    summary="Bestil en indsats",
    response_model=InterventionOut,
)
def create(
    case_id: uuid.UUID, body: InterventionIn, session: DbSession, actor: CurrentActor, once: Once
) -> Any:
    def order() -> InterventionOut:
        intervention = order_intervention(session, actor, case_id, body)
        session.refresh(intervention, ["goals", "provider"])
        return intervention_out(intervention, 0.0)

    return once.run(body, order)


@router.get("/cases/{case_id}/interventions", summary="Sagens indsatser, bevilget og leveret")
def listing(case_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> list[InterventionOut]:
    return [intervention_out(i, d) for i, d in interventions_of_case_for(session, actor, case_id)]


@router.patch(
    "/interventions/{intervention_id}",
    summary="Ret en bestilling (omfang, slutdato, opfølgning); 409 hvis den er ændret imens",
)
def change(
    intervention_id: uuid.UUID, body: OrderChangeIn, session: DbSession, actor: CurrentActor
) -> InterventionOut:
    order = change_order(session, actor, intervention_id, body)
    delivered = dict((i.id, d) for i, d in interventions_of_case_for(session, actor, order.case_id))
    return intervention_out(order, delivered.get(order.id, 0.0))


@router.post(
    "/interventions/{intervention_id}/deliveries", status_code=201, summary="Registrér en leverance"
)
def deliver(
    intervention_id: uuid.UUID, body: DeliveryIn, session: DbSession, actor: CurrentActor
) -> DeliveryOut:
    return delivery_out(record_delivery(session, actor, intervention_id, body))


@router.get("/interventions/{intervention_id}/deliveries", summary="Leverancer, nyeste først")
def deliveries(
    intervention_id: uuid.UUID,
    session: DbSession,
    actor: CurrentActor,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[DeliveryOut]:
    found = deliveries_for(session, actor, intervention_id, limit=limit, offset=offset)
    return [delivery_out(d) for d in found]


@router.post(
    "/interventions/{intervention_id}/follow-ups",
    status_code=201,
    summary="Følg op: fortsæt, afslut eller afslut og visitér til ny",
)
def create_follow_up(
    intervention_id: uuid.UUID, body: FollowUpIn, session: DbSession, actor: CurrentActor
) -> dict[str, str]:
    record = follow_up(session, actor, intervention_id, body)
    return {"id": str(record.id), "outcome": record.outcome, "outcome_code": record.outcome_code}


class OrderOut(BaseModel):
    """An order as the provider sees it: only what is needed to deliver it."""

    id: uuid.UUID
    citizen_name: str
    address: str
    communication_needs: str
    service: str
    legal_basis: str
    scope_amount: float
    scope_unit: str
    period_start: date
    period_end: date | None
    goals: list[str]
    delivered_amount: float


@router.get("/provider/orders", summary="Udførerens bestillinger (kun egne, med målene de tjener)")
def provider_orders(session: DbSession, actor: CurrentActor) -> list[OrderOut]:
    return [OrderOut(**order) for order in orders_for_provider(session, actor)]
