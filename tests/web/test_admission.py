# SPDX-License-Identifier: MPL-2.0
"""A worker that has as many requests as it admits lets a few more wait their turn for a
bounded time and answers the rest with 503 and Retry-After, in Danish, instead of letting them
hang; the API runs without the cookie session."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
from fastapi.testclient import TestClient

from samskab.app import create_app
from samskab.core.db import Database
from tests.builders import World


async def _while_one_request_is_held(
    app: Any, world: World, *, queued: int = 0
) -> list[httpx.Response]:
    """Hold one admitted request; meanwhile start `queued` API reads that are left to wait,
    then send an API read and a page; release the held one and collect every answer."""
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
        waiting = [
            asyncio.create_task(client.get("/api/v1/cases", headers=world.auth("anna")))
            for _ in range(queued)
        ]
        await asyncio.sleep(0.05)  # the waiting requests have reached the queue
        refused = [
            await client.get("/api/v1/cases", headers=world.auth("anna")),
            await client.get("/mine-sager"),
        ]
        release.set()
        return [await held, *refused, *[await task for task in waiting]]


def test_a_full_worker_answers_503_with_retry_after_instead_of_hanging(
    db: Database, world: World
) -> None:
    app = create_app(db, session_key="k" * 32, admission_limit=1, admission_queue=0)
    held, api, page = asyncio.run(_while_one_request_is_held(app, world))
    assert held.status_code == 201
    assert api.status_code == 503 and api.headers["retry-after"] == "1"
    assert api.headers["content-type"] == "application/problem+json"
    assert api.json()["code"] == "busy" and "travlt" in api.json()["detail"]
    assert page.status_code == 503 and page.headers["retry-after"] == "1"
    assert "Der er travlt" in page.text and page.headers["content-type"].startswith("text/html")


def test_requests_in_the_queue_are_answered_in_turn_and_one_beyond_it_is_refused(
    db: Database, world: World
) -> None:
    app = create_app(db, session_key="k" * 32, admission_limit=1, admission_queue=2)
    held, api, page, *waited = asyncio.run(_while_one_request_is_held(app, world, queued=2))
    assert held.status_code == 201
    assert api.status_code == 503 and page.status_code == 503
    assert [answer.status_code for answer in waited] == [200, 200]


def test_a_request_whose_wait_in_the_queue_runs_out_gets_503(db: Database, world: World) -> None:
    app = create_app(
        db, session_key="k" * 32, admission_limit=1, admission_queue=5, admission_wait=0.01
    )
    held, api, page = asyncio.run(_while_one_request_is_held(app, world))
    assert held.status_code == 201
    assert api.status_code == 503 and api.headers["retry-after"] == "1"
    assert page.status_code == 503


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
