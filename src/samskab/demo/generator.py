# SPDX-License-Identifier: MPL-2.0
"""`samskab demo`: a synthetic municipality, deterministic for a seed, written in batches."""

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from samskab.access.actor import SYSTEM
from samskab.audit.actions import record
from samskab.cases.models import ProcessingDeadline, QualityStandard
from samskab.core import clock
from samskab.core.db import Base, Database, vault_of
from samskab.core.errors import Conflict
from samskab.demo import phrases
from samskab.demo.messages import add_persona_messages
from samskab.demo.minside import add_min_side
from samskab.demo.organisation import (
    ADULT_SHARE,
    ELDERLY_SHARE,
    SECOND_CASE,
    Municipality,
    add_citizen_users,
    build_municipality,
    build_personas,
)
from samskab.demo.people import draw_person, seeded_uuid
from samskab.demo.phrases import STANDARDS
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
    leaf_themes,
    moment,
)
from samskab.offers import generate as landscape
from samskab.offers.models import Offer
from samskab.organisations.models import Organisation, OrganisationKind
from samskab.terminology.codesystems import load
from samskab.terminology.geography import municipality, postcodes_by_municipality
from samskab.terminology.services import BY_KEY

# Share of citizens with a case, by age group, and how cases spread over service types.
ADULT_MIX = (
    ("SEL-85", 46),
    ("SEL-104", 14),
    ("SEL-103", 9),
    ("SEL-107", 9),
    ("SEL-108", 9),
    ("SEL-110", 3),
    ("SEL-97", 6),
    ("SEL-83", 7),
)
ELDERLY_MIX = (("SEL-83", 38), ("SEL-83a", 20), ("SUL-138", 22), ("SUL-140", 12), ("SEL-86", 8))
STATUS_MIX = (
    ("inquiry", 5),
    ("assessment", 10),
    ("decision", 5),
    ("active", 55),
    ("follow_up", 10),
    ("closed", 15),
)
STATUS_AGE_DAYS = {
    "inquiry": (0, 25),
    "assessment": (10, 70),
    "decision": (30, 90),
    "active": (60, 900),
    "follow_up": (180, 900),
    "closed": (200, 1500),
}
INQUIRY_SOURCES = ("borger", "borger", "pårørende", "sygehus", "egen_læge", "anden_myndighed")
BATCH = 2000
NAMESPACE = uuid.UUID("5a3c7b1e-2f4d-4e6a-9b8c-0d1e2f3a4b5c")


@dataclass(frozen=True)
class Summary:
    """What was generated."""

    municipality_code: str
    citizens: int
    rows: int


Progress = Callable[[int], None]


def _weighted(rng: random.Random, mix: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in mix], weights=[w for _, w in mix])[0]


def flush_rows(session: Session, rows: Rows) -> int:
    """Insert queued rows table by table in dependency order; return how many."""
    written = 0
    for table in Base.metadata.sorted_tables:
        batch = rows.by_table.get(table.name)
        if batch:
            session.execute(insert(table), batch)
            written += len(batch)
    rows.by_table.clear()
    return written


def _synthetic_case(
    rows: Rows,
    rng: random.Random,
    place: Municipality,
    citizen_id: uuid.UUID,
    age: int,
    today: date,
    planned: set[uuid.UUID],
) -> None:
    """One case at a random point of its life, with everything that belongs to that point."""
    elderly = age >= 67
    service = BY_KEY[_weighted(rng, ELDERLY_MIX if elderly else ADULT_MIX)]
    status = _weighted(rng, STATUS_MIX)
    low, high = STATUS_AGE_DAYS[status]
    received = today - timedelta(days=rng.randint(low, high))
    team_id, _, staff = rng.choice(place.teams[service.area.value])
    worker = rng.choice(staff)
    spec = CaseSpec(
        id=seeded_uuid(rng),
        citizen_id=citizen_id,
        municipality_code=place.code,
        service=service,
        status=status,
        team_id=team_id,
        caseworker=(worker.id, worker.name),
        received_on=received,
        deadline_on=received + timedelta(days=service.default_deadline_days),
        inquiry_from=rng.choice(INQUIRY_SOURCES),
        inquiry_text="Henvendelse om hjælp.",
    )
    add_case(rows, spec)
    if status == "inquiry":
        return
    leaves = leaf_themes(service)
    themes = [
        ThemeSpec(
            code,
            display,
            rng.randint(0, 4),
            rng.choice(phrases.CITIZEN_VIEWS),
            rng.randint(1, 4),
            rng.choice(phrases.PROFESSIONAL_VIEWS),
        )
        for code, display in rng.sample(leaves, k=min(len(leaves), rng.randint(3, 5)))
    ]
    add_assessment(
        rows,
        spec,
        load(service.system).version,
        themes,
        rng.choice(("let", "moderat", "moderat", "højt")),
    )
    plan_id = uuid.uuid5(citizen_id, "plan")
    if plan_id not in planned:
        planned.add(plan_id)
        rows.add("plan", id=plan_id, created_at=moment(received), citizen_id=citizen_id, purpose="")
    goal_ids = []
    for number in range(1, rng.randint(1, 2) + 1):
        words, goal_type = rng.choice(phrases.GOALS[service.area.value])
        ratings = [min(10, max(0, rng.randint(2, 5) + i)) for i in range(rng.randint(1, 4))]
        goal_ids.append(
            add_goal(
                rows,
                rng,
                spec,
                plan_id,
                number,
                (words, "", goal_type),
                [themes[0].code],
                ratings,
                today,
            )
        )
    if status in ("active", "follow_up", "closed"):
        options = service.intervention_codes()
        code = options[0] if len(options) == 1 else rng.choice(options[1:])
        add_intervention(
            rows,
            rng,
            spec,
            today,
            (code.code, code.display),
            rng.choice(place.providers[service.area.value]),
            float(rng.choice((1, 2, 3, 4, 5))),
            goal_ids,
        )
    for number in range(1, rng.randint(2, 10) + 1):
        title, body = rng.choice(phrases.NOTES)
        day = min(today, received + timedelta(days=rng.randint(0, max(1, (today - received).days))))
        add_note(rows, spec, number, day, title, body, today)


def _citizens(
    session: Session,
    rng: random.Random,
    place: Municipality,
    count: int,
    today: date,
    taken: set[str],
    progress: Progress | None,
) -> int:
    rows, written = Rows(), 0
    for index in range(count):
        person = draw_person(rng, today, place.postcodes, taken)
        age = person.cpr.age_on(today)
        citizen_id = seeded_uuid(rng)
        add_citizen(
            rows,
            vault_of(session),
            citizen_id,
            person,
            place.code,
            today - timedelta(days=rng.randint(30, 3000)),
        )
        share = ELDERLY_SHARE if age >= 67 else ADULT_SHARE if age >= 18 else 0.0
        planned: set[uuid.UUID] = set()
        if rng.random() < share:
            _synthetic_case(rows, rng, place, citizen_id, age, today, planned)
            if rng.random() < SECOND_CASE:
                _synthetic_case(rows, rng, place, citizen_id, age, today, planned)
        if (index + 1) % BATCH == 0 or index + 1 == count:
            written += flush_rows(session, rows)
            session.commit()
            if progress:
                progress((index % BATCH) + 1)
    return written


def _existing(session: Session, code: str) -> bool:
    query = (
        select(func.count())
        .select_from(Organisation)
        .where(
            Organisation.kind == OrganisationKind.MUNICIPALITY,
            Organisation.municipality_code == code,
        )
    )
    return bool(session.scalar(query))


def generate(
    db: Database,
    *,
    municipality_code: str = "0851",
    citizens: int = 1000,
    seed: int = 1,
    today: date | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Generate a synthetic municipality with personas and `citizens` citizens."""
    today = today or clock.today()
    rng = random.Random(seed)
    town = municipality(municipality_code)
    with db.sessions() as session:
        if _existing(session, town.code):
            raise Conflict(f"{town.name} Kommune findes allerede i databasen.")
        place = build_municipality(
            session, rng, town, citizens, postcodes_by_municipality()[town.code]
        )
        session.add_all(
            QualityStandard(
                id=uuid.uuid5(NAMESPACE, "standard" + town.code + key),
                municipality_code=town.code,
                service_type=key,
                service_level=level,
                goals=goals,
                time_frame=frame,
                edition=1,
                valid_from=today.replace(year=today.year - 1, month=1, day=1),
                updated_at=moment(today),
            )
            for key, (level, goals, frame) in STANDARDS.items()
        )
        session.add_all(
            ProcessingDeadline(
                id=uuid.uuid5(NAMESPACE, town.code + s.key),
                municipality_code=town.code,
                service_type=s.key,
                days=s.default_deadline_days,
            )
            for s in BY_KEY.values()
        )
        taken: set[str] = set()
        rows = Rows()
        build_personas(session, rows, rng, place, today, taken)
        written = flush_rows(session, rows)
        add_citizen_users(session, rng, town.code)
        add_persona_messages(session, today)
        add_min_side(session, today)
        if session.scalar(select(func.count()).select_from(Offer)) == 0:
            # The national offer landscape and its anonymous waiting list (regional pages).
            landscape.generate(session, seed=seed, today=today)
        record(session, SYSTEM, "demo.generate", citizen_id=None, object_type="municipality")
        session.commit()
        written += _citizens(session, rng, place, citizens, today, taken, progress)
    return Summary(town.code, citizens, written)
