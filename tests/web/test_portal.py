# SPDX-License-Identifier: MPL-2.0
"""The citizen's own pages: own data only, own words and ratings, the access log, plain Danish."""

import json
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from samskab.cases.actions import open_case
from samskab.cases.schemas import CaseOpen
from samskab.core import clock
from samskab.core.db import Database
from samskab.offers import codes
from samskab.offers.generate import generate
from samskab.placement import advice
from tests.builders import LENE, World, citizen_in
from tests.readability import page_lix


def _login_as_mette(client: TestClient) -> None:
    answer = client.post("/login/demo", data={"username": "mette"}, follow_redirects=False)
    assert answer.headers["location"] == "/min-side"


def test_a_citizen_sees_their_own_data_and_nobody_elses(
    client: TestClient, world: World, db: Database
) -> None:
    with db.unit_of_work() as session:
        other = open_case(
            session,
            world.anna,
            CaseOpen(
                citizen=citizen_in(cpr="0101701234", first_name="Per"),
                service_type="SEL-85",
                received_on=clock.today(),
            ),
        )
    mette = world.auth("mette")
    assert client.get(f"/api/v1/citizens/{world.mette_id}", headers=mette).status_code == 200
    assert client.get(f"/api/v1/cases/{world.mette_case_id}", headers=mette).status_code == 200
    assert client.get(f"/api/v1/citizens/{other.citizen_id}", headers=mette).status_code == 404
    assert client.get(f"/api/v1/cases/{other.id}", headers=mette).status_code == 404
    listing = client.get("/api/v1/cases?scope=team", headers=mette).json()
    assert listing["items"] == []


def test_a_citizen_cannot_do_the_caseworkers_work(client: TestClient, world: World) -> None:
    mette = world.auth("mette")
    moved = client.post(
        f"/api/v1/cases/{world.mette_case_id}/transitions", headers=mette, json={"to": "assessment"}
    )
    noted = client.post(
        f"/api/v1/cases/{world.mette_case_id}/notes",
        headers=mette,
        json={"title": "x", "body": "y"},
    )
    assert (moved.status_code, noted.status_code) == (403, 403)


def test_the_citizen_rewrites_their_goal_and_rates_it_and_the_history_is_kept(
    client: TestClient, world: World
) -> None:
    goal = client.post(
        f"/api/v1/citizens/{world.mette_id}/plan/goals",
        headers=world.auth("anna"),
        json={"citizen_words": "Jeg vil åbne min post.", "goal_type": "udvikle"},
    )
    goal_id = goal.json()["id"]
    _login_as_mette(client)
    client.post(
        f"/min-side/maal/{goal_id}",
        data={"citizen_words": "Jeg vil selv åbne min post hver uge.", "score": "4"},
    )
    plan = client.get(f"/api/v1/citizens/{world.mette_id}/plan", headers=world.auth("anna")).json()
    found = plan["goals"][0]
    assert found["citizen_words"] == "Jeg vil selv åbne min post hver uge."
    assert [(h["field"], h["body"]) for h in found["history"]] == [
        ("citizen_words", "Jeg vil åbne min post."),
        ("citizen_words", "Jeg vil selv åbne min post hver uge."),
    ]
    assert [(h["author_name"], h["writer"]) for h in found["history"]] == [
        ("Anna Holm", "staff"),
        ("Mette Sørensen", "citizen"),
    ]
    assert [(r["rater"], r["score"]) for r in found["ratings"]] == [("citizen", 4)]
    as_professional = client.post(
        f"/api/v1/goals/{goal_id}/ratings",
        headers=world.auth("mette"),
        json={"rater": "professional", "score": 9},
    )
    assert as_professional.status_code == 403


def test_every_view_of_the_citizens_data_is_in_their_own_log(
    client: TestClient, world: World
) -> None:
    client.get(f"/api/v1/cases/{world.mette_case_id}", headers=world.auth("bo"))
    client.get(f"/api/v1/citizens/{world.mette_id}", headers=world.auth("carl"))
    _login_as_mette(client)
    page = client.get("/min-side/hvem-har-set").text
    assert "Bo Kjær" in page and "Teamleder" in page and "så din sag" in page
    refused = "Carl Mikkelsen fra Team Voksen Syd prøvede at se dine oplysninger, men fik ikke"
    assert refused + " adgang" in page
    export = json.loads(client.get("/min-side/mine-oplysninger.json").text)
    assert export["citizen"]["first_name"] == "Mette"
    assert {row["who"] for row in export["access_log"]} >= {"Bo Kjær", "Anna Holm"}


def test_citizen_pages_read_easily_lix_at_most_40(
    client: TestClient, world: World, db: Database
) -> None:
    anna = world.auth("anna")
    with db.unit_of_work() as session:
        generate(session, seed=2, people_per_offer=20_000)
        anxiety = codes.resolve("Angst", codes.target_groups(), "målgruppe").code
        advice.ask(
            session,
            world.anna,
            world.mette_case_id,
            advice.AdviceIn(
                target_group_code=anxiety,
                support_level=1,
                relatives=[advice.Relative(name="Lene", postcode="9400")],
            ),
        )
        first = advice.advise(session, world.anna, world.mette_case_id).candidates[0]
        advice.choose(session, world.anna, world.mette_case_id, first.offer.id)
    client.post(
        f"/api/v1/citizens/{world.mette_id}/plan/goals",
        headers=anna,
        json={"citizen_words": "Jeg vil åbne min post.", "goal_type": "udvikle"},
    )
    meeting = client.post(
        f"/api/v1/cases/{world.mette_case_id}/meetings",
        headers=anna,
        json={"title": "Møde", "starts_at": datetime.now(UTC).isoformat()},
    ).json()
    join = client.post(f"/api/v1/meetings/{meeting['id']}/start", headers=anna).json()
    pages = {"join": client.get(f"/m/{join['link_token']}").text}
    client.post(f"/m/{join['link_token']}", data={"code": join["code"], "name": "Mette"})
    pages["meeting"] = client.get(f"/moeder/{meeting['id']}/borger").text
    _login_as_mette(client)
    pages["my_page"] = client.get("/min-side").text
    pages["log"] = client.get("/min-side/hvem-har-set").text
    assert "Vi har valgt" in pages["my_page"] and "km til Lene" in pages["my_page"]
    scores = {name: round(page_lix(html), 1) for name, html in pages.items()}
    print(f"\nLIX of the citizen pages: {scores}")
    assert all(score <= 40 for score in scores.values()), scores


def test_my_file_downloads_as_a_pdf_with_my_goals_and_my_access_log(
    client: TestClient, world: World
) -> None:
    import io

    from pypdf import PdfReader

    client.post(
        f"/api/v1/citizens/{world.mette_id}/plan/goals",
        headers=world.auth("anna"),
        json={"citizen_words": "Jeg vil åbne min post.", "goal_type": "udvikle"},
    )
    _login_as_mette(client)
    answer = client.get("/min-side/mine-oplysninger.pdf")
    assert answer.headers["content-type"] == "application/pdf"
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages).split()
    )
    assert "Jeg vil åbne min post." in text and "Hvem har set dine oplysninger" in text
    assert "Anna Holm" in text


def test_min_side_shows_every_consent_state_and_the_relative_page_still_opens(
    client: TestClient, world: World, db: Database
) -> None:
    import uuid
    from datetime import timedelta

    from samskab.access.models import Consent

    mette = world.auth("mette")
    ids = []
    for scopes in (["plan", "decisions"], ["basis"], ["help"]):
        given = client.post(
            f"/api/v1/citizens/{world.mette_id}/consents",
            headers=mette,
            json={**LENE, "scopes": scopes},
        )
        assert given.status_code == 201, given.text
        ids.append(given.json()["id"])
    with db.unit_of_work() as session:
        expired = session.get_one(Consent, uuid.UUID(ids[2]))
        expired.valid_until = clock.today() - timedelta(days=1)
    _login_as_mette(client)
    withdrawn = client.post(f"/min-side/samtykker/{ids[1]}/tilbagekald", follow_redirects=False)
    assert withdrawn.status_code == 303
    page = client.get("/min-side")
    assert page.status_code == 200, page.text[:500]
    assert "min plan og mine mål, mine afgørelser" in page.text
    assert "trukket tilbage" in page.text
    client.post("/logout")
    client.post("/login/demo", data={"username": "lene"})
    relative = client.get(f"/paaroerende/{world.mette_id}")
    assert relative.status_code == 200
