# SPDX-License-Identifier: MPL-2.0
"""A write whose answer was lost can be retried safely: the same Idempotency-Key with the same
body gets the first answer and creates nothing twice; the same key with another body is
refused in Danish; keys are per user."""

from datetime import timedelta

import sqlalchemy as sa
from fastapi.testclient import TestClient
from httpx import Response

from samskab.core import clock
from samskab.core.db import Database
from samskab.core.idempotency import IdempotentAnswer
from samskab.interventions.models import Intervention
from samskab.journal.models import Note
from samskab.plans.models import Goal
from samskab.terminology.services import service_type
from tests.builders import World, citizen_in, grant_by_api, make_care_case

NOTE = {"title": "Telefon", "body": "Mette ringede om sin uge."}


def _count(db: Database, model: type) -> int:
    with db.sessions() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


def _note(client: TestClient, world: World, who: str, key: str, body: dict[str, str]) -> Response:
    return client.post(
        f"/api/v1/cases/{world.mette_case_id}/notes",
        headers=world.auth(who) | {"Idempotency-Key": key},
        json=body,
    )


def test_a_retried_note_gets_the_first_answer_and_is_written_once(
    client: TestClient, world: World, db: Database
) -> None:
    before = _count(db, Note)
    first = _note(client, world, "anna", "note-1", NOTE)
    again = _note(client, world, "anna", "note-1", NOTE)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert _count(db, Note) == before + 1


def test_the_same_key_with_another_body_is_refused_in_danish_and_writes_nothing(
    client: TestClient, world: World, db: Database
) -> None:
    _note(client, world, "anna", "note-2", NOTE)
    before = _count(db, Note)
    other = _note(client, world, "anna", "note-2", NOTE | {"body": "Noget helt andet."})
    assert other.status_code == 422
    problem = other.json()
    assert problem["code"] == "idempotency_key_reused"
    assert "allerede brugt til en anden forespørgsel" in problem["detail"]
    assert _count(db, Note) == before


def test_keys_are_per_user(client: TestClient, world: World, db: Database) -> None:
    before = _count(db, Note)
    _note(client, world, "anna", "shared", NOTE)
    bo = _note(client, world, "bo", "shared", NOTE | {"body": "Bos eget notat."})
    assert bo.status_code == 201
    assert _count(db, Note) == before + 2


def test_a_retried_goal_and_case_are_created_once(
    client: TestClient, world: World, db: Database
) -> None:
    goal = {"citizen_words": "Jeg vil åbne min post.", "goal_type": "udvikle"}
    url = f"/api/v1/citizens/{world.mette_id}/plan/goals"
    headers = world.auth("anna") | {"Idempotency-Key": "goal-1"}
    first = client.post(url, headers=headers, json=goal)
    again = client.post(url, headers=headers, json=goal)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert _count(db, Goal) == 1
    inquiry = {
        "citizen": citizen_in("0101801234", first_name="Ib").model_dump(mode="json"),
        "service_type": "SEL-85",
        "received_on": clock.today().isoformat(),
    }
    headers = world.auth("carl") | {"Idempotency-Key": "case-1"}
    opened = client.post("/api/v1/cases", headers=headers, json=inquiry)
    retried = client.post("/api/v1/cases", headers=headers, json=inquiry)
    assert opened.status_code == retried.status_code == 201, opened.text
    assert opened.json()["id"] == retried.json()["id"]


def test_a_refused_write_leaves_its_key_unused(
    client: TestClient, world: World, db: Database
) -> None:
    refused = _note(client, world, "carl", "carl-1", NOTE)  # Carl cannot see Mette
    assert refused.status_code == 404
    assert _count(db, IdempotentAnswer) == 0


def test_an_expired_key_is_forgotten(client: TestClient, world: World, db: Database) -> None:
    _note(client, world, "anna", "old", NOTE)
    with db.unit_of_work() as session:
        session.execute(
            sa.update(IdempotentAnswer).values(expires_at=clock.now() - timedelta(minutes=1))
        )
    before = _count(db, Note)
    assert _note(client, world, "anna", "old", NOTE).status_code == 201
    assert _count(db, Note) == before + 1


def test_a_retried_order_is_placed_once(client: TestClient, world: World, db: Database) -> None:
    case_id = make_care_case(db, world, "SEL-83")
    grant_by_api(client, world, case_id, granted_amount=3)
    cleaning = next(
        c.code for c in service_type("SEL-83").intervention_codes() if c.display == "Rengøring"
    )
    body = {
        "service_code": cleaning,
        "provider_id": str(world.provider_id),
        "scope_amount": 2,
        "period_start": str(clock.today()),
        "provider_choice": "borgerens_valg",
    }
    url = f"/api/v1/cases/{case_id}/interventions"
    headers = world.auth("anna") | {"Idempotency-Key": "order-1"}
    first = client.post(url, headers=headers, json=body)
    again = client.post(url, headers=headers, json=body)
    assert first.status_code == again.status_code == 201, first.text
    assert first.json()["id"] == again.json()["id"]
    assert _count(db, Intervention) == 1
