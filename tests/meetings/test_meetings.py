# SPDX-License-Identifier: MPL-2.0
"""Co-created meetings: versioned notes, the citizen's voice, and the journal entry."""

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from samskab.access.actor import meeting_guest
from samskab.core.db import Database
from samskab.meetings.actions import (
    add_citizen_view,
    confirm_note,
)
from samskab.meetings.guests import admit_participant, join_meeting
from samskab.meetings.schemas import AdditionIn, AdmitIn, ConfirmIn, JoinIn
from samskab.meetings.states import ParticipantKind
from tests.builders import World


def _live_meeting(client: TestClient, world: World) -> tuple[str, dict[str, str]]:
    anna = world.auth("anna")
    meeting = client.post(
        f"/api/v1/cases/{world.mette_case_id}/meetings",
        headers=anna,
        json={
            "title": "Møde om din plan",
            "starts_at": datetime.now(UTC).isoformat(),
            "participants": [
                {"kind": "borger", "name": "Mette Sørensen"},
                {"kind": "fagperson", "name": "Kim", "organisation": "Psykiatrien"},
            ],
        },
    )
    assert meeting.status_code == 201
    join = client.post(f"/api/v1/meetings/{meeting.json()['id']}/start", headers=anna).json()
    return meeting.json()["id"], join


def test_two_writers_on_the_same_version_one_wins_and_the_other_gets_the_current_text(
    client: TestClient, world: World
) -> None:
    meeting_id, _ = _live_meeting(client, world)
    anna, bo = world.auth("anna"), world.auth("bo")
    first = client.put(
        f"/api/v1/meetings/{meeting_id}/note",
        headers=anna,
        json={"text": "Mette fortæller om sin uge.", "based_on": 0},
    )
    second = client.put(
        f"/api/v1/meetings/{meeting_id}/note",
        headers=bo,
        json={"text": "Bo skriver noget andet.", "based_on": 0},
    )
    assert first.status_code == 200 and first.json()["version"] == 1
    assert second.status_code == 409
    assert second.json()["details"] == {"current_text": "Mette fortæller om sin uge.", "version": 1}
    history = client.get(f"/api/v1/meetings/{meeting_id}/history", headers=anna).json()
    assert [(e["version"], e["text"]) for e in history] == [(1, "Mette fortæller om sin uge.")]


def test_the_citizen_joins_by_link_and_code_adds_their_view_and_confirms(
    client: TestClient, world: World, db: Database
) -> None:
    meeting_id, join = _live_meeting(client, world)
    client.put(
        f"/api/v1/meetings/{meeting_id}/note",
        headers=world.auth("anna"),
        json={"text": "Vi talte om økonomien.", "based_on": 0},
    )
    with db.unit_of_work() as session:
        joined = join_meeting(
            session,
            join["link_token"],
            JoinIn(code=join["code"], name="Mette", kind=ParticipantKind.CITIZEN),
            client_address="127.0.0.1",
        )
        admit_participant(session, world.anna, joined.id, AdmitIn(kind=ParticipantKind.CITIZEN))
        mette = meeting_guest(joined.meeting_id, joined.id, "Mette", "127.0.0.1")
        add_citizen_view(
            session,
            mette,
            joined.meeting_id,
            AdditionIn(text="Jeg er mest bange for at miste lejligheden."),
            recognised=True,
        )
        confirm_note(session, mette, joined.meeting_id, ConfirmIn(recognised=True))
    ended = client.post(f"/api/v1/meetings/{meeting_id}/end", headers=world.auth("anna"))
    assert ended.json()["status"] == "ended"
    notes = client.get(
        f"/api/v1/cases/{world.mette_case_id}/notes", headers=world.auth("anna")
    ).json()
    entry = notes[0]["body"]
    assert entry.startswith("Vi talte om økonomien.")
    assert "Mit perspektiv – Mette: Jeg er mest bange for at miste lejligheden." in entry
    assert "Borgeren: Jeg kan genkende mig selv i notatet" in entry


def test_a_wrong_code_opens_nothing(client: TestClient, world: World, db: Database) -> None:
    _, join = _live_meeting(client, world)
    wrong = "000000" if join["code"] != "000000" else "111111"
    answer = client.post(
        f"/m/{join['link_token']}", data={"code": wrong, "name": "X", "kind": "borger"}
    )
    assert answer.status_code == 422 and "Koden passer ikke" in answer.text


def test_a_guest_sees_only_their_meeting(client: TestClient, world: World) -> None:
    meeting_id, join = _live_meeting(client, world)
    joined = client.post(
        f"/m/{join['link_token']}",
        data={"code": join["code"], "name": "Kim fra psykiatrien", "kind": "fagperson"},
        follow_redirects=False,
    )
    assert joined.status_code == 303
    state = client.get(f"/api/v1/meetings/{meeting_id}", headers=world.auth("anna")).json()
    client.post(
        f"/api/v1/meeting-participants/{state['participants'][-1]['id']}/admit",
        headers=world.auth("anna"),
        json={"kind": "fagperson"},
    )
    assert client.get(f"/moeder/{meeting_id}/borger").status_code == 200
    assert client.get(f"/sager/{world.mette_case_id}").status_code == 404
    assert client.get(f"/moeder/{meeting_id}").status_code == 404  # the caseworker's editor


def test_another_team_cannot_open_the_meeting(client: TestClient, world: World) -> None:
    meeting_id, _ = _live_meeting(client, world)
    assert (
        client.get(f"/api/v1/meetings/{meeting_id}", headers=world.auth("carl")).status_code == 404
    )
