# SPDX-License-Identifier: MPL-2.0
"""A draft decision, with its internal considerations, is the caseworker's work in progress: no
route of the API or the web app shows it to the citizen or a relative, whatever their consent."""

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pypdf import PdfReader

from tests.builders import LENE, World

CONSIDERATIONS = "INTERNOVERVEJELSE-Q7 Mette virker uklar ved samtalen"
GRANTED = "KLADDEBEVILLING-Q7"
ALL_SCOPES = ["basis", "plan", "meetings", "decisions", "help"]


def _draft(client: TestClient, world: World) -> str:
    anna = world.auth("anna")
    for step in ("assessment", "decision"):
        moved = client.post(
            f"/api/v1/cases/{world.mette_case_id}/transitions", json={"to": step}, headers=anna
        )
        assert moved.status_code == 200, moved.text
    draft = client.put(
        f"/api/v1/cases/{world.mette_case_id}/decision-draft",
        headers=anna,
        json={
            "outcome": "afslag",
            "granted": GRANTED,
            "considerations": CONSIDERATIONS,
            "facts": "Samtale den 1. december.",
            "hearing_needed": False,
            "hearing_not_needed_reason": "Oplysningerne kommer fra Mette selv.",
        },
    )
    assert draft.status_code == 200, draft.text
    return str(draft.json()["id"])


def _consent_everything(client: TestClient, world: World) -> None:
    given = client.post(
        f"/api/v1/citizens/{world.mette_id}/consents",
        headers=world.auth("mette"),
        json={**LENE, "scopes": ALL_SCOPES},
    )
    assert given.status_code == 201, given.text


def _text(answer: object) -> str:
    content: bytes = answer.content  # type: ignore[attr-defined]
    if content.startswith(b"%PDF"):
        return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8", errors="replace")


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _routes(route.original_router.routes)


def _get_paths(client: TestClient, ids: dict[str, str], *, api: bool) -> list[str]:
    """Every GET route whose parameters name the case, the citizen or the draft: the API's from
    its published route table, the web app's from the application's routers."""
    if api:
        published = client.get("/api/openapi.json").json()["paths"]
        templates = [path for path, operations in published.items() if "get" in operations]
    else:
        templates = [
            route.path
            for route in _routes(client.app.routes)  # type: ignore[attr-defined]
            if "GET" in route.methods and not route.path.startswith("/api/")
        ]
    return [
        path.format(**ids)
        for path in sorted(set(templates))
        if set(re.findall(r"{(\w+)", path)) <= ids.keys()
    ]


@pytest.mark.parametrize("who", ["mette", "lene"])
def test_no_api_route_shows_a_draft_decision_to_the_citizen_or_a_relative(
    client: TestClient, world: World, who: str
) -> None:
    draft_id = _draft(client, world)
    _consent_everything(client, world)
    ids = {"case_id": str(world.mette_case_id), "citizen_id": str(world.mette_id)}
    headers = world.auth(who)
    listing = client.get(f"/api/v1/cases/{world.mette_case_id}/decisions", headers=headers)
    assert listing.status_code == 200 and listing.json() == []
    ids["decision_id"] = draft_id
    paths = _get_paths(client, ids, api=True)
    assert f"/api/v1/decisions/{draft_id}/letter.pdf" in paths
    for path in paths:
        answer = client.get(path, headers=headers)
        assert answer.status_code < 500, path
        assert GRANTED not in _text(answer) and "INTERNOVERVEJELSE" not in _text(answer), path
    letter = client.get(f"/api/v1/decisions/{draft_id}/letter.pdf", headers=headers)
    assert letter.status_code == 404
    # Steps on the draft answer as if it did not exist.
    for step in ("hearing", "send", "received", "appeal"):
        answer = client.post(f"/api/v1/decisions/{draft_id}/{step}", json={}, headers=headers)
        assert answer.status_code in (404, 422), (step, answer.text)
        assert GRANTED not in answer.text


@pytest.mark.parametrize("who", ["mette", "lene"])
def test_no_web_page_shows_a_draft_decision_to_the_citizen_or_a_relative(
    client: TestClient, world: World, who: str
) -> None:
    draft_id = _draft(client, world)
    _consent_everything(client, world)
    client.post("/login/demo", data={"username": who})
    ids = {
        "case_id": str(world.mette_case_id),
        "citizen_id": str(world.mette_id),
        "decision_id": draft_id,
    }
    paths = _get_paths(client, ids, api=False)
    assert "/min-side" in paths and f"/paaroerende/{world.mette_id}" in paths
    assert f"/afgoerelser/{draft_id}/brev.pdf" in paths
    shown = 0
    for path in paths:
        answer = client.get(path)
        assert answer.status_code < 500, path
        shown += answer.status_code == 200
        assert GRANTED not in _text(answer) and "INTERNOVERVEJELSE" not in _text(answer), path
    assert shown >= 2
    assert client.get(f"/afgoerelser/{draft_id}/brev.pdf").status_code == 404


def test_the_caseworker_still_reads_and_the_citizen_reads_once_sent(
    client: TestClient, world: World
) -> None:
    draft_id = _draft(client, world)
    anna = world.auth("anna")
    listing = client.get(f"/api/v1/cases/{world.mette_case_id}/decisions", headers=anna).json()
    assert [d["considerations"] for d in listing] == [CONSIDERATIONS]
    sent = client.post(f"/api/v1/decisions/{draft_id}/send", json={}, headers=anna)
    assert sent.status_code == 200, sent.text
    mine = client.get(
        f"/api/v1/cases/{world.mette_case_id}/decisions", headers=world.auth("mette")
    ).json()
    assert [d["granted"] for d in mine] == [GRANTED]
