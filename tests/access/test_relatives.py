# SPDX-License-Identifier: MPL-2.0
"""A relative sees exactly what the citizen consented to, acts only with a power of attorney,
and loses access the moment the consent is withdrawn."""

from fastapi.testclient import TestClient
from sqlalchemy import select

from samskab.audit.models import AuditEvent
from samskab.core import clock
from samskab.core.db import Database
from samskab.terminology.codesystems import CodeSystemName, load
from tests.builders import LENE, World, grant_by_api


def _consent(
    client: TestClient,
    world: World,
    scopes: list[str],
    *,
    by: str = "mette",
    power_of_attorney: bool = False,
) -> str:
    answer = client.post(
        f"/api/v1/citizens/{world.mette_id}/consents",
        headers=world.auth(by),
        json={**LENE, "scopes": scopes, "power_of_attorney": power_of_attorney},
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def _goal(client: TestClient, world: World) -> str:
    goal = client.post(
        f"/api/v1/citizens/{world.mette_id}/plan/goals",
        headers=world.auth("anna"),
        json={"citizen_words": "Jeg vil åbne min post.", "goal_type": "udvikle"},
    )
    return str(goal.json()["id"])


def test_without_consent_a_relative_sees_nothing(client: TestClient, world: World) -> None:
    lene = world.auth("lene")
    assert client.get(f"/api/v1/citizens/{world.mette_id}/plan", headers=lene).status_code == 404
    assert client.get(f"/api/v1/citizens/{world.mette_id}", headers=lene).status_code == 404


def test_a_relative_sees_exactly_the_consented_scope(client: TestClient, world: World) -> None:
    _consent(client, world, ["plan"])
    lene = world.auth("lene")
    assert client.get(f"/api/v1/citizens/{world.mette_id}/plan", headers=lene).status_code == 200
    assert client.get(f"/api/v1/citizens/{world.mette_id}", headers=lene).status_code == 404
    assert (
        client.get(f"/api/v1/cases/{world.mette_case_id}/decisions", headers=lene).status_code
        == 404
    )
    assert client.get(f"/api/v1/cases/{world.mette_case_id}/notes", headers=lene).status_code == 404


def test_only_a_power_of_attorney_lets_a_relative_act_and_the_log_says_for_whom(
    client: TestClient, world: World, db: Database
) -> None:
    goal = _goal(client, world)
    _consent(client, world, ["plan"])
    lene = world.auth("lene")
    refused = client.post(
        f"/api/v1/goals/{goal}/ratings", headers=lene, json={"rater": "citizen", "score": 5}
    )
    assert refused.status_code == 404
    citizen_gives_poa = client.post(
        f"/api/v1/citizens/{world.mette_id}/consents",
        headers=world.auth("mette"),
        json={**LENE, "scopes": ["plan"], "power_of_attorney": True},
    )
    assert citizen_gives_poa.status_code == 403  # a caseworker registers the signed fuldmagt
    _consent(client, world, ["plan"], by="anna", power_of_attorney=True)
    acted = client.post(
        f"/api/v1/goals/{goal}/ratings", headers=lene, json={"rater": "citizen", "score": 5}
    )
    assert acted.status_code == 201
    as_professional = client.post(
        f"/api/v1/goals/{goal}/ratings", headers=lene, json={"rater": "professional", "score": 9}
    )
    assert as_professional.status_code == 403
    with db.sessions() as session:
        event = session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "goal.rate",
                AuditEvent.actor_name == "Lene Madsen",
                AuditEvent.outcome == "allowed",
            )
        ).one()
    assert event.on_behalf_of == world.mette_id


def test_a_withdrawn_consent_stops_working_at_once(client: TestClient, world: World) -> None:
    consent = _consent(client, world, ["plan"])
    lene = world.auth("lene")
    assert client.get(f"/api/v1/citizens/{world.mette_id}/plan", headers=lene).status_code == 200
    withdrawn = client.post(
        f"/api/v1/citizens/consents/{consent}/withdraw", headers=world.auth("mette")
    )
    assert withdrawn.status_code == 200
    assert client.get(f"/api/v1/citizens/{world.mette_id}/plan", headers=lene).status_code == 404


def test_the_relatives_page_shows_only_the_consented_parts(
    client: TestClient, world: World
) -> None:
    _goal(client, world)
    _consent(client, world, ["plan"])
    client.post("/login/demo", data={"username": "lene"})
    page = client.get(f"/paaroerende/{world.mette_id}")
    assert page.status_code == 200
    assert "Jeg vil åbne min post." in page.text
    assert "Afgørelser" not in page.text and "Møder" not in page.text


def test_messages_and_wellbeing_from_the_citizen_reach_the_caseworker(
    client: TestClient, world: World
) -> None:
    mette = world.auth("mette")
    sent = client.post(
        f"/api/v1/citizens/{world.mette_id}/messages",
        headers=mette,
        json={"text": "Kan vi flytte mødet til torsdag?"},
    )
    answered = client.post(
        f"/api/v1/citizens/{world.mette_id}/wellbeing",
        headers=mette,
        json={"soevn": 2, "tryghed": 4, "hverdag": 3, "haab": 4},
    )
    assert (sent.status_code, answered.status_code) == (201, 201)
    thread = client.get(
        f"/api/v1/citizens/{world.mette_id}/messages", headers=world.auth("anna")
    ).json()
    assert thread[0]["from_citizen"] is True and "torsdag" in thread[0]["text"]
    out_of_range = client.post(
        f"/api/v1/citizens/{world.mette_id}/wellbeing",
        headers=mette,
        json={"soevn": 6, "tryghed": 4, "hverdag": 3, "haab": 4},
    )
    assert out_of_range.status_code == 422


def test_a_relatives_change_is_signed_as_done_for_the_citizen(
    client: TestClient, world: World
) -> None:
    goal = _goal(client, world)
    _consent(client, world, ["plan"], by="anna", power_of_attorney=True)
    client.patch(
        f"/api/v1/goals/{goal}",
        headers=world.auth("lene"),
        json={"citizen_words": "Jeg vil åbne min post sammen med Lene.", "version": 1},
    )
    plan = client.get(f"/api/v1/citizens/{world.mette_id}/plan", headers=world.auth("anna"))
    latest = plan.json()["goals"][0]["history"][-1]
    assert (latest["author_name"], latest["writer"]) == ("Lene Madsen", "relative")
    assert latest["on_behalf_of"] == str(world.mette_id)
    client.post("/login/demo", data={"username": "anna"})
    page = client.get(f"/sager/{world.mette_case_id}/plan").text
    assert "skrevet af Lene Madsen (pårørende) på borgerens vegne" in page
    client.post("/login/demo", data={"username": "mette"})
    log = client.get("/min-side/hvem-har-set").text
    assert "Lene Madsen har ændret noget 1 gang på dine vegne." in log


def test_a_relative_consented_to_help_alone_sees_the_help_without_the_cases(
    client: TestClient, world: World
) -> None:
    anna = world.auth("anna")
    grant_by_api(client, world, world.mette_case_id)
    service = load(CodeSystemName.FFB).find("Socialpædagogisk støtte").code
    ordered = client.post(
        f"/api/v1/cases/{world.mette_case_id}/interventions",
        headers=anna,
        json={
            "service_code": service,
            "provider_id": str(world.provider_id),
            "scope_amount": 3,
            "period_start": str(clock.today()),
        },
    )
    assert ordered.status_code == 201, ordered.text
    _consent(client, world, ["help"])
    client.post("/login/demo", data={"username": "lene"})
    page = client.get(f"/paaroerende/{world.mette_id}")
    assert page.status_code == 200
    assert "Socialpædagogisk støtte" in page.text
    assert "Bostøtten Nord" in page.text
    assert "Afgørelser" not in page.text and "Møder" not in page.text
    lene = world.auth("lene")
    assert client.get(f"/api/v1/cases/{world.mette_case_id}", headers=lene).status_code == 404
