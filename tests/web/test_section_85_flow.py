# SPDX-License-Identifier: MPL-2.0
"""End to end in Chromium: a new caseworker takes a SEL § 85 case from inquiry to follow-up.

Every page is screenshotted (test-artifacts/screenshots/85-*.png) and checked with axe-core;
the user actions (clicks and fields) of the whole flow are counted and printed.
"""

import io
from datetime import timedelta
from typing import Any

import pytest
from pypdf import PdfReader

from samskab.core import clock
from samskab.core.calendar import deadline_after
from tests.web.conftest import ARTIFACTS, axe_problems, launch

pytestmark = pytest.mark.browser
MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


class Caseworker:
    """Drives the page like a person, counting every click and every field filled in."""

    def __init__(self, page: Any) -> None:
        self.page, self.clicks, self.fields, self.shots = page, 0, 0, 0
        self.problems: list[str] = []

    def click(self, role: str, name: str) -> None:
        self.page.get_by_role(role, name=name, exact=True).first.click()
        self.clicks += 1

    def fill(self, label: str, value: str) -> None:
        self.page.get_by_label(label, exact=True).fill(value)
        self.fields += 1

    def choose(self, label: str, value: str) -> None:
        self.page.get_by_label(label, exact=True).select_option(label=value)
        self.fields += 1

    def check(self, label: str) -> None:
        self.page.get_by_label(label, exact=True).check()
        self.fields += 1

    def look(self, name: str) -> None:
        """Screenshot the page and check it with axe-core."""
        self.shots += 1
        self.page.screenshot(path=ARTIFACTS / f"85-{self.shots:02d}-{name}.png", full_page=True)
        self.problems += axe_problems(self.page)


def test_a_new_caseworker_takes_a_section_85_case_from_inquiry_to_follow_up(
    live_server: str,
) -> None:
    from playwright.sync_api import expect, sync_playwright

    today = clock.today()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(
            bypass_csp=True, viewport={"width": 1280, "height": 900}, locale="da-DK"
        )
        anna = Caseworker(context.new_page())
        page = anna.page
        page.goto(f"{live_server}/login")
        anna.look("log-ind")
        anna.click("button", "Anna Holm Sagsbehandler i Team Voksen Nord")
        anna.look("mine-sager")

        anna.click("link", "Ny henvendelse")
        anna.fill("CPR-nummer *", "120390-1234")
        anna.fill("Fornavn *", "Sara")
        anna.fill("Efternavn *", "Nielsen")
        anna.fill("Postnummer", "9000")
        anna.choose("Hvad drejer det sig om?", "Socialpædagogisk støtte (Serviceloven § 85)")
        anna.fill(
            "Hvad fortæller borgeren eller den, der henvender sig?",
            "Sara har svært ved at klare hverdagen efter en psykisk krise.",
        )
        anna.check("Beskæftigelse og jobcenter (LAB)")
        anna.look("henvendelse")
        anna.click("button", "Opret sag")
        expect(page.get_by_role("heading", name="Sara Nielsen")).to_be_visible()
        anna.look("sag")

        anna.click("link", "Udredning")
        anna.click("button", "Start udredning")
        anna.choose("Tema", "Varetage økonomi")
        anna.choose("Borgerens eget niveau", "3 – Svært nedsat funktionsevne")
        anna.fill("Med borgerens egne ord", "Jeg tør ikke åbne mine regninger.")
        anna.choose("Fagligt niveau", "2 – Moderat nedsat funktionsevne")
        anna.fill("Faglig beskrivelse", "Sara har overblik over indtægter, men undgår post.")
        anna.click("button", "Gem tema")
        expect(page.get_by_text("Jeg tør ikke åbne mine regninger.")).to_be_visible()
        anna.look("udredning")

        anna.click("link", "Plan")
        anna.fill("Målet med borgerens egne ord", "Jeg vil selv kunne betale mine regninger.")
        anna.click("button", "Tilføj mål")
        anna.fill("Formål med indsatsen", "At Sara får styr på sin økonomi og bliver i sin bolig.")
        anna.fill("Forventet varighed", "6 måneder")
        anna.click("button", "Gem handleplan")
        anna.look("plan")

        anna.click("link", "Udredning")
        anna.click("button", "Udredningen er færdig – gå til afgørelse")
        anna.choose("Resultat", "Delvist bevilget")
        anna.fill("Det får borgeren", "Socialpædagogisk støtte 3 timer om ugen i 6 måneder.")
        anna.fill(
            "Det har vi lagt vægt på",
            "Du har brug for støtte til økonomi og post, men ikke til indkøb.",
        )
        anna.fill("De oplysninger, vi har brugt", "Samtalen med dig og din egen vurdering.")
        anna.click("button", "Gem afgørelse")
        anna.fill(
            "Oplysninger, borgeren skal have mulighed for at kommentere",
            "Vi vurderer, at du klarer indkøb selv.",
        )
        anna.click("button", "Send partshøring")
        anna.fill("Borgerens svar", "Det er rigtigt, indkøb klarer jeg selv.")
        anna.fill("Sådan indgår svaret i afgørelsen", "Du er enig, så vurderingen står ved magt.")
        anna.click("button", "Registrér svar")
        anna.look("afgoerelse")
        anna.click("button", "Send afgørelsen")
        expect(page.locator("strong", has_text="klagefrist")).to_be_visible()
        anna.look("afgoerelse-sendt")
        letter = page.get_by_role("link", name="Afgørelsesbrevet (PDF)").get_attribute("href")
        document = context.request.get(f"{live_server}{letter}").body()
        anna.clicks += 1

        anna.click("link", "Bestilling")
        anna.fill("Omfang", "3")
        anna.check("“Jeg vil selv kunne betale mine regninger.”")
        anna.fill("Første opfølgning", (today + timedelta(days=90)).isoformat())
        anna.click("button", "Send bestilling")
        anna.look("bestilling")
        anna.fill(
            "Hvad viser opfølgningen? (også borgerens vurdering)",
            "Sara oplever, at hun har fået overblik. Indsatsen fortsætter.",
        )
        anna.fill("Næste opfølgning", (today + timedelta(days=180)).isoformat())
        anna.click("button", "Gem opfølgning")
        anna.look("opfoelgning")
        browser.close()

    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(document)).pages).split()
    )
    appeal_by = deadline_after(today, 28)
    assert "Serviceloven § 85" in text
    assert "Du har brug for støtte til økonomi og post" in text
    assert f"senest den {appeal_by.day}. {MONTHS[appeal_by.month - 1]} {appeal_by.year}" in text
    print(
        f"\n§ 85 flow: {anna.clicks} clicks and {anna.fields} fields, "
        f"{anna.shots} pages screenshotted"
    )
    (ARTIFACTS / "85-actions.txt").write_text(f"clicks={anna.clicks} fields={anna.fields}\n")
    assert anna.problems == [], "\n".join(anna.problems)
