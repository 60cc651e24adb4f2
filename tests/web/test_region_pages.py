# SPDX-License-Identifier: MPL-2.0
"""The coordinator's pages and the caseworker's placement page, as a browser uses them."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from samskab.core.db import Database
from samskab.offers import catalogue
from samskab.offers.generate import generate
from samskab.offers.models import Offer
from samskab.organisations.actions import add_user
from samskab.organisations.models import Organisation, Role
from tests.builders import World, ready_for_decision
from tests.offers.test_catalogue import GOOD, _csv


@pytest.fixture
def region(db: Database, world: World) -> Database:
    """The national landscape and Erik, the KKR coordinator."""
    with db.unit_of_work() as session:
        generate(session, seed=6)
        aalborg = session.scalars(
            select(Organisation).where(Organisation.municipality_code == "0851")
        ).first()
        assert aalborg is not None
        add_user(session, "erik", "Erik Vestergaard", aalborg, [Role.REGIONAL_COORDINATOR])
    return db


def _login(client: TestClient, username: str) -> None:
    client.post("/login/demo", data={"username": username})


def test_the_coordinator_lands_on_the_offers_with_a_map_and_the_regions_totals(
    client: TestClient, region: Database
) -> None:
    client.post("/login/demo", data={"username": "erik"}, follow_redirects=False)
    landing = client.get("/")
    assert landing.url.path == "/region"
    assert "Regionale tilbud" in landing.text
    assert "<svg" in landing.text and 'role="img"' in landing.text
    assert "Region Nordjylland" in landing.text
    assert "Pladser pr. region" in landing.text
    capital = client.get("/region?region=1084&paragraf=SEL-108&niveau=3")
    assert capital.status_code == 200
    assert "Højt specialiseret" in capital.text
    code = re.search(r'href="/region/tilbud/([A-Z0-9]+)"', capital.text)
    assert code is not None
    offer = client.get(f"/region/tilbud/{code.group(1)}")
    assert "Sådan er taksten beregnet" in offer.text
    assert "pladser ×" in offer.text


def test_planning_compares_the_optimum_with_first_come_and_runs_the_local_scenario(
    client: TestClient, region: Database
) -> None:
    _login(client, "erik")
    answer = client.get("/region/planlaegning?region=1081&beregn=1&lokalt=80&minimum=85")
    assert answer.status_code == 200
    assert "Optimal" in answer.text and "Først-til-mølle" in answer.text
    assert "Scenarie: hver kommune beholder 80 % lokalt" in answer.text
    assert "Den optimale plan koster" in answer.text
    forecast = client.get("/region/prognose?region=1081")
    assert forecast.status_code == 200
    assert "Pladsbehov" in forecast.text and "Autismespektrum" in forecast.text


def test_a_broken_upload_shows_every_problem_and_changes_nothing(
    client: TestClient, region: Database
) -> None:
    _login(client, "erik")
    with region.sessions() as session:
        before = session.scalar(select(func.count()).select_from(Offer))
    bad = _csv([GOOD, GOOD | {"tilbudsnummer": "TP-X", "pladser": "mange", "postnummer": "12"}])
    answer = client.post("/region/import", files={"fil": ("tilbud.csv", bad, "text/csv")})
    assert answer.status_code == 422
    assert "Filen blev ikke indlæst" in answer.text
    assert "pladser" in answer.text and "postnummer" in answer.text
    with region.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Offer)) == before
        assert session.scalar(select(Offer).where(Offer.code == "TP-9001")) is None


def test_an_upload_carrying_its_form_token_in_the_body_is_imported(
    client: TestClient, region: Database
) -> None:
    _login(client, "erik")
    token = client.get("/session/csrf").json()["token"]
    answer = client.post(
        "/region/import",
        data={"_csrf": token},
        files={"fil": ("tilbud.csv", _csv([GOOD]), "text/csv")},
        headers={"X-CSRF-Token": ""},
    )
    assert answer.status_code == 200, answer.text
    assert "1 tilbud indlæst: 1 nye og 0 opdateret" in answer.text
    forged = client.post(
        "/region/import",
        data={"_csrf": "forged"},
        files={"fil": ("tilbud.csv", _csv([GOOD]), "text/csv")},
        headers={"X-CSRF-Token": ""},
    )
    assert forged.status_code == 403


def test_the_export_downloads_the_regions_offers_as_csv(
    client: TestClient, region: Database
) -> None:
    _login(client, "erik")
    answer = client.get("/region/eksport.csv?region=1081")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    header = answer.content.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[: len(catalogue.COLUMNS)] == list(catalogue.COLUMNS)


def test_caseworkers_do_not_get_the_coordinators_pages(
    client: TestClient, region: Database
) -> None:
    _login(client, "anna")
    assert client.get("/region").status_code == 403
    assert client.get("/region/planlaegning?region=1081&beregn=1").status_code == 403


def test_a_caseworker_sets_the_weights_with_the_citizen_and_chooses_an_offer(
    client: TestClient, world: World, region: Database
) -> None:
    _login(client, "anna")
    page = client.get(f"/sager/{world.mette_case_id}/placering")
    assert page.status_code == 200
    assert "Hvad betyder mest?" in page.text
    group = re.search(r'<option value="([0-9a-f-]{36})"[^>]*>Angst<', page.text)
    assert group is not None
    shown = client.post(
        f"/sager/{world.mette_case_id}/placering",
        data={
            "target_group_code": group.group(1),
            "support_level": "1",
            "relative_1_name": "Lene (søster)",
            "relative_1_postcode": "9400",
            "home": "5",
            "family": "3",
            "fit": "3",
            "cost": "1",
            "wait": "2",
        },
    )
    assert shown.status_code == 200
    assert "km fra hjemmet og" in shown.text and "fra Lene (søster)" in shown.text
    offer_id = re.search(r'name="offer_id" value="([0-9a-f-]{36})"', shown.text)
    assert offer_id is not None
    chosen = client.post(
        f"/sager/{world.mette_case_id}/placering/vaelg", data={"offer_id": offer_id.group(1)}
    )
    assert "Valgt:" in chosen.text
    assert 'class="chosen"' in chosen.text
    anna = world.auth("anna")
    ready_for_decision(client, world)
    client.put(
        f"/api/v1/cases/{world.mette_case_id}/decision-draft",
        json={"outcome": "bevilget"},
        headers=anna,
    )
    decision = client.get(f"/sager/{world.mette_case_id}/afgoerelse")
    assert "Tilbud valgt med borgeren:" in decision.text


def test_a_bad_weight_is_refused_in_danish_and_keeps_what_was_typed(
    client: TestClient, world: World, region: Database
) -> None:
    _login(client, "anna")
    answer = client.post(
        f"/sager/{world.mette_case_id}/placering",
        data={
            "target_group_code": "x",
            "support_level": "1",
            "home": "9",
            "relative_1_name": "Lene",
            "relative_1_postcode": "9400",
        },
    )
    assert answer.status_code == 422
    assert "Må højst være 5." in answer.text
    assert 'value="Lene"' in answer.text
