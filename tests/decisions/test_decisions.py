# SPDX-License-Identifier: MPL-2.0
"""Decisions follow forvaltningsloven: reasons, hearing, appeal guidance with the right date."""

import io
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from samskab.core import clock
from samskab.core.calendar import deadline_after
from tests.builders import World, ready_for_decision


def _ready_for_decision(client: TestClient, world: World) -> None:
    ready_for_decision(client, world)


def _pdf_text(client: TestClient, world: World, decision_id: str) -> str:
    answer = client.get(f"/api/v1/decisions/{decision_id}/letter.pdf", headers=world.auth("anna"))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages)
    return " ".join(text.split())


def test_a_refusal_cannot_be_sent_without_reasons_and_a_hearing(
    client: TestClient, world: World
) -> None:
    _ready_for_decision(client, world)
    anna = world.auth("anna")
    draft = client.put(
        f"/api/v1/cases/{world.mette_case_id}/decision-draft",
        json={"outcome": "afslag"},
        headers=anna,
    ).json()
    refused = client.post(f"/api/v1/decisions/{draft['id']}/send", json={}, headers=anna)
    assert refused.status_code == 422
    missing = refused.json()["detail"]
    assert "hovedhensyn" in missing and "faktiske oplysninger" in missing
    assert "Partshøring" in missing
    case = client.get(f"/api/v1/cases/{world.mette_case_id}", headers=anna).json()
    assert case["status"] == "decision"


def test_a_partial_grant_is_heard_decided_and_the_letter_states_basis_reasons_and_appeal_date(
    client: TestClient, world: World
) -> None:
    _ready_for_decision(client, world)
    anna = world.auth("anna")
    draft = client.put(
        f"/api/v1/cases/{world.mette_case_id}/decision-draft",
        json={
            "outcome": "delvist_bevilget",
            "granted": "Du får socialpædagogisk støtte 3 timer om ugen i 6 måneder.",
            "considerations": "Du har brug for støtte til økonomi og post, men ikke til indkøb.",
            "facts": "Samtale den 28. juli og oplysninger fra jobcentret.",
        },
        headers=anna,
    ).json()
    hearing = client.post(
        f"/api/v1/decisions/{draft['id']}/hearing",
        json={
            "text": "Jobcentret oplyser, at du deltager i et forløb to dage om ugen.",
            "days": 14,
        },
        headers=anna,
    )
    assert hearing.json()["hearing_deadline"] == str(deadline_after(clock.today(), 14))
    too_early = client.post(f"/api/v1/decisions/{draft['id']}/send", json={}, headers=anna)
    assert too_early.status_code == 422 and "partshøringen" in too_early.json()["detail"]
    answered = client.post(
        f"/api/v1/decisions/{draft['id']}/hearing-answer",
        json={"answer": "Jeg er enig.", "answered_on": str(clock.today())},
        headers=anna,
    ).json()
    client.put(
        f"/api/v1/cases/{world.mette_case_id}/decision-draft",
        json={
            "outcome": "delvist_bevilget",
            "granted": "Du får socialpædagogisk støtte 3 timer om ugen i 6 måneder.",
            "considerations": "Du har brug for støtte til økonomi og post, men ikke til indkøb.",
            "facts": "Samtale den 28. juli og oplysninger fra jobcentret.",
            "hearing_weighing": "Du er enig, så svaret ændrer ikke vurderingen.",
            "version": answered["version"],
        },
        headers=anna,
    )
    sent = client.post(
        f"/api/v1/decisions/{draft['id']}/send", json={"channel": "digital_post"}, headers=anna
    ).json()
    appeal_by = deadline_after(clock.today(), 28)
    assert sent["status"] == "received" and sent["appeal_deadline"] == str(appeal_by)
    case = client.get(f"/api/v1/cases/{world.mette_case_id}", headers=anna).json()
    assert case["status"] == "active"
    text = _pdf_text(client, world, draft["id"])
    assert "Serviceloven § 85" in text and "Efter serviceloven § 85" in text
    assert "Du har brug for støtte til økonomi og post" in text
    assert "Samtale den 28. juli" in text
    months = [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ]
    assert f"senest den {appeal_by.day}. {months[appeal_by.month - 1]} {appeal_by.year}" in text
    assert "Ankestyrelsen" in text


@pytest.mark.parametrize(
    ("medhold", "status"), [("fuldt", "changed"), ("delvist", "forwarded"), ("intet", "forwarded")]
)
def test_an_appeal_starts_a_four_week_reconsideration_then_changes_or_forwards(
    medhold: str, status: str, client: TestClient, world: World
) -> None:
    _ready_for_decision(client, world)
    anna = world.auth("anna")
    draft = client.put(
        f"/api/v1/cases/{world.mette_case_id}/decision-draft",
        json={"outcome": "bevilget", "granted": "Støtte 4 timer om ugen."},
        headers=anna,
    ).json()
    client.post(f"/api/v1/decisions/{draft['id']}/send", json={"channel": "brev"}, headers=anna)
    received = client.post(
        f"/api/v1/decisions/{draft['id']}/received",
        json={"received_on": str(clock.today())},
        headers=anna,
    ).json()
    assert received["appeal_deadline"] == str(deadline_after(clock.today(), 28))
    appealed = client.post(
        f"/api/v1/decisions/{draft['id']}/appeal",
        json={"appealed_on": str(clock.today()), "text": "Jeg har brug for flere timer."},
        headers=anna,
    ).json()
    assert appealed["reconsideration_deadline"] == str(deadline_after(clock.today(), 28))
    done = client.post(
        f"/api/v1/decisions/{draft['id']}/reconsideration",
        json={"outcome": medhold, "note": "Vurderet igen."},
        headers=anna,
    ).json()
    assert done["status"] == status and done["reconsideration_outcome"] == medhold
    again = client.post(
        f"/api/v1/decisions/{draft['id']}/reconsideration",
        json={"outcome": "fuldt", "note": "x"},
        headers=anna,
    )
    assert again.status_code == 422 and again.json()["code"] == "illegal_transition"


def test_a_letter_cannot_be_received_before_it_was_sent(client: TestClient, world: World) -> None:
    _ready_for_decision(client, world)
    anna = world.auth("anna")
    draft = client.put(
        f"/api/v1/cases/{world.mette_case_id}/decision-draft",
        json={"outcome": "bevilget", "granted": "Støtte."},
        headers=anna,
    ).json()
    client.post(f"/api/v1/decisions/{draft['id']}/send", json={"channel": "brev"}, headers=anna)
    early = client.post(
        f"/api/v1/decisions/{draft['id']}/received",
        json={"received_on": str(clock.today() - timedelta(days=3))},
        headers=anna,
    )
    assert early.status_code == 422


def test_another_team_cannot_read_the_letter(client: TestClient, world: World) -> None:
    _ready_for_decision(client, world)
    draft = client.put(
        f"/api/v1/cases/{world.mette_case_id}/decision-draft",
        json={"outcome": "bevilget", "granted": "Støtte."},
        headers=world.auth("anna"),
    ).json()
    letter = client.get(f"/api/v1/decisions/{draft['id']}/letter.pdf", headers=world.auth("carl"))
    assert letter.status_code == 404
