# SPDX-License-Identifier: MPL-2.0
"""The demo municipality's organisation: teams, staff, providers, and the persona citizens."""

import math
import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.models import Consent
from samskab.access.policies import SCOPES
from samskab.core.db import vault_of
from samskab.demo.people import draw_person, seeded_uuid
from samskab.demo.personas import ADULT_NORTH, ADULT_SOUTH, CARE, CITIZENS, STAFF, CaseStory
from samskab.demo.rows import (
    CaseSpec,
    Rows,
    ThemeSpec,
    add_assessment,
    add_case,
    add_citizen,
    add_goal,
    add_intervention,
    add_note,
    moment,
)
from samskab.organisations.actions import add_organisation, add_team, add_user
from samskab.organisations.models import Organisation, OrganisationKind, Role, User
from samskab.terminology.codesystems import load
from samskab.terminology.geography import Municipality as Town
from samskab.terminology.geography import Postcode
from samskab.terminology.services import BY_KEY, Area

ADULT, ELDERLY = Area.ADULT_SOCIAL.value, Area.ELDERLY_HEALTH.value
ADULT_TEAM_NAMES = (
    ADULT_NORTH,
    ADULT_SOUTH,
    "Team Voksen Øst",
    "Team Voksen Vest",
    "Team Voksen Midt",
)
PROVIDERS = {
    ADULT: (
        ("Bostøtten Nord", "municipal"),
        ("Bostøtten Syd", "municipal"),
        ("Værkstedet Fjordglimt", "municipal"),
        ("Aktivitetshuset Solsiden", "municipal"),
        ("Botilbuddet Egely", "regional"),
        ("Ledsagerkorpset", "private"),
    ),
    ELDERLY: (
        ("Hjemmeplejen Nord", "municipal"),
        ("Hjemmeplejen Syd", "municipal"),
        ("Hjemmesygeplejen", "municipal"),
        ("Træningscentret", "municipal"),
        ("Plejehjælp ApS", "private"),
    ),
}
CASES_PER_CASEWORKER = 60
# Share of adults (18-66) and of the elderly (67+) with a case, and of those with a second one.
ADULT_SHARE, ELDERLY_SHARE, SECOND_CASE = 0.12, 0.45, 0.2


@dataclass(frozen=True)
class Staff:
    """A caseworker who can be given cases."""

    id: uuid.UUID
    name: str


@dataclass
class Municipality:
    """The generated municipality's teams (with caseworkers) and providers, by area."""

    code: str
    teams: dict[str, list[tuple[uuid.UUID, str, list[Staff]]]]
    providers: dict[str, list[tuple[uuid.UUID, str]]]
    postcodes: tuple[Postcode, ...]


def _team_names(area: str, count: int) -> list[str]:
    if area == ADULT:
        return [
            ADULT_TEAM_NAMES[i] if i < len(ADULT_TEAM_NAMES) else f"Team Voksen {i + 1}"
            for i in range(count)
        ]
    return [CARE if i == 0 else f"{CARE} {i + 1}" for i in range(count)]


def build_municipality(
    session: Session, rng: random.Random, town: Town, citizens: int, postcodes: tuple[Postcode, ...]
) -> Municipality:
    """The municipality with teams sized to the expected caseload, staff and providers."""
    org = add_organisation(
        session,
        OrganisationKind.MUNICIPALITY,
        f"{town.name} Kommune",
        municipality_code=town.code,
        id=seeded_uuid(rng),
    )
    open_cases = 0.85 * (1 + SECOND_CASE)
    expected = {
        ADULT: citizens * 0.62 * ADULT_SHARE * open_cases,
        ELDERLY: citizens * 0.17 * ELDERLY_SHARE * open_cases,
    }
    counts = {ADULT: max(2, round(citizens / 40_000)), ELDERLY: max(1, round(citizens / 60_000))}
    led = {p.team for p in STAFF if Role.TEAM_LEAD in p.roles}
    place = Municipality(town.code, {ADULT: [], ELDERLY: []}, {ADULT: [], ELDERLY: []}, postcodes)
    serial = 0
    for area, count in counts.items():
        workers = max(3, math.ceil(expected[area] / count / CASES_PER_CASEWORKER))
        for name in _team_names(area, count):
            team = add_team(session, org, name, area, id=seeded_uuid(rng))
            staff = []
            for persona in (p for p in STAFF if p.team == name):
                user = add_user(
                    session,
                    persona.username,
                    persona.name,
                    org,
                    list(persona.roles),
                    teams=[team],
                    title=persona.title,
                    id=seeded_uuid(rng),
                )
                if Role.CASEWORKER in persona.roles:
                    staff.append(Staff(user.id, user.display_name))
            if name not in led:
                serial += 1
                add_user(
                    session,
                    f"leder{serial}",
                    f"Teamleder {serial}",
                    org,
                    [Role.TEAM_LEAD],
                    teams=[team],
                    title="Teamleder",
                    id=seeded_uuid(rng),
                )
            while len(staff) < workers:
                serial += 1
                person = draw_person(rng, date(2000, 1, 1), postcodes, set(), age=40)
                user = add_user(
                    session,
                    f"sb{serial}",
                    f"{person.first_name} {person.last_name}",
                    org,
                    [Role.CASEWORKER],
                    teams=[team],
                    title="Socialrådgiver",
                    id=seeded_uuid(rng),
                )
                staff.append(Staff(user.id, user.display_name))
            place.teams[area].append((team.id, name, staff))
    _providers(session, rng, place, town, citizens)
    _other_staff(session, rng, org, place)
    return place


def _providers(
    session: Session, rng: random.Random, place: Municipality, town: Town, citizens: int
) -> None:
    extra = max(0, round(citizens / 50_000) - 1)
    for area, listed in PROVIDERS.items():
        names = list(listed) + [
            (f"Hjemmeplejen Distrikt {i + 1}", "municipal")
            for i in range(extra if area == ELDERLY else 0)
        ]
        for name, operator in names:
            org = add_organisation(
                session,
                OrganisationKind.PROVIDER,
                name,
                municipality_code=town.code,
                operator=operator,
                postcode=place.postcodes[0].label if place.postcodes else None,
                id=seeded_uuid(rng),
            )
            place.providers[area].append((org.id, name))


def _other_staff(
    session: Session, rng: random.Random, municipality: Organisation, place: Municipality
) -> None:
    providers = {name: org_id for area in place.providers.values() for org_id, name in area}
    for persona in (p for p in STAFF if p.team is None):
        home = municipality
        if persona.provider:
            home = session.get_one(Organisation, providers[persona.provider])
        add_user(
            session,
            persona.username,
            persona.name,
            home,
            list(persona.roles),
            title=persona.title,
            id=seeded_uuid(rng),
        )


def build_personas(
    session: Session,
    rows: Rows,
    rng: random.Random,
    place: Municipality,
    today: date,
    taken: set[str],
) -> None:
    """Mette, Jens and Ali with their cases, goals in their own words, orders and notes."""
    users = {u.username: u for u in session.scalars(select(User))}
    teams = {
        name: (team_id, staff) for area in place.teams.values() for team_id, name, staff in area
    }
    for persona in CITIZENS:
        person = draw_person(
            rng,
            today,
            place.postcodes,
            taken,
            age=persona.age,
            female=persona.female,
            first_name=persona.first_name,
            last_name=persona.last_name,
        )
        citizen_id = persona_citizen_id(persona.first_name)
        add_citizen(
            rows,
            vault_of(session),
            citizen_id,
            person,
            place.code,
            today - timedelta(days=400),
            persona.communication_needs,
        )
        plan_id = uuid.uuid5(citizen_id, "plan")
        rows.add(
            "plan",
            id=plan_id,
            created_at=moment(today - timedelta(days=400)),
            citizen_id=citizen_id,
            purpose="",
        )
        for story in persona.cases:
            team_id, _ = teams[story.team]
            worker = users[story.caseworker]
            spec = _persona_spec(
                story, citizen_id, place.code, team_id, (worker.id, worker.display_name), today
            )
            _persona_case(rows, rng, place, spec, story, plan_id, today)


def _persona_spec(
    story: CaseStory,
    citizen_id: uuid.UUID,
    code: str,
    team_id: uuid.UUID,
    worker: tuple[uuid.UUID, str],
    today: date,
) -> CaseSpec:
    service = BY_KEY[story.service_type]
    received = today - timedelta(days=story.days_ago)
    return CaseSpec(
        uuid.uuid5(citizen_id, story.service_type),
        citizen_id,
        code,
        service,
        story.status,
        team_id,
        worker,
        received,
        received + timedelta(days=service.default_deadline_days),
        story.inquiry_from,
        story.inquiry_text,
    )


def _persona_case(
    rows: Rows,
    rng: random.Random,
    place: Municipality,
    spec: CaseSpec,
    story: CaseStory,
    plan_id: uuid.UUID,
    today: date,
) -> None:
    add_case(rows, spec)
    known: dict[str, str] = {}
    for concept in spec.service.assessment_themes():
        known.setdefault(concept.display, concept.code)
    themes = [
        ThemeSpec(known[display], display, cl, ct, pl, pt)
        for display, cl, ct, pl, pt in story.themes
    ]
    add_assessment(rows, spec, load(spec.service.system).version, themes, "moderat")
    goal_ids = [
        add_goal(
            rows,
            rng,
            spec,
            plan_id,
            index,
            (goal.citizen_words, goal.professional_wording, goal.goal_type),
            [themes[0].code],
            list(goal.ratings),
            today,
        )
        for index, goal in enumerate(story.goals)
    ]
    if story.intervention is not None:
        wanted, amount = story.intervention
        code = next(c for c in spec.service.intervention_codes() if wanted in (c.code, c.display))
        area = spec.service.area.value
        provider = place.providers[area][
            0 if area == ADULT else 3 if "træning" in code.display.lower() else 0
        ]
        add_intervention(
            rows, rng, spec, today, (code.code, code.display), provider, amount, goal_ids
        )
    for index, (title, body) in enumerate(story.notes):
        day = spec.received_on + timedelta(days=3 + 14 * index)
        add_note(rows, spec, index, day, title, body, today)


def persona_citizen_id(first_name: str) -> uuid.UUID:
    """The fixed id of a persona citizen (Mette, Jens, Ali)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"samskab-demo/{first_name}")


def add_citizen_users(session: Session, rng: random.Random, code: str) -> None:
    """Logins for the persona citizens, so they can follow and co-write their own case."""
    municipality = session.scalars(
        select(Organisation).where(
            Organisation.kind == OrganisationKind.MUNICIPALITY,
            Organisation.municipality_code == code,
        )
    ).one()
    for persona in CITIZENS:
        user = add_user(
            session,
            persona.first_name.lower(),
            f"{persona.first_name} {persona.last_name}",
            municipality,
            [Role.CITIZEN],
            title="Borger",
            id=seeded_uuid(rng),
        )
        user.citizen_id = persona_citizen_id(persona.first_name)
    # Lene, Jens' daughter, holds a power of attorney for all of his case.
    lene = add_user(
        session,
        "lene",
        "Lene Madsen",
        municipality,
        [Role.RELATIVE],
        title="Pårørende",
        id=seeded_uuid(rng),
    )
    session.add(
        Consent(
            id=uuid.uuid5(lene.id, "fuldmagt"),
            citizen_id=persona_citizen_id("Jens"),
            grantee_id=lene.id,
            scopes=list(SCOPES),
            power_of_attorney=True,
            note="Fuldmagt modtaget på papir.",
        )
    )
    session.flush()
