# SPDX-License-Identifier: MPL-2.0
"""Typing a CPR number never shows a citizen or grants access by itself: Carl (another team)
registering an inquiry with Mette's CPR number learns nothing about her, and only when Anna's
team (or a team lead) accepts it is a case opened for Carl's team. A CPR number known under
another name stops the caseworker, naming the person only to someone who may see them."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from samskab.audit.models import AuditEvent
from samskab.cases.actions import open_case
from samskab.cases.models import Case, CaseReferral
from samskab.cases.schemas import CaseOpen
from samskab.core import clock
from samskab.core.db import Database
from samskab.core.errors import Forbidden
from tests.builders import METTE_CPR, World, citizen_in


def _inquiry(**citizen: str) -> dict[str, object]:
    return {
        "citizen": citizen_in(**citizen).model_dump(mode="json"),
        "service_type": "SEL-85",
        "received_on": clock.today().isoformat(),
        "inquiry_text": "Naboen ringede bekymret.",
    }


def _cases_of_mette(db: Database, world: World) -> int:
    with db.unit_of_work() as session:
        count = session.scalar(
            select(func.count()).select_from(Case).where(Case.citizen_id == world.mette_id)
        )
        return int(count or 0)


def test_carl_on_mettes_cpr_learns_nothing_and_gets_no_access(
    client: TestClient, world: World, db: Database
) -> None:
    answer = client.post("/api/v1/cases", json=_inquiry(), headers=world.auth("carl"))
    assert answer.status_code == 202, answer.text
    body = answer.text
    assert "Mette" not in body and "Sørensen" not in body and str(world.mette_id) not in body
    assert "afventer godkendelse" in answer.json()["message"]
    assert _cases_of_mette(db, world) == 1
    carl = world.auth("carl")
    assert client.get(f"/api/v1/citizens/{world.mette_id}", headers=carl).status_code == 404
    assert client.get(f"/api/v1/cases/{world.mette_case_id}", headers=carl).status_code == 404
    assert client.get("/api/v1/cases/referrals", headers=carl).json() == []
    with db.unit_of_work() as session:
        referral = session.scalars(select(CaseReferral)).one()
        assert (referral.to_team_id, referral.from_team_id) == (world.team_nord, world.team_syd)
        refer = session.scalar(
            select(func.count()).where(
                AuditEvent.action == "case.refer", AuditEvent.citizen_id == world.mette_id
            )
        )
        assert refer == 1


def test_carl_in_the_web_app_sees_a_neutral_answer_and_no_echo_of_the_cpr(
    client: TestClient, world: World
) -> None:
    client.post("/login/demo", data={"username": "carl"})
    form = {
        "citizen.cpr": METTE_CPR,
        "citizen.first_name": "Mette",
        "citizen.last_name": "Sørensen",
        "service_type": "SEL-85",
        "inquiry_from": "borger",
        "received_on": clock.today().isoformat(),
    }
    answer = client.post("/henvendelser/ny", data=form)
    assert answer.status_code == 202
    assert "afventer godkendelse" in answer.text
    assert "Boulevarden" not in answer.text and METTE_CPR not in answer.text
    mismatch = client.post("/henvendelser/ny", data=form | {"citizen.first_name": "Hanne"})
    assert mismatch.status_code == 200 and "passer ikke til navnet" in mismatch.text
    assert "Mette" not in mismatch.text and METTE_CPR not in mismatch.text


def test_a_cpr_known_under_another_name_stops_and_names_the_person_only_to_those_with_access(
    client: TestClient, world: World, db: Database
) -> None:
    carl = client.post(
        "/api/v1/cases",
        json=_inquiry(first_name="Hanne", last_name="Hansen"),
        headers=world.auth("carl"),
    )
    assert carl.status_code == 422
    assert "CPR-nummeret passer ikke til navnet" in carl.text
    assert "Mette" not in carl.text and "Sørensen" not in carl.text
    anna = client.post(
        "/api/v1/cases",
        json=_inquiry(first_name="Hanne", last_name="Hansen"),
        headers=world.auth("anna"),
    )
    assert anna.status_code == 422 and "hører til Mette Sørensen" in anna.text
    assert _cases_of_mette(db, world) == 1
    with db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(CaseReferral)) == 0


@pytest.mark.parametrize("decider", ["anna", "bo"])
def test_the_responsible_team_or_a_team_lead_accepts_and_only_then_carl_sees_mette(
    client: TestClient, world: World, db: Database, decider: str
) -> None:
    client.post("/api/v1/cases", json=_inquiry(), headers=world.auth("carl"))
    carl = world.auth("carl")
    waiting = client.get("/api/v1/cases/referrals", headers=world.auth(decider)).json()
    assert [(r["from_name"], r["citizen_id"]) for r in waiting] == [
        ("Carl Mikkelsen", str(world.mette_id))
    ]
    own = client.post(f"/api/v1/cases/referrals/{waiting[0]['id']}/accept", headers=carl)
    assert own.status_code == 404  # Carl cannot accept his own inquiry
    accepted = client.post(
        f"/api/v1/cases/referrals/{waiting[0]['id']}/accept", headers=world.auth(decider)
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["team_id"] == str(world.team_syd)
    assert client.get(f"/api/v1/citizens/{world.mette_id}", headers=carl).status_code == 200
    assert _cases_of_mette(db, world) == 2
    again = client.post(
        f"/api/v1/cases/referrals/{waiting[0]['id']}/accept", headers=world.auth(decider)
    )
    assert again.status_code == 409


def test_a_declined_inquiry_opens_nothing(client: TestClient, world: World, db: Database) -> None:
    client.post("/api/v1/cases", json=_inquiry(), headers=world.auth("carl"))
    client.post("/login/demo", data={"username": "anna"})
    page = client.get("/henvendelser/til-godkendelse")
    assert "Carl Mikkelsen" in page.text and "Mette Sørensen" in page.text
    with db.unit_of_work() as session:
        referral_id = session.scalars(select(CaseReferral.id)).one()
    declined = client.post(f"/henvendelser/{referral_id}/afvis", follow_redirects=False)
    assert declined.status_code == 303
    assert "Ingen henvendelser venter" in client.get("/henvendelser/til-godkendelse").text
    carl = world.auth("carl")
    assert client.get(f"/api/v1/citizens/{world.mette_id}", headers=carl).status_code == 404
    assert _cases_of_mette(db, world) == 1


def test_an_unknown_cpr_opens_the_case_at_once(client: TestClient, world: World) -> None:
    answer = client.post(
        "/api/v1/cases",
        json=_inquiry(cpr="0101801234", first_name="Ib", last_name="Berg"),
        headers=world.auth("carl"),
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["citizen_name"] == "Ib Berg"


def test_opening_a_case_directly_on_an_unseen_cpr_is_refused_and_audited(
    world: World, db: Database
) -> None:
    data = CaseOpen.model_validate(_inquiry())
    with pytest.raises(Forbidden) as refused, db.unit_of_work() as session:
        open_case(session, world.carl, data)
    assert "Mette" not in refused.value.message
    with db.unit_of_work() as session:
        denied = session.scalar(
            select(func.count()).where(
                AuditEvent.action == "case.create",
                AuditEvent.outcome == "denied",
                AuditEvent.citizen_id == world.mette_id,
            )
        )
        assert denied == 1
