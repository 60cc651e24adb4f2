# SPDX-License-Identifier: MPL-2.0
"""Racing writers on a committed database: exactly one wins, the other gets 409, nothing mixed."""

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from samskab import migrations
from samskab.app import create_app
from samskab.core import clock
from samskab.core.db import Database, make_engine
from samskab.terminology.codesystems import CodeSystemName, load
from samskab.terminology.services import service_type
from tests.builders import World, grant_by_api, make_world
from tests.conftest import VAULT, fresh_database_url

PAIRS = 20


@pytest.fixture(params=["sqlite", "postgresql"])
def installation(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[TestClient, World]]:
    """The application over a database whose transactions really commit."""
    urls = fresh_database_url(request.param, str(tmp_path))
    engine = make_engine(next(urls))
    migrations.upgrade(engine)
    db = Database(engine, VAULT)
    with db.unit_of_work() as session:
        world = make_world(session)
    with TestClient(create_app(db, session_key="k" * 32)) as client:
        yield client, world
    engine.dispose()
    next(urls, None)


def _race(client: TestClient, calls: list[tuple[str, str, dict[str, Any], str]]) -> list[Any]:
    """Send the requests at the same moment from one thread each; the responses in order."""
    start = threading.Barrier(len(calls))
    answers: list[Any] = [None] * len(calls)

    def send(index: int) -> None:
        method, url, body, who = calls[index]
        headers = {"Authorization": f"Bearer {who}"}
        start.wait()
        answers[index] = client.request(method, url, json=body, headers=headers)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def _one_won(answers: list[Any]) -> int:
    """The index of the one writer that won; the other must have had 409 with the current state."""
    codes = sorted(a.status_code for a in answers)
    assert codes == [200, 409], [a.text[:200] for a in answers]
    loser = next(a for a in answers if a.status_code == 409)
    assert loser.headers["content-type"] == "application/problem+json"
    assert loser.json()["code"] == "stale_version" and "current" in loser.json()["details"]
    return next(i for i, a in enumerate(answers) if a.status_code == 200)


def test_of_two_racing_goal_edits_exactly_one_wins_with_all_its_fields(
    installation: tuple[TestClient, World],
) -> None:
    client, world = installation
    anna, bo = world.tokens["anna"], world.tokens["bo"]
    goal = client.post(
        f"/api/v1/citizens/{world.mette_id}/plan/goals",
        headers={"Authorization": f"Bearer {anna}"},
        json={"citizen_words": "Jeg vil åbne min post.", "goal_type": "udvikle"},
    ).json()
    url = f"/api/v1/goals/{goal['id']}"
    for pair in range(PAIRS):
        version = client.get(
            f"/api/v1/citizens/{world.mette_id}/plan", headers={"Authorization": f"Bearer {anna}"}
        ).json()["goals"][0]["version"]
        bodies = [
            {"version": version, "professional_wording": f"Anna {pair}", "status": "active"},
            {"version": version, "professional_wording": f"Bo {pair}", "status": "achieved"},
        ]
        answers = _race(client, [("PATCH", url, bodies[0], anna), ("PATCH", url, bodies[1], bo)])
        winner = bodies[_one_won(answers)]
        plan = client.get(
            f"/api/v1/citizens/{world.mette_id}/plan", headers={"Authorization": f"Bearer {anna}"}
        ).json()
        stored = plan["goals"][0]
        assert (stored["professional_wording"], stored["status"]) == (
            winner["professional_wording"],
            winner["status"],
        )
        assert stored["version"] == version + 1
        wordings = [h for h in stored["history"] if h["field"] == "professional_wording"]
        assert len(wordings) == pair + 1
        assert wordings[-1]["author_name"] == (
            "Anna Holm" if "Anna" in winner["professional_wording"] else "Bo Kjær"
        )


def test_of_two_racing_theme_edits_exactly_one_wins_with_all_its_fields(
    installation: tuple[TestClient, World],
) -> None:
    client, world = installation
    anna, bo = world.tokens["anna"], world.tokens["bo"]
    headers = {"Authorization": f"Bearer {anna}"}
    case_url = f"/api/v1/cases/{world.mette_case_id}"
    client.post(f"{case_url}/transitions", headers=headers, json={"to": "assessment"})
    assessment = client.post(f"{case_url}/assessment", headers=headers).json()
    theme = load(CodeSystemName.FFB).find("Varetage økonomi").code
    url = f"/api/v1/assessments/{assessment['id']}/themes/{theme}"
    first = client.put(url, headers=headers, json={"professional_text": "Start"}).json()
    version = first["version"]
    for pair in range(PAIRS):
        bodies = [
            {
                "version": version,
                "professional_level": level,
                "professional_text": f"{who} {pair} fagligt",
                "citizen_level": level,
                "citizen_text": f"{who} {pair} borgerens ord",
                "resources": f"{who} {pair} ressourcer",
                "wishes": f"{who} {pair} ønsker",
            }
            for who, level in (("Anna", 1), ("Bo", 3))
        ]
        answers = _race(client, [("PUT", url, bodies[0], anna), ("PUT", url, bodies[1], bo)])
        winner = bodies[_one_won(answers)]
        stored = next(
            t
            for t in client.get(f"{case_url}/assessment", headers=headers).json()["themes"]
            if t["theme_code"] == theme
        )
        assert {k: stored[k] for k in winner} == winner | {"version": version + 1}
        version += 1


def test_of_two_racing_contact_changes_exactly_one_wins_with_all_its_fields(
    installation: tuple[TestClient, World],
) -> None:
    client, world = installation
    anna, bo = world.tokens["anna"], world.tokens["bo"]
    url = f"/api/v1/citizens/{world.mette_id}"
    for pair in range(PAIRS):
        version = client.get(url, headers={"Authorization": f"Bearer {anna}"}).json()["version"]
        bodies = [
            {
                "version": version,
                "phone": f"{number}{pair:02d}",
                "address_line": f"{street} {pair}",
                "communication_needs": f"{street} {pair}",
            }
            for number, street in (("203040", "Annasvej"), ("405060", "Bosvej"))
        ]
        answers = _race(client, [("PATCH", url, bodies[0], anna), ("PATCH", url, bodies[1], bo)])
        winner = bodies[_one_won(answers)]
        stored = client.get(url, headers={"Authorization": f"Bearer {anna}"}).json()
        assert {k: stored[k] for k in winner} == winner | {"version": version + 1}


def test_of_two_racing_plan_field_edits_exactly_one_wins_with_all_its_fields(
    installation: tuple[TestClient, World],
) -> None:
    client, world = installation
    anna, bo = world.tokens["anna"], world.tokens["bo"]
    url = f"/api/v1/citizens/{world.mette_id}/plan"
    for pair in range(PAIRS):
        version = client.get(url, headers={"Authorization": f"Bearer {anna}"}).json()["version"]
        bodies = [
            {
                "version": version,
                "purpose": f"{who} {pair} formål",
                "expected_duration": f"{months} måneder",
                "other": f"{who} {pair} andet",
            }
            for who, months in (("Anna", 6), ("Bo", 12))
        ]
        answers = _race(client, [("PUT", url, bodies[0], anna), ("PUT", url, bodies[1], bo)])
        winner = bodies[_one_won(answers)]
        stored = client.get(url, headers={"Authorization": f"Bearer {anna}"}).json()
        assert {k: stored[k] for k in winner} == winner | {"version": version + 1}


def test_of_two_racing_order_changes_exactly_one_wins_with_all_its_fields(
    installation: tuple[TestClient, World],
) -> None:
    client, world = installation
    anna, bo = world.tokens["anna"], world.tokens["bo"]
    headers = {"Authorization": f"Bearer {anna}"}
    grant_by_api(client, world, world.mette_case_id, granted_amount=10)
    code = service_type("SEL-85").intervention_codes()[0].code
    order = client.post(
        f"/api/v1/cases/{world.mette_case_id}/interventions",
        headers=headers,
        json={
            "service_code": code,
            "provider_id": str(world.provider_id),
            "scope_amount": 3,
            "period_start": str(clock.today()),
        },
    ).json()
    url = f"/api/v1/interventions/{order['id']}"
    listing = f"/api/v1/cases/{world.mette_case_id}/interventions"
    for pair in range(PAIRS):
        version = client.get(listing, headers=headers).json()[0]["version"]
        bodies = [
            {
                "version": version,
                "scope_amount": amount,
                "period_end": str(clock.today() + timedelta(days=days + pair)),
                "follow_up_on": str(clock.today() + timedelta(days=days // 2 + pair)),
            }
            for amount, days in ((2.0, 60), (4.0, 90))
        ]
        answers = _race(client, [("PATCH", url, bodies[0], anna), ("PATCH", url, bodies[1], bo)])
        winner = bodies[_one_won(answers)]
        stored = client.get(listing, headers=headers).json()[0]
        assert {k: stored[k] for k in winner} == winner | {"version": version + 1}


def test_of_two_racing_quality_standard_edits_exactly_one_version_is_published(
    installation: tuple[TestClient, World],
) -> None:
    client, world = installation
    bo = world.tokens["bo"]
    url = "/api/v1/quality-standards/SEL-85"
    for pair in range(PAIRS):
        bodies = [
            {
                "version": pair or None,
                "service_level": f"{who} {pair} serviceniveau",
                "goals": f"{who} {pair} mål",
                "time_frame": f"{who} {pair} tidsramme",
            }
            for who in ("Første", "Anden")
        ]
        answers = _race(client, [("PUT", url, bodies[0], bo), ("PUT", url, bodies[1], bo)])
        winner = bodies[_one_won(answers)]
        [stored] = client.get(
            "/api/v1/quality-standards", headers={"Authorization": f"Bearer {bo}"}
        ).json()
        assert {k: stored[k] for k in winner} == winner | {"version": pair + 1}


def test_of_two_racing_note_corrections_exactly_one_becomes_the_next_version(
    installation: tuple[TestClient, World],
) -> None:
    client, world = installation
    anna, bo = world.tokens["anna"], world.tokens["bo"]
    headers = {"Authorization": f"Bearer {anna}"}
    note = client.post(
        f"/api/v1/cases/{world.mette_case_id}/notes",
        headers=headers,
        json={"kind": "telefonsamtale", "body": "Mette ringede."},
    ).json()
    url = f"/api/v1/notes/{note['id']}"
    listing = f"/api/v1/cases/{world.mette_case_id}/notes"
    for pair in range(PAIRS):
        current = next(
            n for n in client.get(listing, headers=headers).json() if n["id"] == note["id"]
        )
        version = current["versions"][-1]["version"]
        bodies = [
            {"version": version, "body": f"Mette ringede ({who}, runde {pair})."}
            for who in ("Anna", "Bo")
        ]
        answers = _race(client, [("PUT", url, bodies[0], anna), ("PUT", url, bodies[1], bo)])
        winner = bodies[_one_won(answers)]
        stored = next(
            n for n in client.get(listing, headers=headers).json() if n["id"] == note["id"]
        )
        assert stored["body"] == winner["body"]
        assert [v["version"] for v in stored["versions"]] == list(range(1, version + 2))
