# SPDX-License-Identifier: MPL-2.0
"""Orders stay within the decision; delivered is shown against allocated, per period."""

import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from babel.dates import format_date
from fastapi.testclient import TestClient

from samskab.core import clock
from samskab.core.db import Database
from samskab.core.errors import InvalidInput
from samskab.interventions.actions import record_delivery
from samskab.interventions.models import Intervention
from samskab.interventions.pace import Deviation, paces_of
from samskab.interventions.schemas import DeliveryIn
from samskab.terminology.services import check_scope, service_type
from tests.builders import World, grant_by_api, make_care_case

CLEANING = "Rengøring"


def _code(key: str, display: str) -> str:
    return next(c.code for c in service_type(key).intervention_codes() if c.display == display)


def _order(client: TestClient, world: World, case_id: uuid.UUID, **extra: Any) -> Any:
    body = {
        "service_code": _code("SEL-83", CLEANING),
        "provider_id": str(world.provider_id),
        "scope_amount": 2,
        "period_start": str(clock.today()),
        "provider_choice": "borgerens_valg",
    }
    return client.post(
        f"/api/v1/cases/{case_id}/interventions", headers=world.auth("anna"), json=body | extra
    )


def test_an_order_beyond_the_granted_scope_needs_a_new_decision(
    client: TestClient, world: World, db: Database
) -> None:
    case_id = make_care_case(db, world, "SEL-83")
    grant_by_api(client, world, case_id, granted_amount=3)
    too_much = _order(client, world, case_id, scope_amount=4)
    assert too_much.status_code == 422
    assert (
        "mere end bevilget" in too_much.text
        and "Mere hjælp kræver en ny afgørelse" in too_much.text
    )
    assert _order(client, world, case_id, scope_amount=2).status_code == 201
    second = _order(client, world, case_id, scope_amount=1.5)
    assert second.status_code == 422 and "heraf 2 allerede bestilt" in second.text
    assert _order(client, world, case_id, scope_amount=1).status_code == 201


def test_an_intervention_that_was_not_granted_is_refused(
    client: TestClient, world: World, db: Database
) -> None:
    case_id = make_care_case(db, world, "SEL-83")
    grant_by_api(client, world, case_id, granted_codes=[_code("SEL-83", CLEANING)])
    laundry = _order(client, world, case_id, service_code=_code("SEL-83", "Tøjvask"))
    assert laundry.status_code == 422
    assert "'Tøjvask' er ikke bevilget" in laundry.text
    assert _order(client, world, case_id).status_code == 201


def test_an_order_needs_a_sent_grant(client: TestClient, world: World, db: Database) -> None:
    case_id = make_care_case(db, world, "SEL-83")
    refused = _order(client, world, case_id)
    assert refused.status_code == 422
    assert "sendt afgørelse om bevilling" in refused.text


def test_implausible_scopes_and_other_units_are_refused(
    client: TestClient, world: World, db: Database
) -> None:
    case_id = make_care_case(db, world, "SEL-83")
    grant_by_api(client, world, case_id)
    week = _order(client, world, case_id, scope_amount=200)
    assert week.status_code == 422 and "højst være 168 timer pr. uge" in week.text
    unit = _order(client, world, case_id, scope_unit="timer pr. dag")
    assert unit.status_code == 422 and "angives i timer pr. uge" in unit.text


def test_companionship_cannot_exceed_the_15_hours_a_month_of_section_97() -> None:
    with pytest.raises(
        InvalidInput, match=r"højst være 15 timer pr\. måned efter Serviceloven § 97"
    ):
        check_scope(service_type("SEL-97"), 16, "timer pr. måned")
    check_scope(service_type("SEL-97"), 15, "timer pr. måned")


def test_a_decision_cannot_grant_an_implausible_scope(client: TestClient, world: World) -> None:
    anna = world.auth("anna")
    for step in ("assessment", "decision"):
        client.post(
            f"/api/v1/cases/{world.mette_case_id}/transitions", json={"to": step}, headers=anna
        )
    draft = client.put(
        f"/api/v1/cases/{world.mette_case_id}/decision-draft",
        json={"outcome": "bevilget", "granted": "Støtte.", "granted_amount": 500},
        headers=anna,
    )
    assert draft.status_code == 422 and "højst være 168 timer pr. uge" in draft.text


def _previous_month() -> tuple[date, date]:
    first_this = clock.today().replace(day=1)
    last = first_this - timedelta(days=1)
    return last.replace(day=1), last


def test_the_order_page_shows_allocated_and_delivered_per_week_and_flags_a_deviation(
    client: TestClient, world: World, db: Database
) -> None:
    case_id = make_care_case(db, world, "SEL-83")
    grant_by_api(client, world, case_id, granted_amount=3)
    start, end = _previous_month()
    order_id = _order(client, world, case_id, scope_amount=3, period_start=str(start)).json()["id"]
    with db.unit_of_work() as session:
        day = start
        while day <= end:
            record_delivery(
                session,
                world.anna,
                uuid.UUID(order_id),
                DeliveryIn(delivered_on=day, amount=1.5, delivered_by="Hjemmeplejen Nord"),
            )
            day += timedelta(days=1)
    client.post("/login/demo", data={"username": "anna"})
    month = format_date(start, "LLLL", locale="da")
    expected = f"3 timer pr. uge bevilget · 10,5 timer pr. uge leveret i {month}"
    page = client.get(f"/sager/{case_id}/bestilling").text
    assert expected in page and "Leveret mere end bevilget" in page
    overview = client.get(f"/sager/{case_id}").text
    assert expected in overview


def test_a_delivery_close_to_the_allocation_is_no_deviation_and_too_little_is(
    db: Database, world: World, client: TestClient
) -> None:
    case_id = make_care_case(db, world, "SEL-83")
    grant_by_api(client, world, case_id, granted_amount=3)
    start, end = _previous_month()
    order_id = uuid.UUID(
        _order(client, world, case_id, scope_amount=3, period_start=str(start)).json()["id"]
    )
    with db.unit_of_work() as session:
        for week_start in range(0, (end - start).days + 1, 7):
            record_delivery(
                session,
                world.anna,
                order_id,
                DeliveryIn(
                    delivered_on=start + timedelta(days=week_start),
                    amount=1.0,
                    delivered_by="Hjemmeplejen Nord",
                ),
            )
        order = session.get_one(Intervention, order_id)
        pace = paces_of(session, [order], clock.today())[order_id]
        assert pace.deviation == Deviation.LESS and pace.delivered < 1.5
