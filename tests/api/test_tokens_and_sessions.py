# SPDX-License-Identifier: MPL-2.0
"""API tokens expire, carry scopes and are revoked one at a time; a browser log-in lives on the
server, so logging out or closing the account ends it even for a copied cookie."""

import secrets
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from samskab.administration.actions import AccessIn, change_access
from samskab.app import create_app
from samskab.core import clock
from samskab.core.db import Database
from samskab.core.errors import InvalidInput
from samskab.organisations.actions import forget_actor, mint_token, revoke_token, tokens_of
from samskab.organisations.models import ApiToken, Role
from tests.builders import World
from tests.conftest import BrowserLikeClient


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_revoked_token_is_refused_while_the_users_other_tokens_go_on_working(
    client: TestClient, world: World, db: Database
) -> None:
    with db.unit_of_work() as session:
        first = mint_token(session, "anna", label="integration A")
        second = mint_token(session, "anna", label="integration B")
    with db.unit_of_work() as session:
        found = {t.label: t for t in tokens_of(session, "anna")}
        revoke_token(session, found["integration A"].id)
    assert client.get("/api/v1/cases", headers=_bearer(first)).status_code == 401
    assert client.get("/api/v1/cases", headers=_bearer(second)).status_code == 200


def test_an_expired_token_is_refused(client: TestClient, world: World, db: Database) -> None:
    with db.unit_of_work() as session:
        token = mint_token(session, "anna", days=1)
    assert client.get("/api/v1/cases", headers=_bearer(token)).status_code == 200
    with db.unit_of_work() as session:
        row = session.scalars(select(ApiToken).order_by(ApiToken.created_at.desc())).first()
        assert row is not None and row.expires_at is not None
        row.expires_at = clock.now() - timedelta(seconds=1)
        # As every write to a token's validity must: the worker remembers the token.
        forget_actor(session, user_id=row.user_id)
    answer = client.get("/api/v1/cases", headers=_bearer(token))
    assert answer.status_code == 401
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_a_read_only_token_reads_but_cannot_write(
    client: TestClient, world: World, db: Database
) -> None:
    with db.unit_of_work() as session:
        token = mint_token(session, "anna", scopes=("read",))
    assert client.get(f"/api/v1/cases/{world.mette_case_id}", headers=_bearer(token)).is_success
    refused = client.post(
        f"/api/v1/cases/{world.mette_case_id}/notes",
        headers=_bearer(token),
        json={"title": "Telefon", "body": "Ringede."},
    )
    assert refused.status_code == 403 and "må ikke skrive" in refused.json()["detail"]


def test_a_token_cannot_be_made_for_ever_or_with_unknown_rights(db: Database, world: World) -> None:
    for options in ({"days": 0}, {"days": 366}, {"scopes": ()}, {"scopes": ("admin",)}):
        with db.unit_of_work() as session, pytest.raises(InvalidInput):
            mint_token(session, "anna", **options)  # type: ignore[arg-type]


def _logged_in(db: Database, username: str) -> TestClient:
    app = create_app(db, demo=True, session_key=secrets.token_hex(16))
    client = BrowserLikeClient(app, raise_server_exceptions=False)
    client.post("/login/demo", data={"username": username})
    return client


def test_a_copied_cookie_no_longer_works_once_its_user_has_logged_out(
    db: Database, world: World
) -> None:
    browser = _logged_in(db, "anna")
    assert browser.get("/mine-sager", follow_redirects=False).status_code == 200
    copied = dict(browser.cookies)
    thief = BrowserLikeClient(browser.app, raise_server_exceptions=False, cookies=copied)
    assert thief.get("/mine-sager", follow_redirects=False).status_code == 200
    browser.post("/logout")
    assert thief.get("/mine-sager", follow_redirects=False).status_code == 303
    assert thief.get(f"/api/v1/cases/{world.mette_case_id}").status_code == 401


def test_a_closed_account_stays_logged_out_when_it_is_opened_again(
    db: Database, world: World
) -> None:
    browser = _logged_in(db, "carl")
    assert browser.get("/mine-sager", follow_redirects=False).status_code == 200
    carl = world.carl.user_id
    assert carl is not None
    for active in (False, True):
        with db.unit_of_work() as session:
            access = AccessIn(roles=[Role.CASEWORKER], team_ids=[world.team_syd], active=active)
            change_access(session, world.gorm, carl, access)
        assert browser.get("/mine-sager", follow_redirects=False).status_code == 303
    assert _logged_in(db, "carl").get("/mine-sager", follow_redirects=False).status_code == 200
