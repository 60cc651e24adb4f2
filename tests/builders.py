# SPDX-License-Identifier: MPL-2.0
"""Plain builders for tests: the persona world and small helpers. No mocks."""

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor, actor_for_user
from samskab.cases.actions import open_case
from samskab.cases.schemas import CaseOpen
from samskab.citizens.schemas import CitizenIn
from samskab.core import clock
from samskab.core.db import Base
from samskab.organisations.actions import add_organisation, add_team, add_user, mint_token
from samskab.organisations.models import OrganisationKind, Role

METTE_CPR = "0702921234"  # 7 Feb 1992, a woman (even last digit); fictitious.


@dataclass(frozen=True)
class World:
    """Everything a test needs to know about the persona municipality."""

    anna: Actor
    bo: Actor
    carl: Actor
    gorm: Actor
    tokens: dict[str, str]
    team_nord: uuid.UUID
    team_syd: uuid.UUID
    provider_id: uuid.UUID
    mette_id: uuid.UUID
    mette_case_id: uuid.UUID

    def auth(self, who: str) -> dict[str, str]:
        """Headers that authenticate as a persona."""
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def citizen_in(cpr: str = METTE_CPR, **changes: Any) -> CitizenIn:
    """A citizen to register, Mette by default."""
    values: dict[str, Any] = {
        "cpr": cpr,
        "first_name": "Mette",
        "last_name": "Sørensen",
        "address_line": "Boulevarden 12, 2. th",
        "postcode": "9000",
        "municipality_code": "0851",
        "phone": "20304050",
        "communication_needs": "Foretrækker sms.",
    }
    return CitizenIn(**(values | changes))


def make_world(session: Session) -> World:
    """Aalborg with Team Voksen Nord (Anna, Bo), Team Voksen Syd (Carl), an admin and Mette."""
    aalborg = add_organisation(
        session, OrganisationKind.MUNICIPALITY, "Aalborg Kommune", municipality_code="0851"
    )
    nord = add_team(session, aalborg, "Team Voksen Nord", "voksen_social")
    syd = add_team(session, aalborg, "Team Voksen Syd", "voksen_social")
    provider = add_organisation(
        session,
        OrganisationKind.PROVIDER,
        "Bostøtten Nord",
        municipality_code="0851",
        operator="municipal",
    )
    users = {
        "anna": add_user(session, "anna", "Anna Holm", aalborg, [Role.CASEWORKER], teams=[nord]),
        "bo": add_user(session, "bo", "Bo Kjær", aalborg, [Role.TEAM_LEAD], teams=[nord]),
        "carl": add_user(
            session, "carl", "Carl Mikkelsen", aalborg, [Role.CASEWORKER], teams=[syd]
        ),
        "gorm": add_user(session, "gorm", "Gorm Iversen", aalborg, [Role.ADMIN]),
    }
    actors = {name: actor_for_user(session, user) for name, user in users.items()}
    tokens = {name: mint_token(session, name) for name in users}
    case = open_case(
        session,
        actors["anna"],
        CaseOpen(
            citizen=citizen_in(),
            service_type="SEL-85",
            received_on=clock.today() - timedelta(days=10),
            inquiry_text="Mette har angst og gæld og vil beholde sin lejlighed.",
        ),
    )
    mette = add_user(session, "mette", "Mette Sørensen", aalborg, [Role.CITIZEN])
    mette.citizen_id = case.citizen_id
    session.flush()
    tokens["mette"] = mint_token(session, "mette")
    lene = add_user(session, "lene", "Lene Madsen", aalborg, [Role.RELATIVE])
    lene.relative_code = LENE_CODE.replace("-", "")
    tokens["lene"] = mint_token(session, "lene")
    return World(
        actors["anna"],
        actors["bo"],
        actors["carl"],
        actors["gorm"],
        tokens,
        nord.id,
        syd.id,
        provider.id,
        case.citizen_id,
        case.id,
    )


# Lene's code, which she gives the person she helps; with her name it finds her.
LENE_CODE = "LENE-2345"
LENE = {"relative_name": "Lene Madsen", "relative_code": LENE_CODE}


def row_counts(session: Session) -> dict[str, int]:
    """How many rows every table holds (to show that a refused request changed nothing)."""
    return {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
    }


def ready_for_decision(client: Any, world: World, case_id: uuid.UUID | str | None = None) -> None:
    """Move a case through assessment to 'ready for a decision' (with no assessment started;
    a started one needs a theme filled in before it can close)."""
    case = case_id or world.mette_case_id
    for step in ("assessment", "decision"):
        moved = client.post(
            f"/api/v1/cases/{case}/transitions", json={"to": step}, headers=world.auth("anna")
        )
        assert moved.status_code == 200, moved.text


def make_care_case(db: Any, world: World, service: str = "SUL-138") -> uuid.UUID:
    """A care case (by default SUL § 138 home nursing) for Jens Madsen, opened by Anna."""
    with db.unit_of_work() as session:
        case = open_case(
            session,
            world.anna,
            CaseOpen(
                citizen=citizen_in("0101461235", first_name="Jens", last_name="Madsen"),
                service_type=service,
                received_on=clock.today() - timedelta(days=3),
                inquiry_text="Henvisning fra egen læge: sårpleje efter operation.",
            ),
        )
        return case.id


def grant_by_api(client: Any, world: World, case_id: uuid.UUID, **draft: Any) -> str:
    """Take a case through assessment to a sent grant (no hearing needed); the decision's id."""
    anna = world.auth("anna")
    ready_for_decision(client, world, case_id)
    body = {
        "outcome": "bevilget",
        "granted": "Du får hjælpen som beskrevet.",
        "considerations": "Du har brug for hjælpen.",
        "facts": "Henvisning og samtale.",
        "hearing_needed": False,
        "hearing_not_needed_reason": "Afgørelsen giver fuldt medhold.",
    }
    decision = client.put(
        f"/api/v1/cases/{case_id}/decision-draft", json=body | draft, headers=anna
    ).json()
    sent = client.post(f"/api/v1/decisions/{decision['id']}/send", json={}, headers=anna)
    assert sent.status_code == 200, sent.text
    return str(decision["id"])


def guest_as_citizen(session: Session, world: World, join: dict[str, str], name: str) -> Actor:
    """Someone who joined a live meeting with its link and code and whom Anna let in as the
    citizen: the actor of their own device."""
    from samskab.access.actor import meeting_guest
    from samskab.meetings.guests import admit_participant, join_meeting
    from samskab.meetings.schemas import AdmitIn, JoinIn

    joined = join_meeting(
        session,
        join["link_token"],
        JoinIn(code=join["code"], name=name, kind="borger"),
        client_address="127.0.0.1",
    )
    admit_participant(session, world.anna, joined.id, AdmitIn(kind="borger"))
    return meeting_guest(joined.meeting_id, joined.id, name, "127.0.0.1")
