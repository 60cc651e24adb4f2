# SPDX-License-Identifier: MPL-2.0
"""Forms need their CSRF token, pages carry security headers, repeated log-ins are braked."""

import secrets

from fastapi.testclient import TestClient

from samskab.app import create_app
from samskab.core.db import Database
from tests.builders import World


def _plain_client(db: Database) -> TestClient:
    return TestClient(create_app(db, demo=True, session_key=secrets.token_hex(16)))


def test_a_form_posted_without_its_token_is_refused_and_changes_nothing(
    db: Database, world: World
) -> None:
    client = _plain_client(db)
    forged = client.post("/login/demo", data={"username": "anna"}, follow_redirects=False)
    assert forged.status_code == 403 and "Formularen er udløbet" in forged.text
    token = client.get("/session/csrf").json()["token"]
    wrong = client.post(
        "/login/demo", data={"username": "anna", "_csrf": "x" * 32}, follow_redirects=False
    )
    right = client.post(
        "/login/demo", data={"username": "anna", "_csrf": token}, follow_redirects=False
    )
    assert wrong.status_code == 403 and right.status_code == 303


def test_the_api_with_a_bearer_token_needs_no_form_token(db: Database, world: World) -> None:
    client = _plain_client(db)
    answer = client.post(
        f"/api/v1/cases/{world.mette_case_id}/notes",
        headers=world.auth("anna"),
        json={"title": "Telefon", "body": "Ringede."},
    )
    assert answer.status_code == 201


def test_pages_carry_security_headers_and_session_cookies_are_httponly(
    db: Database, world: World
) -> None:
    client = _plain_client(db)
    page = client.get("/login")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_repeated_log_ins_from_one_address_are_braked(db: Database, world: World) -> None:
    client = _plain_client(db)
    token = client.get("/session/csrf").json()["token"]
    answers = [
        client.post("/login/demo", data={"username": "ingen", "_csrf": token}).status_code
        for _ in range(31)
    ]
    assert answers[:30].count(429) == 0 and answers[-1] == 429


def test_repeated_bad_tokens_are_braked(db: Database, world: World) -> None:
    client = _plain_client(db)
    answers = [
        client.get("/api/v1/cases", headers={"Authorization": "Bearer smk_wrong"}).status_code
        for _ in range(21)
    ]
    assert answers[:20] == [401] * 20 and answers[-1] == 429


def test_a_page_form_needs_its_token_even_when_the_request_carries_a_bearer_header(
    db: Database, world: World
) -> None:
    client = _plain_client(db)
    token = client.get("/session/csrf").json()["token"]
    client.post("/login/demo", data={"username": "anna", "_csrf": token})
    forged = client.post(
        "/logout", headers={"Authorization": "Bearer smk_anything"}, follow_redirects=False
    )
    assert forged.status_code == 403
    assert client.get("/mine-sager", follow_redirects=False).status_code == 200


def test_pages_and_api_answers_are_never_cached_but_static_files_may_be(
    db: Database, world: World
) -> None:
    client = _plain_client(db)
    assert client.get("/login").headers["cache-control"] == "no-store"
    answer = client.get(f"/api/v1/cases/{world.mette_case_id}", headers=world.auth("anna"))
    assert answer.headers["cache-control"] == "no-store"
    css = client.get("/static/samskab.css")
    assert css.status_code == 200 and css.headers.get("cache-control") != "no-store"
