# SPDX-License-Identifier: MPL-2.0
"""Pages and letters show Danish formats from core.formats: Copenhagen time, never 'UTC'."""

import io
import uuid
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import select

from samskab.authorship.models import AuthoredText
from samskab.cases.models import Case
from samskab.core import clock
from samskab.core.db import Database
from samskab.meetings.actions import confirm_note, journal_text
from samskab.meetings.models import Confirmation, Meeting
from samskab.meetings.schemas import ConfirmIn
from samskab.meetings.states import Recognition
from samskab.plans.models import Goal
from samskab.terminology.codesystems import CodeSystemName, load
from tests.builders import World, grant_by_api, guest_as_citizen, ready_for_decision

# 23:30 UTC on Saturday 28 March 2026 is 00:30 on Sunday in Copenhagen (CET, UTC+1);
# 01:30 UTC on Sunday is 03:30 local, summer time having begun at 02:00.
LATE_SATURDAY = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
AFTER_THE_CHANGE = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def _pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def _goal_written_late_on_saturday(client: TestClient, world: World, db: Database) -> None:
    answer = client.post(
        f"/api/v1/citizens/{world.mette_id}/plan/goals",
        headers=world.auth("anna"),
        json={"citizen_words": "Jeg vil kunne åbne min post selv.", "goal_type": "udvikle"},
    )
    assert answer.status_code == 201
    goal_id = uuid.UUID(answer.json()["id"])
    with db.unit_of_work() as session:
        session.get_one(Goal, goal_id).citizen_words_at = LATE_SATURDAY
        written = select(AuthoredText).where(AuthoredText.subject_id == goal_id)
        for version in session.scalars(written):
            version.written_at = LATE_SATURDAY


def _order_of_ten_and_a_half_hours(client: TestClient, world: World) -> None:
    anna = world.auth("anna")
    grant_by_api(client, world, world.mette_case_id, granted_amount=12)
    order = client.post(
        f"/api/v1/cases/{world.mette_case_id}/interventions",
        headers=anna,
        json={
            "service_code": load(CodeSystemName.FFB).find("Socialpædagogisk støtte").code,
            "provider_id": str(world.provider_id),
            "scope_amount": 10.5,
            "period_start": str(clock.today() - timedelta(days=1)),
        },
    )
    assert order.status_code == 201


def test_a_moment_stored_in_utc_is_shown_on_the_copenhagen_day_on_the_case_page(
    client: TestClient, world: World, db: Database
) -> None:
    _goal_written_late_on_saturday(client, world, db)
    client.post("/login/demo", data={"username": "anna"})
    danish = client.get(f"/sager/{world.mette_case_id}").text
    assert "efter borgerens ord 29. mar. 2026" in danish
    client.get("/sprog/en")
    english = client.get(f"/sager/{world.mette_case_id}").text
    assert "29 Mar 2026" in english and "28 Mar 2026" not in english


def test_a_scope_with_a_decimal_reads_with_a_comma_in_danish_and_a_period_in_english(
    client: TestClient, world: World
) -> None:
    _order_of_ten_and_a_half_hours(client, world)
    client.post("/login/demo", data={"username": "anna"})
    assert "10,5 timer pr. uge" in client.get(f"/sager/{world.mette_case_id}").text
    client.get("/sprog/en")
    assert "10.5 hours per week" in client.get(f"/sager/{world.mette_case_id}").text


def test_counts_on_pages_are_singular_for_one(
    client: TestClient, world: World, db: Database
) -> None:
    client.post("/login/demo", data={"username": "anna"})
    my_cases = client.get("/mine-sager").text
    assert "1 sag." in my_cases and "1 sager" not in my_cases
    for days, shown in ((1, "1 dag tilbage"), (2, "2 dage tilbage"), (-1, "overskredet med 1 dag")):
        with db.unit_of_work() as session:
            case = session.get_one(Case, world.mette_case_id)
            case.deadline_on = clock.today() + timedelta(days=days)
        assert shown in client.get(f"/sager/{world.mette_case_id}").text


def test_the_meeting_journal_entry_stamps_the_citizens_recognition_in_copenhagen_time() -> None:
    answer = Confirmation(
        recognised=True,
        note_version=1,
        author_name="Mette",
        author_kind="borger",
        at=AFTER_THE_CHANGE,
    )
    meeting = Meeting(
        note="Vi talte om økonomien.",
        recognition=Recognition.RECOGNISED,
        recognised_at=AFTER_THE_CHANGE,
        additions=[],
        agreements=[],
        confirmations=[answer],
    )
    text = journal_text(meeting)
    assert "Jeg kan genkende mig selv i notatet (29. mar. 2026 kl. 03.30," in text
    assert "UTC" not in text


def _meeting_the_citizen_recognised(client: TestClient, world: World, db: Database) -> None:
    anna = world.auth("anna")
    meeting = client.post(
        f"/api/v1/cases/{world.mette_case_id}/meetings",
        headers=anna,
        json={
            "title": "Møde om din plan",
            "starts_at": clock.now().isoformat(),
            "participants": [{"kind": "borger", "name": "Mette Sørensen"}],
        },
    ).json()
    join = client.post(f"/api/v1/meetings/{meeting['id']}/start", headers=anna).json()
    with db.unit_of_work() as session:
        mette = guest_as_citizen(session, world, join, "Mette")
        assert mette.meeting_id is not None
        confirm_note(session, mette, mette.meeting_id, ConfirmIn(recognised=True))
    ended = client.post(f"/api/v1/meetings/{meeting['id']}/end", headers=anna)
    assert ended.json()["status"] == "ended"


def test_no_page_or_letter_of_a_sample_case_says_utc(
    client: TestClient, world: World, db: Database
) -> None:
    _goal_written_late_on_saturday(client, world, db)
    _meeting_the_citizen_recognised(client, world, db)
    anna = world.auth("anna")
    ready_for_decision(client, world)
    draft = client.put(
        f"/api/v1/cases/{world.mette_case_id}/decision-draft",
        headers=anna,
        json={"outcome": "bevilget", "granted": "Socialpædagogisk støtte 10,5 timer pr. uge."},
    ).json()
    letters = [
        client.get(f"/api/v1/decisions/{draft['id']}/letter.pdf", headers=anna),
        client.get(f"/api/v1/citizens/{world.mette_id}/plan.pdf", headers=anna),
    ]
    client.post("/login/demo", data={"username": "anna"})
    paths = ["/mine-sager", f"/sager/{world.mette_case_id}", f"/sager/{world.mette_case_id}/plan"]
    for locale in ("da", "en"):
        client.get(f"/sprog/{locale}")
        for path in paths:
            page = client.get(path)
            assert page.status_code == 200, path
            assert "UTC" not in page.text, path
        assert "Jeg kan genkende mig selv i notatet (" in client.get(paths[1]).text
    for letter in letters:
        assert letter.headers["content-type"] == "application/pdf"
        text = _pdf_text(letter.content)
        assert "UTC" not in text and "2026" in text
