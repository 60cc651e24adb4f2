# SPDX-License-Identifier: MPL-2.0
"""'Hvem har set mine oplysninger': paged, filtered, in Copenhagen time, the citizen's own views
apart, refusals in plain words, and only ever the citizen's own log."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor, actor_for_user
from samskab.access.policies import BREAK_GLASS_PURPOSE
from samskab.audit.actions import record
from samskab.audit.models import Outcome
from samskab.audit.queries import Kind, LogFilter
from samskab.cases.actions import open_case
from samskab.cases.schemas import CaseOpen
from samskab.citizens.access_log import access_log_for
from samskab.citizens.consents import ConsentIn, give_consent
from samskab.core import clock, formats
from samskab.core.db import Database
from samskab.core.errors import NotFound
from samskab.organisations.models import User
from tests.builders import LENE, World, citizen_in


def _user(session: Session, username: str) -> Actor:
    return actor_for_user(
        session, session.scalars(select(User).where(User.username == username)).one()
    )


def _at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr(clock, "now", lambda: moment)


def test_the_log_goes_on_page_after_page_past_two_hundred_entries(
    db: Database, world: World
) -> None:
    with db.unit_of_work() as session:
        for _ in range(230):
            record(session, world.anna, "case.read", citizen_id=world.mette_id, object_type="case")
    with db.unit_of_work() as session:
        mette = _user(session, "mette")
        first = access_log_for(session, mette, world.mette_id, LogFilter())
        assert len(first.entries) == 50 and first.total >= 230 and first.has_next
        seen = [
            e
            for n in range(1, first.pages + 1)
            for e in access_log_for(session, mette, world.mette_id, LogFilter(page=n)).entries
        ]
    assert len(seen) == first.total
    assert sum(e.what == "så din sag" for e in seen) == 230
    assert [e.at for e in seen] == sorted((e.at for e in seen), reverse=True)


def test_the_period_counts_in_copenhagen_days_and_the_time_is_copenhagen_time(
    db: Database, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.unit_of_work() as session:
        _at(monkeypatch, datetime(2026, 3, 1, 22, 30, tzinfo=UTC))  # 23.30 on 1 March in Aalborg
        record(session, world.bo, "plan.read", citizen_id=world.mette_id, object_type="plan")
        _at(monkeypatch, datetime(2026, 3, 1, 23, 30, tzinfo=UTC))  # 00.30 on 2 March in Aalborg
        record(session, world.anna, "plan.read", citizen_id=world.mette_id, object_type="plan")
    monkeypatch.undo()
    with db.unit_of_work() as session:
        wanted = LogFilter(from_day=date(2026, 3, 2), to_day=date(2026, 3, 2))
        log = access_log_for(session, _user(session, "mette"), world.mette_id, wanted)
        first_day = access_log_for(
            session, _user(session, "mette"), world.mette_id, LogFilter(to_day=date(2026, 3, 1))
        )
    assert [e.who for e in log.entries] == ["Anna Holm"]
    assert [e.who for e in first_day.entries] == ["Bo Kjær"]
    assert formats.date_time(log.entries[0].at) == "2. mar. 2026 kl. 00.30"


def test_a_refused_attempt_is_told_in_plain_words_and_found_by_its_kind(
    db: Database, world: World
) -> None:
    with db.unit_of_work() as session:
        record(
            session,
            world.carl,
            "case.read",
            citizen_id=world.mette_id,
            object_type="case",
            outcome=Outcome.DENIED,
        )
        record(session, world.anna, "plan.update", citizen_id=world.mette_id, object_type="plan")
    with db.unit_of_work() as session:
        mette = _user(session, "mette")
        refused = access_log_for(session, mette, world.mette_id, LogFilter(kind=Kind.DENIED))
        changed = access_log_for(session, mette, world.mette_id, LogFilter(kind=Kind.CHANGED))
        seen = access_log_for(session, mette, world.mette_id, LogFilter(kind=Kind.READ))
    assert [e.sentence for e in refused.entries] == [
        "Carl Mikkelsen fra Team Voksen Syd prøvede at se din sag, men fik ikke adgang."
    ]
    carl = refused.entries[0]
    assert (carl.role, carl.teams, carl.organisation) == (
        "Sagsbehandler",
        "Team Voksen Syd",
        "Aalborg Kommune",
    )
    assert "Anna Holm fra Team Voksen Nord ændrede din plan." in [
        e.sentence for e in changed.entries
    ]
    assert all(e.kind is Kind.CHANGED for e in changed.entries)
    assert all(e.kind is Kind.READ for e in seen.entries)


def test_the_reason_for_emergency_access_is_shown(db: Database, world: World) -> None:
    reason = "Mette er indlagt, og sygehuset spørger efter hendes plan."
    urgent = replace(world.carl, purpose=f"{BREAK_GLASS_PURPOSE}{reason}")
    with db.unit_of_work() as session:
        record(session, urgent, "plan.read", citizen_id=world.mette_id, object_type="plan")
    with db.unit_of_work() as session:
        log = access_log_for(session, _user(session, "mette"), world.mette_id, LogFilter())
    carl = next(e for e in log.entries if e.who == "Carl Mikkelsen")
    assert carl.urgent and carl.purpose == f"Nødadgang. Begrundelse: {reason}"


def test_the_citizens_own_views_and_a_relatives_are_counted_apart(
    db: Database, world: World
) -> None:
    with db.unit_of_work() as session:
        mette, lene = _user(session, "mette"), _user(session, "lene")
        give_consent(session, mette, world.mette_id, ConsentIn(**LENE, scopes=["plan"]))
        for _ in range(14):
            record(session, mette, "plan.read", citizen_id=world.mette_id, object_type="plan")
        for _ in range(3):
            record(session, lene, "plan.read", citizen_id=world.mette_id, object_type="plan")
        record(session, world.anna, "plan.read", citizen_id=world.mette_id, object_type="plan")
    with db.unit_of_work() as session:
        log = access_log_for(session, _user(session, "mette"), world.mette_id, LogFilter())
    assert {e.who for e in log.entries} == {"Anna Holm"}
    yourself, relative = log.close
    assert (yourself.yourself, yourself.seen, yourself.changed) == (True, 14, 1)
    assert (relative.who, relative.seen) == ("Lene Madsen", 3)


def test_nobody_but_the_citizen_reads_the_citizens_log(db: Database, world: World) -> None:
    with db.unit_of_work() as session:
        per = open_case(
            session,
            world.anna,
            CaseOpen(
                citizen=citizen_in(cpr="0101701234", first_name="Per"),
                service_type="SEL-85",
                received_on=clock.today(),
            ),
        )
        mette = _user(session, "mette")
        give_consent(session, mette, world.mette_id, ConsentIn(**LENE, scopes=["basis"]))
    for reader, citizen_id in [
        ("mette", per.citizen_id),
        ("anna", world.mette_id),
        ("bo", world.mette_id),
        ("lene", world.mette_id),
    ]:
        with pytest.raises(NotFound), db.unit_of_work() as session:
            access_log_for(session, _user(session, reader), citizen_id, LogFilter())
