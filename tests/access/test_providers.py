# SPDX-License-Identifier: MPL-2.0
"""Provider staff see only the orders addressed to their provider and the goals they serve."""

from datetime import timedelta

from fastapi.testclient import TestClient

from samskab.core import clock
from samskab.core.db import Database
from samskab.organisations.actions import add_organisation, add_user, mint_token
from samskab.organisations.models import Organisation, OrganisationKind, Role
from samskab.terminology.codesystems import CodeSystemName, load
from tests.builders import World, grant_by_api


def _order(client: TestClient, world: World) -> tuple[str, str]:
    anna = world.auth("anna")
    grant_by_api(client, world, world.mette_case_id)
    goal = client.post(
        f"/api/v1/citizens/{world.mette_id}/plan/goals",
        headers=anna,
        json={"citizen_words": "Jeg vil åbne min post.", "goal_type": "udvikle"},
    )
    client.post(
        f"/api/v1/citizens/{world.mette_id}/plan/goals",
        headers=anna,
        json={"citizen_words": "Et andet mål, ikke bestilt.", "goal_type": "udvikle"},
    )
    code = load(CodeSystemName.FFB).find("Socialpædagogisk støtte").code
    order = client.post(
        f"/api/v1/cases/{world.mette_case_id}/interventions",
        headers=anna,
        json={
            "service_code": code,
            "provider_id": str(world.provider_id),
            "scope_amount": 3,
            "period_start": str(clock.today() - timedelta(days=7)),
            "goal_ids": [goal.json()["id"]],
        },
    )
    assert order.status_code == 201
    return str(order.json()["id"]), str(goal.json()["id"])


def _staff(db: Database, world: World) -> dict[str, str]:
    with db.unit_of_work() as session:
        own = session.get_one(Organisation, world.provider_id)
        other = add_organisation(session, OrganisationKind.PROVIDER, "Anden udfører")
        add_user(session, "pia", "Pia Bostøtte", own, [Role.PROVIDER_STAFF])
        add_user(session, "ole", "Ole Andetsteds", other, [Role.PROVIDER_STAFF])
        return {name: f"Bearer {mint_token(session, name)}" for name in ("pia", "ole")}


def test_provider_staff_see_their_orders_with_the_goals_they_serve_and_nothing_else(
    client: TestClient, world: World, db: Database
) -> None:
    order_id, _ = _order(client, world)
    tokens = _staff(db, world)
    pia = {"Authorization": tokens["pia"]}
    orders = client.get("/api/v1/provider/orders", headers=pia).json()
    assert [(o["citizen_name"], o["goals"]) for o in orders] == [
        ("Mette Sørensen", ["Jeg vil åbne min post."])
    ]
    for path in (
        f"/api/v1/cases/{world.mette_case_id}",
        f"/api/v1/citizens/{world.mette_id}",
        f"/api/v1/citizens/{world.mette_id}/plan",
        f"/api/v1/cases/{world.mette_case_id}/notes",
        f"/api/v1/cases/{world.mette_case_id}/interventions",
    ):
        assert client.get(path, headers=pia).status_code == 404, path
    delivered = client.post(
        f"/api/v1/interventions/{order_id}/deliveries",
        headers=pia,
        json={"delivered_on": str(clock.today()), "amount": 2, "delivered_by": "Pia"},
    )
    assert delivered.status_code == 201
    ole = {"Authorization": tokens["ole"]}
    assert client.get("/api/v1/provider/orders", headers=ole).json() == []
    assert (
        client.post(
            f"/api/v1/interventions/{order_id}/deliveries",
            headers=ole,
            json={"delivered_on": str(clock.today()), "amount": 2, "delivered_by": "Ole"},
        ).status_code
        == 404
    )


def test_an_ended_order_ends_the_providers_access(
    client: TestClient, world: World, db: Database
) -> None:
    order_id, _ = _order(client, world)
    tokens = _staff(db, world)
    for step in ("assessment", "decision", "active"):
        client.post(
            f"/api/v1/cases/{world.mette_case_id}/transitions",
            json={"to": step},
            headers=world.auth("anna"),
        )
    ended = client.post(
        f"/api/v1/interventions/{order_id}/follow-ups",
        headers=world.auth("anna"),
        json={"outcome": "afslut"},
    )
    assert ended.status_code == 201
    pia = {"Authorization": tokens["pia"]}
    assert client.get("/api/v1/provider/orders", headers=pia).json() == []
    assert (
        client.get(f"/api/v1/interventions/{order_id}/deliveries", headers=pia).status_code == 404
    )
