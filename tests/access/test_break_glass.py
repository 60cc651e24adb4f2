# SPDX-License-Identifier: MPL-2.0
"""Break the glass: emergency access with a reason, time-limited, shown to citizen and team lead."""

from datetime import timedelta

import sqlalchemy as sa
from fastapi.testclient import TestClient

from samskab.access.models import CitizenAccess
from samskab.core import clock
from samskab.core.db import Database
from tests.builders import METTE_CPR, World


def _break(client: TestClient, world: World, reason: str) -> int:
    return client.post(
        "/api/v1/citizens/break-glass",
        headers=world.auth("carl"),
        json={"cpr": METTE_CPR, "reason": reason},
    ).status_code


def test_emergency_access_needs_a_real_reason(client: TestClient, world: World) -> None:
    assert _break(client, world, "haster") == 422
    assert (
        client.get(f"/api/v1/cases/{world.mette_case_id}", headers=world.auth("carl")).status_code
        == 404
    )


def test_emergency_access_opens_the_case_and_is_shown_to_the_citizen_and_team_lead(
    client: TestClient, world: World
) -> None:
    reason = "Mette er indlagt akut, og sygehuset spørger efter hendes plan."
    assert _break(client, world, reason) == 200
    assert (
        client.get(f"/api/v1/cases/{world.mette_case_id}", headers=world.auth("carl")).status_code
        == 200
    )
    client.post("/login/demo", data={"username": "mette"})
    log = client.get("/min-side/hvem-har-set").text
    assert "Nødadgang" in log and "Carl Mikkelsen" in log
    client.post("/login/demo", data={"username": "bo"})
    review = client.get("/noedadgang").text
    assert reason in review and "Carl Mikkelsen" in review


def test_emergency_access_ends_by_itself(client: TestClient, world: World, db: Database) -> None:
    _break(client, world, "Akut henvendelse fra politiet om borgerens sikkerhed.")
    with db.unit_of_work() as session:
        session.execute(
            sa.update(CitizenAccess)
            .where(CitizenAccess.source_type == "break_glass")
            .values(expires_at=clock.now() - timedelta(minutes=1))
        )
    assert (
        client.get(f"/api/v1/cases/{world.mette_case_id}", headers=world.auth("carl")).status_code
        == 404
    )


def test_only_team_leads_see_the_review_list(client: TestClient, world: World) -> None:
    client.post("/login/demo", data={"username": "anna"})
    assert client.get("/noedadgang").status_code == 403
