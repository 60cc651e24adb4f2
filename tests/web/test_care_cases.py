# SPDX-License-Identifier: MPL-2.0
"""Care cases (FSIII) as first-class cases: the right plan sections and the right option lists."""

import io
import re

from fastapi.testclient import TestClient
from pypdf import PdfReader

from samskab.core.db import Database
from samskab.terminology.services import CATALOGUE, service_type
from tests.builders import World, grant_by_api, make_care_case


def _login(client: TestClient, username: str = "anna") -> None:
    client.post("/login/demo", data={"username": username})


def _pdf_text(content: bytes) -> str:
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def test_a_health_act_case_has_no_section_141_handleplan_on_the_plan_page(
    client: TestClient, world: World, db: Database
) -> None:
    case_id = make_care_case(db, world, "SUL-138")
    _login(client)
    page = client.get(f"/sager/{case_id}/plan")
    assert page.status_code == 200
    assert "§ 141" not in page.text and "Gem handleplan" not in page.text
    assert "Nyt mål" in page.text


def test_a_health_act_case_has_no_section_141_handleplan_in_the_plan_pdf(
    client: TestClient, world: World, db: Database
) -> None:
    case_id = make_care_case(db, world, "SUL-140")
    _login(client)
    answer = client.get(f"/sager/{case_id}/plan.pdf")
    assert answer.headers["content-type"] == "application/pdf"
    text = _pdf_text(answer.content)
    assert "§ 141" not in text and "Hvor længe" not in text
    assert "Din plan" in text


def test_a_social_services_case_keeps_its_section_141_handleplan(
    client: TestClient, world: World
) -> None:
    _login(client)
    assert (
        "Handleplan (serviceloven § 141)" in client.get(f"/sager/{world.mette_case_id}/plan").text
    )
    text = _pdf_text(client.get(f"/sager/{world.mette_case_id}/plan.pdf").content)
    assert "Handleplan efter serviceloven § 141" in text


def test_every_service_offers_each_intervention_once_and_no_heading_as_an_option() -> None:
    for service in CATALOGUE:
        groups = service.intervention_groups()
        options = [c for g in groups for c in g.options]
        names = [c.display for c in options]
        assert options, service.key
        assert len(names) == len(set(names)), service.key
        assert all(not c.children for c in options if service.system == "fsiii"), service.key


def test_fsiii_options_use_the_current_kl_codes_not_the_classic_letters() -> None:
    uuid_code = re.compile(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}")
    for key in ("SEL-83", "SEL-83a", "SEL-86", "SUL-138", "SUL-140"):
        service = service_type(key)
        assert all(uuid_code.fullmatch(c.code) for c in service.intervention_codes()), key
        assert all(uuid_code.fullmatch(c.code) for c in service.assessment_themes()), key


def test_a_revised_fsiii_condition_replaces_the_classic_one_of_the_same_name() -> None:
    themes = service_type("SUL-138").assessment_themes()
    urination = [c for c in themes if c.display == "Problemer med vandladning"]
    assert len(urination) == 1
    # The 2024 revision covers urination, continence and the kidneys.
    assert urination[0].code == "ae911e37-1ed5-4c30-9622-c73640f1c606"


def test_the_order_page_shows_headings_as_optgroups_and_each_service_once(
    client: TestClient, world: World, db: Database
) -> None:
    case_id = make_care_case(db, world, "SEL-83")
    grant_by_api(client, world, case_id)
    _login(client)
    page = client.get(f"/sager/{case_id}/bestilling").text
    start = page.index('name="service_code"')
    select = page[start : page.index("</select>", start)]
    assert '<optgroup label="§ 83 stk. 1, nr. 2 Praktisk hjælp i hjemmet">' in select
    assert select.count(">Madservice<") == 1
    displays = re.findall(r"<option [^>]*>([^<]*)<", select)
    assert len(displays) == len(set(displays))
    assert "§ 83 stk. 1, nr. 1 Personlig hjælp og pleje" not in displays


def test_the_assessment_page_offers_fsiii_conditions_under_their_area(
    client: TestClient, world: World, db: Database
) -> None:
    case_id = make_care_case(db, world, "SUL-138")
    _login(client)
    client.post(f"/sager/{case_id}/udredning/start")
    page = client.get(f"/sager/{case_id}/udredning").text
    select = page[
        page.index('name="theme_code"') : page.index("</select>", page.index('name="theme_code"'))
    ]
    assert '<optgroup label="Udskillelse af affaldsstoffer">' in select
    assert select.count(">Problemer med vandladning<") == 1
    assert 'value="' + "Udskillelse" not in select
    options = re.findall(r"<option value=\"([^\"]*)\"", select)
    headings = {g.heading for g in service_type("SUL-138").assessment_groups()}
    displays = re.findall(r"<option [^>]*>([^<]*)<", select)
    assert options and not headings & set(displays)
