# SPDX-License-Identifier: MPL-2.0
"""Access grants seen from the insider's side: Carl (team Syd) gets access to Mette (team Nord's
citizen) through an accepted referral or a colleague's temporary grant; each grant names its
purpose and grantor, shows up for Bo (lead of Nord) to confirm or end, and stops at once when
ended or past its end date. Mette's access log names the purpose behind Carl's reads."""

import uuid
from datetime import timedelta

import sqlalchemy as sa
from fastapi.testclient import TestClient

from samskab.access.models import CitizenAccess
from samskab.cases.models import CaseReferral
from samskab.core import clock
from samskab.core.clock import COPENHAGEN
from samskab.core.db import Database
from tests.builders import METTE_CPR, World, citizen_in

PURPOSE = "Tilsyn med Mettes bolig sammen med Syd"


def _carl_gets_mette_by_referral(client: TestClient, world: World, db: Database) -> str:
    inquiry = {
        "citizen": citizen_in().model_dump(mode="json"),
        "service_type": "SEL-85",
        "received_on": clock.today().isoformat(),
        "inquiry_text": "Naboen ringede bekymret.",
    }
    client.post("/api/v1/cases", json=inquiry, headers=world.auth("carl"))
    with db.unit_of_work() as session:
        referral_id = session.scalars(sa.select(CaseReferral.id)).one()
    accepted = client.post(
        f"/api/v1/cases/referrals/{referral_id}/accept", headers=world.auth("anna")
    )
    assert accepted.status_code == 200, accepted.text
    return str(accepted.json()["id"])


def _carls_listed_cases(client: TestClient, world: World) -> list[str]:
    listed = client.get("/api/v1/cases", headers=world.auth("carl")).json()["items"]
    return [item["id"] for item in listed]


def _grant_id(db: Database, source_type: str) -> str:
    with db.unit_of_work() as session:
        return str(
            session.scalars(
                sa.select(CitizenAccess.id).where(
                    CitizenAccess.source_type == source_type,
                    CitizenAccess.purpose.is_not(None),
                )
            ).one()
        )


def test_an_accepted_referral_is_a_grant_with_purpose_grantor_and_end_date(
    client: TestClient, world: World, db: Database
) -> None:
    _carl_gets_mette_by_referral(client, world, db)
    with db.unit_of_work() as session:
        grant = session.get_one(CitizenAccess, uuid.UUID(_grant_id(db, "case")))
        assert grant.team_id == world.team_syd
        assert grant.purpose and "Henvendelse" in grant.purpose
        assert grant.granted_by_id == world.anna.user_id
        assert grant.expires_at is not None and grant.expires_at > clock.now()
        assert grant.review_team_id == world.team_nord


def test_carl_loses_mette_at_once_when_bo_ends_the_referral_grant(
    client: TestClient, world: World, db: Database
) -> None:
    carl_case = _carl_gets_mette_by_referral(client, world, db)
    carl = world.auth("carl")
    assert client.get(f"/api/v1/cases/{carl_case}", headers=carl).status_code == 200
    assert client.get(f"/api/v1/cases/{world.mette_case_id}", headers=carl).status_code == 200
    assert _carls_listed_cases(client, world) == [carl_case]
    client.post("/login/demo", data={"username": "bo"})
    review = client.get("/adgange").text
    assert "Mette Sørensen" in review and "Henvendelse" in review and "Anna Holm" in review
    ended = client.post(f"/adgange/{_grant_id(db, 'case')}/afslut", follow_redirects=False)
    assert ended.status_code == 303
    assert client.get(f"/api/v1/cases/{carl_case}", headers=carl).status_code == 404
    assert client.get(f"/api/v1/cases/{world.mette_case_id}", headers=carl).status_code == 404
    assert client.get(f"/api/v1/citizens/{world.mette_id}", headers=carl).status_code == 404
    assert _carls_listed_cases(client, world) == []
    in_force, ended = client.get("/adgange").text.split("Sluttede adgange")
    assert "Mette Sørensen" not in in_force
    assert "Mette Sørensen" in ended and "Afsluttet af en teamleder" in ended
    anna = world.auth("anna")
    assert client.get(f"/api/v1/cases/{world.mette_case_id}", headers=anna).status_code == 200


def test_bo_confirms_a_grant_and_carl_keeps_access(
    client: TestClient, world: World, db: Database
) -> None:
    carl_case = _carl_gets_mette_by_referral(client, world, db)
    client.post("/login/demo", data={"username": "bo"})
    grant_id = _grant_id(db, "case")
    confirmed = client.post(f"/adgange/{grant_id}/bekraeft", follow_redirects=False)
    assert confirmed.status_code == 303
    assert "Bekræftet af" in client.get("/adgange").text
    carl = world.auth("carl")
    assert client.get(f"/api/v1/cases/{carl_case}", headers=carl).status_code == 200


def test_only_the_responsible_team_lead_reviews_and_ends_a_grant(
    client: TestClient, world: World, db: Database
) -> None:
    _carl_gets_mette_by_referral(client, world, db)
    grant_id = _grant_id(db, "case")
    for who in ("anna", "carl"):
        client.post("/login/demo", data={"username": who})
        assert client.get("/adgange").status_code == 403
        assert client.post(f"/adgange/{grant_id}/afslut").status_code == 403
    carl_case_access = client.get(f"/api/v1/citizens/{world.mette_id}", headers=world.auth("carl"))
    assert carl_case_access.status_code == 200


def test_an_expired_grant_gives_404(client: TestClient, world: World, db: Database) -> None:
    carl_case = _carl_gets_mette_by_referral(client, world, db)
    with db.unit_of_work() as session:
        session.execute(
            sa.update(CitizenAccess)
            .where(CitizenAccess.purpose.is_not(None))
            .values(expires_at=clock.now() - timedelta(minutes=1))
        )
    carl = world.auth("carl")
    assert client.get(f"/api/v1/cases/{carl_case}", headers=carl).status_code == 404
    assert client.get(f"/api/v1/citizens/{world.mette_id}", headers=carl).status_code == 404


def _colleague_grant(client: TestClient, world: World, granter: str, **body: object) -> int:
    answer = client.post(
        f"/api/v1/citizens/{world.mette_id}/access-grants",
        headers=world.auth(granter),
        json={
            "user_id": str(world.carl.user_id),
            "purpose": PURPOSE,
            "ends_on": (clock.today() + timedelta(days=7)).isoformat(),
        }
        | body,
    )
    return answer.status_code


def test_anna_gives_carl_temporary_access_that_mettes_log_names_and_bo_can_end(
    client: TestClient, world: World, db: Database
) -> None:
    carl = world.auth("carl")
    assert client.get(f"/api/v1/citizens/{world.mette_id}", headers=carl).status_code == 404
    assert _colleague_grant(client, world, "anna") == 201
    assert client.get(f"/api/v1/citizens/{world.mette_id}", headers=carl).status_code == 200
    client.post("/login/demo", data={"username": "mette"})
    log = client.get("/min-side/hvem-har-set").text
    assert f"Formål: {PURPOSE}" in log
    client.post("/login/demo", data={"username": "bo"})
    review = client.get("/adgange").text
    assert PURPOSE in review and "Carl Mikkelsen" in review
    client.post(f"/adgange/{_grant_id(db, 'colleague')}/afslut")
    assert client.get(f"/api/v1/citizens/{world.mette_id}", headers=carl).status_code == 404


def test_a_grant_is_never_passed_on_and_needs_a_purpose_and_a_near_end_date(
    client: TestClient, world: World
) -> None:
    assert _colleague_grant(client, world, "carl") == 404  # Carl has no access to pass on
    assert _colleague_grant(client, world, "anna", purpose="fordi") == 422
    far = (clock.today() + timedelta(days=400)).isoformat()
    assert _colleague_grant(client, world, "anna", ends_on=far) == 422
    assert _colleague_grant(client, world, "anna", user_id=str(world.bo.user_id)) == 422
    carl = world.auth("carl")
    assert client.get(f"/api/v1/citizens/{world.mette_id}", headers=carl).status_code == 404


def test_anna_gives_carl_access_in_the_web_app_and_a_bad_form_gives_nothing(
    client: TestClient, world: World
) -> None:
    client.post("/login/demo", data={"username": "anna"})
    case_page = client.get(f"/sager/{world.mette_case_id}").text
    assert f"/borgere/{world.mette_id}/adgange" in case_page
    form_page = client.get(f"/borgere/{world.mette_id}/adgange").text
    assert "Carl Mikkelsen (Team Voksen Syd)" in form_page and "Bo Kjær" not in form_page
    ends = (clock.today() + timedelta(days=5)).isoformat()
    form = {"user_id": str(world.carl.user_id), "purpose": "fordi", "ends_on": ends}
    refused = client.post(f"/borgere/{world.mette_id}/adgange", data=form)
    assert refused.status_code == 422 and "Adgangen er ikke givet" in refused.text
    carl = world.auth("carl")
    assert client.get(f"/api/v1/citizens/{world.mette_id}", headers=carl).status_code == 404
    given = client.post(
        f"/borgere/{world.mette_id}/adgange",
        data=form | {"purpose": PURPOSE},
        follow_redirects=False,
    )
    assert given.status_code == 303
    assert PURPOSE in client.get(f"/borgere/{world.mette_id}/adgange").text
    assert client.get(f"/api/v1/citizens/{world.mette_id}", headers=carl).status_code == 200
    client.post("/login/demo", data={"username": "carl"})
    assert client.get(f"/borgere/{world.mette_id}/adgange").status_code == 404  # not passed on


def test_the_grant_form_sent_twice_gives_one_grant_and_links_lead_only_where_they_work(
    client: TestClient, world: World, db: Database
) -> None:
    client.post("/login/demo", data={"username": "anna"})
    assert 'href="/adgange"' not in client.get("/mine-sager").text  # Anna reviews nothing
    ends = (clock.today() + timedelta(days=5)).isoformat()
    form = {
        "user_id": str(world.carl.user_id),
        "purpose": PURPOSE,
        "ends_on": ends,
        "_once": "a" * 24,
    }
    for _ in range(2):  # back and send again
        sent = client.post(f"/borgere/{world.mette_id}/adgange", data=form, follow_redirects=False)
        assert sent.status_code == 303
    with db.sessions() as session:
        grants = session.scalars(
            sa.select(CitizenAccess).where(CitizenAccess.source_type == "colleague")
        ).all()
    assert len(grants) == 1
    assert grants[0].expires_at is not None
    assert grants[0].expires_at.astimezone(COPENHAGEN).date().isoformat() == ends  # til og med
    client.post("/login/demo", data={"username": "carl"})
    case_page = client.get(f"/sager/{world.mette_case_id}").text
    assert f"/borgere/{world.mette_id}/adgange" not in case_page  # a grant is not passed on
    client.post("/login/demo", data={"username": "bo"})
    assert 'href="/adgange"' in client.get("/mine-sager").text


def test_emergency_access_that_ran_out_stays_on_the_lead_s_list_until_reviewed(
    client: TestClient, world: World, db: Database
) -> None:
    reason = "Mette er indlagt akut, og sygehuset spørger efter planen."
    broke = client.post(
        "/api/v1/citizens/break-glass",
        headers=world.auth("carl"),
        json={"cpr": METTE_CPR, "reason": reason},
    )
    assert broke.status_code == 200
    with db.unit_of_work() as session:
        session.execute(
            sa.update(CitizenAccess)
            .where(CitizenAccess.source_type == "break_glass")
            .values(expires_at=clock.now() - timedelta(hours=1))
        )
    carl = world.auth("carl")
    assert client.get(f"/api/v1/citizens/{world.mette_id}", headers=carl).status_code == 404
    client.post("/login/demo", data={"username": "bo"})
    review = client.get("/adgange").text
    past = review.split("Sluttede adgange")[1]
    assert reason in past and "Markér som gennemset" in past
    client.post(f"/adgange/{_grant_id(db, 'break_glass')}/bekraeft")
    past = client.get("/adgange").text.split("Sluttede adgange")[1]
    assert "Bekræftet af Bo Kjær" in past and "Markér som gennemset" not in past
    assert client.get(f"/api/v1/citizens/{world.mette_id}", headers=carl).status_code == 404
