# SPDX-License-Identifier: MPL-2.0
"""Real databases for every test: SQLite always, PostgreSQL when reachable (required in CI).

Each test runs inside a transaction on one connection that is rolled back afterwards; the
application's own commits become savepoints, so tests never see each other's data.
"""

import logging
import os
import re
import secrets
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from samskab import migrations
from samskab.app import create_app
from samskab.core.crypto import CprVault
from samskab.core.db import Database, make_engine
from samskab.core.logs import cap_header_dumps
from tests.builders import World, make_world

PG_ADMIN_URL = os.environ.get(
    "SAMSKAB_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() == "true"
VAULT = CprVault.generate()


def _admin_engine() -> sa.Engine:
    return make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


def pg_available() -> str | None:
    """None if PostgreSQL answers, else why not."""
    try:
        with _admin_engine().connect() as conn:
            conn.execute(sa.text("select 1"))
    except Exception as error:
        return f"{type(error).__name__}: {str(error).splitlines()[0]}"
    return None


def _skip_or_fail_pg() -> None:
    reason = pg_available()
    if reason is None:
        return
    message = f"PostgreSQL on {PG_ADMIN_URL} is not reachable ({reason})"
    if IN_CI:
        pytest.fail(f"{message}; CI=true requires the PostgreSQL leg to run.")
    warnings.warn(f"SKIPPING the PostgreSQL leg: {message}", stacklevel=1)
    pytest.skip(f"SKIPPED LOUDLY: {message}")


def fresh_database_url(kind: str, tmp_dir: str) -> Iterator[str]:
    """A new, empty database of the given kind, dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_dir}/samskab-{secrets.token_hex(4)}.db"
        return
    _skip_or_fail_pg()
    name = f"samskab_test_{os.getpid()}_{secrets.token_hex(4)}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[sa.Engine]:
    """A migrated database of each kind, shared by the tests of a session."""
    urls = fresh_database_url(request.param, str(tmp_path_factory.mktemp("db")))
    url = next(urls)
    engine = make_engine(url)
    migrations.upgrade(engine)
    yield engine
    engine.dispose()
    next(urls, None)


@pytest.fixture
def db(backend: sa.Engine) -> Iterator[Database]:
    """A Database whose every transaction is rolled back after the test."""
    connection = backend.connect()
    outer = connection.begin()
    yield Database(connection, VAULT, join_transaction_mode="create_savepoint")
    outer.rollback()
    connection.close()


@pytest.fixture
def world(db: Database) -> World:
    """The personas' municipality: Anna, Bo, Carl, an admin, a provider, and Mette's case."""
    with db.unit_of_work() as session:
        return make_world(session)


class BrowserLikeClient(TestClient):
    """A test client that, like our pages, sends the session's CSRF token with every form."""

    def request(self, method: str, url: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if method.upper() in ("POST", "PUT", "PATCH", "DELETE") and not str(url).startswith(
            "/api/"
        ):
            token = super().request("GET", "/session/csrf").json()["token"]
            kwargs["headers"] = {"X-CSRF-Token": token} | dict(kwargs.get("headers") or {})
        return super().request(method, url, **kwargs)


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    """The application over the test database, in demo mode."""
    app = create_app(db, demo=True, session_key=secrets.token_hex(16))
    with BrowserLikeClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


# --- A grep over every log line of the whole test run: no CPR number, no token. ------------
LOG_DIR = Path(__file__).resolve().parents[1] / "test-artifacts" / "logs"
CPR_LIKE = re.compile(r"(?<![\d.])(\d{6})-?(\d{4})(?![\d.])")
# Identifiers whose hex digits can happen to read as a CPR number (…-ae1407805394 in a UUID).
HEX_IDS = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|(?<![0-9a-zA-Z])[0-9a-fA-F]{16,}(?![0-9a-zA-Z])"
)
SECRET_LIKE = re.compile(r"smk_[A-Za-z0-9_-]{20,}|samskab_session=[A-Za-z0-9._=-]{20,}")


def pytest_configure(config: pytest.Config) -> None:
    """Send every log record of this process, at every level, to a file for the final grep."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    handler = logging.FileHandler(LOG_DIR / f"{worker}.log", mode="w", encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    cap_header_dumps()  # as samskab itself does: see samskab.core.logs


def _leaks_in(text: str) -> list[str]:
    from samskab.core.cpr import Cpr
    from samskab.core.errors import InvalidCpr

    found = []
    for match in CPR_LIKE.finditer(HEX_IDS.sub(" ", text)):
        try:
            Cpr.parse(match.group(1) + match.group(2))
        except InvalidCpr:
            continue
        found.append(f"CPR-like number {match.group(1)}-xxxx")
    found += [f"secret {m.group(0)[:12]}…" for m in SECRET_LIKE.finditer(text)]
    return found


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """After the whole run (on the controller): fail it if any log line holds a CPR or token."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    leaks = []
    for path in sorted(LOG_DIR.glob("*.log")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            leaks += [f"{path.name}:{number}: {what}" for what in _leaks_in(line)]
    lines = sum(1 for p in LOG_DIR.glob("*.log") for _ in p.open(encoding="utf-8"))
    print(
        f"\nLog grep: {lines} log lines from this run checked for CPR numbers and tokens: "
        f"{len(leaks)} found."
    )
    if leaks:
        print("\n".join(leaks[:20]))
        session.exitstatus = 1
