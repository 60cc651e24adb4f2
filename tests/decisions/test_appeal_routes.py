# SPDX-License-Identifier: MPL-2.0
"""Each law has its own appeal route: letters, deadlines and the appeal flow follow it."""

import html
import uuid
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from samskab.core import clock
from samskab.core.calendar import deadline_after
from samskab.core.db import Database
from samskab.decisions.models import Decision
from samskab.terminology.appeals import AppealBody, route_record
from samskab.terminology.services import CATALOGUE, service_type
from tests.builders import World
from tests.decisions.helpers import (
    draft,
    long_date,
    open_case_under,
    pdf_text,
    ready_for_decision,
)


def test_every_paragraph_in_the_catalogue_has_an_appeal_route() -> None:
    for service in CATALOGUE:
        route = service.appeal
        assert route.deadline_weeks == 4 and route.procedure and route.source
    assert service_type("SEL-85").appeal.body == AppealBody.ANKESTYRELSEN
    assert service_type("SEL-85").appeal.reconsideration_weeks == 4
    for key in ("SUL-138", "SUL-140"):
        assert service_type(key).appeal.body == AppealBody.PATIENTKLAGER
        assert service_type(key).appeal.reconsideration_weeks is None


def _send_grant(client: TestClient, world: World, case_id: str) -> dict[str, str]:
    ready_for_decision(client, world, case_id)
    decision = draft(client, world, case_id, outcome="bevilget", granted="Besøg to gange om ugen.")
    sent = client.post(
        f"/api/v1/decisions/{decision['id']}/send",
        json={"channel": "digital_post"},
        headers=world.auth("anna"),
    )
    assert sent.status_code == 200, sent.text
    body: dict[str, str] = sent.json()
    return body


def test_a_section_85_letter_sends_the_appeal_to_the_municipality_then_ankestyrelsen(
    client: TestClient, world: World
) -> None:
    sent = _send_grant(client, world, str(world.mette_case_id))
    appeal_by = deadline_after(clock.today(), 28)
    assert sent["appeal_deadline"] == str(appeal_by)
    text = pdf_text(client, world, f"/api/v1/decisions/{sent['id']}/letter.pdf")
    assert f"senest den {long_date(appeal_by)}" in text
    assert "Team Voksen Nord, Aalborg Kommune" in text
    assert "Vi ser på sagen igen inden for 4 uger" in text and "Ankestyrelsen" in text
    assert "retssikkerhedsloven §§ 66–67" in text
    assert "Patientklager" not in text


@pytest.mark.parametrize("key", ["SUL-138", "SUL-140"])
def test_a_health_act_letter_sends_the_appeal_to_styrelsen_for_patientklager_not_ankestyrelsen(
    key: str, client: TestClient, world: World, db: Database
) -> None:
    case_id = open_case_under(db, world, key)
    sent = _send_grant(client, world, case_id)
    appeal_by = deadline_after(clock.today(), 28)
    assert sent["appeal_deadline"] == str(appeal_by)
    text = pdf_text(client, world, f"/api/v1/decisions/{sent['id']}/letter.pdf")
    assert f"Sundhedsloven § {key.removeprefix('SUL-')}" in text
    assert "Du klager til Styrelsen for Patientklager" in text and "borger.dk" in text
    assert f"senest den {long_date(appeal_by)}" in text
    assert "Ankestyrelsen" not in text and "retssikkerhedsloven" not in text


def test_an_appeal_under_the_health_act_is_sent_on_without_a_reconsideration_period(
    client: TestClient, world: World, db: Database
) -> None:
    case_id = open_case_under(db, world, "SUL-138")
    sent = _send_grant(client, world, case_id)
    appealed = client.post(
        f"/api/v1/decisions/{sent['id']}/appeal",
        json={"appealed_on": str(clock.today()), "text": "Jeg vil have besøg hver dag."},
        headers=world.auth("anna"),
    ).json()
    assert appealed["status"] == "appealed" and appealed["reconsideration_deadline"] is None
    client.post("/login/demo", data={"username": "anna"})
    page = client.get(f"/sager/{case_id}/afgoerelse")
    assert "Klageinstans: Styrelsen for Patientklager" in page.text
    assert "Ankestyrelsen" not in page.text


def test_an_appeal_under_serviceloven_is_reconsidered_within_four_weeks(
    client: TestClient, world: World
) -> None:
    sent = _send_grant(client, world, str(world.mette_case_id))
    appealed = client.post(
        f"/api/v1/decisions/{sent['id']}/appeal",
        json={"appealed_on": str(clock.today()), "text": "Jeg har brug for flere timer."},
        headers=world.auth("anna"),
    ).json()
    assert appealed["reconsideration_deadline"] == str(deadline_after(clock.today(), 28))
    client.post("/login/demo", data={"username": "anna"})
    page = client.get(f"/sager/{world.mette_case_id}/afgoerelse")
    assert "Klageinstans: Ankestyrelsen" in page.text
    assert "klagen sendes til Ankestyrelsen" in page.text


def test_a_sent_decision_keeps_the_appeal_route_its_letter_stated_when_the_catalogue_changes(
    client: TestClient, world: World, db: Database
) -> None:
    sent = _send_grant(client, world, str(world.mette_case_id))
    with db.unit_of_work() as session:
        decision = session.get_one(Decision, uuid.UUID(sent["id"]))
        assert decision.appeal_route == route_record(service_type("SEL-85").appeal)
        # As if the catalogue had said something else on the day the letter went out.
        decision.appeal_route = route_record(
            replace(
                service_type("SEL-85").appeal,
                procedure="Den dengang gældende fremgangsmåde.",
                source="Den dengang gældende kilde.",
            )
        )
    text = pdf_text(client, world, f"/api/v1/decisions/{sent['id']}/letter.pdf")
    assert "Den dengang gældende fremgangsmåde." in text
    assert "Vi ser på sagen igen inden for 4 uger" not in text
    client.post("/login/demo", data={"username": "anna"})
    page = html.unescape(client.get(f"/sager/{world.mette_case_id}/afgoerelse").text)
    assert "Som brevet oplyste: Den dengang gældende kilde." in page
    assert "Klageinstans: Ankestyrelsen. Klagefrist 4 uger fra modtagelsen." in page


def test_a_draft_has_no_stored_route_until_it_is_sent(
    client: TestClient, world: World, db: Database
) -> None:
    ready_for_decision(client, world, world.mette_case_id)
    decision = draft(client, world, world.mette_case_id, outcome="bevilget", granted="2 timer.")
    with db.sessions() as session:
        assert session.get_one(Decision, uuid.UUID(decision["id"])).appeal_route is None
