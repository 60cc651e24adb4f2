# SPDX-License-Identifier: MPL-2.0
"""Tariffs follow the framework agreement's rule: cost ÷ (places × occupancy × days)."""

import pytest

from samskab.core.errors import InvalidInput
from samskab.core.settings import get_settings
from samskab.offers import tariffs
from samskab.offers.forecast import erlang_c, mean_wait_days


def test_the_tariff_is_the_cost_basis_divided_by_places_occupancy_and_days() -> None:
    tariff = tariffs.compute(12_000_000, 24, 0.95, 2027)
    assert tariff.per_day == pytest.approx(12_000_000 / (24 * 0.95 * 365), abs=0.01)
    assert tariff.explanation() == (
        "(12.000.000 kr.) ÷ (24 pladser × 95,0 % belægning × 365 dage) = 1.441,96 kr. pr. døgn"
    )


def test_a_leap_year_has_one_more_day_to_spread_the_costs_over() -> None:
    assert tariffs.compute(3_660_000, 10, 1.0, 2028).per_day == 1000.0


def test_a_deficit_carried_in_raises_the_tariff_and_a_surplus_lowers_it() -> None:
    base = tariffs.compute(10_000_000, 20, 0.97, 2027).per_day
    assert tariffs.compute(10_000_000, 20, 0.97, 2027, carried=200_000).per_day > base
    assert tariffs.compute(10_000_000, 20, 0.97, 2027, carried=-200_000).per_day < base


def test_an_occupancy_outside_the_agreed_budget_range_is_refused_in_danish() -> None:
    with pytest.raises(InvalidInput, match="mellem 95 % og 100 %"):
        tariffs.compute(1_000_000, 10, 0.90, 2027)


def test_a_surplus_up_to_five_percent_is_set_aside_and_the_rest_returned_two_years_later() -> None:
    tariff = tariffs.compute(10_000_000, 20, 0.95, 2027)
    full_year = tariffs.settle(tariff, occupied_days=20 * 365, actual_cost=9_000_000, year=2027)
    revenue = tariff.per_day * 20 * 365
    assert full_year.result == pytest.approx(revenue - 9_000_000, abs=1)
    assert full_year.set_aside == pytest.approx(0.05 * revenue, abs=1)
    assert full_year.carried == -round(full_year.result - full_year.set_aside)
    assert full_year.into_year == 2029


def test_a_deficit_is_carried_in_full_unless_the_rule_says_otherwise() -> None:
    tariff = tariffs.compute(10_000_000, 20, 0.95, 2027)
    half_empty = tariffs.settle(tariff, occupied_days=10 * 365, actual_cost=10_000_000, year=2027)
    assert half_empty.carried == round(10_000_000 - tariff.per_day * 10 * 365)
    lenient = tariffs.TariffRule(carry_deficit=False, carry_years=1)
    kept = tariffs.settle(tariff, 10 * 365, 10_000_000, 2027, rule=lenient)
    assert kept.carried == 0
    assert kept.into_year == 2028


def test_erlang_c_matches_known_values_and_the_wait_grows_without_bound_when_overloaded() -> None:
    # Two servers at load 1 (50 % each): P(wait) = 1/3.
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    assert erlang_c(1, 0.5) == pytest.approx(0.5)
    assert mean_wait_days(10, arrivals_per_day=1 / 30, stay_days=400) is None
    short = mean_wait_days(100, arrivals_per_day=0.2, stay_days=400)
    assert short is not None
    assert 0 <= short < 1


def test_the_region_configures_its_rule_through_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMSKAB_TARIFF_LOWEST_OCCUPANCY", "0.9")
    monkeypatch.setenv("SAMSKAB_TARIFF_CARRY_YEARS", "1")
    get_settings.cache_clear()
    try:
        rule = tariffs.configured()
    finally:
        get_settings.cache_clear()
    assert rule.lowest_occupancy == 0.9
    assert rule.carry_years == 1
    assert tariffs.compute(1_000_000, 10, 0.90, 2027, rule=rule).per_day > 0
