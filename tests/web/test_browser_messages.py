# SPDX-License-Identifier: MPL-2.0
"""Messages in a real browser: Anna sees Mette's new message, answers it, Mette reads the answer
on her phone; no serious accessibility problems on the way."""

import pytest

from tests.web.conftest import ARTIFACTS, axe_problems, launch

pytestmark = pytest.mark.browser

ANSWER = "Ja, jeg kommer hjem til dig på torsdag kl. 10. Tag rykkerbrevet frem."


def test_anna_answers_mettes_new_message_and_mette_reads_the_answer_on_her_phone(
    live_server: str,
) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(bypass_csp=True, locale="da-DK")
        page.goto(f"{live_server}/login")
        page.get_by_role("button", name="Anna Holm").click()
        page.get_by_role("link", name="1 ny besked").click()
        thread = page.locator("#beskeder")
        expect(thread.locator("article.new-message")).to_contain_text("tage bussen")
        page.get_by_role("button", name="Send svar").click()
        expect(page.get_by_text("Feltet skal udfyldes.")).to_be_visible()
        problems = axe_problems(page)
        page.get_by_label("Svar borgeren").fill(ANSWER)
        page.get_by_role("button", name="Send svar").click()
        expect(thread.locator("article.note").last).to_contain_text(ANSWER)
        expect(thread.locator("article.new-message")).to_have_count(0)
        page.screenshot(path=ARTIFACTS / "beskeder-sag.png", full_page=True)
        problems += axe_problems(page)
        phone = browser.new_page(
            bypass_csp=True, viewport={"width": 375, "height": 800}, locale="da-DK"
        )
        phone.goto(f"{live_server}/login")
        phone.get_by_role("button", name="Mette Sørensen").click()
        expect(phone.locator("#beskeder")).to_contain_text(ANSWER)
        phone.screenshot(path=ARTIFACTS / "beskeder-min-side-375px.png", full_page=True)
        width = phone.evaluate("document.documentElement.scrollWidth")
        problems += axe_problems(phone)
        browser.close()
    assert problems == [], "\n".join(problems)
    assert width <= 375 + 1, "Min side must not scroll sideways on a phone"
