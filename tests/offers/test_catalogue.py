# SPDX-License-Identifier: MPL-2.0
"""The offer catalogue: imports check the whole file and import all or nothing; exports
round-trip; the synthetic landscape covers the country."""

import csv
import io
import json

import pytest
from sqlalchemy import func, select

from samskab.access.actor import Actor
from samskab.core.db import Database
from samskab.core.errors import Forbidden
from samskab.offers import catalogue
from samskab.offers.generate import generate
from samskab.offers.models import Offer, PlacementRequest
from samskab.organisations.models import Role
from samskab.terminology.geography import municipalities

COORDINATOR = Actor(
    user_id=None,
    display_name="Erik",
    roles=frozenset({Role.REGIONAL_COORDINATOR}),
    municipality_code="0851",
)
HEADER = list(catalogue.COLUMNS)
GOOD = {
    "tilbudsnummer": "TP-9001",
    "navn": "Bofællesskabet Lærkereden",
    "leverandoer": "Aalborg Kommune",
    "driftsform": "kommunal",
    "paragraf": "SEL § 108",
    "tilbudstype": "Almindeligt længerevarende botilbud til voksne",
    "maalgrupper": "Autismespektrum|Udviklingshæmning",
    "specialisering": "2",
    "pladser": "12",
    "belagte_pladser": "11",
    "venteliste": "2",
    "budgetteret_belaegning": "0,97",
    "postnummer": "9000",
    "kommunekode": "0851",
    "omkostningsgrundlag": "9.500.000",
    "regulering": "-120000",
    "taksaar": "2027",
    "opholdstid_dage": "2400",
}


def _csv(rows: list[dict[str, str]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, delimiter=";", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _offers(db: Database) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(Offer)) or 0


def test_a_good_csv_row_becomes_an_offer_with_its_tariff_computed(db: Database) -> None:
    with db.unit_of_work() as session:
        report = catalogue.import_offers(session, COORDINATOR, _csv([GOOD]), "csv")
    assert (report.created, report.updated, report.problems) == (1, 0, [])
    with db.sessions() as session:
        offer = session.scalars(select(Offer).where(Offer.code == "TP-9001")).one()
    assert offer.service_type == "SEL-108"
    assert offer.region_code == "1081"
    assert len(offer.target_groups) == 2
    assert offer.tariff_per_day == pytest.approx((9_500_000 - 120_000) / (12 * 0.97 * 365), 0.01)


def test_an_import_with_broken_rows_reports_every_problem_and_imports_nothing(
    db: Database,
) -> None:
    broken = [
        GOOD,
        GOOD | {"tilbudsnummer": "TP-9002", "paragraf": "§ 999", "pladser": "-3"},
        GOOD | {"tilbudsnummer": "TP-9003", "postnummer": "0001", "maalgrupper": "Dragesyge"},
        GOOD | {"budgetteret_belaegning": "80 %", "belagte_pladser": "tolv"},
        GOOD | {"tilbudsnummer": "TP-9005", "kommunekode": "9999", "navn": ""},
    ]
    with db.unit_of_work() as session, pytest.raises(catalogue.ImportRejected) as rejected:
        catalogue.import_offers(session, COORDINATOR, _csv(broken), "csv")
    found = {(p.row, p.field) for p in rejected.value.report.problems}
    assert found == {
        (3, "paragraf"),
        (3, "pladser"),
        (4, "postnummer"),
        (4, "maalgrupper"),
        (5, "tilbudsnummer"),  # the same number as row 2
        (5, "budgetteret_belaegning"),
        (5, "belagte_pladser"),
        (6, "kommunekode"),
        (6, "navn"),
    }
    assert all(p.reason for p in rejected.value.report.problems)
    assert "Filen blev ikke indlæst" in rejected.value.message
    assert _offers(db) == 0


def test_a_file_with_a_missing_column_or_that_is_not_utf8_is_rejected_whole(db: Database) -> None:
    without = [c for c in HEADER if c != "pladser"]
    for data, fmt in (
        (_csv([GOOD], without), "csv"),
        ("navn;pladser\nBø;3".encode("latin-1"), "csv"),
        (b"{not json", "json"),
        (b'{"tilbud": 3}', "json"),
    ):
        with db.unit_of_work() as session, pytest.raises(catalogue.ImportRejected) as rejected:
            catalogue.import_offers(session, COORDINATOR, data, fmt)
        assert rejected.value.report.problems
    assert _offers(db) == 0


def test_mistakes_a_person_makes_in_a_file_are_each_reported_even_beside_an_unknown_column(
    db: Database,
) -> None:
    header = [*HEADER, "kommentar"]
    mistaken = [
        GOOD | {"pladser": "2.5"},
        GOOD | {"tilbudsnummer": "TP-9002", "pladser": "2,5", "opholdstid_dage": "0"},
        GOOD | {"tilbudsnummer": "TP-9003", "kommunekode": "0101"},  # 9000 is not in København
        GOOD | {"tilbudsnummer": "TP-9004", "paragraf": "SEL § 85"},  # with a § 108 offer type
        GOOD | {"tilbudsnummer": "TP-9005", "pladser": "1.200", "belagte_pladser": "1 100"},
    ]
    with db.unit_of_work() as session, pytest.raises(catalogue.ImportRejected) as rejected:
        catalogue.import_offers(session, COORDINATOR, _csv(mistaken, header), "csv")
    found = {(p.row, p.field) for p in rejected.value.report.problems}
    assert found == {
        (1, "kommentar"),
        (2, "pladser"),
        (3, "pladser"),
        (3, "opholdstid_dage"),
        (4, "postnummer"),
        (4, "kommunekode"),  # and København lies in another region than the coordinator's
        (5, "tilbudstype"),
    }
    assert _offers(db) == 0


def test_a_coordinator_imports_only_into_their_own_region(db: Database) -> None:
    with db.unit_of_work() as session:
        catalogue.import_offers(session, COORDINATOR, _csv([GOOD]), "csv")
    copenhagen = Actor(
        user_id=None,
        display_name="Karin",
        roles=frozenset({Role.REGIONAL_COORDINATOR}),
        municipality_code="0101",
    )
    foreign = GOOD | {"tilbudsnummer": "TP-9100"}
    for rows in ([GOOD | {"postnummer": "2100", "kommunekode": "0101"}], [foreign]):
        with db.unit_of_work() as session, pytest.raises(catalogue.ImportRejected) as rejected:
            catalogue.import_offers(session, copenhagen, _csv(rows), "csv")
        assert len(rejected.value.report.problems) == 1
    with db.sessions() as session:
        offer = session.scalars(select(Offer).where(Offer.code == "TP-9001")).one()
    assert offer.municipality_code == "0851" and _offers(db) == 1


def test_only_the_regional_coordinator_may_import_offers(db: Database) -> None:
    caseworker = Actor(user_id=None, display_name="Anna", roles=frozenset({Role.CASEWORKER}))
    with db.unit_of_work() as session, pytest.raises(Forbidden):
        catalogue.import_offers(session, caseworker, _csv([GOOD]), "csv")


def test_the_landscape_covers_all_98_municipalities_with_about_2000_offers(db: Database) -> None:
    with db.unit_of_work() as session:
        made = generate(session, seed=7)
    assert 1_900 <= made.offers <= 2_100
    with db.sessions() as session:
        towns = set(session.scalars(select(Offer.municipality_code).distinct()))
        regions: dict[str, int] = {
            code: count
            for code, count in session.execute(
                select(Offer.region_code, func.count()).group_by(Offer.region_code)
            )
        }
        waiting = session.scalar(select(func.count()).select_from(PlacementRequest))
    assert towns == set(municipalities())
    # Realistic per region: the capital region has the most offers, North Jutland the fewest.
    assert max(regions, key=lambda r: regions[r]) == "1084"
    assert min(regions, key=lambda r: regions[r]) == "1081"
    assert waiting == made.requests


def test_an_exported_catalogue_imports_again_without_changes_as_csv_and_as_json(
    db: Database,
) -> None:
    with db.unit_of_work() as session:
        generate(session, seed=3, people_per_offer=40_000)
    with db.sessions() as session:
        before = {
            o.code: (o.places, o.target_groups, o.tariff_per_day, o.carried)
            for o in session.scalars(select(Offer))
        }
    operator = Actor(user_id=None, display_name="Gorm", roles=frozenset({Role.ADMIN}))
    for fmt in ("csv", "json"):
        with db.unit_of_work() as session:
            data = catalogue.export(session, operator, fmt)
        if fmt == "json":
            assert len(json.loads(data)["tilbud"]) == len(before)
        with db.unit_of_work() as session:
            report = catalogue.import_offers(session, operator, data, fmt)
        assert (report.created, report.updated) == (0, len(before))
        with db.sessions() as session:
            after = {
                o.code: (o.places, o.target_groups, o.tariff_per_day, o.carried)
                for o in session.scalars(select(Offer))
            }
        assert after == before


def test_the_same_seed_generates_the_same_landscape(db: Database) -> None:
    with db.unit_of_work() as session:
        generate(session, seed=5, people_per_offer=40_000)
    with db.sessions() as session:
        first = [
            (o.code, o.places, o.tariff_per_day)
            for o in session.scalars(select(Offer).order_by(Offer.code))
        ]
    with db.unit_of_work() as session:
        generate(session, seed=5, people_per_offer=40_000)
    with db.sessions() as session:
        second = [
            (o.code, o.places, o.tariff_per_day)
            for o in session.scalars(select(Offer).order_by(Offer.code))
        ]
    assert first == second
