# SPDX-License-Identifier: MPL-2.0
"""Safe forms: sent twice (back and send again, a double click), a form creates nothing twice."""

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samskab.cases.models import Case
from samskab.core import clock
from samskab.core.db import Database
from samskab.core.once import FormSubmission, submit_once
from samskab.interventions.models import FollowUp, Intervention
from samskab.journal.models import Note
from samskab.plans.models import Goal
from samskab.terminology.services import service_type
from tests.builders import World
from tests.web.test_nothing_typed_is_lost import Markers, _assess_and_plan, _decide, _open_case


def _login(client: TestClient, username: str = "anna") -> None:
    client.post("/login/demo", data={"username": username})


def _token(client: TestClient, url: str, action: str) -> str:
    """The one-time token of the form on a page that posts to `action`."""
    page = client.get(url).text
    form = page[page.index(f'action="{action}"') :]
    found = re.search(r'name="_once" value="([^"]+)"', form[: form.index("</form>")])
    assert found is not None, f"no one-time token in the form posting to {action}"
    return found.group(1)


def _count(db: Database, model: type[object]) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _twice(client: TestClient, url: str, data: dict[str, object]) -> tuple[str, str]:
    first = client.post(url, data=data, follow_redirects=False)
    second = client.post(url, data=data, follow_redirects=False)
    assert (first.status_code, second.status_code) == (303, 303), second.text[-1500:]
    return first.headers["location"], second.headers["location"]


def test_an_inquiry_sent_twice_opens_one_case_and_both_go_to_it(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client)
    before = _count(db, Case)
    form = {
        "_once": _token(client, "/henvendelser/ny", "/henvendelser/ny"),
        "citizen.cpr": "0101801234",
        "citizen.first_name": "Ole",
        "citizen.last_name": "Berg",
        "service_type": "SEL-85",
        "inquiry_from": "borger",
        "received_on": str(clock.today()),
        "inquiry_text": "Ole vil gerne have hjælp til at handle.",
    }
    first, second = _twice(client, "/henvendelser/ny", form)
    assert first == second and first.startswith("/sager/")
    assert _count(db, Case) == before + 1


def test_a_goal_sent_twice_is_added_once(client: TestClient, world: World, db: Database) -> None:
    _login(client)
    plan = f"/sager/{world.mette_case_id}/plan"
    form = {
        "_once": _token(client, plan, f"{plan}/maal"),
        "citizen_words": "Jeg vil kunne åbne min post.",
        "goal_type": "udvikle",
    }
    first, second = _twice(client, f"{plan}/maal", form)
    assert first == second == plan
    assert _count(db, Goal) == 1
    # A new form with the same words a moment later is the same goal sent again (see
    # core.once); other words make a second goal.
    again = {**form, "_once": _token(client, plan, f"{plan}/maal")}
    client.post(f"{plan}/maal", data=again)
    assert _count(db, Goal) == 1
    other = {**again, "_once": _token(client, plan, f"{plan}/maal"), "citizen_words": "Sove."}
    client.post(f"{plan}/maal", data=other)
    assert _count(db, Goal) == 2


def test_an_order_and_its_follow_up_sent_twice_are_recorded_once(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client)
    case_id = _open_case(client, Markers())
    _assess_and_plan(client, case_id, Markers())
    decision_id = _decide(client, case_id, db)
    orders = f"/sager/{case_id}/bestilling"
    form = {
        "_once": _token(client, orders, orders),
        "decision_id": str(decision_id),
        "service_code": service_type("SEL-85").intervention_codes()[0].code,
        "provider_id": str(world.provider_id),
        "scope_amount": "3",
        "scope_unit": "timer pr. uge",
        "period_start": str(clock.today()),
        "follow_up_on": str(clock.today() + timedelta(days=90)),
    }
    first, second = _twice(client, orders, form)
    assert first == second == orders
    assert _count(db, Intervention) == 1
    with db.sessions() as session:
        intervention_id = session.scalars(select(Intervention.id)).one()
    follow_up = {
        "_once": _token(client, orders, f"/indsatser/{intervention_id}/opfoelgning"),
        "outcome": "fortsæt",
        "note": "Det går godt.",
        "next_follow_up_on": str(clock.today() + timedelta(days=90)),
    }
    _twice(client, f"/indsatser/{intervention_id}/opfoelgning", follow_up)
    assert _count(db, FollowUp) == 1


def test_a_journal_note_sent_twice_is_written_once(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client)
    journal = f"/sager/{world.mette_case_id}/journal"
    form = {
        "_once": _token(client, journal, journal),
        "kind": "telefonsamtale",
        "occurred_on": str(clock.today()),
        "body": "Mette ringede om mødet i næste uge.",
    }
    _twice(client, journal, form)
    assert _count(db, Note) == 1


def test_going_back_to_a_page_fetched_anew_and_sending_the_same_text_again_writes_nothing(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client)
    journal = f"/sager/{world.mette_case_id}/journal"
    form = {
        "kind": "telefonsamtale",
        "occurred_on": str(clock.today()),
        "body": "Mette ringede om mødet i næste uge.",
    }
    first = client.post(journal, data=form | {"_once": _token(client, journal, journal)})
    # Back in the browser: the page comes again with a new token, the browser refills the form.
    again = client.post(journal, data=form | {"_once": _token(client, journal, journal)})
    assert first.status_code == again.status_code == 200
    assert _count(db, Note) == 1
    changed = form | {"body": "Mette ringede igen: mødet er flyttet til torsdag."}
    client.post(journal, data=changed | {"_once": _token(client, journal, journal)})
    assert _count(db, Note) == 2


def test_a_refused_form_can_be_corrected_and_sent_with_the_same_token(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client)
    plan = f"/sager/{world.mette_case_id}/plan"
    token = _token(client, plan, f"{plan}/maal")
    refused = client.post(f"{plan}/maal", data={"_once": token, "goal_type": "udvikle"})
    assert refused.status_code == 200 and "Feltet skal udfyldes." in refused.text
    corrected = {"_once": token, "goal_type": "udvikle", "citizen_words": "Jeg vil sove bedre."}
    assert client.post(f"{plan}/maal", data=corrected, follow_redirects=False).status_code == 303
    assert _count(db, Goal) == 1


def test_every_form_page_issues_a_new_token_each_time(client: TestClient, world: World) -> None:
    _login(client)
    plan = f"/sager/{world.mette_case_id}/plan"
    assert _token(client, plan, f"{plan}/maal") != _token(client, plan, f"{plan}/maal")


def test_a_token_used_by_one_person_does_not_redirect_another(db: Database, world: World) -> None:
    with db.unit_of_work() as session:
        first = submit_once(session, "t" * 20, world.anna.user_id, lambda: "/sager/1")
        other = submit_once(session, "t" * 20, world.bo.user_id, lambda: "/sager/2")
        again = submit_once(session, "t" * 20, world.anna.user_id, lambda: "/sager/3")
        rows = _rows(session)
    assert (first, other, again) == ("/sager/1", "", "/sager/1")
    assert rows == 1


def _rows(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(FormSubmission)) or 0


def test_a_form_without_token_still_works_for_scripts(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client)
    plan = f"/sager/{world.mette_case_id}/plan"
    data = {"citizen_words": "Jeg vil ud at gå.", "goal_type": "udvikle"}
    assert client.post(f"{plan}/maal", data=data, follow_redirects=False).status_code == 303
    assert _count(db, Goal) == 1


def _economy(client: TestClient, world: World) -> str:
    themes = client.get(
        f"/api/v1/cases/{world.mette_case_id}/assessment/themes", headers=world.auth("anna")
    ).json()
    return str(next(t["code"] for t in themes if t["display"] == "Varetage økonomi"))


def test_an_assessment_with_no_theme_filled_cannot_be_closed(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client)
    case = f"/sager/{world.mette_case_id}"
    client.post(f"{case}/udredning/start")
    client.post(f"{case}/udredning/tema", data={"theme_code": _economy(client, world)})
    refused = client.post(f"{case}/status", data={"to": "decision"})
    assert refused.status_code == 422
    assert "Udredningen kan ikke afsluttes, før mindst ét tema er udfyldt" in refused.text
    api = client.post(
        f"/api/v1/cases/{world.mette_case_id}/transitions",
        json={"to": "decision"},
        headers=world.auth("anna"),
    )
    assert api.status_code == 422 and "mindst ét tema" in api.json()["detail"]
    with db.sessions() as session:
        assert session.get_one(Case, world.mette_case_id).status == "assessment"


def test_an_assessment_with_one_theme_filled_can_be_closed(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client)
    case = f"/sager/{world.mette_case_id}"
    client.post(f"{case}/udredning/start")
    theme = {"theme_code": _economy(client, world), "citizen_text": "Jeg tør ikke åbne posten."}
    client.post(f"{case}/udredning/tema", data=theme)
    moved = client.post(f"{case}/status", data={"to": "decision"}, follow_redirects=False)
    assert moved.status_code == 303
    with db.sessions() as session:
        assert session.get_one(Case, world.mette_case_id).status == "decision"


def test_levels_one_step_apart_are_flagged_as_different(client: TestClient, world: World) -> None:
    _login(client)
    case = f"/sager/{world.mette_case_id}"
    client.post(f"{case}/udredning/start")
    client.post(
        f"{case}/udredning/tema",
        data={
            "theme_code": _economy(client, world),
            "citizen_level": "3",
            "professional_level": "2",
        },
    )
    for page in (f"{case}/udredning", case):
        assert "Vurderingerne er forskellige" in client.get(page).text


def test_equal_levels_are_not_flagged(client: TestClient, world: World) -> None:
    _login(client)
    case = f"/sager/{world.mette_case_id}"
    client.post(f"{case}/udredning/start")
    client.post(
        f"{case}/udredning/tema",
        data={
            "theme_code": _economy(client, world),
            "citizen_level": "2",
            "professional_level": "2",
        },
    )
    assert "Vurderingerne er forskellige" not in client.get(f"{case}/udredning").text


def test_a_case_without_a_started_assessment_may_go_to_a_decision(
    client: TestClient, world: World, db: Database
) -> None:
    anna = world.auth("anna")
    for step in ("assessment", "decision"):
        moved = client.post(
            f"/api/v1/cases/{world.mette_case_id}/transitions", json={"to": step}, headers=anna
        )
        assert moved.status_code == 200
    with db.sessions() as session:
        assert session.get_one(Case, world.mette_case_id).status == "decision"
