# SPDX-License-Identifier: MPL-2.0
"""Cases: the RSL § 3 deadline, the lifecycle, and Mine sager's filters and pages."""

from datetime import timedelta

from fastapi.testclient import TestClient

from samskab.cases.actions import deadline_for, open_case, transition_case
from samskab.cases.models import ProcessingDeadline
from samskab.cases.schemas import CaseOpen
from samskab.cases.states import ALLOWED, CaseStatus
from samskab.core import clock
from samskab.core.db import Database
from tests.builders import World, citizen_in


def test_the_deadline_is_eight_weeks_for_section_85_by_default(db: Database) -> None:
    received = clock.today()
    with db.unit_of_work() as session:
        assert deadline_for(session, "0851", "SEL-85", received) == received + timedelta(weeks=8)
        assert deadline_for(session, "0851", "SUL-140", received) == received + timedelta(weeks=1)


def test_the_municipalitys_published_deadline_wins_over_the_default(db: Database) -> None:
    received = clock.today()
    with db.unit_of_work() as session:
        session.add(ProcessingDeadline(municipality_code="0851", service_type="SEL-85", days=42))
        session.flush()
        assert deadline_for(session, "0851", "SEL-85", received) == received + timedelta(days=42)
        assert deadline_for(session, "0101", "SEL-85", received) == received + timedelta(weeks=8)


def test_a_case_walks_its_whole_life_and_keeps_its_history(db: Database, world: World) -> None:
    with db.unit_of_work() as session:
        for step in ("assessment", "decision", "active", "follow_up", "active", "closed"):
            case = transition_case(session, world.anna, world.mette_case_id, CaseStatus(step))
        assert case.status == CaseStatus.CLOSED and case.closed_at is not None


def test_closed_and_withdrawn_cases_are_final() -> None:
    assert ALLOWED[CaseStatus.CLOSED] == ALLOWED[CaseStatus.WITHDRAWN] == frozenset()
    assert CaseStatus.WITHDRAWN in ALLOWED[CaseStatus.INQUIRY]


def test_the_case_list_pages_filters_and_counts(
    client: TestClient, db: Database, world: World
) -> None:
    today = clock.today()
    with db.unit_of_work() as session:
        for number in range(5):
            open_case(
                session,
                world.anna,
                CaseOpen(
                    citizen=citizen_in(cpr=f"01018{number}1234", first_name=f"Borger{number}"),
                    service_type="SEL-104",
                    received_on=today - timedelta(days=60 + number),
                ),
            )
    anna = world.auth("anna")
    first = client.get("/api/v1/cases?limit=2&offset=0", headers=anna).json()
    last = client.get("/api/v1/cases?limit=2&offset=4", headers=anna).json()
    assert first["total"] == 6 and len(first["items"]) == 2 and len(last["items"]) == 2
    overdue = client.get("/api/v1/cases?overdue=true", headers=anna).json()
    assert overdue["total"] == 5 and all(c["overdue"] for c in overdue["items"])
    assert overdue["items"][0]["days_left"] < overdue["items"][-1]["days_left"]
    by_type = client.get("/api/v1/cases?service_type=SEL-85", headers=anna).json()
    assert [c["citizen_name"] for c in by_type["items"]] == ["Mette Sørensen"]
    team = client.get("/api/v1/cases?scope=team", headers=world.auth("bo")).json()
    mine = client.get("/api/v1/cases?scope=mine", headers=world.auth("bo")).json()
    assert (team["total"], mine["total"]) == (6, 0)


def test_a_page_past_the_end_of_the_case_list_still_says_how_many_cases_there_are(
    client: TestClient, world: World
) -> None:
    anna = world.auth("anna")
    page = client.get("/api/v1/cases?limit=1&offset=0", headers=anna).json()
    past = client.get("/api/v1/cases?limit=1&offset=5", headers=anna).json()
    assert (page["total"], len(page["items"])) == (1, 1)
    assert (past["total"], past["items"]) == (1, [])
