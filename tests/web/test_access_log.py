# SPDX-License-Identifier: MPL-2.0
"""The access log page on Min side: links between pages, GET filters, Copenhagen time, one read
logged per view, and no way in for anyone but the citizen."""

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from samskab.audit.actions import record
from samskab.audit.models import AuditEvent, Outcome
from samskab.core import clock
from samskab.core.db import Database
from tests.builders import World

LOG = "/min-side/hvem-har-set"


def _as(client: TestClient, username: str) -> None:
    client.post("/login/demo", data={"username": username})


def _main(html: str) -> str:
    return html.split('<main id="indhold">', 1)[1]


def test_the_citizen_pages_back_and_forth_through_a_long_log(
    client: TestClient, world: World, db: Database
) -> None:
    with db.unit_of_work() as session:
        for _ in range(210):
            record(session, world.bo, "case.read", citizen_id=world.mette_id, object_type="case")
    _as(client, "mette")
    first = _main(client.get(LOG).text)
    assert first.count('class="log-entry') == 50 and "Forrige" not in first
    following = re.search(r'href="([^"]+)" rel="next">Næste', first)
    assert following is not None
    second = _main(client.get(following.group(1).replace("&amp;", "&")).text)
    assert "Side 2 af 5." in second and 'rel="prev">Forrige' in second
    last = _main(client.get(f"{LOG}?side=5").text)
    assert "Næste" not in last and 'class="log-entry' in last
    beyond = _main(client.get(f"{LOG}?side=9").text)  # an old link: the last page, not "9 af 5"
    assert "Side 5 af 5." in beyond and 'class="log-entry' in beyond


def test_the_filters_are_a_plain_get_form_and_keep_their_choice_across_pages(
    client: TestClient, world: World, db: Database
) -> None:
    with db.unit_of_work() as session:
        for _ in range(60):
            record(session, world.bo, "case.read", citizen_id=world.mette_id, object_type="case")
        record(
            session,
            world.carl,
            "case.read",
            citizen_id=world.mette_id,
            object_type="case",
            outcome=Outcome.DENIED,
        )
    _as(client, "mette")
    page = _main(client.get(LOG).text)
    assert '<form method="get" action="/min-side/hvem-har-set"' in page
    refused = _main(client.get(f"{LOG}?fra=&til=&slags=naegtet").text)
    assert refused.count('class="log-entry') == 1
    assert (
        "Carl Mikkelsen fra Team Voksen Syd prøvede at se din sag, men fik ikke adgang." in refused
    )
    seen = _main(client.get(f"{LOG}?slags=laest").text)
    assert "Carl Mikkelsen" not in seen.split("<ol", 1)[1]
    assert 'href="/min-side/hvem-har-set?slags=laest&amp;side=2" rel="next"' in seen


def test_a_date_that_cannot_be_read_is_explained_and_the_log_still_shows(
    client: TestClient, world: World
) -> None:
    _as(client, "mette")
    answer = client.get(f"{LOG}?fra=i+går&til=2026-01-01")
    assert answer.status_code == 200
    assert "Skriv datoen som dag, måned og år." in answer.text
    backwards = client.get(f"{LOG}?fra=2026-02-01&til=2026-01-01").text
    assert "Slutdatoen skal være samme dag som startdatoen eller senere." in backwards


def test_each_entry_shows_the_date_and_time_in_copenhagen(
    client: TestClient, world: World, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 7, 1, 12, 5, tzinfo=UTC))
    with db.unit_of_work() as session:
        record(session, world.anna, "plan.read", citizen_id=world.mette_id, object_type="plan")
    monkeypatch.undo()
    _as(client, "mette")
    page = _main(client.get(f"{LOG}?fra=2026-07-01&til=2026-07-01").text)
    assert (
        "1. jul. 2026 kl. 14.05" in page and "Anna Holm fra Team Voksen Nord så din plan." in page
    )


def test_the_citizens_own_clicks_are_summed_up_apart(client: TestClient, world: World) -> None:
    _as(client, "mette")
    for _ in range(3):
        client.get("/min-side")
    page = _main(client.get(LOG).text)
    own, others = page.split("<ol", 1)
    assert "Du selv har kigget" in own and "Mette Sørensen" not in others


def test_one_view_of_the_log_is_logged_once(client: TestClient, world: World, db: Database) -> None:
    _as(client, "mette")

    def reads() -> int:
        with db.unit_of_work() as session:
            query = select(func.count()).where(AuditEvent.action == "audit.read")
            return session.scalar(query.select_from(AuditEvent)) or 0

    before = reads()
    client.get(f"{LOG}?slags=laest")
    assert reads() == before + 1


@pytest.mark.parametrize("username", ["anna", "lene"])
def test_staff_and_relatives_cannot_open_the_citizens_log_page(
    client: TestClient, world: World, username: str
) -> None:
    _as(client, username)
    answer = client.get(LOG)
    assert answer.status_code in (403, 404) and "Mette" not in _main(answer.text)
