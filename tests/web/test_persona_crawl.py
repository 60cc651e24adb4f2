# SPDX-License-Identifier: MPL-2.0
"""Every demo persona visits every page reachable from their home page: never a server error.

The crawl follows links and GET forms from the persona's landing page in the demo municipality
(on both databases). Pages of the same kind (the same address with other ids) are visited
twice at most, so that a new page is covered without being named here, and a crawl stays
quick. Downloads (PDF, CSV, JSON) are fetched too.

The citizens and relatives also walk their pages in Chromium on a 375 px wide phone: axe-core
finds no serious or critical problem (nor headings out of order), no page scrolls sideways,
and every page reads easily (LIX at most 40). They walk twice: in the demo as it is (consents
in force, withdrawn and expired; a power of attorney and a relative without one; held and
coming meetings; messages; a placement), and again with Jens's training case closed and Ali's
login on a person with no case.
"""

import re
import secrets
import uuid
from collections import deque
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from samskab import migrations
from samskab.access.actor import actor_for_user
from samskab.app import create_app
from samskab.cases.models import Case
from samskab.cases.states import CaseStatus
from samskab.citizens.actions import register_citizen
from samskab.core import clock
from samskab.core.db import Database, make_engine
from samskab.demo.generator import generate
from samskab.demo.organisation import persona_citizen_id
from samskab.demo.personas import STAFF
from samskab.organisations.models import User
from samskab.web.pages import CITIZEN_USERNAMES, PERSONA_USERNAMES
from tests.builders import citizen_in
from tests.conftest import VAULT, BrowserLikeClient
from tests.live import serving
from tests.readability import page_lix
from tests.web.conftest import ARTIFACTS, axe_problems, launch

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
    queue, seen = deque([start]), {start}
    kinds: dict[str, int] = {}
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


PHONE = {"width": 375, "height": 800}
MOST_LIX = 40  # easy to read (UX.md); every citizen and relative page
DOWNLOADS = (".pdf", ".json", ".csv")
# Found by our own checks besides axe: the page's language, and headings in order.
OWN_CHECKS = """() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push('no lang on <html>');
  let last = 0;
  for (const h of document.querySelectorAll('main h1, main h2, main h3, main h4')) {
    const level = Number(h.tagName[1]);
    if (last && level > last + 1) problems.push(`${h.tagName} after h${last}: ${h.textContent}`);
    last = level;
  }
  if (document.querySelectorAll('main h1').length !== 1) problems.push('not exactly one h1');
  for (const img of document.querySelectorAll('img:not([alt])')) problems.push('alt: ' + img.src);
  return problems;
}"""


def _phone_walk(
    browser: Any, base: str, username: str, tag: str, readings: dict[str, float]
) -> tuple[int, list[str]]:
    """Log in as a citizen or relative and visit every page reachable from their home; each
    page's LIX goes into `readings`."""
    # axe is added to each page as a script of its own, which our CSP would block.
    context = browser.new_context(viewport=PHONE, bypass_csp=True, locale="da-DK")
    page = context.new_page()
    page.goto(f"{base}/login")
    page.locator(f"form[action='/login/demo']:has(input[value='{username}']) button").click()
    page.wait_for_load_state()
    queue, seen = deque([urlsplit(page.url).path]), set[str]()
    kinds: dict[str, int] = {}
    problems: list[str] = []
    while queue:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        answer = page.goto(base + path)
        assert answer is not None and answer.status < 400, f"{username} {path}: {answer}"
        where = f"{username} {path}"
        problems += [f"{where}: {p}" for p in axe_problems(page)]
        problems += [f"{where}: {p}" for p in page.evaluate(OWN_CHECKS)]
        score = readings[f"{username} {_kind(path)}"] = round(page_lix(page.content()), 1)
        if score > MOST_LIX:
            problems.append(f"{where}: LIX {score:.0f} is above {MOST_LIX}")
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > PHONE["width"]:
            problems.append(f"{where}: scrolls sideways ({wide} px)")
        shot = re.sub(r"[^a-z0-9]+", "-", _kind(path)).strip("-") or "home"
        page.screenshot(path=str(ARTIFACTS / f"phone-{tag}-{username}-{shot}.png"), full_page=True)
        for found in LINK.findall(page.content()):
            target = urlsplit(urljoin(base + path, unescape(found)))
            if target.netloc != urlsplit(base).netloc or target.path.startswith(SKIP):
                continue
            if target.path.endswith(DOWNLOADS) or target.path in seen:
                continue
            kind = _kind(target.path)
            if kinds.get(kind, 0) < PER_KIND:
                kinds[kind] = kinds.get(kind, 0) + 1
                queue.append(target.path)
    context.close()
    return len(seen), problems


def _closed_case_and_no_case(db: Database) -> None:
    """The states the demo lacks: Jens's training case closed, and Ali's login moved to a
    person who has no case at all."""
    with db.unit_of_work() as session:
        training = session.get_one(Case, uuid.uuid5(persona_citizen_id("Jens"), "SUL-140"))
        training.status = CaseStatus.CLOSED
        training.closed_at = clock.now()
        anna = session.scalars(select(User).where(User.username == "anna")).one()
        nobody = register_citizen(
            session, actor_for_user(session, anna), citizen_in(cpr="0101701234", first_name="Ib")
        )
        ali = session.scalars(select(User).where(User.username == "ali")).one()
        ali.citizen_id = nobody.id


def test_citizens_and_relatives_read_every_page_on_a_phone_without_barriers(
    tmp_path: Path,
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    engine = make_engine(f"sqlite:///{tmp_path}/demo.db")
    migrations.upgrade(engine)
    db = Database(engine, VAULT)
    generate(db, citizens=20, seed=3)
    app = create_app(db, demo=True, session_key=secrets.token_hex(16))
    problems: list[str] = []
    visits: dict[str, int] = {}
    readings: dict[str, float] = {}
    with serving(app) as base, sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        for tag in ("demo", "closed"):
            if tag == "closed":
                _closed_case_and_no_case(db)
            for username in CITIZEN_USERNAMES:
                visits[f"{tag} {username}"], found = _phone_walk(
                    browser, base, username, tag, readings
                )
                problems += found
        browser.close()
    engine.dispose()
    print(f"\nPhone pages visited per persona: {visits}\nLIX per page: {readings}")
    assert all(count >= 2 for count in visits.values()), visits
    assert problems == []
