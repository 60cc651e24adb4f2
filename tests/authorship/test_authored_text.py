# SPDX-License-Identifier: MPL-2.0
"""Authored text: the citizen's words are the citizen's, every version is kept with its author."""

import html
import io
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from pypdf import PdfReader

from samskab.core.db import Database
from samskab.meetings.actions import add_citizen_view
from samskab.meetings.schemas import AdditionIn
from samskab.terminology.codesystems import CodeSystemName, load
from tests.builders import World, guest_as_citizen


def _goal(client: TestClient, world: World, words: str = "Jeg vil åbne min post.") -> str:
    answer = client.post(
        f"/api/v1/citizens/{world.mette_id}/plan/goals",
        headers=world.auth("anna"),
        json={"citizen_words": words, "goal_type": "udvikle"},
    )
    assert answer.status_code == 201
    return str(answer.json()["id"])


def _stored_goal(client: TestClient, world: World) -> dict[str, object]:
    plan = client.get(f"/api/v1/citizens/{world.mette_id}/plan", headers=world.auth("anna"))
    goal: dict[str, object] = plan.json()["goals"][0]
    return goal


def test_a_caseworker_cannot_change_words_the_citizen_wrote_themselves(
    client: TestClient, world: World
) -> None:
    goal = _goal(client, world)
    mine = client.patch(
        f"/api/v1/goals/{goal}",
        headers=world.auth("mette"),
        json={"version": 1, "citizen_words": "Jeg vil selv åbne min post hver uge."},
    )
    assert mine.status_code == 200
    changed = client.patch(
        f"/api/v1/goals/{goal}",
        headers=world.auth("anna"),
        json={"version": 2, "citizen_words": "Mette vil åbne sin post."},
    )
    assert changed.status_code == 403
    assert changed.json()["code"] == "citizens_own_words"
    assert "kan kun ændres af borgeren" in changed.json()["detail"]
    assert _stored_goal(client, world)["citizen_words"] == "Jeg vil selv åbne min post hver uge."
    wording = client.patch(
        f"/api/v1/goals/{goal}",
        headers=world.auth("anna"),
        json={"version": 2, "professional_wording": "Mette får overblik over sin post."},
    )
    assert wording.status_code == 200
    assert wording.json()["citizen_words"] == "Jeg vil selv åbne min post hver uge."


def test_the_citizen_cannot_write_the_professional_wording(
    client: TestClient, world: World
) -> None:
    goal = _goal(client, world)
    answer = client.patch(
        f"/api/v1/goals/{goal}",
        headers=world.auth("mette"),
        json={"version": 1, "professional_wording": "Jeg skriver selv det faglige."},
    )
    assert answer.status_code == 403
    assert _stored_goal(client, world)["professional_wording"] == ""


def test_the_history_lists_every_version_with_its_author(client: TestClient, world: World) -> None:
    goal = _goal(client, world)
    steps = [
        ("anna", {"professional_wording": "Mette får overblik over sin post."}),
        ("mette", {"citizen_words": "Jeg vil åbne min post hver uge."}),
        ("bo", {"professional_wording": "Mette åbner og sorterer sin post ugentligt."}),
    ]
    for version, (who, change) in enumerate(steps, start=1):
        answer = client.patch(
            f"/api/v1/goals/{goal}", headers=world.auth(who), json={"version": version} | change
        )
        assert answer.status_code == 200, answer.text
    history = _stored_goal(client, world)["history"]
    assert isinstance(history, list)
    assert [
        (h["field"], h["version"], h["body"], h["author_name"], h["writer"]) for h in history
    ] == [
        ("citizen_words", 1, "Jeg vil åbne min post.", "Anna Holm", "staff"),
        ("professional_wording", 1, "Mette får overblik over sin post.", "Anna Holm", "staff"),
        ("citizen_words", 2, "Jeg vil åbne min post hver uge.", "Mette Sørensen", "citizen"),
        (
            "professional_wording",
            2,
            "Mette åbner og sorterer sin post ugentligt.",
            "Bo Kjær",
            "staff",
        ),
    ]
    assert [h["author_role"] for h in history] == [
        "caseworker",
        "caseworker",
        "citizen",
        "team_lead",
    ]
    assert history[0]["on_behalf_of"] == str(world.mette_id)
    assert history[2]["on_behalf_of"] is None
    client.post("/login/demo", data={"username": "anna"})
    page = html.unescape(client.get(f"/sager/{world.mette_case_id}/plan").text)
    assert "Borgerens egne ord, skrevet af borgeren" in page
    assert "skrevet af Bo Kjær" in page
    assert page.count("ændret 1 gang") == 2
    for _, _, body, _, _ in [
        (h["field"], h["version"], h["body"], h["author_name"], h["writer"]) for h in history
    ]:
        assert body in page


def test_words_a_caseworker_wrote_down_are_labelled_as_written_for_the_citizen(
    client: TestClient, world: World
) -> None:
    client.post("/login/demo", data={"username": "anna"})
    client.post(
        f"/sager/{world.mette_case_id}/plan/maal",
        data={"citizen_words": "Jeg vil blive boende.", "goal_type": "fastholde"},
    )
    for url in (f"/sager/{world.mette_case_id}/plan", f"/sager/{world.mette_case_id}"):
        page = html.unescape(client.get(url).text)
        assert "Jeg vil blive boende." in page
        assert "skrevet af Anna Holm efter borgerens ord" in page
        assert "Borgerens egne ord" not in page


def test_a_citizens_change_is_news_on_mine_sager_until_the_caseworker_opens_the_plan(
    client: TestClient, world: World
) -> None:
    goal = _goal(client, world)
    client.post("/login/demo", data={"username": "anna"})
    client.get(f"/sager/{world.mette_case_id}/plan")
    assert "Nyt fra borgeren" not in client.get("/mine-sager").text
    client.patch(
        f"/api/v1/goals/{goal}",
        headers=world.auth("mette"),
        json={"version": 1, "citizen_words": "Jeg vil åbne min post med min søster."},
    )
    client.post(
        f"/api/v1/goals/{goal}/ratings",
        headers=world.auth("mette"),
        json={"rater": "citizen", "score": 6},
    )
    assert "Nyt fra borgeren" in client.get("/mine-sager").text
    case = html.unescape(client.get(f"/sager/{world.mette_case_id}").text)
    assert "Nyt fra borgeren" in case and "Jeg vil åbne min post med min søster." in case
    assert "6/10" in case
    plan = client.get(f"/sager/{world.mette_case_id}/plan").text
    assert "Nyt fra borgeren" in plan
    assert "Nyt fra borgeren" not in client.get("/mine-sager").text
    assert "Nyt fra borgeren" not in client.get(f"/sager/{world.mette_case_id}").text


def test_a_stale_goal_edit_is_refused_with_the_current_state(
    client: TestClient, world: World
) -> None:
    goal = _goal(client, world)
    url = f"/api/v1/goals/{goal}"
    first = client.patch(
        url, headers=world.auth("anna"), json={"version": 1, "professional_wording": "Først"}
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.patch(
        url, headers=world.auth("bo"), json={"version": 1, "professional_wording": "Bagefter"}
    )
    assert stale.status_code == 409
    assert stale.headers["content-type"] == "application/problem+json"
    body = stale.json()
    assert body["code"] == "stale_version"
    assert body["details"]["current"]["professional_wording"] == "Først"
    assert body["details"]["current"]["version"] == 2
    assert _stored_goal(client, world)["professional_wording"] == "Først"


def test_a_stale_web_form_is_shown_again_with_both_texts(client: TestClient, world: World) -> None:
    goal = _goal(client, world)
    client.patch(
        f"/api/v1/goals/{goal}",
        headers=world.auth("bo"),
        json={"version": 1, "professional_wording": "Bos formulering"},
    )
    client.post("/login/demo", data={"username": "anna"})
    answer = client.post(
        f"/sager/{world.mette_case_id}/plan/maal/{goal}",
        data={"version": "1", "professional_wording": "Annas formulering"},
    )
    page = html.unescape(answer.text)
    assert answer.status_code == 200
    assert "ændret af en anden" in page
    assert "Bos formulering" in page and "Annas formulering" in page
    assert 'name="version" value="2"' in page
    again = client.post(
        f"/sager/{world.mette_case_id}/plan/maal/{goal}",
        data={"version": "2", "professional_wording": "Annas formulering"},
        follow_redirects=False,
    )
    assert again.status_code == 303
    assert _stored_goal(client, world)["professional_wording"] == "Annas formulering"


def test_a_stale_plan_form_keeps_what_was_typed(client: TestClient, world: World) -> None:
    _goal(client, world)
    client.put(
        f"/api/v1/citizens/{world.mette_id}/plan",
        headers=world.auth("bo"),
        json={"version": 1, "purpose": "Bos formål"},
    )
    client.post("/login/demo", data={"username": "anna"})
    answer = client.post(
        f"/sager/{world.mette_case_id}/plan/felter",
        data={"version": "1", "purpose": "Annas formål", "expected_duration": "3 måneder"},
    )
    page = html.unescape(answer.text)
    assert "Bos formål" in page and "Annas formål" in page and "3 måneder" in page


def test_a_theme_keeps_every_version_of_both_perspectives_with_the_author(
    client: TestClient, world: World
) -> None:
    anna = world.auth("anna")
    client.post(
        f"/api/v1/cases/{world.mette_case_id}/transitions", headers=anna, json={"to": "assessment"}
    )
    assessment = client.post(f"/api/v1/cases/{world.mette_case_id}/assessment", headers=anna).json()
    theme = load(CodeSystemName.FFB).find("Varetage økonomi").code
    url = f"/api/v1/assessments/{assessment['id']}/themes/{theme}"
    first = client.put(
        url,
        headers=anna,
        json={"citizen_level": 3, "citizen_text": "Jeg kan ikke overskue regningerne."},
    )
    assert first.status_code == 200 and first.json()["version"] == 1
    without_version = client.put(url, headers=world.auth("bo"), json={"professional_text": "x"})
    assert without_version.status_code == 409
    second = client.put(
        url,
        headers=world.auth("bo"),
        json={
            "version": 1,
            "citizen_level": 3,
            "citizen_text": "Jeg kan ikke overskue regningerne.",
            "professional_level": 1,
            "professional_text": "Klarer økonomien med lidt hjælp.",
        },
    )
    assert second.status_code == 200 and second.json()["version"] == 2
    history = second.json()["history"]
    assert [(h["field"], h["author_name"]) for h in history] == [
        ("citizen_level", "Anna Holm"),
        ("citizen_text", "Anna Holm"),
        ("professional_level", "Bo Kjær"),
        ("professional_text", "Bo Kjær"),
    ]
    client.post("/login/demo", data={"username": "anna"})
    page = html.unescape(client.get(f"/sager/{world.mette_case_id}/udredning").text)
    assert "skrevet af Anna Holm efter borgerens ord" in page and "skrevet af Bo Kjær" in page
    form = html.unescape(client.get(f"/sager/{world.mette_case_id}/udredning?tema={theme}").text)
    assert 'name="version" value="2"' in form and "Klarer økonomien med lidt hjælp." in form


def test_a_citizen_writing_over_a_newer_version_on_min_side_sees_both_texts(
    client: TestClient, world: World
) -> None:
    goal = _goal(client, world)
    client.patch(
        f"/api/v1/goals/{goal}",
        headers=world.auth("mette"),
        json={"version": 1, "citizen_words": "Skrevet på telefonen."},
    )
    client.post("/login/demo", data={"username": "mette"})
    answer = client.post(
        f"/min-side/maal/{goal}", data={"version": "1", "citizen_words": "Skrevet på computeren."}
    )
    page = html.unescape(answer.text)
    assert answer.status_code == 409
    assert "Skrevet på telefonen." in page and "Skrevet på computeren." in page
    assert _stored_goal(client, world)["citizen_words"] == "Skrevet på telefonen."


def _live_meeting(client: TestClient, world: World) -> tuple[str, dict[str, str]]:
    anna = world.auth("anna")
    meeting = client.post(
        f"/api/v1/cases/{world.mette_case_id}/meetings",
        headers=anna,
        json={"title": "Møde om din plan", "starts_at": datetime.now(UTC).isoformat()},
    )
    join = client.post(f"/api/v1/meetings/{meeting.json()['id']}/start", headers=anna).json()
    return str(meeting.json()["id"]), join


def test_a_perspective_from_the_meeting_screen_is_signed_by_who_wrote_it(
    client: TestClient, world: World, db: Database
) -> None:
    meeting_id, join = _live_meeting(client, world)
    with db.unit_of_work() as session:
        guest = guest_as_citizen(session, world, join, "Mette")
        assert guest.meeting_id is not None
        text = AdditionIn(text="Jeg er mest bange for at miste lejligheden.")
        add_citizen_view(session, guest, guest.meeting_id, text, recognised=True)
    client.post("/login/demo", data={"username": "anna"})
    page = html.unescape(client.get(f"/moeder/{meeting_id}").text)
    assert "Jeg er mest bange for at miste lejligheden." in page
    assert "skrevet af Mette på mødets skærm" in page


def test_a_goal_made_from_a_meeting_agreement_is_not_labelled_as_the_citizens_own_words(
    client: TestClient, world: World
) -> None:
    meeting_id, _ = _live_meeting(client, world)
    answer = client.post(
        f"/api/v1/meetings/{meeting_id}/agreements",
        headers=world.auth("anna"),
        json={"what": "Mette ringer til banken inden fredag.", "who": "Mette", "as_goal": True},
    )
    assert answer.status_code == 201, answer.text
    goal = _stored_goal(client, world)
    assert goal["citizen_words"] == "Mette ringer til banken inden fredag."
    history = goal["history"]
    assert isinstance(history, list)
    assert (history[0]["writer"], history[0]["author_name"]) == ("staff", "Anna Holm")
    client.post("/login/demo", data={"username": "anna"})
    page = html.unescape(client.get(f"/sager/{world.mette_case_id}").text)
    assert "skrevet af Anna Holm efter borgerens ord" in page
    assert "Borgerens egne ord, skrevet af borgeren" not in page


def test_the_plan_pdf_says_who_wrote_the_citizens_words(client: TestClient, world: World) -> None:
    goal = _goal(client, world, "Jeg vil kunne betale mine regninger.")
    _goal(client, world, "Jeg vil sove om natten.")
    client.patch(
        f"/api/v1/goals/{goal}",
        headers=world.auth("mette"),
        json={"version": 1, "citizen_words": "Jeg vil selv betale mine regninger."},
    )
    answer = client.get(f"/api/v1/citizens/{world.mette_id}/plan.pdf", headers=world.auth("anna"))
    pages = PdfReader(io.BytesIO(answer.content)).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert "Jeg vil selv betale mine regninger.” Dine egne ord" in text
    assert "(ændret 1 gang)" in text
    assert "Jeg vil sove om natten.” Skrevet af Anna Holm efter dine ord" in text
