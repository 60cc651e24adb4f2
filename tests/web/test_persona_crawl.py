# SPDX-License-Identifier: MPL-2.0
"""Every demo persona visits every page reachable from their home page: never a server error.

The crawl follows links and GET forms from the persona's landing page in the demo municipality
(on both databases). Pages of the same kind (the same address with other ids) are visited
twice at most, so that a new page is covered without being named here, and a crawl stays
quick. Downloads (PDF, CSV, JSON) are fetched too.
"""

import re
import secrets
from collections import deque
from html import unescape
from urllib.parse import urljoin, urlsplit

from fastapi.testclient import TestClient

from samskab.app import create_app
from samskab.core.db import Database
from samskab.demo.generator import generate
from samskab.demo.personas import STAFF
from samskab.web.pages import PERSONA_USERNAMES
from tests.conftest import BrowserLikeClient

LINK = re.compile(r"""<a\b[^>]*\bhref="([^"#]+)""", re.IGNORECASE)
GET_FORM = re.compile(r"""<form\b(?=[^>]*\bmethod="get")[^>]*\baction="([^"]*)""", re.IGNORECASE)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Leaving the session or the language would end or change the crawl, not test a page.
SKIP = ("/logout", "/static/", "/sprog/", "/login", "/api/docs")
PER_KIND = 2
MOST = 400


def _kind(path: str) -> str:
    return UUID.sub("{id}", path)


def _crawl(client: TestClient, start: str) -> tuple[int, list[str]]:
    """Visit pages breadth-first from `start`; the number visited and every server error."""
    queue, seen, kinds = deque([start]), {start}, {}
    errors, visited = [], 0
    while queue and visited < MOST:
        url = queue.popleft()
        answer = client.get(url, follow_redirects=True)
        visited += 1
        if answer.status_code >= 500:
            errors.append(f"{url}: {answer.status_code}")
        if "text/html" not in answer.headers.get("content-type", ""):
            continue
        for found in LINK.findall(answer.text) + GET_FORM.findall(answer.text):
            target = urljoin(url, unescape(found))
            parts = urlsplit(target)
            if parts.netloc not in ("", "testserver") or parts.path.startswith(SKIP):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            kind = _kind(parts.path)
            if local in seen or kinds.get(kind, 0) >= PER_KIND:
                continue
            seen.add(local)
            kinds[kind] = kinds.get(kind, 0) + 1
            queue.append(local)
    return visited, errors


def test_every_persona_reaches_every_page_from_their_home_without_a_server_error(
    db: Database,
) -> None:
    generate(db, citizens=60, seed=2)
    app = create_app(db, demo=True, session_key=secrets.token_hex(16))
    assert {p.username for p in STAFF} <= PERSONA_USERNAMES
    errors: dict[str, list[str]] = {}
    visits: dict[str, int] = {}
    for username in sorted(PERSONA_USERNAMES):
        with BrowserLikeClient(app, raise_server_exceptions=False) as client:
            landed = client.post("/login/demo", data={"username": username})
            assert landed.status_code == 200, username
            visits[username], errors[username] = _crawl(client, str(landed.url.path))
    assert all(count >= 3 for count in visits.values()), visits
    assert {who: found for who, found in errors.items() if found} == {}
