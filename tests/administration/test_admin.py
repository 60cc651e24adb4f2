# SPDX-License-Identifier: MPL-2.0
"""The administrator configures staff and deadlines, sees no citizen, and every change is logged."""

import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from samskab.administration import actions
from samskab.audit.models import AuditEvent
from samskab.cases.actions import open_case
from samskab.cases.schemas import CaseOpen
from samskab.core import clock
from samskab.core.db import Database
from samskab.core.errors import Conflict, Forbidden, InvalidInput
from samskab.organisations.models import ApiToken, Role, User
from tests.builders import World, citizen_in


def _new(world: World, **changes: object) -> actions.StaffIn:
    values: dict[str, object] = {
        "username": "hanne.h",
        "display_name": "Hanne Holt",
        "organisation_id": world.gorm.organisation_id,
        "roles": [Role.CASEWORKER],
        "team_ids": [world.team_syd],
    }
    return actions.StaffIn(**(values | changes))


def test_an_administrator_adds_a_caseworker_to_a_team_and_it_is_logged(
    db: Database, world: World
) -> None:
    with db.unit_of_work() as session:
        user = actions.create_staff(session, world.gorm, _new(world))
        rows = {r.user.username: r for r in actions.staff(session, world.gorm)}
    assert rows["hanne.h"].teams == ["Team Voksen Syd"]
    assert "mette" not in rows and "lene" not in rows  # no citizens, no relatives
    with db.sessions() as session:
        logged = session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_id == user.id)
        ).all()
    assert "admin.staff.create" in logged


def test_bad_staff_accounts_are_refused_in_danish(db: Database, world: World) -> None:
    with db.unit_of_work() as session, pytest.raises(InvalidInput, match="mindst ét team"):
        actions.create_staff(session, world.gorm, _new(world, team_ids=[]))
    with db.unit_of_work() as session, pytest.raises(Conflict, match="allerede i brug"):
        actions.create_staff(session, world.gorm, _new(world, username="anna"))
    with db.unit_of_work() as session, pytest.raises(InvalidInput, match="udfører"):
        actions.create_staff(
            session, world.gorm, _new(world, roles=[Role.PROVIDER_STAFF], team_ids=[])
        )
    with db.unit_of_work() as session, pytest.raises(InvalidInput, match="Borgere og pårørende"):
        actions.create_staff(session, world.gorm, _new(world, roles=[Role.CITIZEN]))
    with pytest.raises(ValueError, match="små bogstaver"):
        _new(world, username="Hanne Holt")


def test_closing_an_account_revokes_its_tokens_and_an_admin_cannot_close_their_own(
    db: Database, world: World, client: TestClient
) -> None:
    assert client.get("/api/v1/cases", headers=world.auth("carl")).status_code == 200
    with db.unit_of_work() as session:
        carl = world.carl.user_id
        assert carl is not None
        actions.change_access(
            session,
            world.gorm,
            carl,
            actions.AccessIn(roles=[Role.CASEWORKER], team_ids=[world.team_syd], active=False),
        )
    assert client.get("/api/v1/cases", headers=world.auth("carl")).status_code == 401
    with db.sessions() as session:
        assert session.get_one(User, carl).active is False
        assert all(
            t.revoked_at for t in session.scalars(select(ApiToken).where(ApiToken.user_id == carl))
        )
    gorm = world.gorm.user_id
    assert gorm is not None
    with db.unit_of_work() as session, pytest.raises(InvalidInput, match="din egen konto"):
        actions.change_access(
            session, world.gorm, gorm, actions.AccessIn(roles=[Role.ADMIN], active=False)
        )


def test_a_new_processing_deadline_applies_to_cases_received_from_then_on(
    db: Database, world: World
) -> None:
    with db.unit_of_work() as session:
        actions.set_deadline(session, world.gorm, "SEL-85", 21)
        assert actions.deadlines(session, world.gorm)["SEL-85"] == 21
        case = open_case(
            session,
            world.anna,
            CaseOpen(
                citizen=citizen_in("0101801234", first_name="Ole"),
                service_type="SEL-85",
                received_on=clock.today(),
                inquiry_text="Ole beder om bostøtte.",
            ),
        )
    assert case.deadline_on == clock.today() + timedelta(days=21)
    with db.unit_of_work() as session, pytest.raises(InvalidInput, match="mellem 1 og 365"):
        actions.set_deadline(session, world.gorm, "SEL-85", 0)


def test_only_administrators_configure(db: Database, world: World) -> None:
    with db.unit_of_work() as session, pytest.raises(Forbidden):
        actions.staff(session, world.bo)
    with db.unit_of_work() as session, pytest.raises(Forbidden):
        actions.set_deadline(session, world.anna, "SEL-85", 30)


def test_the_admin_pages_add_a_user_and_change_a_deadline(client: TestClient, world: World) -> None:
    client.post("/login/demo", data={"username": "gorm"})
    landing = client.get("/")
    assert landing.url.path == "/admin"
    assert "Brugere og roller" in landing.text and "Anna Holm" in landing.text
    assert "Mette" not in landing.text
    refused = client.post(
        "/admin/brugere",
        data={
            "username": "Ny Bruger",
            "display_name": "Ny",
            "organisation_id": str(uuid.uuid4()),
            "roles": "caseworker",
        },
    )
    assert refused.status_code == 422
    assert "Kontoen er ikke oprettet" in refused.text and 'value="Ny Bruger"' in refused.text
    made = client.post(
        "/admin/brugere",
        data={
            "username": "hanne.h",
            "display_name": "Hanne Holt",
            "organisation_id": str(world.gorm.organisation_id),
            "roles": "caseworker",
            "team_ids": str(world.team_nord),
        },
    )
    assert made.status_code == 200
    assert "Hanne Holt" in made.text
    deadline = client.post("/admin/frister/SEL-85", data={"days": "abc"})
    assert deadline.status_code == 422
    assert "helt antal dage" in deadline.text
    saved = client.post("/admin/frister/SEL-85", data={"days": "30"})
    assert 'id="days-SEL-85" name="days" inputmode="numeric" size="4" value="30"' in saved.text
    client.post("/logout")
    client.post("/login/demo", data={"username": "anna"})
    assert client.get("/admin").status_code == 403
