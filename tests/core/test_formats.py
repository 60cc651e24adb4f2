# SPDX-License-Identifier: MPL-2.0
from datetime import UTC, date, datetime

import pytest
from pydantic import Field, ValidationError

from samskab.core import formats
from samskab.core.validation import Input, field_errors


def test_a_moment_stored_in_utc_is_shown_in_copenhagen_time_across_the_spring_dst_change() -> None:
    # Summer time began at 01:00 UTC on 29 March 2026: 02:00 local became 03:00.
    before = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    after = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert formats.date_time(before) == "29. mar. 2026 kl. 01.30"
    assert formats.date_time(after) == "29. mar. 2026 kl. 03.30"
    assert formats.date_time(after, locale="en") == "29 Mar 2026, 03:30"


def test_a_moment_stored_in_utc_is_shown_in_copenhagen_time_across_the_autumn_dst_change() -> None:
    # Winter time began at 01:00 UTC on 25 October 2026: 03:00 local became 02:00.
    assert formats.time(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) == "02.30"
    assert formats.time(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) == "02.30"
    assert formats.time(datetime(2026, 10, 25, 2, 30, tzinfo=UTC)) == "03.30"


def test_a_late_evening_moment_in_utc_falls_on_the_next_day_in_denmark() -> None:
    moment = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert formats.date(moment) == "1. jan. 2027"
    assert formats.date(moment, long=True) == "1. januar 2027"


def test_no_formatted_moment_names_a_time_zone() -> None:
    moment = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    for locale in ("da", "en"):
        for text in (
            formats.date_time(moment, locale=locale),
            formats.date_time(moment, long=True, locale=locale),
            formats.time(moment, locale=locale),
        ):
            assert "UTC" not in text and "GMT" not in text and "CEST" not in text
    assert formats.date_time(moment, long=True) == "1. juli 2026 kl. 14.00"


def test_a_date_reads_the_danish_way_and_the_british_way_in_english() -> None:
    assert formats.date(date(2026, 2, 3)) == "3. feb. 2026"
    assert formats.date(date(2026, 12, 2), long=True) == "2. december 2026"
    assert formats.date(date(2026, 2, 3), locale="en") == "3 Feb 2026"
    assert formats.date(None) == "–"
    assert formats.month(date(2026, 11, 3)) == "november"


def test_a_decimal_has_a_comma_in_danish_and_a_period_in_english() -> None:
    assert formats.number(10.5) == "10,5"
    assert formats.number(10.5, locale="en") == "10.5"
    assert formats.number(3.0) == "3"
    assert formats.number(1234567.891, 2, fixed=True) == "1.234.567,89"
    assert formats.number(1234567.891, 2, fixed=True, locale="en") == "1,234,567.89"
    assert formats.kroner(1234.5) == "1.234,50 kr."


def test_the_current_locale_decides_the_format_until_it_is_reset() -> None:
    token = formats.use("en")
    try:
        assert formats.number(10.5) == "10.5"
        assert formats.count(2, "notat") == "2 notes"
    finally:
        formats.reset(token)
    assert formats.number(10.5) == "10,5"


def test_plurals_for_one_and_two() -> None:
    assert formats.count(1, "time") == "1 time"
    assert formats.count(2, "time") == "2 timer"
    assert formats.count(1, "notat") == "1 notat"
    assert formats.count(2, "notat") == "2 notater"
    assert formats.count(1, "notat", locale="en") == "1 note"
    assert formats.count(2, "time", locale="en") == "2 hours"
    assert formats.count(1, "gang") == "1 gang"
    assert formats.count(2, "gang") == "2 gange"


def test_a_scope_is_shown_with_its_unit_declined_and_its_period() -> None:
    assert formats.quantity(1, "timer pr. uge") == "1 time pr. uge"
    assert formats.quantity(3, "timer pr. uge") == "3 timer pr. uge"
    assert formats.quantity(10.5, "timer pr. uge") == "10,5 timer pr. uge"
    assert formats.quantity(10.5, "timer pr. uge", locale="en") == "10.5 hours per week"
    assert formats.quantity(2, "besøg pr. uge") == "2 besøg pr. uge"
    assert formats.quantity(2, "besøg pr. uge", locale="en") == "2 visits per week"
    assert formats.quantity(4, "pakker") == "4 pakker"


def test_a_validation_message_states_its_limit_as_a_danish_number() -> None:
    class Scope(Input):
        hours: float = Field(gt=0, le=37.5)

    for value, message in ((0, "Skal være større end 0."), (40, "Må højst være 37,5.")):
        with pytest.raises(ValidationError) as refused:
            Scope(hours=value)
        assert field_errors(list(refused.value.errors()))[0]["message"] == message


def test_an_adjective_before_a_counted_noun_agrees_with_it() -> None:
    assert formats.count(1, "ledig plads") == "1 ledig plads"
    assert formats.count(2, "ledig plads") == "2 ledige pladser"
    assert formats.count(1, "gemt udgave", locale="en") == "1 saved version"


def test_what_an_order_delivered_in_all_is_counted_in_its_units_without_the_period() -> None:
    assert formats.delivered_total(24, "timer pr. uge") == "24 timer"
    assert formats.delivered_total(1, "timer pr. uge") == "1 time"
    assert formats.delivered_total(10.5, "timer pr. måned", locale="en") == "10.5 hours"
    assert formats.delivered_total(3, "besøg pr. uge") == "3 besøg"
    assert formats.delivered_total(4, "pakker") == "4 pakker"
    assert formats.delivered_total(4, "stk. pr. uge") == "4 stk."
