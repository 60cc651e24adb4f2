# SPDX-License-Identifier: MPL-2.0
"""Free choice of provider (frit valg) is recorded on orders under SEL § 83 and SUL § 140."""

import uuid
from typing import Any

from fastapi.testclient import TestClient

from samskab.core import clock
from samskab.core.db import Database
from samskab.organisations.actions import add_organisation
from samskab.organisations.models import OrganisationKind
from samskab.terminology.services import service_type
from tests.builders import World, grant_by_api, make_care_case


def _order(client: TestClient, world: World, case_id: uuid.UUID, **extra: Any) -> Any:
    code = service_type("SUL-140").intervention_codes()[1].code
    return client.post(
        f"/api/v1/cases/{case_id}/interventions",
        headers=world.auth("anna"),
        json={
            "service_code": code,
            "provider_id": str(world.provider_id),
            "scope_amount": 2,
            "period_start": str(clock.today()),
        }
        | extra,
    )


def test_an_order_under_section_140_must_say_how_the_citizen_chose_the_provider(
    client: TestClient, world: World, db: Database
) -> None:
    case_id = make_care_case(db, world, "SUL-140")
    grant_by_api(client, world, case_id)
    refused = _order(client, world, case_id)
    assert refused.status_code == 422
    assert "frie valg af leverandør (Sundhedsloven § 140, stk. 4)" in refused.text
    ordered = _order(client, world, case_id, provider_choice="borgerens_valg")
    assert ordered.status_code == 201
    assert ordered.json()["provider_choice"] == "borgerens_valg"


def test_the_citizen_can_only_choose_among_the_municipalitys_approved_providers(
    client: TestClient, world: World, db: Database
) -> None:
    case_id = make_care_case(db, world, "SUL-140")
    grant_by_api(client, world, case_id)
    with db.unit_of_work() as session:
        elsewhere = add_organisation(
            session, OrganisationKind.PROVIDER, "Træning Aarhus", municipality_code="0751"
        ).id
    refused = _order(
        client, world, case_id, provider_id=str(elsewhere), provider_choice="borgerens_valg"
    )
    assert refused.status_code == 422 and "kommunen har godkendt" in refused.text


def test_free_choice_is_refused_where_the_law_gives_none(client: TestClient, world: World) -> None:
    grant_by_api(client, world, world.mette_case_id)
    code = service_type("SEL-85").intervention_codes()[0].code
    refused = client.post(
        f"/api/v1/cases/{world.mette_case_id}/interventions",
        headers=world.auth("anna"),
        json={
            "service_code": code,
            "provider_id": str(world.provider_id),
            "scope_amount": 3,
            "period_start": str(clock.today()),
            "provider_choice": "borgerens_valg",
        },
    )
    assert refused.status_code == 422 and "gælder ikke for Serviceloven § 85" in refused.text


def test_the_choice_is_asked_on_the_order_form_and_shown_on_the_order_and_the_case(
    client: TestClient, world: World, db: Database
) -> None:
    case_id = make_care_case(db, world, "SEL-83")
    decision_id = grant_by_api(client, world, case_id)
    client.post("/login/demo", data={"username": "anna"})
    form = client.get(f"/sager/{case_id}/bestilling").text
    assert "Frit valg af leverandør (Serviceloven § 91)" in form
    code = service_type("SEL-83").intervention_codes()[0].code
    fields = {
        "decision_id": decision_id,
        "service_code": code,
        "provider_id": str(world.provider_id),
        "scope_amount": "3",
        "scope_unit": "timer pr. uge",
        "period_start": str(clock.today()),
    }
    forgot = client.post(f"/sager/{case_id}/bestilling", data=fields)
    assert "Angiv borgerens frie valg af leverandør (Serviceloven § 91)." in forgot.text
    placed = client.post(
        f"/sager/{case_id}/bestilling", data=fields | {"provider_choice": "borgerens_valg"}
    )
    assert placed.status_code == 200
    assert "Frit valg: Borgeren har selv valgt udføreren" in placed.text
    assert "Frit valg: Borgeren har selv valgt udføreren" in client.get(f"/sager/{case_id}").text
