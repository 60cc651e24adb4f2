# SPDX-License-Identifier: MPL-2.0
"""Orders and quality standards carry a version: a change based on an older one is refused with
the current state (409 in the API); the web form comes back with both texts, nothing lost."""

import html
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from samskab.core import clock
from samskab.terminology.services import service_type
from tests.builders import World, grant_by_api


def _order(client: TestClient, world: World) -> dict[str, Any]:
    grant_by_api(client, world, world.mette_case_id, granted_amount=10)
    answer = client.post(
        f"/api/v1/cases/{world.mette_case_id}/interventions",
        headers=world.auth("anna"),
        json={
            "service_code": service_type("SEL-85").intervention_codes()[0].code,
            "provider_id": str(world.provider_id),
            "scope_amount": 3,
            "period_start": str(clock.today()),
        },
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_a_change_of_an_order_based_on_an_old_version_gets_409_with_the_current_order(
    client: TestClient, world: World
) -> None:
    order = _order(client, world)
    url = f"/api/v1/interventions/{order['id']}"
    first = client.patch(url, headers=world.auth("bo"), json={"version": 1, "scope_amount": 4})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.patch(url, headers=world.auth("anna"), json={"version": 1, "scope_amount": 2})
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    assert stale.json()["details"]["current"]["scope_amount"] == 4
    assert stale.json()["details"]["current"]["version"] == 2


def test_a_change_beyond_the_grant_is_refused_but_the_order_itself_does_not_count_twice(
    client: TestClient, world: World
) -> None:
    order = _order(client, world)
    url = f"/api/v1/interventions/{order['id']}"
    anna = world.auth("anna")
    assert (
        client.patch(url, headers=anna, json={"version": 1, "scope_amount": 10}).status_code == 200
    )
    too_much = client.patch(url, headers=anna, json={"version": 2, "scope_amount": 11})
    assert too_much.status_code == 422 and "Mere hjælp kræver en ny afgørelse" in too_much.text


def test_a_follow_up_on_an_order_changed_meanwhile_is_refused(
    client: TestClient, world: World
) -> None:
    order = _order(client, world)
    changed = client.patch(
        f"/api/v1/interventions/{order['id']}",
        headers=world.auth("bo"),
        json={"version": 1, "scope_amount": 4},
    )
    assert changed.status_code == 200
    ended = client.post(
        f"/api/v1/interventions/{order['id']}/follow-ups",
        headers=world.auth("anna"),
        json={"outcome": "afslut", "version": 1},
    )
    assert ended.status_code == 409


def test_the_order_form_comes_back_with_both_the_typed_and_the_saved_numbers(
    client: TestClient, world: World
) -> None:
    order = _order(client, world)
    later = clock.today() + timedelta(days=40)
    client.patch(
        f"/api/v1/interventions/{order['id']}",
        headers=world.auth("bo"),
        json={"version": 1, "scope_amount": 4, "period_end": str(later)},
    )
    client.post("/login/demo", data={"username": "anna"})
    page = client.post(
        f"/indsatser/{order['id']}/ret",
        data={"version": "1", "scope_amount": "2.5", "period_end": "", "follow_up_on": ""},
    )
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "Bestillingen er ændret, mens du skrev" in text
    assert 'name="scope_amount" type="text" inputmode="decimal" value="2.5"' in text
    assert 'name="version" value="2"' in text
    again = client.post(
        f"/indsatser/{order['id']}/ret",
        data={"version": "2", "scope_amount": "2.5", "period_end": "", "follow_up_on": ""},
        follow_redirects=False,
    )
    assert again.status_code == 303
    stored = client.get(
        f"/api/v1/cases/{world.mette_case_id}/interventions", headers=world.auth("anna")
    ).json()[0]
    assert (stored["scope_amount"], stored["version"]) == (2.5, 3)


def test_a_quality_standard_edit_based_on_an_old_version_is_refused_and_shown_with_both_texts(
    client: TestClient, world: World
) -> None:
    url = "/api/v1/quality-standards/SEL-85"
    bo = world.auth("bo")
    assert client.put(url, headers=bo, json={"service_level": "1-5 timer."}).status_code == 200
    assert (
        client.put(url, headers=bo, json={"service_level": "1-4 timer.", "version": 1}).status_code
        == 200
    )
    stale = client.put(url, headers=bo, json={"service_level": "1-3 timer.", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["details"]["current"]["service_level"] == "1-4 timer."
    client.post("/login/demo", data={"username": "bo"})
    page = client.post(
        "/kvalitetsstandarder/SEL-85",
        data={"service_level": "Mit udkast.", "goals": "", "time_frame": "", "version": "1"},
    )
    text = html.unescape(page.text)
    assert page.status_code == 200
    assert "Mit udkast." in text and "1-4 timer." in text
    assert "Den gemte version 2 lyder:" in text
