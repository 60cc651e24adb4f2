# SPDX-License-Identifier: MPL-2.0
"""A worker that has as many requests as it admits answers the next one at once with 503 and
Retry-After, in Danish, instead of letting it hang; the API runs without the cookie session."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
from fastapi.testclient import TestClient

from samskab.app import create_app
from samskab.core.db import Database
from tests.builders import World


async def _while_one_request_is_held(app: Any, world: World) -> list[httpx.Response]:
    release, inside = asyncio.Event(), asyncio.Event()

    async def slow_body() -> AsyncIterator[bytes]:
        inside.set()  # the endpoint reads the body: the request was admitted
        await release.wait()
        yield b'{"title": "Telefon", "body": "Ringede."}'

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        held = asyncio.create_task(
            client.post(
                f"/api/v1/cases/{world.mette_case_id}/notes",
                content=slow_body(),
                headers=world.auth("anna") | {"content-type": "application/json"},
            )
        )
        await inside.wait()
        refused = [
            await client.get("/api/v1/cases", headers=world.auth("anna")),
            await client.get("/mine-sager"),
        ]
        release.set()
        return [await held, *refused]


def test_a_full_worker_answers_503_with_retry_after_instead_of_hanging(
    db: Database, world: World
) -> None:
    app = create_app(db, session_key="k" * 32, admission_limit=1)
    held, api, page = asyncio.run(_while_one_request_is_held(app, world))
    assert held.status_code == 201
    assert api.status_code == 503 and api.headers["retry-after"] == "1"
    assert api.headers["content-type"] == "application/problem+json"
    assert api.json()["code"] == "busy" and "travlt" in api.json()["detail"]
    assert page.status_code == 503 and page.headers["retry-after"] == "1"
    assert "Der er travlt" in page.text and page.headers["content-type"].startswith("text/html")


def test_the_worker_admits_again_once_a_request_has_been_answered(
    db: Database, world: World
) -> None:
    app = create_app(db, session_key="k" * 32, admission_limit=1)
    with TestClient(app) as client:
        for _ in range(3):
            assert client.get("/api/v1/cases", headers=world.auth("anna")).status_code == 200


def test_the_api_neither_reads_nor_sets_the_cookie_session(
    client: TestClient, world: World
) -> None:
    client.post("/login/demo", data={"username": "anna"})
    assert client.get("/mine-sager", follow_redirects=False).status_code == 200
    api = client.get(f"/api/v1/cases/{world.mette_case_id}")
    assert api.status_code == 401
    assert "set-cookie" not in api.headers
    with_token = client.get(f"/api/v1/cases/{world.mette_case_id}", headers=world.auth("anna"))
    assert with_token.status_code == 200 and "set-cookie" not in with_token.headers
