# SPDX-License-Identifier: MPL-2.0
"""Offers are described with the official FFB codes; target groups fit by their FFB family."""

import pytest

from samskab.core.errors import UnknownCode
from samskab.offers import codes


def _code(display: str) -> str:
    return codes.resolve(display, codes.target_groups(), "målgruppe").code


def test_a_target_group_fits_exactly_one_step_away_or_not_at_all() -> None:
    anxiety = _code("Angst")
    assert codes.group_fit(anxiety, [anxiety]) == 0
    assert codes.group_fit(anxiety, [_code("Psykiske vanskeligheder")]) == 1  # the parent
    assert codes.group_fit(anxiety, [_code("Depression"), _code("Demens")]) == 1  # a sibling
    assert codes.group_fit(anxiety, [_code("Demens"), _code("Hjemløshed")]) is None


def test_codes_resolve_by_code_or_unambiguous_danish_text_and_nothing_else() -> None:
    anxiety = _code("Angst")
    assert codes.resolve(anxiety, codes.target_groups(), "målgruppe").display == "Angst"
    assert codes.resolve("  angst ", codes.target_groups(), "målgruppe").code == anxiety
    with pytest.raises(UnknownCode, match="ikke en kendt målgruppe"):
        codes.resolve("Dragesyge", codes.target_groups(), "målgruppe")
    every_paragraph = {codes.offer_type_for(key).display for key in codes.OFFER_SERVICES}
    assert len(every_paragraph) == len(codes.OFFER_SERVICES)
