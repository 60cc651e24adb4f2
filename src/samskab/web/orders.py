# SPDX-License-Identifier: MPL-2.0
"""Bestilling: the order to a provider from the decision, and the follow-up on it."""

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.cases.models import Case
from samskab.cases.queries import case_for, quality_standards, standards_by_id
from samskab.cases.states import LABELS
from samskab.core import clock
from samskab.core.errors import NotFound
from samskab.decisions.queries import decisions_of_case_for
from samskab.interventions.actions import change_order, follow_up, order_intervention
from samskab.interventions.models import FOLLOW_UP_DISPLAY, PROVIDER_CHOICE_DISPLAY, Intervention
from samskab.interventions.pace import DEVIATION_DISPLAY, monthly_paces, paces_of
from samskab.interventions.queries import follow_ups_of, interventions_of_case_for
from samskab.interventions.schemas import FollowUpIn, InterventionIn, OrderChangeIn
from samskab.offers.queries import offers_by_id
from samskab.organisations.models import Organisation, OrganisationKind
from samskab.plans.queries import plan_for
from samskab.terminology.services import service_type
from samskab.web.decisions import latest_sent
from samskab.web.deps import CurrentActor, DbSession
from samskab.web.forms import FormData, FormErrors, attempt, once, parse, submit
from samskab.web.render import page

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    case: Case,
    values: dict[str, Any],
    errors: FormErrors,
    follow_up_values: dict[str, Any] | None = None,
    change_values: dict[str, Any] | None = None,
) -> HTMLResponse:
    service = service_type(case.service_type)
    providers = session.scalars(
        select(Organisation)
        .where(
            Organisation.kind == OrganisationKind.PROVIDER,
            Organisation.municipality_code == case.municipality_code,
        )
        .order_by(Organisation.name)
    )
    plan = plan_for(session, actor, case.citizen_id)
    decision = latest_sent(decisions_of_case_for(session, actor, case.id))
    values = values or {"period_start": clock.today().isoformat(), "scope_unit": service.scope_unit}
    standard = quality_standards(session, case.municipality_code).get(case.service_type)
    interventions = interventions_of_case_for(session, actor, case.id)
    return page(
        request,
        "order.html",
        standard=standard,
        case=case,
        section="Bestilling",
        case_labels=LABELS,
        values=values,
        errors=errors,
        decision=decision,
        service=service,
        code_groups=[
            (g.heading, [(c.code, c.display) for c in g.options])
            for g in service.intervention_groups()
        ],
        providers=[(str(p.id), p.name) for p in providers],
        goals=[g for g in plan.goals if g.status == "active"] if plan else [],
        interventions=interventions,
        offers=offers_by_id(session, (item.offer_id for item, _ in interventions)),
        outcomes=FOLLOW_UP_DISPLAY,
        outcome_names={k.value: v for k, v in FOLLOW_UP_DISPLAY.items()},
        follow_ups=follow_ups_of(session, [item.id for item, _ in interventions]),
        follow_up_values=follow_up_values or {},
        # What was typed into an order's change form that was refused (with errors.current
        # holding the order as saved meanwhile, when someone else changed it).
        change_values=change_values or {},
        choices=PROVIDER_CHOICE_DISPLAY,
        paces=paces_of(session, [item for item, _ in interventions], clock.today()),
        month_paces=monthly_paces(session, [item for item, _ in interventions], clock.today()),
        deviations=DEVIATION_DISPLAY,
        order_standards=standards_by_id(
            session, (item.quality_standard_id for item, _ in interventions)
        ),
    )


@router.get("/sager/{case_id}/bestilling")
def order_page(
    request: Request, case_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> HTMLResponse:
    return _page(request, session, actor, case_for(session, actor, case_id), {}, FormErrors())


@router.post("/sager/{case_id}/bestilling")
def place_order(
    request: Request,
    case_id: uuid.UUID,
    form: FormData,
    session: DbSession,
    actor: CurrentActor,
) -> Response:
    case = case_for(session, actor, case_id)
    answer, errors = once(
        session,
        actor,
        form,
        lambda: submit(
            session,
            InterventionIn,
            form,
            lambda order: order_intervention(session, actor, case.id, order),
            done=f"/sager/{case_id}/bestilling",
        ),
        where=request.url.path,
    )
    return answer or _page(request, session, actor, case, form, errors)


@router.post("/indsatser/{intervention_id}/opfoelgning")
def record_follow_up(
    request: Request,
    intervention_id: uuid.UUID,
    form: FormData,
    session: DbSession,
    actor: CurrentActor,
) -> Response:
    intervention = session.get(Intervention, intervention_id)
    if intervention is None:
        raise NotFound("Indsatsen")
    case = case_for(session, actor, intervention.case_id)

    def record() -> tuple[Response | None, FormErrors]:
        parsed, errors = parse(FollowUpIn, form)
        if parsed is not None:
            valid = parsed
            _, errors = attempt(session, lambda: follow_up(session, actor, intervention_id, valid))
            if not errors:
                return RedirectResponse(f"/sager/{case.id}/bestilling", status_code=303), errors
        return None, errors

    answer, errors = once(session, actor, form, record, where=request.url.path)
    if answer is not None:
        return answer
    typed = form | {"intervention_id": str(intervention_id)}
    return _page(request, session, actor, case, {}, errors, typed)


@router.post("/indsatser/{intervention_id}/ret")
def change(
    request: Request,
    intervention_id: uuid.UUID,
    form: FormData,
    session: DbSession,
    actor: CurrentActor,
) -> Response:
    """Change an order's scope, end and next follow-up; a change made meanwhile is shown."""
    intervention = session.get(Intervention, intervention_id)
    if intervention is None:
        raise NotFound("Indsatsen")
    case = case_for(session, actor, intervention.case_id)
    fields = {k: form.get(k, "") for k in ("version", "scope_amount", "period_end", "follow_up_on")}
    answer, errors = submit(
        session,
        OrderChangeIn,
        fields,
        lambda data: change_order(session, actor, intervention_id, data),
        done=f"/sager/{case.id}/bestilling#ordre-{intervention_id}",
    )
    if answer is not None:
        return answer
    if errors.current:  # the order as saved meanwhile, its days as days for the page
        for name in ("period_end", "follow_up_on"):
            day = errors.current.get(name)
            errors.current[name] = date.fromisoformat(day) if day else None
    typed = fields | {"intervention_id": str(intervention_id)}
    return _page(request, session, actor, case, {}, errors, change_values=typed)
