# SPDX-License-Identifier: MPL-2.0
"""End to end in Chromium, from the caseworker's side: a § 107 refusal, a SUL § 138 home-nursing
case and an appeal with partial medhold. Each reads the letter's PDF text and checks the legal
basis, the hearing paragraph, and the appeal body and deadline for that law."""

import io
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader

from samskab.core import clock
from samskab.core.calendar import deadline_after
from tests.web.conftest import launch
from tests.web.test_section_85_flow import MONTHS, Caseworker

pytestmark = pytest.mark.browser


def _appeal_by() -> str:
    day = deadline_after(clock.today(), 28)
    return f"senest den {day.day}. {MONTHS[day.month - 1]} {day.year}"


@pytest.fixture
def browser_context(live_server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser.new_context(
            bypass_csp=True, viewport={"width": 1280, "height": 900}, locale="da-DK"
        )
        browser.close()


def _pdf(context: Any, live_server: str, href: str | None) -> str:
    assert href is not None
    content = context.request.get(f"{live_server}{href}").body()
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def _new_case_ready_for_decision(
    worker: Caseworker,
    *,
    who: str,
    cpr: str,
    name: tuple[str, str],
    service: str,
    theme: str,
) -> None:
    """Log in, register the inquiry, assess one theme and go on to the decision."""
    from playwright.sync_api import expect

    page = worker.page
    worker.click("button", who)
    worker.click("link", "Ny henvendelse")
    worker.fill("CPR-nummer *", cpr)
    worker.fill("Fornavn *", name[0])
    worker.fill("Efternavn *", name[1])
    worker.choose("Hvad drejer det sig om?", service)
    worker.fill(
        "Hvad fortæller borgeren eller den, der henvender sig?",
        f"{name[0]} har brug for hjælp og har selv henvendt sig.",
    )
    worker.click("button", "Opret sag")
    expect(page.get_by_role("heading", name=" ".join(name))).to_be_visible()
    worker.click("link", "Udredning")
    worker.click("button", "Start udredning")
    worker.choose("Tema", theme)
    worker.fill("Faglig beskrivelse", f"Vurderet ved hjemmebesøg: {theme.lower()}.")
    worker.click("button", "Gem tema")
    worker.click("button", "Udredningen er færdig – gå til afgørelse")


def test_a_caseworker_refuses_a_temporary_residence_under_section_107_after_a_waived_hearing(
    live_server: str, browser_context: Any
) -> None:
    from playwright.sync_api import expect

    anna = Caseworker(browser_context.new_page())
    anna.page.goto(f"{live_server}/login")
    _new_case_ready_for_decision(
        anna,
        who="Anna Holm Sagsbehandler i Team Voksen Nord",
        cpr="030303-1239",
        name=("Karl", "Bundgaard"),
        service="Midlertidigt botilbud (Serviceloven § 107)",
        theme="Bevægelse",
    )
    anna.choose("Resultat", "Afslag")
    anna.fill("Det har vi lagt vægt på", "Du kan bo i egen bolig med støtte efter § 85.")
    anna.fill("De oplysninger, vi har brugt", "Botilbuddets vurdering og samtalen med dig.")
    anna.click("button", "Gem afgørelse")
    anna.fill(
        "Oplysninger, borgeren skal have mulighed for at kommentere",
        "Botilbuddet vurderer, at du kan bo selv med støtte.",
    )
    anna.click("button", "Send partshøring")
    expect(anna.page.get_by_text("Afgørelsen kan først sendes")).to_be_visible()
    anna.page.get_by_text("Borgeren ønsker ikke at udtale sig").click()
    anna.clicks += 1
    anna.click("button", "Registrér afkald")
    anna.click("button", "Send afgørelsen")
    anna.look("107-afslag-sendt")
    href = anna.page.get_by_role("link", name="Afgørelsesbrevet (PDF)").get_attribute("href")
    text = _pdf(browser_context, live_server, href)
    assert "Lovgrundlag: Serviceloven § 107." in text and "Du får ikke den hjælp" in text
    assert "at du ikke ønskede at komme med bemærkninger" in text
    assert _appeal_by() in text and "Ankestyrelsen" in text
    assert "Patientklager" not in text
    assert anna.problems == [], "\n".join(anna.problems)


def test_a_visitator_grants_home_nursing_under_the_health_act_with_its_own_appeal_route(
    live_server: str, browser_context: Any
) -> None:
    from playwright.sync_api import expect

    hanne = Caseworker(browser_context.new_page())
    hanne.page.goto(f"{live_server}/login")
    _new_case_ready_for_decision(
        hanne,
        who="Hanne Lund Visitator i Team Ældre og Sundhed",
        cpr="040404-1238",
        name=("Ingrid", "Thomsen"),
        service="Hjemmesygepleje (Sundhedsloven § 138)",
        theme="Problemer med traumesår",
    )
    hanne.choose("Resultat", "Bevilget")
    hanne.fill("Det får borgeren", "Hjemmesygepleje 2 besøg om ugen til sårpleje.")
    hanne.click("button", "Gem afgørelse")
    hanne.click("button", "Send afgørelsen")
    expect(hanne.page.get_by_text("Klageinstans: Styrelsen for Patientklager.")).to_be_visible()
    hanne.look("138-bevilget-sendt")
    href = hanne.page.get_by_role("link", name="Afgørelsesbrevet (PDF)").get_attribute("href")
    text = _pdf(browser_context, live_server, href)
    assert "Lovgrundlag: Sundhedsloven § 138." in text
    assert "Du har fået det, du søgte om, så vi har ikke bedt dig om bemærkninger" in text
    assert "Du klager til Styrelsen for Patientklager" in text and _appeal_by() in text
    assert "Ankestyrelsen" not in text and "retssikkerhedsloven" not in text
    assert hanne.problems == [], "\n".join(hanne.problems)


def test_a_caseworker_gives_partial_medhold_on_an_appeal_and_sends_the_rest_on(
    live_server: str, browser_context: Any
) -> None:
    from playwright.sync_api import expect

    anna = Caseworker(browser_context.new_page())
    page = anna.page
    page.goto(f"{live_server}/login")
    _new_case_ready_for_decision(
        anna,
        who="Anna Holm Sagsbehandler i Team Voksen Nord",
        cpr="050505-1237",
        name=("Lise", "Vestergaard"),
        service="Socialpædagogisk støtte (Serviceloven § 85)",
        theme="Varetage økonomi",
    )
    anna.choose("Resultat", "Bevilget")
    anna.fill("Det får borgeren", "Socialpædagogisk støtte 2 timer om ugen.")
    anna.click("button", "Gem afgørelse")
    anna.click("button", "Send afgørelsen")
    page.get_by_text("Registrér en klage").click()
    anna.clicks += 1
    anna.fill("Hvad klager borgeren over?", "Jeg har brug for 4 timer om ugen.")
    anna.click("button", "Registrér klage")
    expect(page.get_by_text("Jeg har brug for 4 timer om ugen.")).to_be_visible()
    anna.check("Delvist medhold – resten sendes til Ankestyrelsen")
    anna.fill("Begrundelse", "Du får 3 timer; 4 timer er ikke nødvendigt.")
    anna.click("button", "Afslut genvurdering")
    expect(page.get_by_text("Du får 3 timer; 4 timer er ikke nødvendigt.")).to_be_visible()
    anna.look("klage-delvist-medhold")
    decision = _pdf(
        browser_context,
        live_server,
        page.get_by_role("link", name="Afgørelsesbrevet (PDF)").get_attribute("href"),
    )
    reconsideration = _pdf(
        browser_context,
        live_server,
        page.get_by_role("link", name="Brevet om genvurderingen (PDF)").get_attribute("href"),
    )
    forwarding = _pdf(
        browser_context,
        live_server,
        page.get_by_role(
            "link", name="Brevet om, at klagen er sendt til Ankestyrelsen (PDF)"
        ).get_attribute("href"),
    )
    assert "Lovgrundlag: Serviceloven § 85." in decision and _appeal_by() in decision
    assert "Du har fået det, du søgte om" in decision and "Ankestyrelsen" in decision
    assert "delvist medhold" in reconsideration and "Du får 3 timer" in reconsideration
    assert "Jeg har brug for 4 timer om ugen." in reconsideration
    assert "har vi sendt videre til Ankestyrelsen" in reconsideration
    assert "Din klage er sendt til Ankestyrelsen" in forwarding
    assert anna.problems == [], "\n".join(anna.problems)
