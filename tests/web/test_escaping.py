# SPDX-License-Identifier: MPL-2.0
"""What people type is shown as text, never run as markup: a case title with HTML in it reads
as that HTML on Mine sager and on the case page, in both languages and in a real browser."""

import pytest
from fastapi.testclient import TestClient

from samskab.web.render import templates
from tests.builders import World, citizen_in
from tests.web.conftest import launch

SCRIPT = "<script>window.__xss = 'script'</script>"
IMAGE = "<img src=x onerror=\"window.__xss = 'img'\">"


def _case_titled(client: TestClient, world: World, title: str) -> str:
    opened = client.post(
        "/api/v1/cases",
        headers=world.auth("anna"),
        json={
            "citizen": citizen_in().model_dump(mode="json"),
            "service_type": "SEL-85",
            "received_on": "2026-11-20",
            "title": title,
        },
    )
    assert opened.status_code == 201, opened.text
    return str(opened.json()["id"])


def _pages(client: TestClient, world: World, case_ids: list[str]) -> dict[str, str]:
    client.post("/login/demo", data={"username": "anna"})
    paths = ["/mine-sager"] + [f"/sager/{i}" for i in case_ids]
    paths += [f"/sager/{i}/plan" for i in case_ids]
    shown = {}
    for path in paths:
        answer = client.get(path)
        assert answer.status_code == 200, path
        shown[path] = answer.text
    return shown


@pytest.mark.parametrize("language", ["da", "en"])
def test_html_in_a_case_title_shows_as_text_on_mine_sager_and_the_case_page(
    client: TestClient, world: World, language: str
) -> None:
    case_ids = [_case_titled(client, world, t) for t in (SCRIPT, IMAGE)]
    client.get(f"/sprog/{language}")
    for path, html in _pages(client, world, case_ids).items():
        assert "<script>window.__xss" not in html, path
        assert "<img src=x" not in html, path
    mine = _pages(client, world, case_ids)["/mine-sager"]
    assert "&lt;script&gt;window.__xss" in mine and "&lt;img src=x onerror=" in mine


def test_a_translation_is_escaped_before_jinja_marks_it_safe() -> None:
    rendered = templates.env.from_string("{{ _(t) }}|{{ _('Se brevet') }}").render(t=SCRIPT)
    assert rendered == "&lt;script&gt;window.__xss = &#39;script&#39;&lt;/script&gt;|Se brevet"


@pytest.mark.browser
def test_a_browser_runs_nothing_from_a_case_title(client: TestClient, world: World) -> None:
    from playwright.sync_api import sync_playwright

    case_ids = [_case_titled(client, world, t) for t in (SCRIPT, IMAGE)]
    pages = _pages(client, world, case_ids)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        tab = browser.new_page()
        ran, seen = [], {}
        for path, html in pages.items():
            tab.set_content(html, wait_until="load")
            ran.append((path, tab.evaluate("window.__xss || null")))
            seen[path] = tab.inner_text("body")
        browser.close()
    assert [r for r in ran if r[1] is not None] == []
    assert SCRIPT in seen["/mine-sager"] and IMAGE in seen["/mine-sager"]
    assert SCRIPT in seen[f"/sager/{case_ids[0]}"] and IMAGE in seen[f"/sager/{case_ids[1]}"]
