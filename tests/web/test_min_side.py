# SPDX-License-Identifier: MPL-2.0
"""Min side in depth: meetings read again after they end, consents by the relative's name and
code, the relative's page about the person they help, and wellbeing over time."""

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from samskab.audit.models import AuditEvent, Outcome
from samskab.core.db import Database
from samskab.organisations.models import User
from tests.builders import LENE, LENE_CODE, World

NOTE = "Mette fortalte om gælden. Vi talte om en aftale med boligselskabet."
MINE = "Jeg vil selv ringe til boligselskabet."


def _login(client: TestClient, username: str) -> None:
    client.post("/login/demo", data={"username": username})


def _ok(answer: Any, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json()


def _meeting(client: TestClient, world: World, *, days: int, **extra: Any) -> str:
    starts = (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0)
    planned = client.post(
        f"/api/v1/cases/{world.mette_case_id}/meetings",
        headers=world.auth("anna"),
        json={
            "title": "Møde om boligen",
            "starts_at": starts.isoformat(),
            "participants": [
                {"kind": "borger", "name": "Mette Sørensen"},
                {"kind": "fagperson", "name": "Anna Holm", "organisation": "Team Voksen Nord"},
            ],
            **extra,
        },
    )
    return str(_ok(planned, 201)["id"])


def _held_meeting(client: TestClient, world: World) -> str:
    """A meeting Anna ran with Mette: a note, an agreement, Mette's words and answers."""
    anna, mette = world.auth("anna"), world.auth("mette")
    meeting = _meeting(client, world, days=0)
    base = f"/api/v1/meetings/{meeting}"
    _ok(client.post(f"{base}/start", headers=anna))
    _ok(client.put(f"{base}/note", headers=anna, json={"text": NOTE, "based_on": 0}))
    agreement = {"what": "Anna ringer til boligselskabet.", "who": "Anna Holm", "due_on": None}
    _ok(client.post(f"{base}/agreements", headers=anna, json=agreement), 201)
    _ok(client.post(f"{base}/perspective", headers=mette, json={"text": MINE}), 201)
    no = {"recognised": False, "comment": "Jeg er ikke bange, jeg er bekymret."}
    _ok(client.post(f"{base}/confirmation", headers=mette, json=no))
    _ok(client.post(f"{base}/confirmation", headers=mette, json={"recognised": True}))
    _ok(client.post(f"{base}/end", headers=anna))
    return meeting


def _give(client: TestClient, world: World, scopes: list[str], **extra: Any) -> None:
    _ok(
        client.post(
            f"/api/v1/citizens/{world.mette_id}/consents",
            headers=world.auth("mette"),
            json={**LENE, "scopes": scopes, **extra},
        ),
        201,
    )


def test_after_a_meeting_the_citizen_rereads_the_note_the_agreements_and_her_own_words(
    client: TestClient, world: World
) -> None:
    meeting = _held_meeting(client, world)
    _login(client, "mette")
    home = client.get("/min-side").text
    assert f'href="/min-side/moeder/{meeting}"' in home and "Holdte møder" in home
    page = client.get(f"/min-side/moeder/{meeting}").text
    assert "Mette fortalte om gælden." in page
    assert "Anna ringer til boligselskabet." in page and "Hvem: Anna Holm." in page
    assert MINE in page and "Det sagde du selv" in page
    # Both answers stay, the disagreement first.
    assert page.index("notatet ikke passer") < page.index("sagde, at notatet passer")


def test_an_upcoming_meeting_shows_the_time_the_place_and_who_will_be_there(
    client: TestClient, world: World
) -> None:
    place = "Borgerservice, Boulevarden 13"
    meeting = _meeting(client, world, days=5, place=place, form="fremmøde")
    _login(client, "mette")
    home = client.get("/min-side").text
    coming = home[home.index("Kommende møder") :]
    assert "kl." in coming and f"Vi mødes: {place}" in coming
    assert "Med til mødet: Mette Sørensen, Anna Holm." in coming
    page = client.get(f"/min-side/moeder/{meeting}").text
    assert place in page and "Anna Holm, Team Voksen Nord" in page
    assert "Notatet" not in page


def test_the_caseworker_sets_the_place_and_form_when_planning_a_meeting(
    client: TestClient, world: World
) -> None:
    _login(client, "anna")
    planned = client.post(
        f"/sager/{world.mette_case_id}/moeder",
        data={
            "title": "Hjemmebesøg",
            "starts_at": "2030-01-15T10:00",
            "form": "hjemmebesøg",
            "place": "Nørregade 4, 1. th.",
            "p0_kind": "borger",
            "p0_name": "Mette Sørensen",
        },
        follow_redirects=False,
    )
    assert planned.status_code == 303, planned.text
    _login(client, "mette")
    assert "Hjemme hos dig: Nørregade 4, 1. th." in client.get("/min-side").text


def test_a_relative_reads_a_meeting_only_when_the_consent_covers_meetings(
    client: TestClient, world: World
) -> None:
    meeting = _held_meeting(client, world)
    _give(client, world, ["plan"])
    _login(client, "lene")
    address = f"/paaroerende/{world.mette_id}/moeder/{meeting}"
    assert client.get(address).status_code == 404
    assert client.get(f"/min-side/moeder/{meeting}").status_code in (403, 404)
    _give(client, world, ["plan", "meetings"])
    page = client.get(address)
    assert page.status_code == 200 and "Det sagde Mette selv" in page.text
    assert f'href="{address}"' in client.get(f"/paaroerende/{world.mette_id}").text


def test_a_relatives_page_of_a_home_visit_says_hjemme_hos_the_person_and_never_dig(
    client: TestClient, world: World
) -> None:
    meeting = _meeting(client, world, days=5, form="hjemmebesøg")
    _give(client, world, ["meetings"])
    _login(client, "lene")
    home = client.get(f"/paaroerende/{world.mette_id}").text
    coming = home[home.index("Kommende møder") :]
    assert "Hjemme hos Mette." in coming and "Hjemme hos dig" not in coming
    page = client.get(f"/paaroerende/{world.mette_id}/moeder/{meeting}").text
    main = page[page.index("<h1>") :]
    assert "Hjemme hos Mette." in main
    assert not re.search(r"\bdig\b", main), main
    assert "Stedet er ikke skrevet på endnu" not in main


def test_a_relative_reads_what_was_agreed_not_what_we_agreed(
    client: TestClient, world: World
) -> None:
    meeting = _held_meeting(client, world)
    _give(client, world, ["meetings"])
    _login(client, "lene")
    page = client.get(f"/paaroerende/{world.mette_id}/moeder/{meeting}").text
    assert "Det blev aftalt" in page and "Det aftalte vi" not in page
    _login(client, "mette")
    assert "Det aftalte vi" in client.get(f"/min-side/moeder/{meeting}").text


def test_a_citizens_home_visit_does_not_ask_for_the_place_but_a_meeting_elsewhere_does(
    client: TestClient, world: World
) -> None:
    visit = _meeting(client, world, days=5, form="hjemmebesøg")
    elsewhere = _meeting(client, world, days=6, form="fremmøde")
    _login(client, "mette")
    page = client.get(f"/min-side/moeder/{visit}").text
    assert "Hjemme hos dig." in page and "Stedet er ikke skrevet på endnu" not in page
    assert "Stedet er ikke skrevet på endnu" in client.get(f"/min-side/moeder/{elsewhere}").text


def test_the_staff_meeting_pages_show_the_time_the_form_and_the_place_in_danish(
    client: TestClient, world: World
) -> None:
    place = "Borgerservice, Boulevarden 13"
    meeting = _meeting(client, world, days=5, form="fremmøde", place=place)
    _login(client, "anna")
    listing = client.get(f"/sager/{world.mette_case_id}/moeder").text
    assert f"{place} (Fremmøde)" in listing and "(fremmøde)" not in listing
    page = client.get(f"/moeder/{meeting}").text
    when_where = page[page.index('id="when-where"') :]
    when_where = when_where[: when_where.index("</p>")]
    assert "kl." in when_where and f"Fremmøde: {place}." in when_where


def test_the_relatives_page_names_the_person_and_speaks_about_them(
    client: TestClient, world: World
) -> None:
    anna = world.auth("anna")
    goals = f"/api/v1/citizens/{world.mette_id}/plan/goals"
    goal = _ok(
        client.post(
            goals, headers=anna, json={"citizen_words": "Åbne min post.", "goal_type": "udvikle"}
        ),
        201,
    )
    rating = {"rater": "citizen", "score": 6}
    _ok(
        client.post(
            f"/api/v1/goals/{goal['id']}/ratings", headers=world.auth("mette"), json=rating
        ),
        201,
    )
    _give(client, world, ["plan", "messages"])
    _login(client, "lene")
    page = client.get(f"/paaroerende/{world.mette_id}", follow_redirects=True).text
    assert "Du ser Mette Sørensens side som pårørende" in page
    assert "Sidst sagde Mette 6" in page and "Sidst sagde du" not in page
    assert "Mettes mål" in page
    # No power of attorney: the goal is shown, but there is nothing to press that would fail.
    assert "/min-side/maal/" not in page and "<textarea" not in page
    assert "oplysninger.pdf" not in page


def test_a_relative_with_a_power_of_attorney_may_rate_for_the_person_they_help(
    client: TestClient, world: World
) -> None:
    goals = f"/api/v1/citizens/{world.mette_id}/plan/goals"
    body = {"citizen_words": "Åbne min post.", "goal_type": "udvikle"}
    goal = _ok(client.post(goals, headers=world.auth("anna"), json=body), 201)
    _ok(
        client.post(
            f"/api/v1/citizens/{world.mette_id}/consents",
            headers=world.auth("anna"),
            json={**LENE, "scopes": ["plan"], "power_of_attorney": True},
        ),
        201,
    )
    _login(client, "lene")
    page = client.get(f"/paaroerende/{world.mette_id}").text
    assert "Hvor langt er Mette nået?" in page and "Du har fuldmagt" in page
    assert f'href="/paaroerende/{world.mette_id}/oplysninger.pdf"' in page
    back = f"/paaroerende/{world.mette_id}"
    rated = client.post(f"/min-side/maal/{goal['id']}", data={"score": "7", "back": back})
    assert rated.status_code == 200
    assert "Sidst sagde Mette 7" in client.get(f"/paaroerende/{world.mette_id}").text


def test_a_citizen_gives_consent_by_the_relatives_name_and_code(
    client: TestClient, world: World
) -> None:
    _login(client, "mette")
    given = client.post(
        "/min-side/samtykker",
        data={"relative_name": " lene   MADSEN ", "relative_code": "lene2345", "scope_plan": "ja"},
        follow_redirects=False,
    )
    assert given.status_code == 303
    assert "Lene Madsen: min plan og mine mål" in client.get("/min-side").text
    # Given once, the name alone finds her again.
    again = client.post(
        "/min-side/samtykker",
        data={"relative_name": "Lene Madsen", "scope_meetings": "ja"},
        follow_redirects=False,
    )
    assert again.status_code == 303


def test_a_name_and_code_that_match_nobody_say_the_same_whoever_has_an_account(
    client: TestClient, world: World, db: Database
) -> None:
    _login(client, "mette")
    answers = [
        client.post(
            "/min-side/samtykker",
            data={"relative_name": name, "relative_code": code, "scope_plan": "ja"},
        )
        for name, code in (("Lene Madsen", "AAAA-BBBB"), ("Lone Hansen", LENE_CODE))
    ]
    for answer in answers:
        assert answer.status_code == 422
        assert "Vi kan ikke finde en pårørende med det navn og den kode." in answer.text
    # What was typed stays in the form.
    assert 'value="Lone Hansen"' in answers[1].text and "checked" in answers[1].text
    with db.sessions() as session:
        tries = session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "consent.match", AuditEvent.outcome == Outcome.DENIED
            )
        ).all()
    assert len(tries) == 2


def test_a_citizen_cannot_give_consent_by_username(client: TestClient, world: World) -> None:
    refused = client.post(
        f"/api/v1/citizens/{world.mette_id}/consents",
        headers=world.auth("mette"),
        json={"grantee": "lene", "scopes": ["plan"]},
    )
    assert refused.status_code == 422
    assert "navn og kode" in refused.text


def test_after_five_wrong_tries_in_a_day_even_the_right_code_is_refused(
    client: TestClient, world: World
) -> None:
    _login(client, "mette")
    for n in range(5):
        wrong = {"relative_name": "Lene Madsen", "relative_code": f"WRNG-{n}{n}{n}{n}"}
        assert (
            client.post("/min-side/samtykker", data={**wrong, "scope_plan": "ja"}).status_code
            == 422
        )
    right = client.post("/min-side/samtykker", data={**LENE, "scope_plan": "ja"})
    assert right.status_code == 422 and "prøvet mange gange i dag" in right.text


def test_a_name_alone_that_fits_two_earlier_relatives_asks_for_the_code(
    client: TestClient, world: World, db: Database
) -> None:
    with db.unit_of_work() as session:
        lene = session.scalars(select(User).where(User.username == "lene")).one()
        twin = User(
            username="lene2",
            display_name="Lene Madsen",
            organisation_id=lene.organisation_id,
            roles=["relative"],
            relative_code="TWIN2345",
        )
        session.add(twin)
    _give(client, world, ["plan"])
    _give(client, world, ["help"], relative_code="TWIN-2345")
    _login(client, "mette")
    answer = client.post(
        "/min-side/samtykker", data={"relative_name": "Lene Madsen", "scope_plan": "ja"}
    )
    assert answer.status_code == 422
    assert "Du har flere pårørende med det navn" in answer.text


def test_a_relative_sees_their_code_and_the_names_of_the_people_they_help(
    client: TestClient, world: World
) -> None:
    _login(client, "lene")
    alone = client.get("/paaroerende").text
    assert LENE_CODE in alone and "Ingen har givet dig lov" in alone
    _give(client, world, ["plan"])
    page = client.get("/paaroerende", follow_redirects=True).text
    assert "Du ser Mette Sørensens side" in page and LENE_CODE in page


def test_a_withdrawn_and_an_expired_consent_show_as_such_and_open_nothing(
    client: TestClient, world: World, db: Database
) -> None:
    from samskab.access.models import Consent

    _give(client, world, ["plan"])
    _give(client, world, ["meetings"])
    with db.unit_of_work() as session:
        first, second = session.scalars(select(Consent).order_by(Consent.created_at)).all()
        first.valid_until = (datetime.now(UTC) - timedelta(days=3)).date()
        second.withdrawn_at = datetime.now(UTC)
    _login(client, "mette")
    page = client.get("/min-side").text
    assert "udløb" in page and "trukket tilbage" in page
    assert "Træk tilbage</button>" not in page
    _login(client, "lene")
    assert client.get(f"/paaroerende/{world.mette_id}").status_code == 404
    assert "Ingen har givet dig lov" in client.get("/paaroerende").text


def test_wellbeing_answers_show_as_a_chart_over_time_with_the_same_answers_as_a_table(
    client: TestClient, world: World
) -> None:
    _login(client, "mette")
    assert "<svg" not in client.get("/min-side").text
    for value in ("2", "4"):
        answers = {key: value for key in ("soevn", "tryghed", "hverdag", "haab")}
        assert (
            client.post("/min-side/trivsel", data=answers, follow_redirects=False).status_code
            == 303
        )
    page = client.get("/min-side").text
    chart = page[page.index('<figure class="chart">') : page.index("</details>")]
    assert 'role="img"' in chart and "aria-labelledby" in chart
    assert chart.count("<circle") == 2 and "<polyline" in chart
    assert "Dit gennemsnit var 2 den" in chart and "og 4 den" in chart and "Det er steget." in chart
    rows = re.findall(r"<tr><th scope=\"row\">", chart)
    assert len(rows) == 2


def test_the_caseworker_sees_the_citizens_wellbeing_over_time_on_the_case(
    client: TestClient, world: World
) -> None:
    _login(client, "mette")
    for value in ("3", "5"):
        answers = {key: value for key in ("soevn", "tryghed", "hverdag", "haab")}
        client.post("/min-side/trivsel", data=answers)
    _login(client, "anna")
    page = client.get(f"/sager/{world.mette_case_id}").text
    assert "Sådan har borgeren det" in page and page.count("<circle") == 2
    assert "Borgerens gennemsnit var 3 den" in page and "og 5 den" in page


def test_a_relatives_look_at_one_persons_page_is_logged_for_that_person_only(
    client: TestClient, world: World, db: Database
) -> None:
    from samskab.access.models import Consent

    _give(client, world, ["plan"])
    with db.unit_of_work() as session:
        lene = session.scalars(select(User).where(User.username == "lene")).one()
        other = _other_citizen(session, world)
        session.add(Consent(citizen_id=other, grantee_id=lene.id, scopes=["plan"]))
    _login(client, "lene")  # her home lists both names, and logs both

    def names_logged() -> list[Any]:
        with db.sessions() as session:
            query = select(AuditEvent.citizen_id).where(AuditEvent.action == "consent.read")
            return list(session.scalars(query))

    before = names_logged()
    assert client.get(f"/paaroerende/{world.mette_id}").status_code == 200
    after = names_logged()
    assert after.count(world.mette_id) == before.count(world.mette_id) + 1
    assert after.count(other) == before.count(other)


def _other_citizen(session: Any, world: World) -> Any:
    from samskab.access.actor import actor_for_user
    from samskab.citizens.actions import register_citizen
    from tests.builders import citizen_in

    anna = session.scalars(select(User).where(User.username == "anna")).one()
    per = citizen_in(cpr="0101701234", first_name="Per")
    return register_citizen(session, actor_for_user(session, anna), per).id
