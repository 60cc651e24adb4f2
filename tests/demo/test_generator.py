# SPDX-License-Identifier: MPL-2.0
"""The demo municipality: realistic, deterministic for a seed, with the personas' stories."""

import hashlib
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from samskab import migrations
from samskab.access.actor import actor_for_user
from samskab.cases.models import Case
from samskab.cases.queries import CaseFilter, cases_for
from samskab.cases.schemas import CaseScope
from samskab.citizens.models import Citizen
from samskab.core.cpr import Cpr
from samskab.core.db import Base, Database, make_engine
from samskab.core.errors import Conflict
from samskab.demo.generator import generate
from samskab.demo.rows import moment
from samskab.interventions.models import DeliveryRecord
from samskab.journal.models import Message, Note
from samskab.meetings.models import Meeting, MeetingStatus
from samskab.organisations.models import User
from samskab.plans.models import Goal, GoalRating, WellbeingAnswer
from samskab.terminology.geography import postcodes_by_municipality
from samskab.terminology.services import CATALOGUE
from tests.conftest import VAULT, fresh_database_url

DAY = date(2026, 11, 1)


@pytest.fixture(params=["sqlite", "postgresql"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _fresh(kind: str, tmp: Path) -> Iterator[Database]:
    urls = fresh_database_url(kind, str(tmp))
    engine = make_engine(next(urls))
    migrations.upgrade(engine)
    yield Database(engine, VAULT)
    engine.dispose()
    next(urls, None)


def _digest(db: Database) -> str:
    """A fingerprint of every row and key, CPR numbers decrypted (ciphertexts use random nonces)."""
    digest = hashlib.sha256()
    with db.sessions() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in ("audit_event", "api_token"):
                continue
            # Organisations and staff are stamped with the moment they were generated.
            stamped = table.name in ("organisation", "team", "app_user", "consent")
            columns = [
                c
                for c in table.columns
                if c.name != "cpr_ciphertext" and not (stamped and c.name == "created_at")
            ]
            if not columns:
                continue
            for line in sorted(repr(tuple(row)) for row in session.execute(select(*columns))):
                digest.update(line.encode())
            if table.name == "citizen":
                for key, blob in session.execute(
                    select(Citizen.cpr_key_id, Citizen.cpr_ciphertext)
                ):
                    digest.update(VAULT.decrypt(key, blob).digits.encode())
    return digest.hexdigest()


def test_the_same_seed_gives_the_same_municipality(kind: str, tmp_path: Path) -> None:
    digests = []
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        for db in _fresh(kind, tmp_path / run):
            generate(db, municipality_code="0851", citizens=300, seed=7, today=DAY)
            digests.append(_digest(db))
    assert digests[0] == digests[1]


def test_another_seed_gives_another_municipality(tmp_path: Path) -> None:
    digests = []
    for seed in (1, 2):
        (tmp_path / str(seed)).mkdir()
        for db in _fresh("sqlite", tmp_path / str(seed)):
            generate(db, citizens=100, seed=seed, today=DAY)
            digests.append(_digest(db))
    assert digests[0] != digests[1]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    yield from _fresh("sqlite", tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def generated(big: Database) -> Database:
    generate(big, municipality_code="0851", citizens=4000, seed=3, today=DAY)
    return big


def test_cpr_numbers_are_valid_unique_and_match_the_birth_date(generated: Database) -> None:
    with generated.sessions() as session:
        rows = session.execute(
            select(
                Citizen.cpr_key_id, Citizen.cpr_ciphertext, Citizen.birth_date, Citizen.cpr_lookup
            )
        ).all()
    numbers = [VAULT.decrypt(key, blob) for key, blob, _, _ in rows]
    assert len(rows) == 4003  # three personas
    assert len({n.digits for n in numbers}) == len(numbers)
    assert len({lookup for *_, lookup in rows}) == len(rows)
    for number, (_, _, born, _) in zip(numbers, rows, strict=True):
        assert Cpr.parse(number.digits).birth_date() == born


def test_addresses_use_the_municipalitys_own_postcodes(generated: Database) -> None:
    own = postcodes_by_municipality()["0851"]
    with generated.sessions() as session:
        used = set(session.scalars(select(Citizen.postcode).distinct()))
    assert used
    assert all(any(p.first <= int(code) <= p.last for p in own) for code in used)


def test_cases_spread_over_every_paragraph_in_plausible_proportions(generated: Database) -> None:
    with generated.sessions() as session:
        spread = Counter(session.scalars(select(Case.service_type)))
    assert set(spread) == {s.key for s in CATALOGUE}
    assert spread["SEL-85"] > spread["SEL-108"] > 0
    assert spread["SEL-83"] > spread["SEL-86"]


def test_goals_are_written_in_the_first_person(generated: Database) -> None:
    with generated.sessions() as session:
        words = list(session.scalars(select(Goal.citizen_words)))
    assert words
    assert all(w.startswith("Jeg ") for w in words)


def test_anna_sees_mette_and_ali_and_carl_does_not(generated: Database) -> None:
    with generated.sessions() as session:
        users = {u.username: u for u in session.scalars(select(User))}
        anna = actor_for_user(session, users["anna"])
        carl = actor_for_user(session, users["carl"])
        annas, _ = cases_for(session, anna, CaseFilter(scope=CaseScope.MINE), limit=200)
        carls, _ = cases_for(session, carl, CaseFilter(scope=CaseScope.TEAM), limit=200)
        personas = {uuid.uuid5(uuid.NAMESPACE_URL, f"samskab-demo/{n}") for n in ("Mette", "Ali")}
        assert personas <= {c.citizen_id for c in annas}
        assert not personas & {c.citizen_id for c in carls}
        assert carls, "Carl has cases of his own"
        session.rollback()


def test_a_municipality_cannot_be_generated_twice(generated: Database) -> None:
    with pytest.raises(Conflict):
        generate(generated, municipality_code="0851", citizens=10, seed=3, today=DAY)


def test_row_counts_scale_with_the_number_of_citizens(generated: Database) -> None:
    with generated.sessions() as session:
        cases = session.scalar(sa.select(sa.func.count()).select_from(Case)) or 0
    assert 600 < cases < 1100  # about 18% of citizens, as in a real municipality


def test_no_rating_answer_note_delivery_or_held_meeting_is_dated_after_the_demos_now(
    generated: Database,
) -> None:
    now = moment(DAY, 0)
    with generated.sessions() as session:
        late = {
            "ratings": session.scalar(select(sa.func.count()).where(GoalRating.at >= now)),
            "answers": session.scalar(select(sa.func.count()).where(WellbeingAnswer.at >= now)),
            "notes": session.scalar(select(sa.func.count()).where(Note.written_at >= now)),
            "noted days": session.scalar(select(sa.func.count()).where(Note.occurred_on >= DAY)),
            "messages": session.scalar(select(sa.func.count()).where(Message.at >= now)),
            "deliveries": session.scalar(
                select(sa.func.count()).where(DeliveryRecord.delivered_on >= DAY)
            ),
            "held meetings": session.scalar(
                select(sa.func.count()).where(
                    Meeting.status == MeetingStatus.ENDED, Meeting.starts_at >= now
                )
            ),
        }
        assert session.scalar(select(sa.func.count()).select_from(GoalRating)) > 1000
    assert late == dict.fromkeys(late, 0)
