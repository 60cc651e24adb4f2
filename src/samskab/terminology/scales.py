# SPDX-License-Identifier: MPL-2.0
"""Scales from the code systems: functional level, support need and goal type."""

from dataclasses import dataclass
from enum import StrEnum

from samskab.terminology.codesystems import CodeSystemName, load

FUNCTIONAL_LEVELS = {
    0: "Ingen nedsat funktionsevne",
    1: "Let nedsat funktionsevne",
    2: "Moderat nedsat funktionsevne",
    3: "Svært nedsat funktionsevne",
    4: "Fuldstændig nedsat funktionsevne",
}


class SupportNeed(StrEnum):
    """Støttebehov (FFB)."""

    NONE = "intet"
    LIGHT = "let"
    MODERATE = "moderat"
    HIGH = "højt"
    FULL = "fuldstændigt"


SUPPORT_NEED_DISPLAY = {
    SupportNeed.NONE: "Intet støttebehov",
    SupportNeed.LIGHT: "Let støttebehov",
    SupportNeed.MODERATE: "Moderat støttebehov",
    SupportNeed.HIGH: "Højt støttebehov",
    SupportNeed.FULL: "Fuldstændigt støttebehov",
}


class GoalType(StrEnum):
    """Måltype (FFB)."""

    DEVELOP = "udvikle"
    MAINTAIN = "fastholde"
    LIMIT_LOSS = "begrænse_tab"


GOAL_TYPE_DISPLAY = {
    GoalType.DEVELOP: "Udvikle funktionsevne",
    GoalType.MAINTAIN: "Fastholde funktionsevne",
    GoalType.LIMIT_LOSS: "Begrænse tab af funktionsevne",
}


class AssessmentScale(StrEnum):
    """How a theme is assessed: functional level 0–4, or FSIII's own way for health conditions."""

    FUNCTION = "funktion"
    HEALTH = "helbred"


class HealthProblem(StrEnum):
    """FSIII helbredstilstand: whether the condition is a problem now or a risk.

    FSIII's sygeplejefaglig udredning (G2.1) covers "aktuelle og potentielle helbredstilstande";
    health conditions are not scored on the functional 0–4 scale (that is for
    funktionsevnetilstande, FSIII 'Funktionsevne skalering').
    """

    ACTUAL = "aktuelt"
    POTENTIAL = "potentielt"


HEALTH_PROBLEM_DISPLAY = {
    HealthProblem.ACTUAL: "Aktuelt problem",
    HealthProblem.POTENTIAL: "Potentielt problem",
}


class ExpectedState(StrEnum):
    """Forventet tilstand, from FSIII's måltype for helbreds- and funktionsevnetilstande."""

    DISAPPEARS = "forsvinder"
    DECREASES = "mindskes"
    UNCHANGED = "uændret"


EXPECTED_STATE_DISPLAY = {
    ExpectedState.DISAPPEARS: "Tilstand forsvinder",
    ExpectedState.DECREASES: "Tilstand mindskes",
    ExpectedState.UNCHANGED: "Tilstand forbliver uændret",
}
# Names for FSIII helbredstilstande, as pages show them.
HEALTH_NAMES = {"problems": HEALTH_PROBLEM_DISPLAY, "expected": EXPECTED_STATE_DISPLAY}
EXPECTED_STATE_ROOT = "Tilstand forsvinder, mindskes eller forbliver uændret"


@dataclass(frozen=True)
class ScaleCode:
    """The official code behind one of samskab's scale values."""

    code: str
    display: str


def official_code(display: str) -> ScaleCode:
    """The FFB concept for a scale display text (e.g. a support need or goal type)."""
    concept = load(CodeSystemName.FFB).find(display)
    return ScaleCode(concept.code, concept.display)


def expected_state_code(state: ExpectedState) -> ScaleCode:
    """The FSIII concept (current KL code) for a forventet tilstand."""
    codes = load(CodeSystemName.FSIII)
    root = next(
        c for c in codes.concepts.values() if c.display == EXPECTED_STATE_ROOT and "-" in c.code
    )
    concept = codes.find(EXPECTED_STATE_DISPLAY[state], under=root.code)
    return ScaleCode(concept.code, concept.display)
