# SPDX-License-Identifier: MPL-2.0
"""Partshøring (FVL § 19): no decision leaves while the hearing is open; the letter tells what
happened to it."""

import uuid
from datetime import timedelta

import httpx
from fastapi.testclient import TestClient

from samskab.core import clock
from samskab.core.db import Database
from samskab.decisions.models import Decision
from tests.builders import World
from tests.decisions.helpers import draft, long_date, pdf_text, ready_for_decision

REFUSAL = {
    "outcome": "afslag",
    "considerations": "Du klarer økonomi og indkøb selv med lidt hjælp fra din søster.",
    "facts": "Samtale den 3. november og din egen beskrivelse af en almindelig uge.",
}


def _heard(client: TestClient, world: World, **fields: object) -> dict[str, str]:
    ready_for_decision(client, world, world.mette_case_id)
    decision = draft(client, world, world.mette_case_id, **(REFUSAL | fields))
    hearing = client.post(
        f"/api/v1/decisions/{decision['id']}/hearing",
        json={"text": "Din søster hjælper dig med indkøb hver uge.", "days": 14},
        headers=world.auth("anna"),
    )
    assert hearing.status_code == 200, hearing.text
    body: dict[str, str] = hearing.json()
    return body


def _send(client: TestClient, world: World, decision_id: str) -> httpx.Response:
    return client.post(
        f"/api/v1/decisions/{decision_id}/send",
        json={"channel": "digital_post"},
        headers=world.auth("anna"),
    )


def test_a_caseworker_cannot_send_even_a_grant_while_the_hearing_is_open(
    client: TestClient, world: World
) -> None:
    decision = _heard(client, world, outcome="bevilget", granted="Støtte 2 timer om ugen.")
    refused = _send(client, world, decision["id"])
    assert refused.status_code == 422
    assert "partshøringen" in refused.json()["detail"]
    case = client.get(f"/api/v1/cases/{world.mette_case_id}", headers=world.auth("anna"))
    assert case.json()["status"] == "decision"


def test_a_waived_hearing_lets_the_decision_go_and_the_letter_says_it_was_waived(
    client: TestClient, world: World
) -> None:
    decision = _heard(client, world)
    waived = client.post(
        f"/api/v1/decisions/{decision['id']}/hearing-waiver",
        json={"waived_on": str(clock.today())},
        headers=world.auth("anna"),
    )
    assert waived.status_code == 200 and waived.json()["hearing_waived_on"] == str(clock.today())
    assert _send(client, world, decision["id"]).status_code == 200
    text = pdf_text(client, world, f"/api/v1/decisions/{decision['id']}/letter.pdf")
    assert f"Du fortalte os den {long_date(clock.today())}, at du ikke ønskede" in text
    assert "Vi har ikke fået svar" not in text


def test_an_answer_must_be_weighed_and_the_letter_quotes_it_and_how_it_was_weighed(
    client: TestClient, world: World
) -> None:
    decision = _heard(client, world)
    answered = client.post(
        f"/api/v1/decisions/{decision['id']}/hearing-answer",
        json={"answer": "Min søster er flyttet til Odense.", "answered_on": str(clock.today())},
        headers=world.auth("anna"),
    ).json()
    unweighed = _send(client, world, decision["id"])
    assert unweighed.status_code == 422
    assert "hvordan borgerens svar" in unweighed.json()["detail"].lower()
    weighing = "Vi har lagt vægt på, at din søster ikke længere kan hjælpe, men det ændrer ikke…"
    draft(
        client,
        world,
        world.mette_case_id,
        **REFUSAL,
        hearing_weighing=weighing,
        version=answered["version"],
    )
    assert _send(client, world, decision["id"]).status_code == 200
    text = pdf_text(client, world, f"/api/v1/decisions/{decision['id']}/letter.pdf")
    assert "Min søster er flyttet til Odense." in text
    assert "Sådan har vi brugt dit svar: Vi har lagt vægt på, at din søster" in text
    assert "Vi har ikke fået svar" not in text
    client.post("/login/demo", data={"username": "anna"})
    page = client.get(f"/sager/{world.mette_case_id}/afgoerelse").text
    assert "Min søster er flyttet til Odense." in page and "Vi har lagt vægt på" in page


def test_after_the_deadline_without_an_answer_the_letter_says_no_answer_came(
    client: TestClient, world: World, db: Database
) -> None:
    decision = _heard(client, world)
    with db.unit_of_work() as session:
        row = session.get_one(Decision, uuid.UUID(decision["id"]))
        row.hearing_sent_on = clock.today() - timedelta(days=20)
        row.hearing_deadline = clock.today() - timedelta(days=6)
    assert _send(client, world, decision["id"]).status_code == 200
    text = pdf_text(client, world, f"/api/v1/decisions/{decision['id']}/letter.pdf")
    deadline = long_date(clock.today() - timedelta(days=6))
    assert f"inden den {deadline}. Vi har ikke fået svar fra dig inden fristen." in text
