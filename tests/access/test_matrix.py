# SPDX-License-Identifier: MPL-2.0
"""The authorisation matrix, generated from the route table: every GET route of the API that
names a record × every role and relation to the citizen. Printed as a table; 0 leaks allowed.

Expectations are written here independently of `samskab.access` (a second encoding of the rules),
and a refusal must look exactly like a record that does not exist."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from samskab.cases.actions import open_case
from samskab.cases.schemas import CaseOpen
from samskab.core import clock
from samskab.core.db import Database
from samskab.organisations.actions import add_organisation, add_team, add_user, mint_token
from samskab.organisations.models import Organisation, OrganisationKind, Role, Team
from tests.builders import LENE, World, citizen_in

MISSING = "00000000-0000-4000-8000-000000000000"
# A citizen reads everything about themselves except the caseworker's tools; a relative with a
# "plan" consent reads the plan and nothing else.
STAFF_TOOLS = {
    "/api/v1/cases/{case_id}/assessment/themes",
    "/api/v1/meetings/{meeting_id}/join",  # the join link and code: the caseworker's to share
}
RELATIVE_PLAN_ROUTES = {
    "/api/v1/citizens/{citizen_id}/plan",
    "/api/v1/citizens/{citizen_id}/plan.pdf",
}


def _records(client: TestClient, world: World) -> dict[str, str]:
    anna = world.auth("anna")
    ids = {"citizen_id": str(world.mette_id), "case_id": str(world.mette_case_id)}
    for step in ("assessment",):
        client.post(
            f"/api/v1/cases/{world.mette_case_id}/transitions", json={"to": step}, headers=anna
        )
    ids["assessment_id"] = client.post(
        f"/api/v1/cases/{world.mette_case_id}/assessment", headers=anna
    ).json()["id"]
    theme = client.get(
        f"/api/v1/cases/{world.mette_case_id}/assessment/themes", headers=anna
    ).json()[-1]["code"]
    client.put(
        f"/api/v1/assessments/{ids['assessment_id']}/themes/{theme}",
        headers=anna,
        json={"citizen_level": 2, "citizen_text": "Jeg klarer mig."},
    )
    ids["goal_id"] = client.post(
        f"/api/v1/citizens/{world.mette_id}/plan/goals",
        headers=anna,
        json={"citizen_words": "Jeg vil åbne min post.", "goal_type": "udvikle"},
    ).json()["id"]
    client.post(
        f"/api/v1/cases/{world.mette_case_id}/transitions", json={"to": "decision"}, headers=anna
    )
    ids["decision_id"] = client.put(
        f"/api/v1/cases/{world.mette_case_id}/decision-draft",
        headers=anna,
        json={"outcome": "bevilget", "granted": "Støtte."},
    ).json()["id"]
    client.post(f"/api/v1/decisions/{ids['decision_id']}/send", json={}, headers=anna)
    # Appealed and forwarded, so the reconsideration and forwarding letters exist too.
    client.post(
        f"/api/v1/decisions/{ids['decision_id']}/appeal",
        json={"appealed_on": str(clock.today()), "text": "Jeg vil have mere støtte."},
        headers=anna,
    )
    client.post(
        f"/api/v1/decisions/{ids['decision_id']}/reconsideration",
        json={"outcome": "intet", "note": "Støtten svarer til behovet."},
        headers=anna,
    )
    services = client.get(f"/api/v1/cases/{world.mette_case_id}/assessment/themes", headers=anna)
    assert services.status_code == 200
    from samskab.terminology.codesystems import CodeSystemName, load

    code = load(CodeSystemName.FFB).find("Socialpædagogisk støtte").code
    ids["intervention_id"] = client.post(
        f"/api/v1/cases/{world.mette_case_id}/interventions",
        headers=anna,
        json={
            "service_code": code,
            "provider_id": str(world.provider_id),
            "scope_amount": 3,
            "period_start": str(clock.today() - timedelta(days=1)),
        },
    ).json()["id"]
    ids["meeting_id"] = client.post(
        f"/api/v1/cases/{world.mette_case_id}/meetings",
        headers=anna,
        json={"title": "Møde", "starts_at": datetime.now(UTC).isoformat()},
    ).json()["id"]
    client.post(
        f"/api/v1/cases/{world.mette_case_id}/notes",
        headers=anna,
        json={"title": "Samtale", "body": "Mette Sørensen fortalte om sin uge."},
    )
    return ids


def _actors(client: TestClient, world: World, db: Database) -> dict[str, str]:
    """A bearer token per role and relation to Mette."""
    with db.unit_of_work() as session:
        copenhagen = add_organisation(
            session, OrganisationKind.MUNICIPALITY, "København", municipality_code="0101"
        )
        team = add_team(session, copenhagen, "Team Voksen Indre By", "voksen_social")
        karl = add_user(session, "karl", "Karl Kbh", copenhagen, [Role.CASEWORKER], teams=[team])
        open_case(
            session,
            _actor(session, karl),
            CaseOpen(
                citizen=citizen_in(
                    cpr="0101801234", first_name="Ib", municipality_code="0101", postcode="1050"
                ),
                service_type="SEL-85",
                received_on=clock.today(),
            ),
        )
        provider = add_user(session, "dorte", "Dorte Udfører", copenhagen, [Role.PROVIDER_STAFF])
        for username, role in (
            ("erik", Role.REGIONAL_COORDINATOR),
            ("freja", Role.ANALYST),
            ("lars", Role.RELATIVE),
        ):
            add_user(session, username, username.title(), copenhagen, [role])
        assert provider is not None
        syd = session.get_one(Team, world.team_syd)
        aalborg = session.get_one(Organisation, syd.municipality_id)
        add_user(session, "kim", "Kim Akut", aalborg, [Role.CASEWORKER], teams=[syd])
        ordered = session.get_one(Organisation, world.provider_id)
        add_user(session, "pia", "Pia Bostøtte", ordered, [Role.PROVIDER_STAFF])
        names = ("karl", "dorte", "erik", "freja", "lars", "kim", "pia")
        tokens = {name: mint_token(session, name) for name in names}
    client.post(
        f"/api/v1/citizens/{world.mette_id}/consents",
        headers=world.auth("mette"),
        json={**LENE, "scopes": ["plan"]},
    )
    glass = client.post(
        "/api/v1/citizens/break-glass",
        headers={"Authorization": f"Bearer {tokens['kim']}"},
        json={"cpr": "0702921234", "reason": "Akut indlæggelse; sygehuset har brug for planen."},
    )
    assert glass.status_code == 200
    return {
        "caseworker, own team": world.tokens["anna"],
        "team lead, own team": world.tokens["bo"],
        "caseworker, other team": world.tokens["carl"],
        "caseworker, other municipality": tokens["karl"],
        "other team, break-the-glass": tokens["kim"],
        "the citizen herself": world.tokens["mette"],
        "relative, consented (plan)": world.tokens["lene"],
        "relative, not consented": tokens["lars"],
        "provider staff, with the order": tokens["pia"],
        "provider staff, no order": tokens["dorte"],
        "regional coordinator": tokens["erik"],
        "analyst": tokens["freja"],
        "admin": world.tokens["gorm"],
    }


def _actor(session: Any, user: Any) -> Any:
    from samskab.access.actor import actor_for_user

    return actor_for_user(session, user)


def _expected(who: str, path: str) -> bool:
    if who in ("caseworker, own team", "team lead, own team", "other team, break-the-glass"):
        return True
    if who == "the citizen herself":
        return path not in STAFF_TOOLS
    if who == "provider staff, with the order":
        return path == "/api/v1/interventions/{intervention_id}/deliveries"
    if who == "relative, consented (plan)":
        return path in RELATIVE_PLAN_ROUTES
    return False


def _record_routes(client: TestClient) -> list[str]:
    """Every GET route that names a record, from the route table as the API publishes it."""
    skip = ("/events",)  # the live stream is checked by the meeting tests
    # The offer catalogue is public information (as on Tilbudsportalen), not a citizen's record.
    catalogue = ("/api/v1/offers/{code}",)
    paths = client.get("/api/openapi.json").json()["paths"]
    return sorted(
        path
        for path, operations in paths.items()
        if "get" in operations and "{" in path and not path.endswith(skip) and path not in catalogue
    )


def test_no_route_leaks_a_record_to_anyone_without_the_right_relation(
    client: TestClient, world: World, db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _records(client, world)
    actors = _actors(client, world, db)
    routes = _record_routes(client)
    assert len(routes) >= 15
    leaks, wrong_refusals, table = [], [], []
    for who, token in actors.items():
        headers = {"Authorization": f"Bearer {token}"}
        allowed = denied = 0
        for path in routes:
            url = path
            for name in ids:
                url = url.replace("{" + name + "}", ids[name])
            answer = client.get(url, headers=headers)
            expected = _expected(who, path)
            if answer.status_code == 200:
                allowed += 1
                if not expected:
                    leaks.append(f"{who}: {path} answered 200")
            else:
                denied += 1
                if expected:
                    wrong_refusals.append(f"{who}: {path} answered {answer.status_code}")
                elif answer.status_code == 404:
                    missing = client.get(_missing(path), headers=headers)
                    if (missing.status_code, missing.json()) != (404, answer.json()):
                        leaks.append(f"{who}: {path} refusal differs from a missing record")
                elif answer.status_code != 403 or who != "the citizen herself":
                    leaks.append(f"{who}: {path} answered {answer.status_code}, not 404")
        table.append((who, allowed, denied))
    with capsys.disabled():
        print(f"\nAuthorisation matrix: {len(routes)} record routes × {len(actors)} roles")
        print(f"{'role and relation':34} {'allowed':>8} {'refused':>8}")
        for who, allowed, denied in table:
            print(f"{who:34} {allowed:>8} {denied:>8}")
        print(f"leaks: {len(leaks)}, wrongly refused: {len(wrong_refusals)}")
    assert leaks == []
    assert wrong_refusals == []


def _missing(path: str) -> str:
    url = path
    for name in (
        "citizen_id",
        "case_id",
        "assessment_id",
        "goal_id",
        "decision_id",
        "intervention_id",
        "meeting_id",
    ):
        url = url.replace("{" + name + "}", MISSING)
    return url
