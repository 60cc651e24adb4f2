# SPDX-License-Identifier: MPL-2.0
"""Two browsers, one meeting: the caseworker writes, the citizen follows on a phone and confirms."""

import time

import pytest

from tests.web.conftest import ARTIFACTS, axe_problems, launch

pytestmark = pytest.mark.browser


def test_the_citizen_sees_the_note_within_a_second_adds_a_view_and_confirms(
    live_server: str,
) -> None:
    from playwright.sync_api import expect, sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        desk = browser.new_context(
            bypass_csp=True, viewport={"width": 1280, "height": 900}
        ).new_page()
        phone = browser.new_context(
            bypass_csp=True, viewport={"width": 375, "height": 780}
        ).new_page()

        desk.goto(f"{live_server}/login")
        desk.get_by_role("button", name="Anna Holm").click()
        desk.get_by_role("link", name="Mette Sørensen").first.click()
        desk.get_by_role("link", name="Møder").click()
        desk.get_by_role("button", name="Planlæg møde").click()
        desk.get_by_role("button", name="Start mødet").click()
        link = desk.locator("#join-link").inner_text()
        code = desk.locator("#join-code").inner_text()
        problems += axe_problems(desk)

        phone.goto(link)
        phone.get_by_label("Kode (6 cifre)").fill(code)
        phone.get_by_label("Dit navn").fill("Mette")
        phone.get_by_role("button", name="Deltag", exact=True).click()
        expect(phone.get_by_role("heading", name="Du venter på at komme ind")).to_be_visible()
        desk.get_by_role("button", name="Luk ind").click()  # the desk saw her arrive
        expect(desk.locator("#participants")).to_contain_text("Med i mødet")
        expect(phone.get_by_role("heading", name="Notatet")).to_be_visible(timeout=10_000)
        phone.wait_for_timeout(300)  # the stream is open

        started = time.perf_counter()
        desk.get_by_label("Notat – skrives sammen med borgeren").fill(
            "Mette fortæller, at hun gerne vil blive boende og have styr på regningerne."
        )
        expect(phone.locator("#note")).to_contain_text("have styr på regningerne", timeout=3000)
        seen_after = time.perf_counter() - started
        problems += axe_problems(phone)
        phone.screenshot(path=ARTIFACTS / "moede-borger-375px.png", full_page=True)
        phone_width = phone.evaluate("document.documentElement.scrollWidth")

        phone.get_by_label("Tilføj mit perspektiv").fill("Jeg vil også gerne i praktik.")
        phone.get_by_role("button", name="Tilføj mit perspektiv").click()
        expect(desk.locator("#additions")).to_contain_text("Jeg vil også gerne i praktik.")
        phone.get_by_role("button", name="Jeg kan genkende mig selv i notatet").click()
        expect(desk.locator("#recognition")).to_contain_text("genkende sig selv")
        desk.screenshot(path=ARTIFACTS / "moede-sagsbehandler.png", full_page=True)

        screen = desk.context.new_page()
        screen.goto(desk.url + "/skaerm")
        expect(screen.locator("#note")).to_contain_text("have styr på regningerne")
        screen.screenshot(path=ARTIFACTS / "moede-faelles-skaerm.png", full_page=True)
        problems += axe_problems(screen)

        desk.get_by_role("button", name="Afslut mødet og gem i journalen").click()
        expect(desk.get_by_role("heading", name="Seneste notater")).to_be_visible()
        journal = desk.locator("section[aria-labelledby=notater] article.note").first.inner_text()
        browser.close()
    print(f"\nthe citizen's phone showed the caseworker's words after {seen_after:.2f} s")
    assert seen_after < 1.0
    assert phone_width <= 376, "the citizen's meeting view must fit a 375 px phone"
    assert "Mit perspektiv – Mette: Jeg vil også gerne i praktik." in journal
    assert "Borgeren: Jeg kan genkende mig selv i notatet" in journal
    assert problems == [], "\n".join(problems)
