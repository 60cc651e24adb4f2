# SPDX-License-Identifier: MPL-2.0
"""The demo login, Mine sager and the case page, as a caseworker sees them."""

from fastapi.testclient import TestClient

from samskab.assessments.actions import record_theme, start_assessment
from samskab.assessments.schemas import ThemeEntryIn
from samskab.core.db import Database
from samskab.plans.actions import add_goal
from samskab.plans.schemas import GoalIn
from samskab.terminology.codesystems import CodeSystemName, load
from tests.builders import World


def _login(client: TestClient, username: str, home: str = "/mine-sager") -> None:
    answer = client.post("/login/demo", data={"username": username}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == home


def test_the_demo_login_is_clearly_marked_and_lists_the_personas(
    client: TestClient, world: World
) -> None:
    page = client.get("/login")
    assert page.status_code == 200
    assert "DEMO" in page.text
    assert "opdigtede" in page.text
    for name in ("Anna Holm", "Bo Kjær", "Carl Mikkelsen"):
        assert name in page.text


def test_a_caseworker_lands_on_mine_sager_with_status_deadline_and_days_left(
    client: TestClient, world: World
) -> None:
    _login(client, "anna")
    page = client.get("/")
    assert page.url.path == "/mine-sager"
    assert "Mette Sørensen" in page.text
    assert "Henvendelse" in page.text
    assert "Dage tilbage" in page.text
    assert "<td>46</td>" in page.text


def test_the_case_page_shows_the_citizens_whole_situation_with_both_perspectives(
    client: TestClient, world: World, db: Database
) -> None:
    theme = load(CodeSystemName.FFB).find("Varetage økonomi").code
    with db.unit_of_work() as session:
        assessment = start_assessment(session, world.anna, world.mette_case_id)
        record_theme(
            session,
            world.anna,
            assessment.id,
            theme,
            ThemeEntryIn(
                citizen_level=4,
                citizen_text="Jeg tør ikke åbne mine breve.",
                professional_level=1,
                professional_text="Har overblik over sine indtægter.",
            ),
        )
        add_goal(
            session,
            world.anna,
            world.mette_id,
            GoalIn(citizen_words="Jeg vil kunne åbne min post selv.", goal_type="udvikle"),
        )
    _login(client, "anna")
    page = client.get(f"/sager/{world.mette_case_id}")
    assert page.status_code == 200
    text = page.text
    assert "070292-xxxx" in text
    assert "0702921234" not in text
    assert "Borgerens oplevelse" in text
    assert "Faglig vurdering" in text
    assert "Jeg tør ikke åbne mine breve." in text
    assert "Vurderingerne er forskellige" in text
    assert text.index("Jeg vil kunne åbne min post selv.") < text.index("Indsatser")
    assert "Alle borgerens sager" in text


def test_a_caseworker_in_another_team_gets_a_not_found_page(
    client: TestClient, world: World
) -> None:
    _login(client, "carl")
    page = client.get(f"/sager/{world.mette_case_id}")
    assert page.status_code == 404
    assert "Mette" not in page.text
    assert "ikke fundet" in page.text


def test_pages_need_a_login(client: TestClient, world: World) -> None:
    answer = client.get("/mine-sager", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login"


def test_an_admin_lands_on_configuration_and_is_told_the_role_gives_no_access_to_cases(
    client: TestClient, world: World
) -> None:
    _login(client, "gorm", home="/admin")
    page = client.get("/mine-sager")
    assert page.status_code == 200
    assert "giver ikke adgang" in page.text


def test_the_case_list_filters_work_without_javascript(client: TestClient, world: World) -> None:
    _login(client, "anna")
    everything = client.get("/mine-sager?scope=mine&status=&ydelse=&overskredet=")
    inquiries = client.get("/mine-sager?scope=mine&status=inquiry&ydelse=SEL-85")
    others = client.get("/mine-sager?scope=mine&status=active")
    assert everything.status_code == inquiries.status_code == others.status_code == 200
    assert "Mette Sørensen" in everything.text and "Mette Sørensen" in inquiries.text
    assert "Mette Sørensen" not in others.text
