# SPDX-License-Identifier: MPL-2.0
"""Quality standards are versioned: decisions and orders keep the version in force then."""

import io
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import select

from samskab.cases.actions import set_quality_standard
from samskab.cases.models import QualityStandard
from samskab.cases.queries import quality_standards
from samskab.cases.schemas import QualityStandardIn
from samskab.core import clock
from samskab.core.db import Database
from samskab.core.errors import InvalidInput
from samskab.terminology.services import service_type
from tests.builders import World, grant_by_api


def _publish(
    client: TestClient, world: World, level: str, based_on: int | None = None, **extra: str
) -> dict[str, object]:
    answer = client.put(
        "/api/v1/quality-standards/SEL-85",
        headers=world.auth("bo"),
        json={"service_level": level, "time_frame": "6 måneder", "version": based_on} | extra,
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def test_editing_a_standard_publishes_a_new_version_and_keeps_the_old(
    client: TestClient, world: World, db: Database
) -> None:
    first = _publish(client, world, "1-5 timer om ugen.")
    second = _publish(client, world, "1-3 timer om ugen.", based_on=1)
    assert (first["edition"], second["edition"]) == (1, 2)
    with db.sessions() as session:
        levels = session.scalars(
            select(QualityStandard.service_level).order_by(QualityStandard.edition)
        ).all()
        assert levels == ["1-5 timer om ugen.", "1-3 timer om ugen."]
        assert quality_standards(session, "0851")["SEL-85"].edition == 2


def test_a_version_valid_from_a_later_day_is_not_in_force_before_then(
    client: TestClient, world: World, db: Database
) -> None:
    _publish(client, world, "1-5 timer om ugen.")
    later = clock.today() + timedelta(days=30)
    _publish(client, world, "1-3 timer om ugen.", based_on=1, valid_from=str(later))
    with db.sessions() as session:
        assert quality_standards(session, "0851")["SEL-85"].edition == 1
        assert quality_standards(session, "0851", later)["SEL-85"].edition == 2
    listed = client.get("/api/v1/quality-standards", headers=world.auth("anna")).json()
    assert [s["service_level"] for s in listed] == ["1-5 timer om ugen."]


def test_a_new_version_cannot_apply_from_the_past(db: Database, world: World) -> None:
    with (
        db.unit_of_work() as session,
        pytest.raises(InvalidInput, match="tidligst gælde fra i dag"),
    ):
        set_quality_standard(
            session,
            world.bo,
            "SEL-85",
            QualityStandardIn(service_level="x", valid_from=clock.today() - timedelta(days=1)),
        )


def test_a_sent_decision_and_an_order_keep_the_version_in_force_when_they_were_made(
    client: TestClient, world: World
) -> None:
    _publish(client, world, "Støtte 1-5 timer om ugen i eget hjem.")
    decision_id = grant_by_api(client, world, world.mette_case_id, granted_amount=3)
    code = service_type("SEL-85").intervention_codes()[0].code
    ordered = client.post(
        f"/api/v1/cases/{world.mette_case_id}/interventions",
        headers=world.auth("anna"),
        json={
            "service_code": code,
            "provider_id": str(world.provider_id),
            "scope_amount": 3,
            "period_start": str(clock.today()),
        },
    )
    assert ordered.status_code == 201
    _publish(client, world, "Støtte højst 2 timer om ugen.", based_on=1)
    anna = world.auth("anna")
    decisions = client.get(f"/api/v1/cases/{world.mette_case_id}/decisions", headers=anna).json()
    assert decisions[0]["id"] == decision_id
    assert decisions[0]["quality_standard_id"] == ordered.json()["quality_standard_id"] is not None
    client.post("/login/demo", data={"username": "anna"})
    decision_page = client.get(f"/sager/{world.mette_case_id}/afgoerelse").text
    assert "Kvalitetsstandard version 1, gældende fra" in decision_page
    order_page = client.get(f"/sager/{world.mette_case_id}/bestilling").text
    assert "Kvalitetsstandard version 1, gældende fra" in order_page
    # The current standard (version 2) is what new work is measured against.
    assert "Støtte højst 2 timer om ugen." in order_page
    letter = client.get(f"/api/v1/decisions/{decision_id}/letter.pdf", headers=world.auth("anna"))
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.content)).pages).split()
    )
    assert "kvalitetsstandard, version 1" in text
    assert "Støtte 1-5 timer om ugen i eget hjem." in text
    assert "højst 2 timer" not in text


def test_the_standards_page_shows_the_version_and_asks_from_when_a_new_one_applies(
    client: TestClient, world: World
) -> None:
    _publish(client, world, "1-5 timer om ugen.")
    _publish(client, world, "1-3 timer om ugen.", based_on=1)
    client.post("/login/demo", data={"username": "bo"})
    page = client.get("/kvalitetsstandarder").text
    assert "Version 2, gældende fra" in page and 'name="valid_from"' in page
    assert "Tidligere versioner" in page and "1-5 timer om ugen." in page
