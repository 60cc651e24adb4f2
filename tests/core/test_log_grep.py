# SPDX-License-Identifier: MPL-2.0
"""The whole-run log grep finds CPR numbers and tokens, and not the digits inside identifiers."""

from tests.conftest import _leaks_in


def test_a_cpr_number_in_a_log_line_is_found_in_any_common_form() -> None:
    for line in (
        "GET /api/v1/citizens/0702921234 200",
        'payload {"cpr": "070292-1234"}',
        "cpr=0702921234&x=1",
    ):
        assert _leaks_in(line) == ["CPR-like number 070292-xxxx"], line


def test_digits_inside_a_uuid_or_a_hash_are_not_a_cpr_number() -> None:
    for line in (
        "POST /api/v1/citizens/consents/cffd81bf-b7f3-471b-8aba-ae1407805394/withdraw",
        "GET /api/v1/citizens/0e111076-0387-4304-b632-43094d937811/plan",
        "hash 3f2a9c0702921234ab77e1d0c4b5a6f7",
    ):
        assert _leaks_in(line) == [], line


def test_a_session_cookie_or_api_token_is_found() -> None:
    assert _leaks_in("Authorization: Bearer smk_abcdefghijklmnopqrstuvwxyz123")
