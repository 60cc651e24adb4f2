# SPDX-License-Identifier: MPL-2.0
"""Gorm (administrator) sees Carl's API tokens and open log-ins, revokes one token while the
others go on working, and ends every log-in at once; each step is in the audit log, and nobody
but an administrator of Carl's municipality gets at it."""

import secrets

from fastapi.testclient import TestClient
from sqlalchemy import select

from samskab.app import create_app
from samskab.audit.models import AuditEvent
from samskab.core.db import Database
from samskab.organisations.actions import mint_token
from samskab.organisations.models import ApiToken
from tests.builders import World
from tests.conftest import BrowserLikeClient


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _actions(db: Database) -> list[str]:
    with db.sessions() as session:
        return list(session.scalars(select(AuditEvent.action)))


def test_gorm_revokes_one_of_carls_tokens_and_the_other_goes_on_working(
    client: TestClient, world: World, db: Database
) -> None:
    with db.unit_of_work() as session:
        spare = mint_token(session, "carl", label="Integration B")
        spare_id = session.scalars(
            select(ApiToken.id).where(ApiToken.label == "Integration B")
        ).one()
    client.post("/login/demo", data={"username": "gorm"})
    page = client.get(f"/admin/brugere/{world.carl.user_id}/adgang")
    assert page.status_code == 200 and "Integration B" in page.text and spare not in page.text
    revoked = client.post(
        f"/admin/brugere/{world.carl.user_id}/tokens/{spare_id}/tilbagekald",
        follow_redirects=False,
    )
    assert revoked.status_code == 303
    assert client.get("/api/v1/cases", headers=_bearer(spare)).status_code == 401
    assert client.get("/api/v1/cases", headers=world.auth("carl")).status_code == 200
    assert "Tilbagekaldt" in client.get(f"/admin/brugere/{world.carl.user_id}/adgang").text
    assert {"admin.logins.read", "admin.token.revoke"} <= set(_actions(db))


def test_gorm_ends_carls_log_ins_at_once(client: TestClient, world: World, db: Database) -> None:
    carl = BrowserLikeClient(
        create_app(db, demo=True, session_key=secrets.token_hex(16)),
        raise_server_exceptions=False,
    )
    carl.post("/login/demo", data={"username": "carl"})
    assert carl.get("/mine-sager", follow_redirects=False).status_code == 200
    client.post("/login/demo", data={"username": "gorm"})
    assert "Åbne log-in: 1" in client.get(f"/admin/brugere/{world.carl.user_id}/adgang").text
    ended = client.post(f"/admin/brugere/{world.carl.user_id}/log-ud", follow_redirects=False)
    assert ended.status_code == 303
    assert carl.get("/mine-sager", follow_redirects=False).status_code == 303
    assert "Ingen åbne log-in" in client.get(f"/admin/brugere/{world.carl.user_id}/adgang").text
    assert "admin.logins.end" in _actions(db)


def test_only_an_administrator_sees_or_revokes_tokens(
    client: TestClient, world: World, db: Database
) -> None:
    with db.sessions() as session:
        token_id = session.scalars(
            select(ApiToken.id).where(ApiToken.user_id == world.carl.user_id)
        ).first()
    client.post("/login/demo", data={"username": "bo"})
    assert client.get(f"/admin/brugere/{world.carl.user_id}/adgang").status_code == 403
    refused = client.post(f"/admin/brugere/{world.carl.user_id}/tokens/{token_id}/tilbagekald")
    assert refused.status_code == 403
    assert client.get("/api/v1/cases", headers=world.auth("carl")).status_code == 200


def test_a_token_of_another_user_is_not_revoked_through_carls_page(
    client: TestClient, world: World, db: Database
) -> None:
    with db.sessions() as session:
        annas = session.scalars(
            select(ApiToken.id).where(ApiToken.user_id == world.anna.user_id)
        ).first()
    client.post("/login/demo", data={"username": "gorm"})
    wrong = client.post(f"/admin/brugere/{world.carl.user_id}/tokens/{annas}/tilbagekald")
    assert wrong.status_code == 404
    assert client.get("/api/v1/cases", headers=world.auth("anna")).status_code == 200
