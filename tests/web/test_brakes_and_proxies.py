# SPDX-License-Identifier: MPL-2.0
"""The log-in and token brakes hold across worker processes (their counts are in the
database), and X-Forwarded-For is believed only from a configured proxy: no client chooses
the address it is braked and logged under."""

import secrets
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import select

from samskab.app import create_app
from samskab.audit.models import AuditEvent
from samskab.core.db import Database
from samskab.web.security import client_address, trusted_networks
from tests.builders import World

BAD = {"Authorization": "Bearer smk_wrong"}


def _worker(db: Database, *, peer: str = "testclient", trusted: str = "") -> TestClient:
    """Another worker process of the same installation: its own app over the same database."""
    app = create_app(db, demo=True, session_key=secrets.token_hex(16), trusted_proxies=trusted)
    return TestClient(app, client=(peer, 50000))


def test_bad_tokens_on_one_worker_brake_the_client_on_another(db: Database, world: World) -> None:
    first, second = _worker(db), _worker(db)
    assert [first.get("/api/v1/cases", headers=BAD).status_code for _ in range(20)] == [401] * 20
    assert second.get("/api/v1/cases", headers=BAD).status_code == 429
    assert _worker(db, peer="10.1.2.3").get("/api/v1/cases", headers=BAD).status_code == 401


def test_log_ins_on_one_worker_brake_the_client_on_another(db: Database, world: World) -> None:
    first, second = _worker(db), _worker(db)
    token = first.get("/session/csrf").json()["token"]
    for _ in range(30):
        first.post("/login/demo", data={"username": "ingen", "_csrf": token})
    token = second.get("/session/csrf").json()["token"]
    braked = second.post("/login/demo", data={"username": "anna", "_csrf": token})
    assert braked.status_code == 429


def test_a_forwarded_address_from_an_untrusted_peer_changes_nothing(
    db: Database, world: World
) -> None:
    client = _worker(db, peer="203.0.113.9")
    answers = [
        client.get("/api/v1/cases", headers=BAD | {"X-Forwarded-For": f"198.51.100.{n}"})
        for n in range(21)
    ]
    assert answers[-1].status_code == 429  # one client, however many addresses it claims


def _logged_address(db: Database, world: World) -> str | None:
    with db.sessions() as session:
        return session.scalars(
            select(AuditEvent.client_address)
            .where(AuditEvent.action == "case.read", AuditEvent.object_id == world.mette_case_id)
            .order_by(AuditEvent.seq.desc())
        ).first()


@pytest.mark.parametrize(
    ("peer", "trusted", "logged"),
    [
        ("10.0.0.2", "10.0.0.0/24", "198.51.100.7"),
        ("10.0.0.2", "", "10.0.0.2"),
        ("203.0.113.9", "10.0.0.0/24", "203.0.113.9"),
    ],
)
def test_the_audit_log_names_the_forwarded_address_only_behind_a_trusted_proxy(
    db: Database, world: World, peer: str, trusted: str, logged: str
) -> None:
    client = _worker(db, peer=peer, trusted=trusted)
    headers = world.auth("anna") | {"X-Forwarded-For": "198.51.100.7"}
    assert client.get(f"/api/v1/cases/{world.mette_case_id}", headers=headers).status_code == 200
    assert _logged_address(db, world) == logged


def test_the_nearest_untrusted_hop_is_the_client() -> None:
    trusted = trusted_networks("10.0.0.0/8, 127.0.0.1")
    assert client_address("127.0.0.1", "1.2.3.4, 10.0.0.7", trusted) == "1.2.3.4"
    assert client_address("127.0.0.1", "6.6.6.6, 1.2.3.4", trusted) == "1.2.3.4"
    assert client_address("127.0.0.1", "", trusted) == "127.0.0.1"
    assert client_address("127.0.0.1", "not-an-address", trusted) == "127.0.0.1"
    assert client_address("8.8.8.8", "1.2.3.4", trusted) == "8.8.8.8"


def test_an_accepted_token_skips_the_brakes_database_read_and_a_bad_one_never_does(
    db: Database, world: World
) -> None:
    client = _worker(db)
    assert client.get("/api/v1/cases", headers=world.auth("anna")).status_code == 200
    counted: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        counted.append(statement)

    engine = db.bind.engine if hasattr(db.bind, "engine") else db.bind
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get("/api/v1/cases", headers=world.auth("anna")).status_code == 200
        reads_with_good = [s for s in counted if "attempt_count" in s]
        counted.clear()
        assert client.get("/api/v1/cases", headers=BAD).status_code == 401
        reads_with_bad = [s for s in counted if "attempt_count" in s]
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert reads_with_good == []
    assert len(reads_with_bad) >= 2  # the brake is read before and counted after
