# SPDX-License-Identifier: MPL-2.0
"""The offer catalogue over the REST API: filtered, paged, with the tariff computation."""

from fastapi.testclient import TestClient

from samskab.core.db import Database
from samskab.offers.generate import generate
from tests.builders import World


def test_offers_are_listed_by_region_and_paragraph_with_their_tariff_computation(
    client: TestClient, world: World, db: Database
) -> None:
    with db.unit_of_work() as session:
        generate(session, seed=8, people_per_offer=20_000)
    answer = client.get(
        "/api/v1/offers",
        params={"region": "1081", "service_type": "SEL-108", "limit": 5},
        headers=world.auth("anna"),
    )
    assert answer.status_code == 200
    page = answer.json()
    assert page["total"] >= len(page["items"]) > 0
    first = page["items"][0]
    assert first["region_code"] == "1081"
    assert first["service_type"] == "SEL-108"
    assert "pladser ×" in first["tariff_computation"]
    one = client.get(f"/api/v1/offers/{first['code']}", headers=world.auth("anna"))
    assert one.json() == first
    missing = client.get("/api/v1/offers/TP0000999", headers=world.auth("anna"))
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Tilbuddet blev ikke fundet."
    bad = client.get("/api/v1/offers", params={"region": "x"}, headers=world.auth("anna"))
    assert bad.status_code == 422
    assert client.get("/api/v1/offers").status_code == 401
