# SPDX-License-Identifier: MPL-2.0
"""Messages both ways in the web app: the citizen writes on Min side, the caseworker sees it as
new on Mine sager and on the case, answers there, and every message is in the journal."""

import re
import secrets

from fastapi.testclient import TestClient
from sqlalchemy import select

from samskab.app import create_app
from samskab.audit.models import AuditEvent
from samskab.core.db import Database
from samskab.core.formats import date_time
from samskab.demo.generator import generate
from samskab.journal.models import Message, Note, NoteKind
from tests.builders import LENE, World, row_counts
from tests.conftest import BrowserLikeClient

QUESTION = "Hej Anna. Kan vi flytte mødet på torsdag? Jeg skal til lægen."
ANSWER = "Hej Mette. Ja, vi flytter det til fredag kl. 10."


def _login(client: TestClient, username: str) -> None:
    client.post("/login/demo", data={"username": username})


def _mette_writes(client: TestClient, text: str = QUESTION) -> None:
    _login(client, "mette")
    sent = client.post("/min-side/beskeder", data={"text": text}, follow_redirects=False)
    assert sent.status_code == 303


def _token(page: str) -> str:
    found = re.search(r'name="_once" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def _audit(db: Database, action: str) -> list[AuditEvent]:
    with db.sessions() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_citizens_message_is_new_on_mine_sager_and_on_the_case_until_anna_has_seen_it(
    client: TestClient, world: World, db: Database
) -> None:
    _mette_writes(client)
    _mette_writes(client, "Og så har jeg fået et nyt brev fra boligselskabet.")
    _login(client, "anna")
    assert "2 nye beskeder" in client.get("/mine-sager").text
    case = client.get(f"/sager/{world.mette_case_id}").text
    thread = case[case.index('id="beskeder"') :]
    assert thread.index(QUESTION) < thread.index("Og så har jeg fået et nyt brev")
    assert "Fra Mette Sørensen (borgeren)" in thread
    assert thread.count(">Ny</strong>") == 2
    with db.sessions() as session:
        first = session.scalars(select(Message).order_by(Message.at)).first()
        assert first is not None and first.read_by_id == world.anna.user_id
    assert date_time(first.at) in thread
    assert "nye beskeder" not in client.get("/mine-sager").text
    again = client.get(f"/sager/{world.mette_case_id}").text
    assert ">Ny</strong>" not in again and QUESTION in again


def test_new_messages_are_listed_at_the_top_of_every_page_of_mine_sager_for_those_with_access(
    client: TestClient, world: World
) -> None:
    _mette_writes(client)
    _login(client, "anna")
    later_page = client.get("/mine-sager?side=2").text
    summary = later_page[later_page.index('id="h-nye-beskeder"') :]
    assert (
        f'href="/sager/{world.mette_case_id}#beskeder">Mette Sørensen</a> – 1 ny besked' in summary
    )
    _login(client, "carl")
    assert "Mette Sørensen" not in client.get("/mine-sager?scope=team").text


def test_anna_replies_and_mette_reads_the_reply_on_min_side_and_both_are_journalised(
    client: TestClient, world: World, db: Database
) -> None:
    _mette_writes(client)
    _login(client, "anna")
    case = client.get(f"/sager/{world.mette_case_id}").text
    sent = client.post(
        f"/sager/{world.mette_case_id}/beskeder",
        data={"text": ANSWER, "_once": _token(case)},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/sager/{world.mette_case_id}#beskeder"
    _login(client, "mette")
    mine = client.get("/min-side").text
    assert mine.index(QUESTION) < mine.index(ANSWER)
    assert "Anna Holm" in mine
    with db.sessions() as session:
        notes = session.scalars(
            select(Note).where(Note.kind == NoteKind.MESSAGE).order_by(Note.written_at)
        ).all()
        assert [(n.title, n.body, n.author_name, n.case_id) for n in notes] == [
            ("Besked fra borgeren", QUESTION, "Mette Sørensen", world.mette_case_id),
            ("Besked til borgeren", ANSWER, "Anna Holm", world.mette_case_id),
        ]
    _login(client, "anna")
    journal = client.get(f"/sager/{world.mette_case_id}/journal").text
    assert "Besked til borgeren" in journal and ANSWER in journal
    assert [e.actor_name for e in _audit(db, "message.write")] == ["Mette Sørensen", "Anna Holm"]


def test_the_same_reply_sent_twice_is_sent_once(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client, "anna")
    token = _token(client.get(f"/sager/{world.mette_case_id}").text)
    for _ in range(2):
        answer = client.post(
            f"/sager/{world.mette_case_id}/beskeder",
            data={"text": ANSWER, "_once": token},
            follow_redirects=False,
        )
        assert answer.status_code == 303
    with db.sessions() as session:
        assert len(session.scalars(select(Message)).all()) == 1
        assert len(session.scalars(select(Note).where(Note.kind == NoteKind.MESSAGE)).all()) == 1


def test_an_empty_reply_is_refused_in_danish_and_nothing_is_written(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client, "anna")
    page = client.get(f"/sager/{world.mette_case_id}").text
    with db.sessions() as session:
        before = row_counts(session) | {"audit_event": 0, "form_submission": 0}
    answer = client.post(
        f"/sager/{world.mette_case_id}/beskeder", data={"text": "   ", "_once": _token(page)}
    )
    assert answer.status_code == 200
    assert "Skriv en besked, før du sender." in answer.text
    with db.sessions() as session:
        after = row_counts(session) | {"audit_event": 0, "form_submission": 0}
    assert after == before


def test_a_too_long_reply_keeps_the_text_with_a_danish_error(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client, "anna")
    page = client.get(f"/sager/{world.mette_case_id}").text
    long = "Hej Mette. " + "Vi ses snart. " * 400
    answer = client.post(
        f"/sager/{world.mette_case_id}/beskeder", data={"text": long, "_once": _token(page)}
    )
    assert answer.status_code == 200
    assert 'aria-invalid="true"' in answer.text
    assert long.strip() in answer.text
    with db.sessions() as session:
        assert session.scalars(select(Message)).all() == []


def test_carl_in_another_team_can_neither_read_nor_answer_the_thread(
    client: TestClient, world: World, db: Database
) -> None:
    _mette_writes(client)
    _login(client, "carl")
    assert client.get(f"/sager/{world.mette_case_id}").status_code == 404
    refused = client.post(f"/sager/{world.mette_case_id}/beskeder", data={"text": ANSWER})
    assert refused.status_code == 404
    assert ANSWER not in refused.text and QUESTION not in refused.text
    assert "nye beskeder" not in client.get("/mine-sager").text
    with db.sessions() as session:
        messages = session.scalars(select(Message)).all()
        assert [(m.text, m.read_at) for m in messages] == [(QUESTION, None)]
    denied = [e for e in _audit(db, "message.write") if e.actor_name == "Carl Mikkelsen"]
    assert [e.outcome for e in denied] == ["denied"]


def test_the_case_page_logs_one_read_of_the_thread(
    client: TestClient, world: World, db: Database
) -> None:
    _mette_writes(client)
    _login(client, "anna")
    client.get(f"/sager/{world.mette_case_id}")
    reads = [e for e in _audit(db, "message.read") if e.actor_name == "Anna Holm"]
    assert [(e.citizen_id, e.object_type) for e in reads] == [(world.mette_id, "message")]


def test_a_relative_reads_the_messages_only_when_the_consent_covers_them(
    client: TestClient, world: World
) -> None:
    _mette_writes(client)
    for scopes, shown in ((["plan"], False), (["plan", "messages"], True)):
        client.post(
            f"/api/v1/citizens/{world.mette_id}/consents",
            headers=world.auth("mette"),
            json={**LENE, "scopes": scopes},
        )
        _login(client, "lene")
        page = client.get(f"/paaroerende/{world.mette_id}")
        assert page.status_code == 200
        assert (QUESTION in page.text) is shown
        assert 'action="/min-side/beskeder"' not in page.text


def test_in_the_demo_anna_finds_mettes_new_question_and_lene_sees_jens_messages(
    db: Database,
) -> None:
    generate(db, citizens=10, seed=2)
    app = create_app(db, demo=True, session_key=secrets.token_hex(16))
    with BrowserLikeClient(app, raise_server_exceptions=False) as client:
        _login(client, "anna")
        listing = client.get("/mine-sager").text
        assert "1 ny besked" in listing
        link = re.search(r'href="(/sager/[0-9a-f-]+)#beskeder"', listing)
        assert link is not None
        case = client.get(link.group(1)).text
        assert "Tak for din besked, Mette." in case
        assert case.count(">Ny</strong>") == 1
    with BrowserLikeClient(app, raise_server_exceptions=False) as client:
        _login(client, "lene")
        jens = client.get("/paaroerende", follow_redirects=True)
        assert jens.status_code == 200
        assert 'id="h-beskeder"' in jens.text  # her power of attorney covers every part


def test_mettes_message_that_is_too_long_stays_in_the_box_with_a_danish_reason(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client, "mette")
    page = client.get("/min-side").text
    long = "Jeg er bekymret for brevet. " * 200
    answer = client.post("/min-side/beskeder", data={"text": long, "_once": _token(page)})
    assert answer.status_code == 200
    assert 'aria-invalid="true"' in answer.text
    assert long.strip() in answer.text
    with db.sessions() as session:
        assert session.scalars(select(Message)).all() == []


def test_mettes_message_sent_twice_from_the_same_form_is_sent_once(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client, "mette")
    token = _token(client.get("/min-side").text)
    for _ in range(2):
        answer = client.post(
            "/min-side/beskeder", data={"text": QUESTION, "_once": token}, follow_redirects=False
        )
        assert answer.headers["location"] == "/min-side#beskeder"
    with db.sessions() as session:
        assert [m.text for m in session.scalars(select(Message))] == [QUESTION]


def test_the_journal_names_a_message_once(client: TestClient, world: World) -> None:
    _mette_writes(client)
    _login(client, "anna")
    journal = client.get(f"/sager/{world.mette_case_id}/journal").text
    assert "Besked fra borgeren ·" in journal
    assert "Besked: Besked" not in journal
