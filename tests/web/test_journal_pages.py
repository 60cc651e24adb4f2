# SPDX-License-Identifier: MPL-2.0
"""The case's journal in the web app: a caseworker journalises a call, a visit or a meeting."""

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from samskab.audit.models import AuditEvent
from samskab.core import clock
from samskab.core.db import Database
from samskab.core.formats import date_time as danish_moment
from samskab.journal.models import Note, NoteKind
from tests.builders import World, row_counts


def _written(db: Database) -> dict[str, int]:
    """Rows in every table but the audit log (showing a page logs the read)."""
    with db.sessions() as session:
        return row_counts(session) | {"audit_event": 0}


def _login(client: TestClient, username: str = "anna") -> None:
    client.post("/login/demo", data={"username": username})


def _note(world: World, **fields: str) -> dict[str, str]:
    return {
        "kind": "telefonsamtale",
        "occurred_on": str(clock.today() - timedelta(days=1)),
        "body": "Mette ringede: hun har fået et rykkerbrev fra boligselskabet.",
    } | fields


def test_a_caseworker_journalises_a_phone_call_with_author_day_and_audit(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client)
    yesterday = clock.today() - timedelta(days=1)
    answer = client.post(
        f"/sager/{world.mette_case_id}/journal", data=_note(world), follow_redirects=False
    )
    assert answer.status_code == 303
    assert answer.headers["location"].startswith(f"/sager/{world.mette_case_id}/journal")
    with db.sessions() as session:
        note = session.scalars(select(Note).where(Note.kind == NoteKind.PHONE)).one()
        assert (note.occurred_on, note.author_name) == (yesterday, "Anna Holm")
        assert note.title == "Telefonsamtale"
        audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "note.create")).all()
        assert [(a.actor_name, a.citizen_id) for a in audit] == [("Anna Holm", world.mette_id)]
    journal = client.get(f"/sager/{world.mette_case_id}/journal").text
    assert "Mette ringede: hun har fået et rykkerbrev fra boligselskabet." in journal
    assert "Skrevet af Anna Holm" in journal
    assert danish_moment(note.written_at) in journal


def test_the_time_in_the_journal_is_copenhagen_time_not_utc() -> None:
    summer = datetime(2026, 7, 1, 10, 5, tzinfo=UTC)
    winter = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
    assert danish_moment(summer) == "1. jul. 2026 kl. 12.05"
    assert danish_moment(winter) == "2. dec. 2026 kl. 00.30"


def test_a_note_dated_in_the_future_is_refused_in_danish_and_keeps_the_text(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client)
    before = _written(db)
    tomorrow = str(clock.today() + timedelta(days=1))
    page = client.post(
        f"/sager/{world.mette_case_id}/journal",
        data=_note(world, kind="hjemmebesøg", occurred_on=tomorrow),
    )
    assert page.status_code == 200
    assert "Datoen kan ikke ligge i fremtiden." in page.text
    assert "Mette ringede: hun har fået et rykkerbrev fra boligselskabet." in page.text
    assert f'value="{tomorrow}"' in page.text
    assert 'value="hjemmebesøg" selected' in page.text
    assert _written(db) == before


def test_a_note_without_kind_or_text_is_refused_field_by_field(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client)
    before = _written(db)
    page = client.post(
        f"/sager/{world.mette_case_id}/journal", data=_note(world, kind="", body="")
    ).text
    assert "Vælg, hvad notatet handler om." in page
    assert "Feltet skal udfyldes." in page
    assert str(clock.today() - timedelta(days=1)) in page
    assert _written(db) == before


def test_a_journal_note_is_found_by_the_note_search(client: TestClient, world: World) -> None:
    _login(client)
    client.post(
        f"/sager/{world.mette_case_id}/journal",
        data=_note(world, kind="møde", body="Aftalt med Mette: hun kontakter gældsrådgivningen."),
    )
    hits = client.post("/mine-sager/soeg", data={"q": "gældsrådgivningen"}).text
    assert "Aftalt med Mette: hun kontakter gældsrådgivningen." in hits
    assert f"/sager/{world.mette_case_id}" in hits


def test_a_caseworker_in_another_team_can_neither_read_nor_write_the_journal(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client, "carl")
    before = _written(db)
    assert client.get(f"/sager/{world.mette_case_id}/journal").status_code == 404
    answer = client.post(f"/sager/{world.mette_case_id}/journal", data=_note(world))
    assert answer.status_code == 404
    assert _written(db) == before


def test_an_internal_note_is_not_shown_to_the_citizen(client: TestClient, world: World) -> None:
    _login(client)
    client.post(
        f"/sager/{world.mette_case_id}/journal",
        data=_note(world, kind="intern note", body="Overvej at inddrage misbrugscentret."),
    )
    client.post(
        f"/sager/{world.mette_case_id}/journal",
        data=_note(world, kind="hjemmebesøg", body="Besøg hos Mette: lejligheden er ryddet."),
    )
    assert (
        "Overvej at inddrage misbrugscentret."
        in client.get(f"/sager/{world.mette_case_id}/journal").text
    )
    client.post("/logout")
    shown = client.get(
        f"/api/v1/cases/{world.mette_case_id}/notes", headers=world.auth("mette")
    ).text
    assert "Besøg hos Mette: lejligheden er ryddet." in shown
    assert "misbrugscentret" not in shown
