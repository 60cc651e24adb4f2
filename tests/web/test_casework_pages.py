# SPDX-License-Identifier: MPL-2.0
"""The caseworker's forms: bad input is answered in Danish and nothing typed is lost."""

from fastapi.testclient import TestClient

from samskab.core import clock
from samskab.core.db import Database
from tests.builders import World, row_counts


def _login(client: TestClient, username: str = "anna") -> None:
    client.post("/login/demo", data={"username": username})


def test_a_new_inquiry_with_an_impossible_cpr_is_refused_and_keeps_what_was_typed(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client)
    with db.sessions() as session:
        before = row_counts(session)
    page = client.post(
        "/henvendelser/ny",
        data={
            "citizen.cpr": "310299-1234",
            "citizen.first_name": "Ole",
            "citizen.last_name": "Berg",
            "service_type": "SEL-85",
            "inquiry_from": "borger",
            "received_on": str(clock.today()),
            "inquiry_text": "Ole har brug for hjælp til at komme ud af sin lejlighed.",
            "holistic_areas": ["beskaeftigelse", "sundhed"],
        },
    )
    assert page.status_code == 200
    assert "gyldig fødselsdato" in page.text
    assert "Ole har brug for hjælp til at komme ud af sin lejlighed." in page.text
    assert 'value="beskaeftigelse" checked' in page.text
    with db.sessions() as session:
        assert row_counts(session) == before


def test_a_new_inquiry_opens_a_case_with_the_holistic_check(
    client: TestClient, world: World
) -> None:
    _login(client)
    answer = client.post(
        "/henvendelser/ny",
        data={
            "citizen.cpr": "0101801234",
            "citizen.first_name": "Ole",
            "citizen.last_name": "Berg",
            "citizen.postcode": "9000",
            "service_type": "SEL-85",
            "inquiry_from": "pårørende",
            "received_on": str(clock.today()),
            "holistic_areas": ["beskaeftigelse", "misbrug"],
            "holistic_note": "Kontakt til jobcentret.",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    case_id = answer.headers["location"].rsplit("/", 1)[1]
    case = client.get(f"/api/v1/cases/{case_id}", headers=world.auth("anna")).json()
    assert case["citizen_name"] == "Ole Berg" and case["status"] == "inquiry"
    assert "0101801234" not in answer.headers["location"]


def test_an_assessment_theme_records_both_perspectives(client: TestClient, world: World) -> None:
    _login(client)
    client.post(f"/sager/{world.mette_case_id}/udredning/start")
    themes = client.get(
        f"/api/v1/cases/{world.mette_case_id}/assessment/themes", headers=world.auth("anna")
    ).json()
    economy = next(t["code"] for t in themes if t["display"] == "Varetage økonomi")
    client.post(
        f"/sager/{world.mette_case_id}/udredning/tema",
        data={
            "theme_code": economy,
            "citizen_level": "4",
            "citizen_text": "Jeg kan ikke overskue det.",
            "professional_level": "2",
            "professional_text": "Har brug for guidning.",
        },
    )
    page = client.get(f"/sager/{world.mette_case_id}/udredning")
    assert "Jeg kan ikke overskue det." in page.text and "Vurderingerne er forskellige" in page.text


def test_an_empty_goal_is_refused_in_danish(client: TestClient, world: World) -> None:
    _login(client)
    page = client.post(
        f"/sager/{world.mette_case_id}/plan/maal",
        data={
            "citizen_words": "",
            "professional_wording": "Faglig tekst bevares",
            "goal_type": "udvikle",
        },
    )
    assert page.status_code == 200
    assert "Feltet skal udfyldes." in page.text and "Faglig tekst bevares" in page.text


def test_another_team_cannot_open_the_decision_page(client: TestClient, world: World) -> None:
    _login(client, "carl")
    assert client.get(f"/sager/{world.mette_case_id}/afgoerelse").status_code == 404
    assert (
        client.post(
            f"/sager/{world.mette_case_id}/plan/maal",
            data={"citizen_words": "x", "goal_type": "udvikle"},
        ).status_code
        == 404
    )


def test_a_goal_can_be_linked_to_an_assessed_theme(client: TestClient, world: World) -> None:
    _login(client)
    client.post(f"/sager/{world.mette_case_id}/udredning/start")
    themes = client.get(
        f"/api/v1/cases/{world.mette_case_id}/assessment/themes", headers=world.auth("anna")
    ).json()
    economy = next(t["code"] for t in themes if t["display"] == "Varetage økonomi")
    client.post(
        f"/sager/{world.mette_case_id}/udredning/tema",
        data={"theme_code": economy, "citizen_level": "3"},
    )
    client.post(
        f"/sager/{world.mette_case_id}/plan/maal",
        data={
            "citizen_words": "Jeg vil betale mine regninger.",
            "goal_type": "udvikle",
            "theme_codes": economy,
        },
    )
    plan = client.get(f"/api/v1/citizens/{world.mette_id}/plan", headers=world.auth("anna"))
    assert plan.json()["goals"][0]["theme_codes"] == [economy]
