# SPDX-License-Identifier: MPL-2.0
"""Need-to-know through the API: Anna's team sees Mette, Carl's team does not, nobody else does."""

from fastapi.testclient import TestClient
from sqlalchemy import select

from samskab.audit.models import AuditEvent, Outcome
from samskab.core.db import Database
from tests.builders import METTE_CPR, World


def test_a_caseworker_on_the_team_can_read_the_citizen(client: TestClient, world: World) -> None:
    answer = client.get(f"/api/v1/citizens/{world.mette_id}", headers=world.auth("anna"))
    assert answer.status_code == 200
    assert answer.json()["first_name"] == "Mette"
    assert answer.json()["cpr_masked"] == "070292-xxxx"
    assert METTE_CPR[6:] not in answer.text


def test_the_team_lead_of_the_team_can_read_the_case(client: TestClient, world: World) -> None:
    answer = client.get(f"/api/v1/cases/{world.mette_case_id}", headers=world.auth("bo"))
    assert answer.status_code == 200


def test_a_caseworker_in_another_team_gets_404_and_the_refusal_is_audited(
    client: TestClient, world: World, db: Database
) -> None:
    answer = client.get(f"/api/v1/citizens/{world.mette_id}", headers=world.auth("carl"))
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["code"] == "not_found"
    with db.sessions() as session:
        refusals = session.scalars(
            select(AuditEvent).where(
                AuditEvent.actor_id == world.carl.user_id,
                AuditEvent.citizen_id == world.mette_id,
            )
        ).all()
    assert [(e.action, e.outcome) for e in refusals] == [("citizen.read", Outcome.DENIED)]


def test_another_team_cannot_open_the_case_or_find_the_citizen_by_cpr(
    client: TestClient, world: World
) -> None:
    case = client.get(f"/api/v1/cases/{world.mette_case_id}", headers=world.auth("carl"))
    found = client.post(
        "/api/v1/citizens/lookup", json={"cpr": METTE_CPR}, headers=world.auth("carl")
    )
    plan = client.get(f"/api/v1/citizens/{world.mette_id}/plan", headers=world.auth("carl"))
    assert (case.status_code, found.status_code, plan.status_code) == (404, 404, 404)


def test_a_record_that_does_not_exist_and_one_that_is_hidden_answer_alike(
    client: TestClient, world: World
) -> None:
    hidden = client.get(f"/api/v1/cases/{world.mette_case_id}", headers=world.auth("carl"))
    missing = client.get(
        "/api/v1/cases/00000000-0000-4000-8000-000000000000", headers=world.auth("carl")
    )
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_an_admin_sees_no_citizen_data(client: TestClient, world: World) -> None:
    answer = client.get(f"/api/v1/citizens/{world.mette_id}", headers=world.auth("gorm"))
    listing = client.get("/api/v1/cases?scope=team", headers=world.auth("gorm"))
    assert answer.status_code == 404
    assert listing.status_code == 200
    assert listing.json()["items"] == []


def test_carls_case_list_does_not_contain_annas_citizens(client: TestClient, world: World) -> None:
    carl = client.get("/api/v1/cases?scope=team", headers=world.auth("carl")).json()
    anna = client.get("/api/v1/cases?scope=mine", headers=world.auth("anna")).json()
    assert carl["total"] == 0
    assert [c["citizen_name"] for c in anna["items"]] == ["Mette Sørensen"]


def test_a_request_without_a_token_is_refused(client: TestClient, world: World) -> None:
    answer = client.get(f"/api/v1/citizens/{world.mette_id}")
    wrong = client.get(
        f"/api/v1/citizens/{world.mette_id}", headers={"Authorization": "Bearer smk_not-a-token"}
    )
    assert answer.status_code == wrong.status_code == 401
    assert answer.json()["code"] == "unauthenticated"


def test_handing_the_case_to_another_team_moves_the_access_with_it(
    client: TestClient, world: World
) -> None:
    moved = client.put(
        f"/api/v1/cases/{world.mette_case_id}/assignment",
        json={"team_id": str(world.team_syd), "caseworker_id": str(world.carl.user_id)},
        headers=world.auth("anna"),
    )
    assert moved.status_code == 200
    carl = client.get(f"/api/v1/citizens/{world.mette_id}", headers=world.auth("carl"))
    anna = client.get(f"/api/v1/citizens/{world.mette_id}", headers=world.auth("anna"))
    assert (carl.status_code, anna.status_code) == (200, 404)
