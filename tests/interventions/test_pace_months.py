# SPDX-License-Identifier: MPL-2.0
"""Delivered against allocated for each of an order's last months, each deviation flagged."""

import html
import re
import uuid
from datetime import date, timedelta

from babel.dates import format_date
from fastapi.testclient import TestClient

from samskab.core import clock
from samskab.core.db import Database
from samskab.interventions.actions import record_delivery
from samskab.interventions.models import Intervention
from samskab.interventions.pace import Deviation, monthly_paces
from samskab.interventions.schemas import DeliveryIn
from samskab.terminology.services import service_type
from tests.builders import World, grant_by_api, make_care_case


def _month_back(day: date, months: int) -> date:
    first = day.replace(day=1)
    for _ in range(months):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


def _month_days(first: date) -> list[date]:
    days, day = [], first
    while day.month == first.month:
        days.append(day)
        day += timedelta(days=1)
    return days


def test_the_last_months_are_shown_each_with_its_delivery_and_deviation(
    client: TestClient, world: World, db: Database
) -> None:
    case_id = make_care_case(db, world, "SEL-83")
    grant_by_api(client, world, case_id, granted_amount=3)
    cleaning = next(
        c.code for c in service_type("SEL-83").intervention_codes() if c.display == "Rengøring"
    )
    too_much, as_granted, too_little = (_month_back(clock.today(), n) for n in (3, 2, 1))
    order_id = uuid.UUID(
        client.post(
            f"/api/v1/cases/{case_id}/interventions",
            headers=world.auth("anna"),
            json={
                "service_code": cleaning,
                "provider_id": str(world.provider_id),
                "scope_amount": 3,
                "period_start": str(too_much),
                "provider_choice": "borgerens_valg",
            },
        ).json()["id"]
    )
    # 1.5 hours a day; 3 hours a week (3/7 a day); one hour in the whole month.
    plan = [(too_much, 1.5), (as_granted, 3 / 7)]
    with db.unit_of_work() as session:
        for first, per_day in plan:
            for day in _month_days(first):
                record_delivery(
                    session,
                    world.anna,
                    order_id,
                    DeliveryIn(delivered_on=day, amount=per_day, delivered_by="Hjemmeplejen"),
                )
        record_delivery(
            session,
            world.anna,
            order_id,
            DeliveryIn(delivered_on=too_little, amount=1, delivered_by="Hjemmeplejen"),
        )
        order = session.get_one(Intervention, order_id)
        months = monthly_paces(session, [order], clock.today())[order_id]
    by_month = {p.month: p for p in months}
    assert [p.month for p in months][:4] == [
        clock.today().replace(day=1),
        too_little,
        as_granted,
        too_much,
    ]
    assert by_month[too_much].deviation == Deviation.MORE and by_month[too_much].delivered == 10.5
    assert by_month[as_granted].deviation is None and by_month[as_granted].delivered == 3
    assert by_month[too_little].deviation == Deviation.LESS
    client.post("/login/demo", data={"username": "anna"})
    for url in (f"/sager/{case_id}/bestilling", f"/sager/{case_id}"):
        page = html.unescape(re.sub(r"<[^>]+>", "", client.get(url).text))
        assert "Måned for måned" in page
        month = format_date(too_much, "LLLL", locale="da")
        assert f"10,5 timer pr. uge leveret i {month} · Leveret mere end bevilget" in page
        assert f"3 timer pr. uge leveret i {format_date(as_granted, 'LLLL', locale='da')}" in page
        assert "Leveret mindre end bevilget" in page
