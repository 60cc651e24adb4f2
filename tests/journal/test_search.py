# SPDX-License-Identifier: MPL-2.0
"""Full-text search over notes finds words, respects need-to-know and keeps words out of URLs."""

from datetime import timedelta

from fastapi.testclient import TestClient

from samskab.cases.actions import open_case
from samskab.cases.schemas import CaseOpen
from samskab.core import clock
from samskab.core.db import Database
from samskab.journal.actions import write_note
from samskab.journal.queries import search_notes_for
from samskab.journal.schemas import NoteIn
from tests.builders import World, citizen_in


def _notes(db: Database, world: World) -> None:
    with db.unit_of_work() as session:
        write_note(
            session,
            world.anna,
            world.mette_case_id,
            NoteIn(title="Hjemmebesøg", body="Mette fortalte om huslejerestancen og rykkerne."),
        )
        write_note(
            session,
            world.anna,
            world.mette_case_id,
            NoteIn(title="Telefon", body="Aftalt møde med jobcentret om praktik."),
        )
        carls = open_case(
            session,
            world.carl,
            CaseOpen(
                citizen=citizen_in(cpr="0101701234", first_name="Per"),
                service_type="SEL-85",
                received_on=clock.today() - timedelta(days=2),
            ),
        )
        write_note(
            session,
            world.carl,
            carls.id,
            NoteIn(title="Samtale", body="Per har også en huslejerestance."),
        )


def test_search_finds_notes_by_a_word_and_by_its_beginning(db: Database, world: World) -> None:
    _notes(db, world)
    with db.unit_of_work() as session:
        whole = search_notes_for(session, world.anna, "huslejerestancen")
        # PostgreSQL stems Danish words; SQLite matches the beginning of words.
        other_form = "rykker" if db.bind.dialect.name == "postgresql" else "rykk"
        inflected = search_notes_for(session, world.anna, other_form)
        nothing = search_notes_for(session, world.anna, "kanotur")
        assert [n.title for n in whole] == ["Hjemmebesøg"]
        assert [n.title for n in inflected] == ["Hjemmebesøg"]
        assert nothing == []


def test_search_shows_only_citizens_the_actor_may_see(db: Database, world: World) -> None:
    _notes(db, world)
    with db.unit_of_work() as session:
        annas = {n.citizen_id for n in search_notes_for(session, world.anna, "huslejerestance")}
        carls = {n.citizen_id for n in search_notes_for(session, world.carl, "huslejerestance")}
        admins = search_notes_for(session, world.gorm, "huslejerestance")
        assert world.mette_id not in carls and carls
        assert admins == []
        assert annas == {world.mette_id}


def test_searching_in_the_browser_posts_the_words_and_lists_the_hits(
    client: TestClient, world: World, db: Database
) -> None:
    _notes(db, world)
    client.post("/login/demo", data={"username": "anna"})
    page = client.post("/mine-sager/soeg", data={"q": "praktik"})
    assert page.status_code == 200 and "Aftalt møde med jobcentret" in page.text
    assert "praktik" not in str(page.url)


def test_finding_a_citizen_by_cpr_opens_their_case_without_the_number_in_the_url(
    client: TestClient, world: World
) -> None:
    client.post("/login/demo", data={"username": "anna"})
    answer = client.post("/borgere/opslag", data={"cpr": "070292-1234"}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/sager/{world.mette_case_id}"
    wrong = client.post("/borgere/opslag", data={"cpr": "12"})
    assert wrong.status_code == 422 and "CPR-nummeret" in wrong.text
    client.post("/login/demo", data={"username": "carl"})
    hidden = client.post("/borgere/opslag", data={"cpr": "0702921234"})
    assert hidden.status_code == 404
