# SPDX-License-Identifier: MPL-2.0
"""The plan: goals in the citizen's words, SEL § 141 fields, and the plan as a PDF."""

import io

from fastapi.testclient import TestClient
from pypdf import PdfReader

from tests.builders import World


def test_the_plan_pdf_puts_the_citizens_words_first(client: TestClient, world: World) -> None:
    anna = world.auth("anna")
    client.post(
        f"/api/v1/citizens/{world.mette_id}/plan/goals",
        headers=anna,
        json={
            "citizen_words": "Jeg vil kunne åbne min post selv.",
            "goal_type": "udvikle",
            "professional_wording": "Mette får overblik over sin økonomi.",
        },
    )
    fields = client.put(
        f"/api/v1/citizens/{world.mette_id}/plan",
        headers=anna,
        json={
            "version": 1,
            "purpose": "At Mette kan blive i sin lejlighed.",
            "expected_duration": "6 måneder",
        },
    )
    assert fields.status_code == 200 and fields.json()["expected_duration"] == "6 måneder"
    answer = client.get(f"/api/v1/citizens/{world.mette_id}/plan.pdf", headers=anna)
    assert answer.headers["content-type"] == "application/pdf"
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages).split()
    )
    assert text.index("Jeg vil kunne åbne min post selv.") < text.index(
        "Mette får overblik over sin økonomi."
    )
    assert "At Mette kan blive i sin lejlighed." in text and "6 måneder" in text
    assert "§ 141" in text


def test_another_team_cannot_fetch_the_plan(client: TestClient, world: World) -> None:
    answer = client.get(f"/api/v1/citizens/{world.mette_id}/plan.pdf", headers=world.auth("carl"))
    assert answer.status_code == 404
