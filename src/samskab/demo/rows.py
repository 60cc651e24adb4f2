# SPDX-License-Identifier: MPL-2.0
"""Row builders for the demo: one case with its assessment, goals, order, deliveries and notes."""

import itertools
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from samskab.core.clock import COPENHAGEN
from samskab.core.crypto import CprVault
from samskab.demo.people import Person
from samskab.terminology.scales import AssessmentScale, ExpectedState, HealthProblem
from samskab.terminology.services import ServiceType


def before_today(day: date, today: date) -> date:
    """A past event's day, never today or later: the demo's history ends yesterday."""
    return min(day, today - timedelta(days=1))


def moment(day: date, hour: int = 9) -> datetime:
    """A working-hours moment on a day, in UTC."""
    return datetime.combine(day, time(hour), COPENHAGEN).astimezone(UTC)


@dataclass
class Rows:
    """Rows waiting to be inserted, by table name, in foreign-key order."""

    by_table: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, table: str, **values: Any) -> None:
        """Queue one row."""
        self.by_table[table].append(values)

    def count(self) -> int:
        """How many rows are queued."""
        return sum(len(rows) for rows in self.by_table.values())


@dataclass(frozen=True)
class CaseSpec:
    """What to generate for one case."""

    id: uuid.UUID
    citizen_id: uuid.UUID
    municipality_code: str
    service: ServiceType
    status: str
    team_id: uuid.UUID
    caseworker: tuple[uuid.UUID, str]
    received_on: date
    deadline_on: date
    inquiry_from: str
    inquiry_text: str
    title: str = ""


def add_case(rows: Rows, spec: CaseSpec) -> None:
    """The case, the team's access to the citizen, and the status history up to now."""
    rows.add(
        "case_file",
        id=spec.id,
        created_at=moment(spec.received_on),
        citizen_id=spec.citizen_id,
        municipality_code=spec.municipality_code,
        area=spec.service.area.value,
        service_type=spec.service.key,
        legal_basis=spec.service.legal_basis,
        title=spec.title or spec.service.title,
        inquiry_from=spec.inquiry_from,
        inquiry_text=spec.inquiry_text,
        status=spec.status,
        team_id=spec.team_id,
        caseworker_id=spec.caseworker[0],
        received_on=spec.received_on,
        deadline_on=spec.deadline_on,
        closed_at=moment(spec.deadline_on) if spec.status == "closed" else None,
    )
    rows.add(
        "citizen_access",
        id=uuid.uuid5(spec.id, "access"),
        created_at=moment(spec.received_on),
        citizen_id=spec.citizen_id,
        team_id=spec.team_id,
        source_type="case",
        source_id=spec.id,
    )
    path = ["inquiry", "assessment", "decision", "active", "follow_up", "closed"]
    steps = path[: path.index(spec.status) + 1] if spec.status in path else ["inquiry"]
    for number, (before, after) in enumerate(itertools.pairwise(steps), start=1):
        rows.add(
            "case_transition",
            id=uuid.uuid5(spec.id, f"step{number}"),
            case_id=spec.id,
            from_status=before,
            to_status=after,
            at=moment(spec.received_on + timedelta(days=7 * number)),
            by_user_id=spec.caseworker[0],
            reason="",
        )


@dataclass(frozen=True)
class ThemeSpec:
    """One assessed theme: code, display, and both perspectives."""

    code: str
    display: str
    citizen_level: int
    citizen_text: str
    professional_level: int
    professional_text: str


def add_authored(
    rows: Rows,
    spec: CaseSpec,
    subject: tuple[str, uuid.UUID],
    field: str,
    body: str,
    voice: str,
    at: datetime,
) -> None:
    """The first version of a text, written by the caseworker (for the citizen, if theirs)."""
    if not body or body == "None":
        return
    rows.add(
        "authored_text",
        id=uuid.uuid5(subject[1], field),
        citizen_id=spec.citizen_id,
        subject_type=subject[0],
        subject_id=subject[1],
        field=field,
        version=1,
        body=body,
        voice=voice or "professional",
        writer="staff",
        author_id=spec.caseworker[0],
        author_name=spec.caseworker[1],
        author_role="caseworker",
        on_behalf_of=spec.citizen_id if voice == "citizen" else None,
        written_at=at,
    )


def _problem(level: int) -> str:
    return HealthProblem.ACTUAL if level >= 2 else HealthProblem.POTENTIAL


def _expected(level: int) -> str:
    return ExpectedState.DECREASES if level >= 3 else ExpectedState.DISAPPEARS


def add_assessment(
    rows: Rows, spec: CaseSpec, version: str, themes: list[ThemeSpec], support_need: str
) -> None:
    """The assessment of a case with the citizen's view beside the professional's."""
    assessment_id = uuid.uuid5(spec.id, "assessment")
    at = moment(spec.received_on + timedelta(days=10))
    rows.add(
        "assessment",
        id=assessment_id,
        created_at=at,
        case_id=spec.id,
        code_system=spec.service.system.value,
        code_system_version=version,
        summary="",
    )
    health = spec.service.scale == AssessmentScale.HEALTH
    for theme in themes:
        theme_id = uuid.uuid5(assessment_id, theme.code)
        for name, body, voice in (
            ("citizen_level", str(theme.citizen_level), "citizen"),
            ("citizen_text", theme.citizen_text, "citizen"),
            ("professional_level", str(theme.professional_level), "professional"),
            ("professional_text", theme.professional_text, "professional"),
        ):
            add_authored(rows, spec, ("theme", theme_id), name, body, voice, at)
        rows.add(
            "theme_assessment",
            id=theme_id,
            assessment_id=assessment_id,
            theme_code=theme.code,
            theme_display=theme.display,
            professional_level=None if health else theme.professional_level,
            professional_text=theme.professional_text,
            citizen_level=None if health else theme.citizen_level,
            # Health conditions: a severe level reads as an actual problem, else a potential one.
            problem=(_problem(theme.professional_level) if health else None),
            expected_state=(_expected(theme.professional_level) if health else None),
            citizen_text=theme.citizen_text,
            support_need=support_need,
            resources="",
            wishes="",
            updated_at=at,
            updated_by=spec.caseworker[0],
        )


def add_goal(
    rows: Rows,
    rng: random.Random,
    spec: CaseSpec,
    plan_id: uuid.UUID,
    number: int,
    words: tuple[str, str, str],
    theme_codes: list[str],
    ratings: list[int],
    today: date,
) -> uuid.UUID:
    """A goal in the citizen's words with its first wording and monthly ratings up to yesterday."""
    citizen_words, professional, goal_type = words
    goal_id = uuid.uuid5(spec.id, f"goal{number}")
    first = before_today(spec.received_on + timedelta(days=14), today)
    at = moment(first)
    rows.add(
        "goal",
        id=goal_id,
        created_at=at,
        plan_id=plan_id,
        case_id=spec.id,
        citizen_words=citizen_words,
        citizen_words_recorded_by=spec.caseworker[0],
        citizen_words_at=at,
        professional_wording=professional,
        goal_type=goal_type,
        theme_codes=theme_codes,
        status="active",
    )
    add_authored(rows, spec, ("goal", goal_id), "citizen_words", citizen_words, "citizen", at)
    add_authored(rows, spec, ("goal", goal_id), "professional_wording", professional, "", at)
    for index, score in enumerate(ratings):
        day = before_today(first + timedelta(days=30 * index), today)
        for rater, value in (
            ("citizen", score),
            ("professional", max(0, min(10, score + rng.randint(-1, 1)))),
        ):
            rows.add(
                "goal_rating",
                id=uuid.uuid5(goal_id, f"{rater}{index}"),
                goal_id=goal_id,
                rater=rater,
                score=value,
                comment="",
                recorded_by=spec.caseworker[0],
                writer="staff",
                # Ratings squeezed onto yesterday keep their order by the minute.
                at=moment(day, 10 if rater == "citizen" else 11) + timedelta(minutes=index),
            )
    return goal_id


def add_intervention(
    rows: Rows,
    rng: random.Random,
    spec: CaseSpec,
    today: date,
    code: tuple[str, str],
    provider: tuple[uuid.UUID, str],
    amount: float,
    goal_ids: list[uuid.UUID],
    max_deliveries: int = 12,
) -> None:
    """An order to a provider and its weekly deliveries so far."""
    intervention_id = uuid.uuid5(spec.id, "intervention")
    start = min(spec.deadline_on, today)
    end = start + timedelta(days=365)
    status = "ended" if spec.status == "closed" else "active"
    rows.add(
        "intervention",
        id=intervention_id,
        created_at=moment(start),
        case_id=spec.id,
        code_system=spec.service.system.value,
        service_code=code[0],
        service_display=code[1],
        legal_basis=spec.service.legal_basis,
        provider_id=provider[0],
        scope_amount=amount,
        scope_unit=spec.service.scope_unit,
        period_start=start,
        period_end=end,
        status=status,
        # Where the law gives free choice, the demo citizen chose the provider themself.
        provider_choice="borgerens_valg" if spec.service.free_choice else None,
    )
    for goal_id in goal_ids:
        rows.add(
            "intervention_goal",
            id=uuid.uuid5(intervention_id, str(goal_id)),
            intervention_id=intervention_id,
            goal_id=goal_id,
        )
    last = before_today(end, today)
    weeks = min((last - start).days // 7, max_deliveries)
    for week in range(weeks):
        day = last - timedelta(days=7 * week + rng.randint(0, 4))
        rows.add(
            "delivery_record",
            id=uuid.uuid5(intervention_id, f"d{week}"),
            intervention_id=intervention_id,
            delivered_on=max(day, start),
            amount=round(amount * rng.choice((0.75, 1.0, 1.0, 1.0)), 2),
            delivered_by=provider[1],
            note="",
            recorded_by=None,
            recorded_at=moment(max(day, start), 16),
        )


def add_note(
    rows: Rows, spec: CaseSpec, number: int, day: date, title: str, body: str, today: date
) -> None:
    """A journal note by the caseworker, written yesterday at the latest."""
    day = before_today(day, today)
    rows.add(
        "note",
        id=uuid.uuid5(spec.id, f"note{number}"),
        case_id=spec.id,
        citizen_id=spec.citizen_id,
        kind="notat",
        title=title,
        body=body,
        author_id=spec.caseworker[0],
        author_name=spec.caseworker[1],
        written_at=moment(day, 13),
        occurred_on=day,
    )


def leaf_themes(service: ServiceType) -> list[tuple[str, str]]:
    """The most specific themes an assessment of this service can cover."""
    themes = service.assessment_themes()
    leaves = [(c.code, c.display) for c in themes if not c.children]
    return leaves or [(c.code, c.display) for c in themes]


def add_citizen(
    rows: Rows,
    vault: CprVault,
    citizen_id: uuid.UUID,
    person: Person,
    code: str,
    created: date,
    needs: str | None = None,
) -> None:
    """A citizen with the CPR number encrypted and hashed for lookup."""
    key_id, blob = vault.encrypt(person.cpr)
    rows.add(
        "citizen",
        id=citizen_id,
        created_at=moment(created),
        cpr_key_id=key_id,
        cpr_ciphertext=blob,
        cpr_lookup=vault.lookup_hash(person.cpr),
        birth_date=person.cpr.birth_date(),
        first_name=person.first_name,
        last_name=person.last_name,
        address_line=person.address_line,
        postcode=person.postcode,
        city=person.city,
        municipality_code=code,
        phone=person.phone,
        email=person.email,
        communication_needs=needs,
    )
