# SPDX-License-Identifier: MPL-2.0
"""End to end in Chromium: a visitator takes a SUL § 140 rehabilitation case with free choice.

The plan has no SEL § 141 section, the decision grants a scope, an order beyond it is refused
in Danish, and the order records the citizen's free choice of provider.
"""

from datetime import timedelta

import pytest

from samskab.core import clock
from tests.web.conftest import launch
from tests.web.test_section_85_flow import Caseworker

pytestmark = pytest.mark.browser


def test_a_visitator_orders_rehabilitation_within_the_grant_with_the_citizens_free_choice(
    live_server: str,
) -> None:
    from playwright.sync_api import expect, sync_playwright

    today = clock.today()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(
            bypass_csp=True, viewport={"width": 1280, "height": 900}, locale="da-DK"
        )
        hanne = Caseworker(context.new_page())
        page = hanne.page
        page.goto(f"{live_server}/login")
        hanne.click("button", "Hanne Lund Visitator i Team Ældre og Sundhed")
        hanne.click("link", "Ny henvendelse")
        hanne.fill("CPR-nummer *", "150845-1234")
        hanne.fill("Fornavn *", "Poul")
        hanne.fill("Efternavn *", "Holm")
        hanne.fill("Postnummer", "9000")
        hanne.choose(
            "Hvad drejer det sig om?", "Genoptræning efter sygehusophold (Sundhedsloven § 140)"
        )
        hanne.fill(
            "Hvad fortæller borgeren eller den, der henvender sig?",
            "Genoptræningsplan fra sygehuset efter knæoperation.",
        )
        hanne.click("button", "Opret sag")
        expect(page.get_by_role("heading", name="Poul Holm")).to_be_visible()

        hanne.click("link", "Udredning")
        hanne.click("button", "Start udredning")
        hanne.choose("Tema", "Muskelfunktion")
        hanne.choose("Fagligt niveau", "2 – Moderat nedsat funktionsevne")
        hanne.fill("Faglig beskrivelse", "Nedsat kraft i højre lår efter operationen.")
        hanne.click("button", "Gem tema")
        expect(page.get_by_text("Nedsat kraft i højre lår efter operationen.")).to_be_visible()

        hanne.click("link", "Plan")
        expect(page.get_by_text("Nyt mål")).to_be_visible()
        assert page.get_by_text("Handleplan (serviceloven § 141)").count() == 0
        hanne.look("care-plan")

        hanne.click("link", "Udredning")
        hanne.click("button", "Udredningen er færdig – gå til afgørelse")
        hanne.choose("Resultat", "Bevilget")
        hanne.fill("Det får borgeren", "Genoptræning 2 timer om ugen i 8 uger.")
        hanne.fill("Omfang i alt", "2")
        hanne.check("Høring er ikke nødvendig")
        hanne.fill("Hvorfor høring ikke er nødvendig", "Du får fuldt ud det, du har søgt om.")
        hanne.click("button", "Gem afgørelse")
        hanne.click("button", "Send afgørelsen")
        expect(page.get_by_text("klagefrist", exact=False).first).to_be_visible()

        hanne.click("link", "Bestilling")
        expect(
            page.get_by_text("Frit valg af leverandør (Sundhedsloven § 140, stk. 4)")
        ).to_be_visible()
        hanne.choose("Indsats", "Fysisk træning")
        hanne.fill("Omfang", "3")
        hanne.check("Borgeren har selv valgt udføreren")
        hanne.fill("Første opfølgning", (today + timedelta(days=28)).isoformat())
        hanne.click("button", "Send bestilling")
        expect(page.get_by_text("Mere hjælp kræver en ny afgørelse.").first).to_be_visible()
        hanne.look("care-order-refused")
        hanne.fill("Omfang", "2")
        hanne.click("button", "Send bestilling")
        expect(page.get_by_text("Frit valg: Borgeren har selv valgt udføreren")).to_be_visible()
        expect(page.get_by_text("2 timer pr. uge bevilget").first).to_be_visible()
        hanne.look("care-order")
        browser.close()
    assert hanne.problems == [], "\n".join(hanne.problems)
