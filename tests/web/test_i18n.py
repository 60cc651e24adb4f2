# SPDX-License-Identifier: MPL-2.0
"""Danish first, English second: every text in the templates has an English translation."""

import re
from importlib import resources

from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from samskab.cases.schemas import HOLISTIC_AREAS
from samskab.cases.states import LABELS
from samskab.decisions.states import LABELS as DECISION_LABELS
from samskab.decisions.states import OUTCOME_LABELS
from samskab.demo.personas import STAFF
from samskab.interventions.models import FOLLOW_UP_DISPLAY
from samskab.journal.models import KIND_LABELS
from samskab.meetings.states import FORM_LABELS, STAFF_FORM_LABELS
from samskab.offers.models import SPECIALISATION_LABELS, Operator
from samskab.organisations.models import ROLE_LABELS
from samskab.placement.advice import WEIGHT_LABELS
from samskab.plans.wellbeing import SHORT
from samskab.terminology.scales import FUNCTIONAL_LEVELS, GOAL_TYPE_DISPLAY
from samskab.terminology.services import CATALOGUE
from samskab.web.inquiries import SOURCES
from tests.builders import World

TEMPLATES = resources.files("samskab.web").joinpath("templates")
PATTERNS = (
    r'_\("([^"]+)"',
    r"_\('([^']+)'\)",
    r'(?:text|area|select)\("[^"]+", "([^"]+)"',
    r'(?:hint|blank)="([^"]+)"',
)


def _template_texts() -> set[str]:
    texts: set[str] = set()
    for template in TEMPLATES.iterdir():
        source = template.read_text()
        for pattern in PATTERNS:
            texts.update(re.findall(pattern, source))
    return texts


def _code_texts() -> set[str]:
    return {
        *LABELS.values(),
        *DECISION_LABELS.values(),
        *OUTCOME_LABELS.values(),
        *GOAL_TYPE_DISPLAY.values(),
        *FUNCTIONAL_LEVELS.values(),
        *FOLLOW_UP_DISPLAY.values(),
        *HOLISTIC_AREAS.values(),
        *(s.title for s in CATALOGUE),
        *(p.description for p in STAFF),
        *SPECIALISATION_LABELS.values(),
        *ROLE_LABELS.values(),
        *WEIGHT_LABELS.values(),
        *(o.value for o in Operator),
        *KIND_LABELS.values(),
        *SOURCES.values(),
        *FORM_LABELS.values(),
        *STAFF_FORM_LABELS.values(),
        *SHORT.values(),
    }


def test_every_text_in_the_templates_and_labels_has_an_english_translation() -> None:
    path = resources.files("samskab.web").joinpath("locale/en/LC_MESSAGES/messages.po")
    with path.open("rb") as source:
        catalog = read_po(source)
    translated = {m.id for m in catalog if m.id and m.string}
    needed = _template_texts() | _code_texts()
    assert len(needed) > 200
    assert sorted(needed - translated) == []


def test_a_caseworker_can_switch_to_english_and_back(client: TestClient, world: World) -> None:
    client.post("/login/demo", data={"username": "anna"})
    client.get("/sprog/en", headers={"referer": "http://testserver/mine-sager"})
    english = client.get("/mine-sager")
    assert '<html lang="en">' in english.text
    assert "My cases" in english.text and "Days left" in english.text
    assert "Mine sager</h1>" not in english.text
    case = client.get(f"/sager/{world.mette_case_id}")
    # Translations are escaped as text: the apostrophe arrives as a character reference.
    assert "The citizen&#39;s goals" in case.text and "Inquiry" in case.text
    client.get("/sprog/da")
    danish = client.get("/mine-sager")
    assert '<html lang="da">' in danish.text and "Dage tilbage" in danish.text


def test_an_unknown_language_keeps_danish(client: TestClient, world: World) -> None:
    client.post("/login/demo", data={"username": "anna"})
    client.get("/sprog/xx")
    assert '<html lang="da">' in client.get("/mine-sager").text
