# SPDX-License-Identifier: MPL-2.0
"""RSL § 3 deadline letters and the municipality's quality standards."""

import io
from datetime import timedelta

from fastapi.testclient import TestClient
from pypdf import PdfReader

from samskab.core import clock
from tests.builders import World, ready_for_decision


def test_a_delay_letter_tells_the_citizen_the_new_date(client: TestClient, world: World) -> None:
    anna = world.auth("anna")
    new_date = clock.today() + timedelta(days=70)
    too_soon = client.post(
        f"/api/v1/cases/{world.mette_case_id}/delay",
        headers=anna,
        json={
            "expected_on": str(clock.today() + timedelta(days=5)),
            "reason": "Mangler lægeerklæring.",
        },
    )
    assert too_soon.status_code == 422
    answer = client.post(
        f"/api/v1/cases/{world.mette_case_id}/delay",
        headers=anna,
        json={"expected_on": str(new_date), "reason": "Vi venter på en lægeerklæring."},
    )
    assert answer.status_code == 200
    client.post("/login/demo", data={"username": "anna"})
    letter = client.get(f"/sager/{world.mette_case_id}/fristbrev.pdf")
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.content)).pages).split()
    )
    assert f"senest den {new_date.day}." in text and str(new_date.year) in text
    assert "Vi venter på en lægeerklæring." in text and "§ 3" in text


def test_only_a_team_lead_may_change_a_quality_standard(client: TestClient, world: World) -> None:
    body = {
        "service_level": "1-5 timer om ugen.",
        "goals": "Mere selvhjulpen.",
        "time_frame": "6 måneder",
    }
    refused = client.put("/api/v1/quality-standards/SEL-85", json=body, headers=world.auth("anna"))
    saved = client.put("/api/v1/quality-standards/SEL-85", json=body, headers=world.auth("bo"))
    unknown = client.put("/api/v1/quality-standards/SEL-999", json=body, headers=world.auth("bo"))
    assert (refused.status_code, saved.status_code, unknown.status_code) == (403, 200, 422)
    listed = client.get("/api/v1/quality-standards", headers=world.auth("anna")).json()
    assert listed == [
        {
            "service_type": "SEL-85",
            "edition": 1,
            "version": 1,
            "valid_from": str(clock.today()),
            **body,
        }
    ]


def test_the_decision_page_refers_to_the_quality_standard(client: TestClient, world: World) -> None:
    client.put(
        "/api/v1/quality-standards/SEL-85",
        headers=world.auth("bo"),
        json={"service_level": "Støtte 1-5 timer om ugen i eget hjem.", "time_frame": "6 måneder"},
    )
    ready_for_decision(client, world)
    client.post("/login/demo", data={"username": "anna"})
    page = client.get(f"/sager/{world.mette_case_id}/afgoerelse")
    assert (
        "Kvalitetsstandard:" in page.text and "Støtte 1-5 timer om ugen i eget hjem." in page.text
    )
