# SPDX-License-Identifier: MPL-2.0
"""The whole-run log grep finds CPR numbers and tokens, and not the digits inside identifiers."""

import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

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


def test_an_unexpected_error_is_logged_without_the_data_in_its_message(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "Mette Sørensen 070292-1234 fortalte om sin angst"

    def fails() -> None:
        try:
            raise LookupError(secret)
        except LookupError as error:
            raise RuntimeError(f"følgefejl: {secret}") from error

    app = client.app
    assert isinstance(app, FastAPI)
    app.add_api_route("/api/v1/test-fejl", fails)
    app.add_api_route("/test-fejl", fails)
    quiet = TestClient(app, raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR):
        answers = [quiet.get("/api/v1/test-fejl"), quiet.get("/test-fejl")]
    assert [a.status_code for a in answers] == [500, 500]
    logged = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    assert "RuntimeError" in logged and "LookupError" in logged and "in fails" in logged
    assert "070292" not in logged and "Sørensen" not in logged and "angst" not in logged
