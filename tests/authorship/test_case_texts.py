# SPDX-License-Identifier: MPL-2.0
"""Notes, hearing answers, appeal texts, reconsideration reasons and follow-up notes are
authored text like goals and themes: who wrote them, for whom, when, and every version."""

import html

from fastapi.testclient import TestClient
from sqlalchemy import select

from samskab.authorship.models import AuthoredText, Voice, Writer
from samskab.core import clock
from samskab.core.db import Database
from samskab.journal.models import Note
from samskab.terminology.services import service_type
from tests.builders import World, grant_by_api, make_care_case
from tests.decisions.helpers import draft, ready_for_decision

CALL = "Mette ringede: hun har fået et rykkerbrev fra boligselskabet."
CORRECTED = "Mette ringede: hun har fået to rykkerbreve fra boligselskabet."


def _versions(db: Database, subject_type: str, field: str) -> list[AuthoredText]:
    with db.sessions() as session:
        return list(
            session.scalars(
                select(AuthoredText)
                .where(AuthoredText.subject_type == subject_type, AuthoredText.field == field)
                .order_by(AuthoredText.version)
            )
        )


def _journalise(client: TestClient, world: World) -> None:
    client.post("/login/demo", data={"username": "anna"})
    answer = client.post(
        f"/sager/{world.mette_case_id}/journal",
        data={"kind": "telefonsamtale", "occurred_on": str(clock.today()), "body": CALL},
        follow_redirects=False,
    )
    assert answer.status_code == 303


def test_a_corrected_note_keeps_its_first_text_and_the_journal_shows_both_with_authors(
    client: TestClient, world: World, db: Database
) -> None:
    _journalise(client, world)
    with db.sessions() as session:
        note = session.scalars(select(Note).where(Note.body == CALL)).one()
    client.post("/logout")
    client.post("/login/demo", data={"username": "bo"})
    corrected = client.post(
        f"/sager/{world.mette_case_id}/journal/{note.id}/ret",
        data={"body": CORRECTED},
        follow_redirects=False,
    )
    assert corrected.status_code == 303, corrected.text
    versions = _versions(db, "note", "body")
    assert [(v.body, v.author_name, v.voice) for v in versions] == [
        (CALL, "Anna Holm", Voice.PROFESSIONAL),
        (CORRECTED, versions[1].author_name, Voice.PROFESSIONAL),
    ]
    assert versions[1].author_name != "Anna Holm"
    journal = html.unescape(client.get(f"/sager/{world.mette_case_id}/journal").text)
    assert "ændret 1 gang" in journal
    assert CALL in journal and CORRECTED in journal
    assert f"Rettet af {versions[1].author_name}" in journal
    listed = client.get(
        f"/api/v1/cases/{world.mette_case_id}/notes", headers=world.auth("anna")
    ).json()
    call = next(n for n in listed if n["id"] == str(note.id))
    assert call["body"] == CORRECTED
    assert [v["body"] for v in call["versions"]] == [CALL, CORRECTED]


def test_a_correction_based_on_an_older_text_shows_both_texts_and_changes_nothing(
    client: TestClient, world: World, db: Database
) -> None:
    _journalise(client, world)
    with db.sessions() as session:
        note = session.scalars(select(Note).where(Note.body == CALL)).one()
    url = f"/sager/{world.mette_case_id}/journal/{note.id}/ret"
    first = client.post(url, data={"body": CORRECTED, "version": "1"}, follow_redirects=False)
    assert first.status_code == 303, first.text
    mine = "Mette ringede om huslejen, skrevet i en anden fane."
    stale = client.post(url, data={"body": mine, "version": "1"}, follow_redirects=False)
    assert stale.status_code == 200
    page = html.unescape(stale.text)
    assert "Notatet er blevet ændret af en anden" in page
    assert CORRECTED in page and mine in page  # the stored text and the one just typed
    assert [v.body for v in _versions(db, "note", "body")] == [CALL, CORRECTED]
    api = client.put(
        f"/api/v1/notes/{note.id}",
        json={"body": mine, "version": 1},
        headers=world.auth("anna"),
    )
    assert api.status_code == 409 and api.json()["details"]["current"]["body"] == CORRECTED


def test_an_empty_correction_is_refused_in_danish_and_the_note_is_unchanged(
    client: TestClient, world: World, db: Database
) -> None:
    _journalise(client, world)
    with db.sessions() as session:
        note = session.scalars(select(Note).where(Note.body == CALL)).one()
    page = client.post(f"/sager/{world.mette_case_id}/journal/{note.id}/ret", data={"body": "  "})
    assert page.status_code == 200
    assert "Skriv, hvad der skete eller blev sagt." in page.text
    assert [v.body for v in _versions(db, "note", "body")] == [CALL]


def test_a_note_samskab_journalised_itself_cannot_be_corrected(
    client: TestClient, world: World, db: Database
) -> None:
    ready_for_decision(client, world, world.mette_case_id)
    decision = draft(client, world, world.mette_case_id, outcome="bevilget", granted="2 timer.")
    sent = client.post(
        f"/api/v1/decisions/{decision['id']}/send", json={}, headers=world.auth("anna")
    )
    assert sent.status_code == 200
    with db.sessions() as session:
        letter = session.scalars(select(Note).where(Note.title == "Afgørelse sendt")).one()
    refused = client.put(
        f"/api/v1/notes/{letter.id}", json={"body": "Noget andet."}, headers=world.auth("anna")
    )
    assert refused.status_code == 403
    with db.sessions() as session:
        assert session.get_one(Note, letter.id).body.startswith("Afgørelse (")


def test_the_hearing_answer_is_the_citizens_words_written_down_by_the_caseworker(
    client: TestClient, world: World, db: Database
) -> None:
    anna = world.auth("anna")
    ready_for_decision(client, world, world.mette_case_id)
    decision = draft(
        client,
        world,
        world.mette_case_id,
        outcome="afslag",
        considerations="Du klarer indkøb selv.",
        facts="Samtale den 3. november.",
    )
    client.post(
        f"/api/v1/decisions/{decision['id']}/hearing",
        json={"text": "Din søster hjælper dig.", "days": 14},
        headers=anna,
    )
    answered = client.post(
        f"/api/v1/decisions/{decision['id']}/hearing-answer",
        json={
            "answer": "Min søster er flyttet.",
            "answered_on": str(clock.today()),
            "weighing": "Det ændrer ikke vurderingen.",
        },
        headers=anna,
    )
    assert answered.status_code == 200, answered.text
    [answer] = _versions(db, "decision", "hearing_answer")
    assert (answer.voice, answer.writer, answer.author_name) == (
        Voice.CITIZEN,
        Writer.STAFF,
        "Anna Holm",
    )
    assert answer.on_behalf_of == world.mette_id
    [weighing] = _versions(db, "decision", "hearing_weighing")
    assert weighing.voice == Voice.PROFESSIONAL
    client.post("/login/demo", data={"username": "anna"})
    page = html.unescape(client.get(f"/sager/{world.mette_case_id}/afgoerelse").text)
    assert "skrevet af Anna Holm efter borgerens ord" in page


def test_the_appeal_and_the_reconsideration_reasons_are_recorded_with_their_authors(
    client: TestClient, world: World, db: Database
) -> None:
    anna = world.auth("anna")
    ready_for_decision(client, world, world.mette_case_id)
    decision = draft(client, world, world.mette_case_id, outcome="bevilget", granted="2 timer.")
    client.post(f"/api/v1/decisions/{decision['id']}/send", json={}, headers=anna)
    client.post(
        f"/api/v1/decisions/{decision['id']}/appeal",
        json={"appealed_on": str(clock.today()), "text": "Jeg har brug for mere hjælp."},
        headers=anna,
    )
    done = client.post(
        f"/api/v1/decisions/{decision['id']}/reconsideration",
        json={"outcome": "delvist", "note": "Du får ret i indkøb."},
        headers=anna,
    )
    assert done.status_code == 200, done.text
    [appeal] = _versions(db, "decision", "appeal_text")
    [reason] = _versions(db, "decision", "reconsideration_note")
    assert (appeal.body, appeal.voice, appeal.on_behalf_of) == (
        "Jeg har brug for mere hjælp.",
        Voice.CITIZEN,
        world.mette_id,
    )
    assert (reason.body, reason.voice, reason.author_name) == (
        "Du får ret i indkøb.",
        Voice.PROFESSIONAL,
        "Anna Holm",
    )
    [listed] = client.get(f"/api/v1/cases/{world.mette_case_id}/decisions", headers=anna).json()
    assert {(t["field"], t["body"], t["author_name"]) for t in listed["texts"]} == {
        ("appeal_text", "Jeg har brug for mere hjælp.", "Anna Holm"),
        ("reconsideration_note", "Du får ret i indkøb.", "Anna Holm"),
    }
    assert listed["appeal_route"]["body_name"] == "Ankestyrelsen"
    client.post("/login/demo", data={"username": "anna"})
    page = html.unescape(client.get(f"/sager/{world.mette_case_id}/afgoerelse").text)
    assert "skrevet af Anna Holm efter borgerens ord" in page
    assert f"skrevet af Anna Holm {clock.today().day}." in page


def test_a_follow_up_note_is_recorded_with_its_author_and_shown_on_the_order_page(
    client: TestClient, world: World, db: Database
) -> None:
    case_id = make_care_case(db, world, "SEL-83")
    grant_by_api(client, world, case_id, granted_amount=3)
    cleaning = next(
        c.code for c in service_type("SEL-83").intervention_codes() if c.display == "Rengøring"
    )
    order = client.post(
        f"/api/v1/cases/{case_id}/interventions",
        headers=world.auth("anna"),
        json={
            "service_code": cleaning,
            "provider_id": str(world.provider_id),
            "scope_amount": 2,
            "period_start": str(clock.today()),
            "provider_choice": "borgerens_valg",
        },
    ).json()
    ended = client.post(
        f"/api/v1/interventions/{order['id']}/follow-ups",
        headers=world.auth("anna"),
        json={"outcome": "afslut", "note": "Jens klarer rengøringen selv igen."},
    )
    assert ended.status_code == 201, ended.text
    [note] = _versions(db, "follow_up", "note")
    assert (note.body, note.author_name, note.voice) == (
        "Jens klarer rengøringen selv igen.",
        "Anna Holm",
        Voice.PROFESSIONAL,
    )
    client.post("/login/demo", data={"username": "anna"})
    page = html.unescape(client.get(f"/sager/{case_id}/bestilling").text)
    assert "Jens klarer rengøringen selv igen." in page and "Skrevet af Anna Holm" in page


def test_correcting_a_note_from_before_notes_were_authored_keeps_its_first_wording(
    client: TestClient, world: World, db: Database
) -> None:
    with db.unit_of_work() as session:
        old = Note(
            case_id=world.mette_case_id,
            citizen_id=world.mette_id,
            kind="hjemmebesøg",
            title="Hjemmebesøg",
            body="Besøg hos Mette: lejligheden er ryddelig.",
            author_id=None,
            author_name="Bo Kjær",
            written_at=clock.now(),
            occurred_on=clock.today(),
        )
        session.add(old)
        session.flush()
        note_id = old.id
    corrected = client.put(
        f"/api/v1/notes/{note_id}",
        headers=world.auth("anna"),
        json={"body": "Besøg hos Mette: lejligheden er ryddelig; køleskabet er tomt."},
    )
    assert corrected.status_code == 200, corrected.text
    assert [(v["body"], v["author_name"]) for v in corrected.json()["versions"]] == [
        ("Besøg hos Mette: lejligheden er ryddelig.", "Bo Kjær"),
        ("Besøg hos Mette: lejligheden er ryddelig; køleskabet er tomt.", "Anna Holm"),
    ]
