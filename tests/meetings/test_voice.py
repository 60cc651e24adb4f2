# SPDX-License-Identifier: MPL-2.0
"""The citizen's voice is theirs: guests join with name and role and wait until the caseworker
lets them in; only the citizen answers the note, and every answer stays in the record; the join
code cannot be guessed; a guest's access ends with the meeting; the caseworker can always find
the link and code again."""

import asyncio
import json
import re
import secrets
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from samskab.app import create_app
from samskab.audit.models import AuditEvent
from samskab.core.db import Database
from samskab.core.events import Hub, stream
from samskab.meetings.models import JoinAttempt, Meeting
from tests.builders import World
from tests.conftest import BrowserLikeClient

NOTE = "Vi talte om økonomien og om lejligheden."


@pytest.fixture
def device(db: Database) -> Iterator[Any]:
    """Another phone or browser: its own cookies, address and (if asked) its own app instance,
    as a second worker process would be."""
    opened: list[TestClient] = []

    def open_device(address: str = "10.0.0.2") -> TestClient:
        app = create_app(db, demo=True, session_key=secrets.token_hex(16))
        client = BrowserLikeClient(app, raise_server_exceptions=False, client=(address, 50000))
        client.__enter__()
        opened.append(client)
        return client

    yield open_device
    for client in opened:
        client.__exit__(None, None, None)


def _live_meeting(client: TestClient, world: World) -> tuple[str, dict[str, str]]:
    anna = world.auth("anna")
    meeting = client.post(
        f"/api/v1/cases/{world.mette_case_id}/meetings",
        headers=anna,
        json={"title": "Møde om din plan", "starts_at": datetime.now(UTC).isoformat()},
    )
    assert meeting.status_code == 201, meeting.text
    meeting_id = meeting.json()["id"]
    join = client.post(f"/api/v1/meetings/{meeting_id}/start", headers=anna).json()
    client.put(
        f"/api/v1/meetings/{meeting_id}/note",
        headers=anna,
        json={"text": NOTE, "based_on": 0},
    )
    return meeting_id, join


def _join(phone: TestClient, join: dict[str, str], name: str, kind: str) -> Any:
    return phone.post(
        f"/m/{join['link_token']}",
        data={"code": join["code"], "name": name, "kind": kind},
        follow_redirects=False,
    )


def _participant(client: TestClient, world: World, meeting_id: str, name: str) -> str:
    state = client.get(f"/api/v1/meetings/{meeting_id}", headers=world.auth("anna")).json()
    return str(next(p["id"] for p in state["participants"] if p["name"] == name))


def _admit(client: TestClient, world: World, meeting_id: str, name: str, kind: str) -> Any:
    participant = _participant(client, world, meeting_id, name)
    return client.post(
        f"/api/v1/meeting-participants/{participant}/admit",
        headers=world.auth("anna"),
        json={"kind": kind},
    )


def _state(client: TestClient, world: World, meeting_id: str) -> dict[str, Any]:
    answer = client.get(f"/api/v1/meetings/{meeting_id}", headers=world.auth("anna"))
    return dict(answer.json())


def test_a_guest_waits_until_the_caseworker_lets_them_in_and_sees_nothing_before(
    client: TestClient, world: World, device: Any
) -> None:
    meeting_id, join = _live_meeting(client, world)
    phone = device()
    joined = _join(phone, join, "Mette", "borger")
    assert joined.status_code == 303
    waiting = phone.get(f"/moeder/{meeting_id}/borger")
    assert waiting.status_code == 200 and "Du venter på at komme ind" in waiting.text
    assert NOTE not in waiting.text
    assert phone.get(f"/moeder/{meeting_id}/live").status_code == 404

    client.post("/login/demo", data={"username": "anna"})
    editor = client.get(f"/moeder/{meeting_id}").text
    assert "Mette" in editor and "Venter på at blive lukket ind" in editor
    participant = _participant(client, world, meeting_id, "Mette")
    admitted = client.post(
        f"/moeder/deltagere/{participant}/luk-ind", data={"kind": "borger"}, follow_redirects=False
    )
    assert admitted.status_code == 303
    assert NOTE in phone.get(f"/moeder/{meeting_id}/borger").text
    assert "Med i mødet" in client.get(f"/moeder/{meeting_id}").text


def test_a_second_guest_cannot_confirm_for_the_citizen(
    client: TestClient, world: World, device: Any, db: Database
) -> None:
    meeting_id, join = _live_meeting(client, world)
    mette, kim = device("10.0.0.2"), device("10.0.0.3")
    _join(mette, join, "Mette", "borger")
    _join(kim, join, "Kim", "borger")  # claims to be the citizen
    assert _admit(client, world, meeting_id, "Mette", "borger").status_code == 200
    second = _admit(client, world, meeting_id, "Kim", "borger")
    assert second.status_code == 409 and "allerede lukket ind som borgeren" in second.text
    assert _admit(client, world, meeting_id, "Kim", "fagperson").status_code == 200

    page = kim.get(f"/moeder/{meeting_id}/borger").text
    assert NOTE in page and "Jeg kan genkende mig selv i notatet" not in page
    confirm = kim.post(f"/moeder/{meeting_id}/bekraeft", data={"recognised": "ja"})
    disagree = kim.post(
        f"/moeder/{meeting_id}/perspektiv",
        data={"kind": "not_recognised", "text": "Det passer ikke."},
    )
    assert confirm.status_code == 422 and "Kun borgeren selv" in confirm.text
    assert disagree.status_code == 422 and "Kun borgeren selv" in disagree.text
    # Kim may still add a perspective of his own, in his own name.
    assert kim.post(
        f"/moeder/{meeting_id}/perspektiv", data={"kind": "perspective", "text": "Kim: ok."}
    ).status_code in (200, 303)
    # Neither may the caseworker answer for her.
    staff = client.post(
        f"/api/v1/meetings/{meeting_id}/confirmation",
        headers=world.auth("anna"),
        json={"recognised": True},
    )
    assert staff.status_code == 403
    state = _state(client, world, meeting_id)
    assert state["confirmations"] == [] and state["recognition"] is None
    assert [a["author_name"] for a in state["additions"]] == ["Kim"]

    assert mette.post(f"/moeder/{meeting_id}/bekraeft", data={"recognised": "ja"}).status_code in (
        200,
        303,
    )
    answers = _state(client, world, meeting_id)["confirmations"]
    assert [(a["author_name"], a["author_kind"]) for a in answers] == [("Mette", "gæst")]


def test_a_disagreement_survives_a_later_confirmation(
    client: TestClient, world: World, device: Any
) -> None:
    meeting_id, join = _live_meeting(client, world)
    mette = device()
    _join(mette, join, "Mette", "borger")
    _admit(client, world, meeting_id, "Mette", "borger")
    mette.post(
        f"/moeder/{meeting_id}/bekraeft",
        data={"recognised": "nej", "comment": "Jeg har ikke sagt, at jeg vil flytte."},
    )
    client.put(
        f"/api/v1/meetings/{meeting_id}/note",
        headers=world.auth("anna"),
        json={"text": NOTE + " Mette vil blive boende.", "based_on": 1},
    )
    mette.post(f"/moeder/{meeting_id}/bekraeft", data={"recognised": "ja"})
    answers = _state(client, world, meeting_id)["confirmations"]
    assert [(a["recognised"], a["note_version"]) for a in answers] == [(False, 1), (True, 2)]
    assert answers[0]["comment"] == "Jeg har ikke sagt, at jeg vil flytte."
    assert answers[0]["at"] <= answers[1]["at"]
    page = mette.get(f"/moeder/{meeting_id}/borger").text
    assert "Jeg har ikke sagt, at jeg vil flytte." in page

    client.post(f"/api/v1/meetings/{meeting_id}/end", headers=world.auth("anna"))
    entry = client.get(
        f"/api/v1/cases/{world.mette_case_id}/notes", headers=world.auth("anna")
    ).json()[0]["body"]
    disagreement = re.search(
        r"Borgeren kan ikke genkende sig selv i notatet \((\d+\. \w+\. \d{4} kl\. \d\d\.\d\d), "
        r"Mette, lukket ind som borgeren\): Jeg har ikke sagt, at jeg vil flytte\.",
        entry,
    )
    confirmation = re.search(
        r"Borgeren: Jeg kan genkende mig selv i notatet \((\d+\. \w+\. \d{4} kl\. \d\d\.\d\d), "
        r"Mette, lukket ind som borgeren\)\.",
        entry,
    )
    assert disagreement and confirmation, entry
    assert entry.index(disagreement.group(0)) < entry.index(confirmation.group(0))


def test_the_citizen_logged_in_as_herself_answers_the_note(
    client: TestClient, world: World
) -> None:
    meeting_id, _ = _live_meeting(client, world)
    client.post("/login/demo", data={"username": "mette"})
    assert "Jeg kan genkende mig selv i notatet" in client.get(f"/moeder/{meeting_id}/borger").text
    client.post(f"/moeder/{meeting_id}/bekraeft", data={"recognised": "ja"})
    answers = _state(client, world, meeting_id)["confirmations"]
    assert [(a["author_name"], a["author_kind"]) for a in answers] == [("Mette Sørensen", "borger")]


def _backdate(session: Any, by: timedelta) -> None:
    for attempt in session.scalars(select(JoinAttempt)):
        attempt.at -= by


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_the_sixth_wrong_code_in_a_row_is_refused_even_when_right_on_another_worker(
    client: TestClient, world: World, device: Any, db: Database
) -> None:
    _, join = _live_meeting(client, world)
    first_worker = device("10.0.0.9")
    second_worker = device("10.0.0.9")
    for _ in range(5):
        answer = first_worker.post(
            f"/m/{join['link_token']}",
            data={"code": _wrong(join["code"]), "name": "X", "kind": "borger"},
        )
        assert answer.status_code == 422 and "Koden passer ikke" in answer.text
    right = _join(second_worker, join, "X", "borger")
    assert right.status_code == 422 and "For mange forkerte koder" in right.text
    with db.unit_of_work() as session:
        denied = session.scalar(
            select(func.count()).where(
                AuditEvent.action == "meeting.join", AuditEvent.outcome == "denied"
            )
        )
        assert denied == 6
        # The pause grows: after six failures it is a minute, so 31 seconds later it still holds.
        _backdate(session, timedelta(seconds=31))
    assert "For mange" in _join(second_worker, join, "X", "borger").text
    with db.unit_of_work() as session:
        _backdate(session, timedelta(minutes=5))
    assert _join(second_worker, join, "Mette", "borger").status_code == 303


def test_wrong_codes_from_many_addresses_stop_the_meeting_until_a_new_code(
    client: TestClient, world: World, device: Any
) -> None:
    meeting_id, join = _live_meeting(client, world)
    for number in range(5):
        phone = device(f"10.0.1.{number}")
        phone.post(
            f"/m/{join['link_token']}",
            data={"code": _wrong(join["code"]), "name": "X", "kind": "borger"},
        )
    fresh = device("10.0.2.1")
    assert "For mange forkerte koder" in _join(fresh, join, "Mette", "borger").text
    again = client.post(f"/api/v1/meetings/{meeting_id}/start", headers=world.auth("anna")).json()
    assert _join(fresh, again, "Mette", "borger").status_code == 303


def test_a_guests_access_ends_when_removed_or_when_the_meeting_ends(
    client: TestClient, world: World, device: Any
) -> None:
    meeting_id, join = _live_meeting(client, world)
    mette, kim = device("10.0.0.2"), device("10.0.0.3")
    _join(mette, join, "Mette", "borger")
    _join(kim, join, "Kim", "fagperson")
    _admit(client, world, meeting_id, "Mette", "borger")
    _admit(client, world, meeting_id, "Kim", "fagperson")
    kim_id = _participant(client, world, meeting_id, "Kim")
    removed = client.post(
        f"/api/v1/meeting-participants/{kim_id}/remove", headers=world.auth("anna")
    )
    assert removed.status_code == 200
    assert NOTE not in kim.get(f"/moeder/{meeting_id}/borger").text
    assert kim.get(f"/moeder/{meeting_id}/live").status_code == 404

    client.post(f"/api/v1/meetings/{meeting_id}/end", headers=world.auth("anna"))
    ended = mette.get(f"/moeder/{meeting_id}/borger")
    assert "Mødet er slut for dig" in ended.text and NOTE not in ended.text
    assert mette.get(f"/moeder/{meeting_id}/live").status_code == 404
    assert (
        mette.post(f"/moeder/{meeting_id}/bekraeft", data={"recognised": "ja"}).status_code == 404
    )


def test_a_guests_live_stream_stops_with_the_state_that_ends_it_and_shows_nothing_of_it() -> None:
    from samskab.meetings.live import access_ended, view_for

    hub = Hub()
    guest = uuid.uuid4()
    live = {
        "status": "live",
        "note": NOTE,
        "participants": [{"id": str(guest), "status": "admitted"}],
    }
    ended = {"status": "ended", "note": NOTE + " Ny tekst.", "participants": live["participants"]}

    async def follow() -> list[str]:
        async def load(event: dict[str, Any]) -> dict[str, Any]:
            return view_for(ended, guest)

        async def connected() -> bool:
            return False

        frames = []
        events = stream(
            "meeting:x",
            load,
            connected,
            initial=view_for(live, guest),
            until=access_ended,
            hub=hub,
        )
        async for frame in events:
            frames.append(frame)
            if len(frames) == 1:
                hub.publish("meeting:x", {"change": "end"})
        return frames

    frames = asyncio.run(asyncio.wait_for(follow(), timeout=5))
    shown = [json.loads(frame.removeprefix("data: ")) for frame in frames]
    assert len(shown) == 2 and shown[0]["note"] == NOTE
    assert shown[1] == {"status": "ended", "access": "ended"}


def test_a_removed_guest_is_shown_nothing_more_of_the_meeting() -> None:
    from samskab.meetings.live import access_ended, view_for

    guest, other = uuid.uuid4(), uuid.uuid4()
    state = {
        "status": "live",
        "note": NOTE,
        "participants": [{"id": str(other), "status": "admitted"}],
    }
    assert view_for(state, guest) == {"status": "live", "access": "ended"}
    assert access_ended(view_for(state, guest))
    assert view_for(state, other) is state and view_for(state, None) is state


def test_the_caseworker_finds_the_link_and_code_again_during_the_meeting(
    client: TestClient, world: World, device: Any, db: Database
) -> None:
    meeting_id, join = _live_meeting(client, world)
    # A new browser session, long after starting: the link and code are still there.
    desk = device("10.0.0.5")
    desk.post("/login/demo", data={"username": "anna"})
    editor = desk.get(f"/moeder/{meeting_id}").text
    assert join["code"] in editor and f"/m/{join['link_token']}" in editor
    details = client.get(f"/api/v1/meetings/{meeting_id}/join", headers=world.auth("anna"))
    assert details.json() == join
    assert (
        client.get(f"/api/v1/meetings/{meeting_id}/join", headers=world.auth("carl")).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/meetings/{meeting_id}/join", headers=world.auth("mette")).status_code
        == 403
    )
    client.post(f"/api/v1/meetings/{meeting_id}/end", headers=world.auth("anna"))
    assert (
        client.get(f"/api/v1/meetings/{meeting_id}/join", headers=world.auth("anna")).json() is None
    )
    with db.unit_of_work() as session:
        meeting = session.get_one(Meeting, uuid.UUID(meeting_id))
        assert meeting.join_token is None and meeting.join_code is None
