# SPDX-License-Identifier: MPL-2.0
"""Writes on interventions: order one, record a delivery. Flush, never commit."""

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import grant_provider, outside_provider, require_citizen, revoke_grant
from samskab.authorship.actions import write_text
from samskab.authorship.models import Voice
from samskab.cases.actions import transition_case
from samskab.cases.models import Case
from samskab.cases.queries import case_for, quality_standards
from samskab.cases.states import CaseStatus
from samskab.core import clock
from samskab.core.errors import InvalidInput, NotFound, StaleVersion, UnknownCode
from samskab.core.versioning import claim_version
from samskab.decisions.models import Decision
from samskab.decisions.states import DecisionStatus, Outcome
from samskab.interventions.models import (
    FOLLOW_UP_DISPLAY,
    DeliveryRecord,
    FollowUp,
    FollowUpOutcome,
    Intervention,
    InterventionGoal,
    InterventionStatus,
    ProviderChoice,
)
from samskab.interventions.queries import FOLLOW_UP
from samskab.interventions.schemas import DeliveryIn, FollowUpIn, InterventionIn, OrderChangeIn
from samskab.offers.models import PlacementRequest
from samskab.organisations.models import Organisation, OrganisationKind
from samskab.plans.models import Goal, Plan
from samskab.terminology.codesystems import CodeSystemName, load
from samskab.terminology.services import ServiceType, amount_text, check_scope, service_type


def _check_goals(session: Session, citizen_id: uuid.UUID, goal_ids: list[uuid.UUID]) -> None:
    if not goal_ids:
        return
    found = set(
        session.scalars(
            select(Goal.id).join(Plan).where(Goal.id.in_(goal_ids), Plan.citizen_id == citizen_id)
        )
    )
    if found != set(goal_ids):
        raise InvalidInput("Et af målene hører ikke til borgerens plan.", field="goal_ids")


def _grant(session: Session, case_id: uuid.UUID, decision_id: uuid.UUID | None) -> Decision:
    """The sent grant an order is made from: the one named, else the case's latest."""
    if decision_id is None:
        decision = session.scalar(
            select(Decision)
            .where(
                Decision.case_id == case_id,
                Decision.status != DecisionStatus.DRAFT,
                Decision.outcome != Outcome.REFUSED,
            )
            .order_by(Decision.sent_on.desc(), Decision.created_at.desc())
            .limit(1)
        )
    else:
        decision = session.get(Decision, decision_id)
        if decision is None or decision.case_id != case_id:
            raise InvalidInput("Afgørelsen hører ikke til sagen.", field="decision_id")
    if (
        decision is None
        or decision.status == DecisionStatus.DRAFT
        or decision.outcome == Outcome.REFUSED
    ):
        raise InvalidInput(
            "Der kan kun bestilles ud fra en sendt afgørelse om bevilling.", field="decision_id"
        )
    return decision


def _check_within_grant(
    session: Session,
    service: ServiceType,
    decision: Decision,
    data: InterventionIn,
    display: str,
    *,
    changing: uuid.UUID | None = None,
) -> None:
    """The order's intervention and scope lie within what the decision granted (besides the
    order being changed, when one is)."""
    when = f"afgørelsen af {decision.sent_on:%d.%m.%Y}" if decision.sent_on else "afgørelsen"
    if decision.granted_codes and data.service_code not in decision.granted_codes:
        raise InvalidInput(
            f"'{display}' er ikke bevilget i {when}. Mere hjælp kræver en ny afgørelse.",
            field="service_code",
        )
    check_scope(service, data.scope_amount, data.scope_unit or service.scope_unit)
    if decision.granted_amount is None:
        return
    others = select(func.coalesce(func.sum(Intervention.scope_amount), 0.0)).where(
        Intervention.decision_id == decision.id,
        Intervention.status != InterventionStatus.ENDED,
    )
    if changing is not None:
        others = others.where(Intervention.id != changing)
    already = session.scalar(others)
    total = float(already or 0.0) + data.scope_amount
    if total > decision.granted_amount + 1e-9:
        unit = decision.granted_unit or service.scope_unit
        ordered = f", heraf {amount_text(float(already))} allerede bestilt" if already else ""
        raise InvalidInput(
            f"Bestillingen er mere end bevilget i {when}: "
            f"{amount_text(decision.granted_amount)} {unit}{ordered}. "
            "Mere hjælp kræver en ny afgørelse.",
            field="scope_amount",
        )


def _chosen_offer(
    session: Session, case_id: uuid.UUID, decision_id: uuid.UUID | None
) -> uuid.UUID | None:
    """The offer chosen with the citizen: from the decision, else from the placement request."""
    decision = session.get(Decision, decision_id) if decision_id else None
    if decision is not None and decision.offer_id is not None:
        return decision.offer_id
    return session.scalar(
        select(PlacementRequest.offer_id).where(
            PlacementRequest.case_id == case_id, PlacementRequest.offer_id.is_not(None)
        )
    )


def _check_free_choice(
    service: ServiceType, case: Case, provider: Organisation, choice: ProviderChoice | None
) -> None:
    """Where the law gives free choice, the order says how the citizen chose, among the
    providers the municipality has approved; elsewhere there is no such choice to record."""
    if service.free_choice is None:
        if choice is not None:
            raise InvalidInput(
                f"Frit valg af leverandør gælder ikke for {service.legal_basis}.",
                field="provider_choice",
            )
        return
    if choice is None:
        raise InvalidInput(
            f"Angiv borgerens frie valg af leverandør ({service.free_choice.source}).",
            field="provider_choice",
        )
    if provider.municipality_code != case.municipality_code:
        raise InvalidInput(
            "Borgeren kan kun vælge mellem de leverandører, kommunen har godkendt.",
            field="provider_id",
        )


def _standard_in_force(session: Session, case: Case) -> uuid.UUID | None:
    """The version of the quality standard for the case's service in force today."""
    standard = quality_standards(session, case.municipality_code).get(case.service_type)
    return standard.id if standard else None


def order_intervention(
    session: Session, actor: Actor, case_id: uuid.UUID, data: InterventionIn
) -> Intervention:
    """Order an intervention from a provider, for the goals it should serve."""
    case = case_for(session, actor, case_id, "intervention.create")
    service = service_type(case.service_type)
    allowed = {c.code: c for c in service.intervention_codes()}
    if data.service_code not in allowed:
        raise UnknownCode(
            f"Indsatsen '{data.service_code[:60]}' kan ikke bestilles efter {service.legal_basis}.",
            field="service_code",
        )
    provider = session.get(Organisation, data.provider_id)
    if provider is None or provider.kind != OrganisationKind.PROVIDER:
        raise InvalidInput("Udføreren findes ikke.", field="provider_id")
    _check_free_choice(service, case, provider, data.provider_choice)
    _check_goals(session, case.citizen_id, data.goal_ids)
    grant = _grant(session, case.id, data.decision_id)
    _check_within_grant(session, service, grant, data, allowed[data.service_code].display)
    intervention = Intervention(
        case_id=case.id,
        code_system=service.system,
        service_code=data.service_code,
        service_display=allowed[data.service_code].display,
        legal_basis=service.legal_basis,
        provider_id=provider.id,
        scope_amount=data.scope_amount,
        scope_unit=data.scope_unit or service.scope_unit,
        period_start=data.period_start,
        period_end=data.period_end,
        decision_id=grant.id,
        follow_up_on=data.follow_up_on,
        offer_id=_chosen_offer(session, case.id, grant.id),
        provider_choice=data.provider_choice,
        quality_standard_id=_standard_in_force(session, case),
    )
    session.add(intervention)
    session.flush()
    grant_provider(session, case.citizen_id, provider.id, intervention.id)
    session.add_all(
        InterventionGoal(intervention_id=intervention.id, goal_id=goal_id)
        for goal_id in data.goal_ids
    )
    session.flush()
    return intervention


def _stale_order(order: Intervention) -> StaleVersion:
    current = {
        "version": order.version,
        "scope_amount": order.scope_amount,
        "scope_unit": order.scope_unit,
        "period_end": order.period_end.isoformat() if order.period_end else None,
        "follow_up_on": order.follow_up_on.isoformat() if order.follow_up_on else None,
        "status": order.status,
    }
    return StaleVersion("Bestillingen", current)


def _order_to_change(
    session: Session, actor: Actor, intervention_id: uuid.UUID, action: str
) -> tuple[Intervention, Case]:
    intervention = session.get(Intervention, intervention_id)
    if intervention is None:
        raise NotFound("Indsatsen")
    case = session.get_one(Case, intervention.case_id)
    require_citizen(
        session,
        actor,
        case.citizen_id,
        action,
        object_type="intervention",
        object_id=intervention.id,
        what="Indsatsen",
    )
    return intervention, case


def change_order(
    session: Session, actor: Actor, intervention_id: uuid.UUID, data: OrderChangeIn
) -> Intervention:
    """Change an order's scope, end and next follow-up, within what the decision granted.

    `data.version` is the version the writer read; a change based on an older one is refused
    with the order as it is now, so one caseworker's change never silently replaces another's.
    """
    order, case = _order_to_change(session, actor, intervention_id, "intervention.update")
    claim_version(session, order, data.version, lambda: _stale_order(order))
    if order.status == InterventionStatus.ENDED:
        raise InvalidInput("Indsatsen er afsluttet og kan ikke ændres.", field="scope_amount")
    if data.period_end is not None and data.period_end < order.period_start:
        raise InvalidInput("Perioden kan ikke slutte, før den begynder.", field="period_end")
    if data.follow_up_on is not None and data.follow_up_on <= clock.today():
        raise InvalidInput("Opfølgningen skal ligge efter i dag.", field="follow_up_on")
    service = service_type(case.service_type)
    grant = _grant(session, case.id, order.decision_id)
    wanted = InterventionIn(
        service_code=order.service_code,
        provider_id=order.provider_id,
        scope_amount=data.scope_amount,
        scope_unit=order.scope_unit,
        period_start=order.period_start,
    )
    _check_within_grant(session, service, grant, wanted, order.service_display, changing=order.id)
    order.scope_amount, order.period_end = data.scope_amount, data.period_end
    order.follow_up_on = data.follow_up_on
    session.flush()
    return order


def record_delivery(
    session: Session, actor: Actor, intervention_id: uuid.UUID, data: DeliveryIn
) -> DeliveryRecord:
    """Register what was delivered under an intervention on a day."""
    intervention = session.get(Intervention, intervention_id)
    if intervention is None:
        raise NotFound("Indsatsen")
    case = session.get_one(Case, intervention.case_id)
    require_citizen(
        session,
        actor,
        case.citizen_id,
        "delivery.create",
        object_type="intervention",
        object_id=intervention.id,
        what="Indsatsen",
    )
    if outside_provider(actor, intervention.provider_id):
        raise NotFound("Indsatsen")
    if data.delivered_on < intervention.period_start or (
        intervention.period_end is not None and data.delivered_on > intervention.period_end
    ):
        raise InvalidInput("Leverancen ligger uden for indsatsens periode.", field="delivered_on")
    if data.delivered_on > clock.today():
        raise InvalidInput("En leverance kan ikke registreres i fremtiden.", field="delivered_on")
    delivery = DeliveryRecord(
        intervention_id=intervention.id,
        recorded_by=actor.user_id,
        recorded_at=clock.now(),
        **data.model_dump(),
    )
    session.add(delivery)
    session.flush()
    return delivery


def follow_up(
    session: Session, actor: Actor, intervention_id: uuid.UUID, data: FollowUpIn
) -> FollowUp:
    """Follow up on an intervention: continue it, or end it (and refer to something new).

    A follow-up changes the order, so it moves the order's version on: one based on an older
    version (`data.version`; none given: the version read here) is refused.
    """
    intervention, case = _order_to_change(session, actor, intervention_id, "follow_up.create")
    claim_version(
        session,
        intervention,
        intervention.version if data.version is None else data.version,
        lambda: _stale_order(intervention),
    )
    if intervention.status == InterventionStatus.ENDED:
        raise InvalidInput("Indsatsen er allerede afsluttet.", field="outcome")
    today = clock.today()
    if data.next_follow_up_on is not None and data.next_follow_up_on <= today:
        raise InvalidInput("Næste opfølgning skal ligge efter i dag.", field="next_follow_up_on")
    code = load(CodeSystemName.FFB).find(FOLLOW_UP_DISPLAY[data.outcome])
    record = FollowUp(
        intervention_id=intervention.id,
        done_on=today,
        outcome=data.outcome,
        outcome_code=code.code,
        note=data.note,
        next_follow_up_on=data.next_follow_up_on,
        by_user_id=actor.user_id,
    )
    session.add(record)
    session.flush()
    write_text(
        session,
        actor,
        citizen_id=case.citizen_id,
        subject=(FOLLOW_UP, record.id),
        field="note",
        body=data.note,
        voice=Voice.PROFESSIONAL,
    )
    if case.status == CaseStatus.ACTIVE:
        transition_case(session, actor, case.id, CaseStatus.FOLLOW_UP, reason="Opfølgning")
    if data.outcome == FollowUpOutcome.CONTINUE:
        intervention.follow_up_on = data.next_follow_up_on
        transition_case(session, actor, case.id, CaseStatus.ACTIVE, reason=code.display)
    else:
        intervention.status, intervention.period_end = InterventionStatus.ENDED, today
        revoke_grant(session, "order", intervention.id)  # the provider no longer needs to know
        intervention.follow_up_on = None
        session.flush()
        still_running = session.scalar(
            select(func.count())
            .select_from(Intervention)
            .where(Intervention.case_id == case.id, Intervention.status != InterventionStatus.ENDED)
        )
        transition_case(
            session,
            actor,
            case.id,
            CaseStatus.ACTIVE if still_running else CaseStatus.CLOSED,
            reason=code.display,
        )
    session.flush()
    return record
