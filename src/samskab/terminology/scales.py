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


@dataclass(frozen=True)
class ScaleCode:
    """The official code behind one of samskab's scale values."""

    code: str
    display: str


def official_code(display: str) -> ScaleCode:
    """The FFB concept for a scale display text (e.g. a support need or goal type)."""
    concept = load(CodeSystemName.FFB).find(display)
    return ScaleCode(concept.code, concept.display)
