# SPDX-License-Identifier: MPL-2.0
"""Decision drafts carry a version: a save based on an old one is refused, nothing is lost, and
the database holds at most one draft per case."""

import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from samskab import migrations
from samskab.access.actor import Actor
from samskab.cases.actions import transition_case
from samskab.cases.states import CaseStatus
from samskab.core.db import Database, make_engine
from samskab.core.errors import Conflict
from samskab.decisions.actions import draft_decision
from samskab.decisions.models import Decision
from samskab.decisions.schemas import DecisionDraft
from tests.builders import World, make_world
from tests.conftest import VAULT, fresh_database_url
from tests.decisions.helpers import draft, ready_for_decision

PAIRS = 20


@pytest.fixture(params=["sqlite", "postgresql"])
def committed(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Database]:
    """A database of its own whose transactions really commit, for racing threads."""
    urls = fresh_database_url(request.param, str(tmp_path))
    engine = make_engine(next(urls))
    migrations.upgrade(engine)
    yield Database(engine, VAULT)
    engine.dispose()
    next(urls, None)


def _save(db: Database, actor: Actor, case_id: uuid.UUID, data: DecisionDraft) -> str:
    try:
        with db.unit_of_work() as session:
            draft_decision(session, actor, case_id, data)
    except Conflict as conflict:
        return "409" if conflict.status == 409 and "current" in conflict.details else "other"
    return "saved"


def _writer_text(writer: str, pair: int) -> DecisionDraft:
    # A grant and a refusal, so a mixed result would show as a refusal with a grant's reasons.
    return DecisionDraft(
        outcome="bevilget" if writer == "A" else "afslag",
        granted=f"{writer}{pair} bevilling",
        considerations=f"{writer}{pair} hensyn",
        facts=f"{writer}{pair} oplysninger",
        hearing_not_needed_reason=f"{writer}{pair} grund",
    )


def test_twenty_racing_pairs_of_draft_saves_leave_one_draft_written_by_one_writer(
    committed: Database,
) -> None:
    with committed.unit_of_work() as session:
        world = make_world(session)
        for status in (CaseStatus.ASSESSMENT, CaseStatus.DECISION):
            transition_case(session, world.anna, world.mette_case_id, status)
    version: int | None = None
    for pair in range(PAIRS):
        start = threading.Barrier(2)
        results: dict[str, str] = {}

        def write(
            writer: str,
            data: DecisionDraft,
            start: threading.Barrier = start,
            results: dict[str, str] = results,
        ) -> None:
            start.wait()
            who = world.anna if writer == "A" else world.bo
            results[writer] = _save(committed, who, world.mette_case_id, data)

        threads = [
            threading.Thread(
                target=write,
                args=(w, _writer_text(w, pair).model_copy(update={"version": version})),
            )
            for w in "AB"
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(results.values()) == ["409", "saved"], (pair, results)
        winner = next(w for w, r in results.items() if r == "saved")
        with committed.unit_of_work() as session:
            drafts = list(session.scalars(select(Decision).where(Decision.status == "draft")).all())
            assert len(drafts) == 1
            saved = drafts[0]
            expected = _writer_text(winner, pair)
            assert saved.outcome == expected.outcome and saved.granted == expected.granted
            assert (saved.considerations, saved.facts) == (expected.considerations, expected.facts)
            assert saved.hearing_not_needed_reason == expected.hearing_not_needed_reason
            version = saved.version


def test_an_api_save_based_on_an_old_version_gets_409_with_the_current_draft(
    client: TestClient, world: World
) -> None:
    ready_for_decision(client, world, world.mette_case_id)
    first = draft(client, world, world.mette_case_id, outcome="bevilget", granted="Annas tekst")
    draft(
        client,
        world,
        world.mette_case_id,
        outcome="bevilget",
        granted="Bos tekst",
        version=first["version"],
    )
    stale = client.put(
        f"/api/v1/cases/{world.mette_case_id}/decision-draft",
        json={"outcome": "afslag", "granted": "Gammel tekst", "version": first["version"]},
        headers=world.auth("anna"),
    )
    assert stale.status_code == 409
    assert stale.headers["content-type"] == "application/problem+json"
    current = stale.json()["details"]["current"]
    assert current["granted"] == "Bos tekst" and current["version"] == first["version"] + 1
    blind = client.put(
        f"/api/v1/cases/{world.mette_case_id}/decision-draft",
        json={"outcome": "afslag"},
        headers=world.auth("anna"),
    )
    assert blind.status_code == 409


def test_in_the_web_app_a_stale_save_shows_both_texts_and_loses_nothing(
    client: TestClient, world: World
) -> None:
    ready_for_decision(client, world, world.mette_case_id)
    first = draft(client, world, world.mette_case_id, outcome="bevilget", granted="Bos bevilling")
    client.post("/login/demo", data={"username": "anna"})
    form = client.get(f"/sager/{world.mette_case_id}/afgoerelse").text
    assert f'name="version" value="{first["version"]}"' in form
    draft(
        client,
        world,
        world.mette_case_id,
        outcome="bevilget",
        granted="Kollegaens nye bevilling",
        version=first["version"],
    )
    answer = client.post(
        f"/sager/{world.mette_case_id}/afgoerelse/kladde",
        data={
            "outcome": "bevilget",
            "granted": "Annas egen formulering",
            "considerations": "Annas hensyn",
            "version": str(first["version"]),
        },
    )
    assert answer.status_code == 200
    assert "har gemt afgørelsen, mens du skrev" in answer.text
    assert "Annas egen formulering" in answer.text and "Annas hensyn" in answer.text
    assert "Kollegaens nye bevilling" in answer.text
    assert f'name="version" value="{first["version"] + 1}"' in answer.text
    again = client.post(
        f"/sager/{world.mette_case_id}/afgoerelse/kladde",
        data={
            "outcome": "bevilget",
            "granted": "Annas egen formulering",
            "version": str(first["version"] + 1),
        },
    )
    assert again.status_code == 200 and "Annas egen formulering" in again.text
    assert "mens du skrev" not in again.text
