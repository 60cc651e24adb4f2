# SPDX-License-Identifier: MPL-2.0
"""A full walk through the API: every read of personal data is audited, and no CPR leaks."""

import logging
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from samskab.audit.models import AuditEvent, Outcome
from samskab.core import clock
from samskab.core.db import Database
from samskab.terminology.codesystems import CodeSystemName, load
from tests.builders import METTE_CPR, World

NEW_CPR = "1503551238"  # 15 Mar 1955; fictitious


def _audit_count(db: Database) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


class Walker:
    """Calls the API as one persona, remembering every URL, and checks each read is audited."""

    def __init__(self, client: TestClient, db: Database, headers: dict[str, str]) -> None:
        self.client, self.db, self.headers = client, db, headers
        self.urls: list[str] = []
        self.reads = 0

    def call(self, method: str, url: str, status: int = 200, **kwargs: Any) -> Any:
        before = _audit_count(self.db)
        answer = self.client.request(method, url, headers=self.headers, **kwargs)
        self.urls.append(str(answer.request.url))
        assert answer.status_code == status, answer.text
        assert _audit_count(self.db) > before, f"{method} {url} left no audit event"
        if method == "GET":
            self.reads += 1
        return answer.json()


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Capture every log line, SQL statements and their parameters included.

    Requested before the database fixture, because a connection decides on creation whether
    it logs SQL.
    """
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    return caplog


def test_every_step_of_a_case_is_audited_and_no_cpr_appears_in_logs_or_urls(
    all_logs: pytest.LogCaptureFixture, client: TestClient, world: World, db: Database
) -> None:
    caplog = all_logs
    walk = Walker(client, db, world.auth("anna"))
    today = clock.today()
    case = walk.call(
        "POST",
        "/api/v1/cases",
        201,
        json={
            "citizen": {
                "cpr": NEW_CPR,
                "first_name": "Jens",
                "last_name": "Madsen",
                "postcode": "9000",
                "municipality_code": "0851",
            },
            "service_type": "SEL-85",
            "received_on": str(today - timedelta(days=3)),
            "inquiry_from": "pårørende",
            "inquiry_text": "Datteren ringer om sin far.",
        },
    )
    citizen_id, case_id = case["citizen_id"], case["id"]
    assert case["deadline_on"] == str(today - timedelta(days=3) + timedelta(weeks=8))
    walk.call("POST", "/api/v1/citizens/lookup", json={"cpr": NEW_CPR})
    walk.call("GET", f"/api/v1/citizens/{citizen_id}")
    walk.call("PATCH", f"/api/v1/citizens/{citizen_id}", json={"phone": "40506070", "version": 1})
    walk.call("GET", f"/api/v1/citizens/{citizen_id}/cases")
    walk.call("GET", "/api/v1/cases?scope=mine")
    walk.call("GET", f"/api/v1/cases/{case_id}")
    walk.call("POST", f"/api/v1/cases/{case_id}/transitions", json={"to": "assessment"})
    assessment = walk.call("POST", f"/api/v1/cases/{case_id}/assessment", 201)
    theme = load(CodeSystemName.FFB).find("Varetage økonomi").code
    walk.call("GET", f"/api/v1/cases/{case_id}/assessment/themes")
    entry = walk.call(
        "PUT",
        f"/api/v1/assessments/{assessment['id']}/themes/{theme}",
        json={
            "professional_level": 1,
            "professional_text": "Klarer økonomien med lidt hjælp.",
            "citizen_level": 3,
            "citizen_text": "Jeg kan slet ikke overskue mine regninger.",
            "support_need": "moderat",
        },
    )
    assert entry["levels_differ"] is True
    walk.call("GET", f"/api/v1/cases/{case_id}/assessment")
    goal = walk.call(
        "POST",
        f"/api/v1/citizens/{citizen_id}/plan/goals",
        201,
        json={
            "citizen_words": "Jeg vil selv kunne betale mine regninger.",
            "goal_type": "udvikle",
            "theme_codes": [theme],
            "case_id": case_id,
        },
    )
    walk.call(
        "PATCH",
        f"/api/v1/goals/{goal['id']}",
        json={"professional_wording": "Borgeren får overblik over sin økonomi.", "version": 1},
    )
    walk.call(
        "POST", f"/api/v1/goals/{goal['id']}/ratings", 201, json={"rater": "citizen", "score": 3}
    )
    plan = walk.call("GET", f"/api/v1/citizens/{citizen_id}/plan")
    assert [len(g["history"]) for g in plan["goals"]] == [2]
    walk.call("POST", f"/api/v1/cases/{case_id}/transitions", json={"to": "decision"})
    draft = walk.call(
        "PUT",
        f"/api/v1/cases/{case_id}/decision-draft",
        json={"outcome": "bevilget", "granted": "Socialpædagogisk støtte 3 timer om ugen."},
    )
    walk.call("POST", f"/api/v1/decisions/{draft['id']}/send", json={})
    service = load(CodeSystemName.FFB).find("Socialpædagogisk støtte").code
    order = walk.call(
        "POST",
        f"/api/v1/cases/{case_id}/interventions",
        201,
        json={
            "service_code": service,
            "provider_id": str(world.provider_id),
            "scope_amount": 3,
            "period_start": str(today - timedelta(days=1)),
            "goal_ids": [goal["id"]],
        },
    )
    walk.call(
        "POST",
        f"/api/v1/interventions/{order['id']}/deliveries",
        201,
        json={"delivered_on": str(today), "amount": 2.5, "delivered_by": "Bostøtten Nord"},
    )
    listed = walk.call("GET", f"/api/v1/cases/{case_id}/interventions")
    assert listed[0]["delivered_amount"] == 2.5
    assert listed[0]["scope_amount"] == 3
    walk.call("GET", f"/api/v1/interventions/{order['id']}/deliveries")
    walk.call(
        "POST",
        f"/api/v1/cases/{case_id}/notes",
        201,
        json={"title": "Første samtale", "body": "Vi talte om regningerne."},
    )
    walk.call("GET", f"/api/v1/cases/{case_id}/notes")
    revealed = walk.call("POST", f"/api/v1/citizens/{citizen_id}/cpr")
    assert revealed == {"cpr": NEW_CPR}

    assert walk.reads == 10
    logged = "\n".join(record.getMessage() for record in caplog.records)
    logged += "\n".join(str(record.args) for record in caplog.records)
    for cpr in (NEW_CPR, METTE_CPR):
        for form in (cpr, f"{cpr[:6]}-{cpr[6:]}"):
            assert form not in logged
            assert not [url for url in walk.urls if form in url]
    assert "INSERT INTO citizen" in logged  # the SQL log was really captured


def test_the_citizens_log_names_who_read_what_and_from_where(
    client: TestClient, world: World, db: Database
) -> None:
    client.get(f"/api/v1/cases/{world.mette_case_id}", headers=world.auth("bo"))
    with db.sessions() as session:
        event = session.scalars(
            select(AuditEvent).where(
                AuditEvent.citizen_id == world.mette_id, AuditEvent.actor_id == world.bo.user_id
            )
        ).one()
    assert (event.action, event.object_type, event.object_id) == (
        "case.read",
        "case",
        world.mette_case_id,
    )
    assert event.actor_name == "Bo Kjær"
    assert event.outcome == Outcome.ALLOWED
    assert event.client_address == "testclient"
    assert event.purpose == "sagsbehandling"
