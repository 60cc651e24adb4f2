# SPDX-License-Identifier: MPL-2.0
"""Analysts see aggregates only, with cells under five suppressed; never a citizen."""

from datetime import timedelta

from fastapi.testclient import TestClient

from samskab.cases.actions import open_case
from samskab.cases.schemas import CaseOpen
from samskab.core import clock
from samskab.core.db import Database
from samskab.organisations.actions import add_user, mint_token
from samskab.organisations.models import Organisation, Role
from tests.builders import World, citizen_in


def test_an_analyst_gets_counts_with_small_cells_suppressed_and_no_citizen(
    client: TestClient, world: World, db: Database
) -> None:
    with db.unit_of_work() as session:
        for number in range(6):
            open_case(
                session,
                world.anna,
                CaseOpen(
                    citizen=citizen_in(cpr=f"02028{number}1234", first_name=f"B{number}"),
                    service_type="SEL-104",
                    received_on=clock.today() - timedelta(days=3),
                ),
            )
        home = session.get_one(Organisation, world.anna.organisation_id)
        add_user(session, "freja", "Freja Analytiker", home, [Role.ANALYST])
        token = mint_token(session, "freja")
    analyst = {"Authorization": f"Bearer {token}"}
    cells = client.get("/api/v1/insights/cases", headers=analyst).json()
    counts = {(c["service_type"], c["status"]): c["count"] for c in cells}
    assert counts[("SEL-104", "inquiry")] == 6
    assert counts[("SEL-85", "inquiry")] is None  # one case: suppressed
    assert client.get(f"/api/v1/citizens/{world.mette_id}", headers=analyst).status_code == 404
    assert client.get("/api/v1/insights/cases", headers=world.auth("anna")).status_code == 403
