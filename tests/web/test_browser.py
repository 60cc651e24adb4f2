# SPDX-License-Identifier: MPL-2.0
"""A real Chromium (Debian's) clicks through the demo as Anna would. Screenshots are kept."""

import pytest

from samskab.core import clock
from tests.web.conftest import ARTIFACTS, axe_problems, launch

pytestmark = pytest.mark.browser


def test_anna_logs_in_sees_her_cases_and_opens_mettes_whole_situation(live_server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="da-DK")
        page.goto(f"{live_server}/")
        expect(page.get_by_role("heading", name="Log ind")).to_be_visible()
        expect(page.get_by_role("note")).to_contain_text("DEMO")
        page.screenshot(path=ARTIFACTS / "01-login.png", full_page=True)
        page.get_by_role("button", name="Anna Holm").click()
        expect(page.get_by_role("heading", name="Mine sager")).to_be_visible()
        expect(page.get_by_role("columnheader", name="Dage tilbage")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "02-mine-sager.png", full_page=True)
        page.locator("#sagsliste").get_by_role("link", name="Mette Sørensen").click()
        expect(page.get_by_role("heading", name="Mette Sørensen", exact=True)).to_be_visible()
        expect(page.get_by_role("columnheader", name="Borgerens oplevelse")).to_be_visible()
        expect(page.get_by_text("Jeg vil blive boende i min lejlighed.")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "03-sag-mette.png", full_page=True)
        page.set_viewport_size({"width": 375, "height": 800})
        page.screenshot(path=ARTIFACTS / "04-sag-mette-375px.png", full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        browser.close()
    assert width <= 375 + 1, "the case page must not scroll sideways on a phone"


def test_the_case_list_filters_update_in_place_with_htmx(live_server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(locale="da-DK")
        page.goto(f"{live_server}/login")
        page.get_by_role("button", name="Anna Holm").click()
        page.evaluate("window.__not_reloaded = true")
        page.get_by_label("Ydelse").select_option("SEL-107")
        expect(page).to_have_url(f"{live_server}/mine-sager?scope=mine&status=&ydelse=SEL-107")
        expect(page.get_by_role("link", name="Ali Hassan")).to_be_visible()
        expect(page.locator("#sagsliste").get_by_role("link", name="Mette Sørensen")).to_have_count(
            0
        )
        assert page.evaluate("window.__not_reloaded") is True
        browser.close()


def test_the_other_pages_have_no_serious_accessibility_problems_in_both_languages(
    live_server: str,
) -> None:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(bypass_csp=True, locale="da-DK")
        page.goto(f"{live_server}/login")
        page.get_by_role("button", name="Anna Holm").click()
        for language in ("da", "en"):
            page.goto(f"{live_server}/sprog/{language}")
            for path in (
                "/mine-sager?scope=team",
                "/kvalitetsstandarder",
                "/henvendelser/ny",
                "/sager/00000000-0000-4000-8000-000000000000",
            ):
                page.goto(f"{live_server}{path}")
                problems += axe_problems(page)
            page.goto(f"{live_server}/mine-sager")
            page.get_by_label("Søg i notater" if language == "da" else "Search notes").fill("angst")
            page.get_by_role(
                "button", name="Søg" if language == "da" else "Search", exact=True
            ).click()
            problems += axe_problems(page)
            page.screenshot(path=ARTIFACTS / f"soegning-{language}.png", full_page=True)
        browser.close()
    assert problems == [], "\n".join(problems)


def test_the_citizens_own_pages_fit_a_phone_and_have_no_serious_accessibility_problems(
    live_server: str,
) -> None:
    from playwright.sync_api import expect, sync_playwright

    problems: list[str] = []
    widths: dict[str, int] = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(
            bypass_csp=True, viewport={"width": 375, "height": 800}, locale="da-DK"
        )
        page.goto(f"{live_server}/login")
        page.get_by_role("button", name="Mette Sørensen").click()
        expect(page.get_by_role("heading", name="Hej Mette")).to_be_visible()
        for path in ("/min-side", "/min-side/hvem-har-set"):
            page.goto(f"{live_server}{path}")
            widths[path] = page.evaluate("document.documentElement.scrollWidth")
            problems += axe_problems(page)
            page.screenshot(path=ARTIFACTS / f"borger{path.replace('/', '-')}.png", full_page=True)
        page.goto(f"{live_server}/login")
        page.get_by_role("button", name="Lene Madsen").click()
        expect(page.get_by_role("heading", name="Jens Madsen")).to_be_visible()
        problems += axe_problems(page)
        browser.close()
    assert all(width <= 376 for width in widths.values()), widths
    assert problems == [], "\n".join(problems)


def test_the_coordinators_pages_and_placement_advice_have_no_serious_accessibility_problems(
    live_server: str,
) -> None:
    from playwright.sync_api import expect, sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(bypass_csp=True, locale="da-DK")
        page.goto(f"{live_server}/login")
        page.get_by_role("button", name="Erik Vestergaard").click()
        expect(page.get_by_role("heading", name="Regionale tilbud")).to_be_visible()
        for language in ("da", "en"):
            page.goto(f"{live_server}/sprog/{language}")
            for path in (
                "/region?region=1081",
                "/region/planlaegning?region=1081&beregn=1&lokalt=80&minimum=85",
                "/region/prognose?region=1081",
            ):
                answer = page.goto(f"{live_server}{path}")
                assert answer is not None
                assert answer.status == 200, path
                assert ("Demand and capacity" if language == "en" else "Efterspørgsel") in (
                    page.content()
                )
                problems += axe_problems(page)
                name = path.split("?")[0].strip("/").replace("/", "-")
                page.screenshot(path=ARTIFACTS / f"{name}-{language}.png", full_page=True)
            page.goto(f"{live_server}/region?region=1081")
            page.locator("a[href^='/region/tilbud/']").first.click()
            problems += axe_problems(page)
        page.goto(f"{live_server}/sprog/da")
        page.get_by_role("button", name="Log ud").click()
        page.goto(f"{live_server}/login")
        page.get_by_role("button", name="Anna Holm").click()
        page.get_by_role("link", name="Ali Hassan").first.click()
        page.get_by_role("link", name="Placering").click()
        page.get_by_label("Målgruppe (fra udredningen)").select_option(label="Autismespektrum")
        page.get_by_label("Navn og relation 1").fill("Mor og far")
        page.get_by_label("Postnummer 1").fill("9800")
        page.get_by_role("button", name="Vis forslag").click()
        expect(page.get_by_role("heading", name="Forslag: 10 af")).to_be_visible()
        problems += axe_problems(page)
        page.get_by_role("button", name="Vælg").first.click()
        expect(page.get_by_text("Valgt:")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "placering.png", full_page=True)
        browser.close()
    assert problems == [], "\n".join(problems)


def test_the_administrators_pages_have_no_serious_accessibility_problems(live_server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(bypass_csp=True, locale="da-DK")
        page.goto(f"{live_server}/login")
        page.get_by_role("button", name="Gorm Iversen").click()
        expect(page.get_by_role("heading", name="Brugere og roller")).to_be_visible()
        for language in ("da", "en"):
            page.goto(f"{live_server}/sprog/{language}")
            for path in ("/admin", "/admin/frister"):
                page.goto(f"{live_server}{path}")
                problems += axe_problems(page)
        page.screenshot(path=ARTIFACTS / "admin-frister.png", full_page=True)
        browser.close()
    assert problems == [], "\n".join(problems)


def test_a_caseworker_journalises_a_home_visit_and_a_mistyped_date_loses_nothing(
    live_server: str,
) -> None:
    from playwright.sync_api import expect, sync_playwright

    text = "Hjemmebesøg hos Mette: køleskabet var tomt, aftalt indkøbshjælp."
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(bypass_csp=True, locale="da-DK")
        page.goto(f"{live_server}/login")
        page.get_by_role("button", name="Anna Holm").click()
        page.locator("#sagsliste").get_by_role("link", name="Mette Sørensen").click()
        page.get_by_role("link", name="Journal", exact=True).click()
        page.get_by_label("Hvad drejer notatet sig om?").select_option(label="Hjemmebesøg")
        page.get_by_label("Hvornår skete det?").evaluate("field => field.removeAttribute('max')")
        page.get_by_label("Hvornår skete det?").fill("2099-01-01")
        page.get_by_label("Notat", exact=True).fill(text)
        page.get_by_role("button", name="Gem i journalen").click()
        expect(page.get_by_text("Datoen kan ikke ligge i fremtiden.")).to_be_visible()
        expect(page.get_by_label("Notat", exact=True)).to_have_value(text)
        problems = axe_problems(page)
        page.get_by_label("Hvornår skete det?").fill(clock.today().isoformat())
        page.get_by_role("button", name="Gem i journalen").click()
        entry = page.locator("article.note", has_text=text)
        expect(entry).to_contain_text("Hjemmebesøg")
        expect(entry).to_contain_text("Skrevet af Anna Holm")
        expect(entry).to_contain_text(" kl. ")
        page.screenshot(path=ARTIFACTS / "journal.png", full_page=True)
        problems += axe_problems(page)
        browser.close()
    assert problems == [], "\n".join(problems)
