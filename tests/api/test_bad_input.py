# SPDX-License-Identifier: MPL-2.0
"""Bad input gets 422 problem+json with a Danish message, and changes nothing."""

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from samskab.core import clock
from samskab.core.db import Database
from tests.builders import World, row_counts

TODAY = clock.today()
NEW_CITIZEN = {
    "cpr": "1503551238",
    "first_name": "Jens",
    "last_name": "Madsen",
    "municipality_code": "0851",
}


def _case(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "citizen": dict(NEW_CITIZEN),
        "service_type": "SEL-85",
        "received_on": str(TODAY),
    }
    return body | changes


BAD_CASES = {
    "malformed CPR": (_case(citizen=NEW_CITIZEN | {"cpr": "15035512"}), "citizen.cpr"),
    "CPR with letters": (_case(citizen=NEW_CITIZEN | {"cpr": "15035a1238"}), "citizen.cpr"),
    "impossible CPR date": (_case(citizen=NEW_CITIZEN | {"cpr": "3102551238"}), "citizen.cpr"),
    "unknown service type": (_case(service_type="SEL-999"), "service_type"),
    "unknown municipality": (
        _case(citizen=NEW_CITIZEN | {"municipality_code": "9999"}),
        "municipality_code",
    ),
    "unknown postcode": (_case(citizen=NEW_CITIZEN | {"postcode": "0001"}), "postcode"),
    "oversized text": (_case(inquiry_text="x" * 10_001), "inquiry_text"),
    "wrong type": (_case(received_on=12345), "received_on"),
    "date in the future": (_case(received_on=str(TODAY + timedelta(days=3))), "received_on"),
    "unknown field": (_case(secret="x"), "secret"),
    "no citizen at all": ({"service_type": "SEL-85", "received_on": str(TODAY)}, None),
}


@pytest.mark.parametrize("name", list(BAD_CASES))
def test_a_bad_new_case_is_refused_in_danish_and_nothing_is_saved(
    name: str, client: TestClient, world: World, db: Database
) -> None:
    body, field = BAD_CASES[name]
    with db.sessions() as session:
        before = row_counts(session)
    answer = client.post("/api/v1/cases", json=body, headers=world.auth("anna"))
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    assert problem["status"] == 422
    assert problem["code"] in (
        "invalid_input",
        "invalid_cpr",
        "unknown_code",
    )
    assert problem["errors"]
    assert all(e["message"] for e in problem["errors"])
    if field is not None:
        assert any(str(e["field"]).endswith(field) for e in problem["errors"]), problem
    assert "1503551238" not in answer.text
    assert "15035a1238" not in answer.text
    with db.sessions() as session:
        assert row_counts(session) == before


def test_an_illegal_transition_is_refused_and_the_case_keeps_its_status(
    client: TestClient, world: World
) -> None:
    answer = client.post(
        f"/api/v1/cases/{world.mette_case_id}/transitions",
        json={"to": "active"},
        headers=world.auth("anna"),
    )
    assert answer.status_code == 422
    assert answer.json()["code"] == "illegal_transition"
    assert "Henvendelse" in answer.json()["detail"]
    case = client.get(f"/api/v1/cases/{world.mette_case_id}", headers=world.auth("anna")).json()
    assert case["status"] == "inquiry"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/citizens/{citizen}/plan/goals", {"citizen_words": "", "goal_type": "udvikle"}),
        ("/citizens/{citizen}/plan/goals", {"citizen_words": "Mål", "goal_type": "flyve"}),
        (
            "/citizens/{citizen}/plan/goals",
            {"citizen_words": "Mål", "goal_type": "udvikle", "theme_codes": ["ikke-en-kode"]},
        ),
        ("/citizens/lookup", {"cpr": "12"}),
        ("/citizens/lookup", {"cpr": 1503551238}),
        ("/cases/{case}/notes", {"title": "T", "body": "x" * 50_001}),
        ("/cases/{case}/notes", {"title": ["liste"], "body": "tekst"}),
        ("/cases/{case}/transitions", {"to": "flyvende"}),
        (
            "/cases/{case}/interventions",
            {
                "service_code": "ukendt",
                "provider_id": "{provider}",
                "scope_amount": 2,
                "period_start": str(TODAY),
            },
        ),
        (
            "/cases/{case}/interventions",
            {
                "service_code": "x",
                "provider_id": "ikke-et-id",
                "scope_amount": -1,
                "period_start": "i går",
            },
        ),
    ],
)
def test_other_bad_inputs_get_422_problem_json_and_change_nothing(
    path: str, body: dict[str, Any], client: TestClient, world: World, db: Database
) -> None:
    ids = {"citizen": world.mette_id, "case": world.mette_case_id, "provider": world.provider_id}
    url = "/api/v1" + path.format(**ids)
    body = {k: v.format(**ids) if isinstance(v, str) else v for k, v in body.items()}
    with db.sessions() as session:
        before = row_counts(session)
    answer = client.post(url, json=body, headers=world.auth("anna"))
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["errors"][0]["message"]
    with db.sessions() as session:
        after = row_counts(session)
    assert {k: v for k, v in after.items() if k != "audit_event"} == {
        k: v for k, v in before.items() if k != "audit_event"
    }
    assert after["audit_event"] == before["audit_event"]


def test_malformed_json_is_refused_in_danish(client: TestClient, world: World) -> None:
    answer = client.post(
        "/api/v1/cases",
        content=b"{not json",
        headers=world.auth("anna") | {"content-type": "application/json"},
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["message"] == "Indholdet er ikke gyldig JSON."


def test_an_unknown_route_answers_problem_json(client: TestClient, world: World) -> None:
    answer = client.get("/api/v1/findes-ikke", headers=world.auth("anna"))
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_invisible_control_characters_are_refused_before_they_reach_the_database(
    client: TestClient, world: World, db: Database
) -> None:
    with db.sessions() as session:
        before = row_counts(session)
    answer = client.post(
        f"/api/v1/cases/{world.mette_case_id}/notes",
        json={"title": "Samtale", "body": "Tekst med \u0000 NUL-tegn"},
        headers=world.auth("anna"),
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["message"] == "Teksten indeholder usynlige kontroltegn."
    with db.sessions() as session:
        assert row_counts(session) == before
