# SPDX-License-Identifier: MPL-2.0
"""Who is behind a token or a log-in is looked up in one statement and then remembered by the
worker; revoking, closing or changing access takes effect on the very next request anyway, in
this worker at once and in every other worker through the database's notification."""

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from samskab import migrations
from samskab.access.credentials import login_credential, token_credential
from samskab.administration.actions import AccessIn, change_access
from samskab.app import create_app
from samskab.core.db import Database, make_engine
from samskab.organisations.actions import hash_token, open_login, revoke_token, tokens_of
from samskab.organisations.models import Role, User
from tests.builders import World, make_world
from tests.conftest import VAULT, BrowserLikeClient, fresh_database_url

CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT")


class Statements:
    """Counts the statements sent on an engine while it is open, except transaction control
    (which in these tests includes the savepoints that stand in for commits)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine, self.count = engine, 0

    def __enter__(self) -> "Statements":
        sa.event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_: Any) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self.count += not statement.lstrip().upper().startswith(CONTROL)


def _engine(db: Database) -> sa.Engine:
    return db.bind if isinstance(db.bind, sa.Engine) else db.bind.engine


def _token_id(db: Database, username: str) -> Any:
    with db.sessions() as session:
        return tokens_of(session, username)[0].id


def test_a_token_is_looked_up_in_one_statement_and_then_remembered(
    db: Database, world: World
) -> None:
    with Statements(_engine(db)) as first:
        credential = token_credential(db, world.tokens["anna"])
    with Statements(_engine(db)) as second:
        again = token_credential(db, world.tokens["anna"])
    assert credential is not None and again is not None
    assert credential.actor.user_id == world.anna.user_id
    assert credential.actor.team_ids == world.anna.team_ids
    assert credential.actor.municipality_code == "0851"
    assert (first.count, second.count) == (1, 0)


def test_a_log_in_is_looked_up_in_one_statement(db: Database, world: World) -> None:
    with db.unit_of_work() as session:
        login_id = open_login(session, session.get_one(User, world.anna.user_id)).id
    with Statements(_engine(db)) as counted:
        credential = login_credential(db, str(login_id))
    assert credential is not None and credential.actor.user_id == world.anna.user_id
    assert counted.count == 1


def test_a_revoked_token_is_refused_on_the_very_next_request_though_it_was_remembered(
    client: TestClient, world: World, db: Database
) -> None:
    cases = f"/api/v1/cases/{world.mette_case_id}"
    assert client.get(cases, headers=world.auth("anna")).status_code == 200
    assert db.actors.get(("token", hash_token(world.tokens["anna"]))) is not None
    with db.unit_of_work() as session:
        revoke_token(session, _token_id(db, "anna"))
    assert client.get(cases, headers=world.auth("anna")).status_code == 401


def test_removing_a_caseworkers_role_takes_effect_on_the_very_next_request(
    client: TestClient, world: World, db: Database
) -> None:
    cases = f"/api/v1/cases/{world.mette_case_id}"
    assert client.get(cases, headers=world.auth("anna")).status_code == 200
    assert world.anna.user_id is not None
    with db.unit_of_work() as session:
        change_access(session, world.gorm, world.anna.user_id, AccessIn(roles=[Role.ANALYST]))
    assert client.get(cases, headers=world.auth("anna")).status_code in (403, 404)


def test_closing_an_account_ends_its_remembered_log_in_on_the_very_next_request(
    db: Database, world: World
) -> None:
    browser = BrowserLikeClient(create_app(db, demo=True, session_key="k" * 32))
    browser.post("/login/demo", data={"username": "carl"})
    assert browser.get("/mine-sager", follow_redirects=False).status_code == 200
    assert browser.get("/mine-sager", follow_redirects=False).status_code == 200
    assert world.carl.user_id is not None
    with db.unit_of_work() as session:
        closed = AccessIn(roles=[Role.CASEWORKER], team_ids=[world.team_syd], active=False)
        change_access(session, world.gorm, world.carl.user_id, closed)
    assert browser.get("/mine-sager", follow_redirects=False).status_code == 303


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[Database, Database, World]]:
    """Two Databases with engines of their own on one committed PostgreSQL database, as two
    worker processes have."""
    urls = fresh_database_url("postgresql", str(tmp_path))
    url = next(urls)
    engines = [make_engine(url), make_engine(url)]
    migrations.upgrade(engines[0])
    first, second = Database(engines[0], VAULT), Database(engines[1], VAULT)
    with first.unit_of_work() as session:
        world = make_world(session)
    yield first, second, world
    for engine in engines:
        engine.dispose()
    next(urls, None)


def _forgotten(db: Database, key: tuple[str, str]) -> bool:
    """Wait (a few seconds at most) for the worker to hear that it must forget a credential."""
    deadline = time.monotonic() + 10
    while db.actors.get(key) is not None and time.monotonic() < deadline:
        time.sleep(0.01)
    return db.actors.get(key) is None


def test_a_token_revoked_in_one_worker_is_refused_by_another_that_remembered_it(
    two_workers: tuple[Database, Database, World],
) -> None:
    first, second, world = two_workers
    key = ("token", hash_token(world.tokens["anna"]))
    cases = f"/api/v1/cases/{world.mette_case_id}"
    with TestClient(create_app(second, session_key="k" * 32)) as other_worker:
        assert other_worker.get(cases, headers=world.auth("anna")).status_code == 200
        assert second.actors.get(key) is not None
        with first.unit_of_work() as session:
            revoke_token(session, _token_id(first, "anna"))
        assert _forgotten(second, key)
        assert other_worker.get(cases, headers=world.auth("anna")).status_code == 401


def test_a_role_removed_in_one_worker_is_gone_in_another_that_remembered_the_actor(
    two_workers: tuple[Database, Database, World],
) -> None:
    first, second, world = two_workers
    key = ("token", hash_token(world.tokens["anna"]))
    cases = f"/api/v1/cases/{world.mette_case_id}"
    assert world.anna.user_id is not None
    with TestClient(create_app(second, session_key="k" * 32)) as other_worker:
        assert other_worker.get(cases, headers=world.auth("anna")).status_code == 200
        with first.unit_of_work() as session:
            change_access(session, world.gorm, world.anna.user_id, AccessIn(roles=[Role.ANALYST]))
        assert _forgotten(second, key)
        assert other_worker.get(cases, headers=world.auth("anna")).status_code in (403, 404)
