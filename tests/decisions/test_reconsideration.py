# SPDX-License-Identifier: MPL-2.0
"""Genvurdering: full, partial or no medhold, each with reasons and a letter to the citizen."""

import pytest
from fastapi.testclient import TestClient

from samskab.core import clock
from tests.builders import World
from tests.decisions.helpers import draft, long_date, pdf_text, ready_for_decision

APPEAL = "Jeg har brug for hjælp til indkøb, ikke kun til post."
REASON = "Vi giver dig ret i, at du ikke kan handle ind alene, men ikke i behovet for rengøring."


def _appealed(client: TestClient, world: World) -> str:
    anna = world.auth("anna")
    ready_for_decision(client, world, world.mette_case_id)
    decision = draft(client, world, world.mette_case_id, outcome="bevilget", granted="2 timer.")
    client.post(f"/api/v1/decisions/{decision['id']}/send", json={}, headers=anna)
    appealed = client.post(
        f"/api/v1/decisions/{decision['id']}/appeal",
        json={"appealed_on": str(clock.today()), "text": APPEAL},
        headers=anna,
    )
    assert appealed.status_code == 200, appealed.text
    return str(decision["id"])


def _reconsider(client: TestClient, world: World, decision_id: str, medhold: str) -> None:
    done = client.post(
        f"/api/v1/decisions/{decision_id}/reconsideration",
        json={"outcome": medhold, "note": REASON},
        headers=world.auth("anna"),
    )
    assert done.status_code == 200, done.text


def test_partial_medhold_gives_a_letter_with_reasons_and_sends_the_rest_to_ankestyrelsen(
    client: TestClient, world: World
) -> None:
    decision_id = _appealed(client, world)
    _reconsider(client, world, decision_id, "delvist")
    letter = pdf_text(client, world, f"/api/v1/decisions/{decision_id}/reconsideration-letter.pdf")
    assert "delvist medhold" in letter and APPEAL in letter and REASON in letter
    assert "har vi sendt videre til Ankestyrelsen" in letter
    forwarding = pdf_text(client, world, f"/api/v1/decisions/{decision_id}/forwarding-letter.pdf")
    assert "Din klage er sendt til Ankestyrelsen" in forwarding
    assert f"Ankestyrelsen den {long_date(clock.today())}" in forwarding
    notes = client.get(
        f"/api/v1/cases/{world.mette_case_id}/notes", headers=world.auth("anna")
    ).json()
    titles = [n["title"] for n in notes]
    assert "Genvurdering: delvist medhold" in titles and "Klagen sendt til Ankestyrelsen" in titles
    assert any(APPEAL in n["body"] for n in notes) and any(REASON in n["body"] for n in notes)


def test_full_medhold_gives_a_letter_and_nothing_is_forwarded(
    client: TestClient, world: World
) -> None:
    decision_id = _appealed(client, world)
    _reconsider(client, world, decision_id, "fuldt")
    letter = pdf_text(client, world, f"/api/v1/decisions/{decision_id}/reconsideration-letter.pdf")
    assert "fuldt medhold" in letter and REASON in letter and "Ankestyrelsen" not in letter
    refused = client.get(
        f"/api/v1/decisions/{decision_id}/forwarding-letter.pdf", headers=world.auth("anna")
    )
    assert refused.status_code == 422


@pytest.mark.parametrize("medhold", ["intet", "delvist"])
def test_the_decision_page_shows_the_appeal_text_and_the_reconsideration_reasons(
    medhold: str, client: TestClient, world: World
) -> None:
    decision_id = _appealed(client, world)
    client.post("/login/demo", data={"username": "anna"})
    before = client.get(f"/sager/{world.mette_case_id}/afgoerelse").text
    assert APPEAL in before and 'value="delvist"' in before
    _reconsider(client, world, decision_id, medhold)
    page = client.get(f"/sager/{world.mette_case_id}/afgoerelse").text
    assert APPEAL in page and REASON in page
    assert f"/afgoerelser/{decision_id}/oversendelse.pdf" in page
    answer = client.get(f"/afgoerelser/{decision_id}/genvurdering.pdf")
    assert answer.headers["content-type"] == "application/pdf"
