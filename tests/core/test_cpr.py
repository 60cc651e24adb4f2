# SPDX-License-Identifier: MPL-2.0
from datetime import date

import pytest

from samskab.core.cpr import Cpr
from samskab.core.errors import InvalidCpr


@pytest.mark.parametrize(
    ("text", "born"),
    [
        ("0702921234", date(1992, 2, 7)),
        ("070292-1234", date(1992, 2, 7)),
        ("0101054321", date(2005, 1, 1)),  # 7th digit 4, year <= 36: 2000s
        ("0101404321", date(1940, 1, 1)),  # 7th digit 4, year >= 37: 1900s
        ("0101575001", date(2057, 1, 1)),  # 7th digit 5-8, year <= 57: 2000s
        ("0101585001", date(1858, 1, 1)),  # 7th digit 5-8, year >= 58: 1800s
        ("0101369001", date(2036, 1, 1)),  # 7th digit 9, year <= 36: 2000s
        ("0101379001", date(1937, 1, 1)),  # 7th digit 9, year >= 37: 1900s
    ],
)
def test_the_century_comes_from_the_seventh_digit(text: str, born: date) -> None:
    assert Cpr.parse(text).birth_date() == born


@pytest.mark.parametrize(
    "text",
    [
        "",
        "123",
        "07029212345",
        "0702921a34",
        "070292 1234",
        "3102921234",
        "0013921234",
        "1234567890",
        "2902000000",
    ],
)  # 29 Feb 1900 did not exist
def test_malformed_or_impossible_numbers_are_refused_in_danish(text: str) -> None:
    with pytest.raises(InvalidCpr) as caught:
        Cpr.parse(text)
    assert "CPR-nummeret" in caught.value.message


def test_a_number_that_fails_modulus_11_is_still_accepted() -> None:
    assert Cpr.parse("0702921235").digits == "0702921235"


def test_the_number_never_prints_in_full() -> None:
    cpr = Cpr.parse("0702921234")
    assert "1234" not in str(cpr)
    assert "1234" not in repr(cpr)
    assert "1234" not in f"{cpr}"
    assert cpr.masked == "070292-xxxx"
    assert cpr.formatted == "070292-1234"


def test_sex_and_age_follow_from_the_number() -> None:
    cpr = Cpr.parse("0702921234")
    assert not cpr.is_male
    assert cpr.age_on(date(2026, 2, 6)) == 33
    assert cpr.age_on(date(2026, 2, 7)) == 34
