# SPDX-License-Identifier: MPL-2.0
"""The lifecycle of a decision, from draft to a final answer on an appeal."""

from enum import StrEnum

from samskab.core.errors import IllegalTransition


class Outcome(StrEnum):
    """What the citizen was granted."""

    GRANTED = "bevilget"
    PARTLY = "delvist_bevilget"
    REFUSED = "afslag"


OUTCOME_LABELS = {
    Outcome.GRANTED: "Bevilget",
    Outcome.PARTLY: "Delvist bevilget",
    Outcome.REFUSED: "Afslag",
}


class Medhold(StrEnum):
    """How far the municipality's reconsideration gives the citizen what they appealed for."""

    FULL = "fuldt"
    PARTIAL = "delvist"
    NONE = "intet"


MEDHOLD_LABELS = {
    Medhold.FULL: "Fuldt medhold",
    Medhold.PARTIAL: "Delvist medhold",
    Medhold.NONE: "Intet medhold",
}


class DecisionStatus(StrEnum):
    """Where a decision is."""

    DRAFT = "draft"
    SENT = "sent"
    RECEIVED = "received"
    APPEALED = "appealed"
    CHANGED = "changed"
    FORWARDED = "forwarded"


LABELS = {
    DecisionStatus.DRAFT: "Kladde",
    DecisionStatus.SENT: "Sendt",
    DecisionStatus.RECEIVED: "Modtaget af borgeren",
    DecisionStatus.APPEALED: "Påklaget – genvurderes",
    DecisionStatus.CHANGED: "Ændret efter genvurdering",
    DecisionStatus.FORWARDED: "Sendt videre til klageinstansen",
}

ALLOWED: dict[DecisionStatus, frozenset[DecisionStatus]] = {
    DecisionStatus.DRAFT: frozenset({DecisionStatus.SENT, DecisionStatus.RECEIVED}),
    DecisionStatus.SENT: frozenset({DecisionStatus.RECEIVED, DecisionStatus.APPEALED}),
    DecisionStatus.RECEIVED: frozenset({DecisionStatus.APPEALED}),
    DecisionStatus.APPEALED: frozenset({DecisionStatus.CHANGED, DecisionStatus.FORWARDED}),
    DecisionStatus.CHANGED: frozenset(),
    DecisionStatus.FORWARDED: frozenset(),
}


def after_reconsideration(medhold: Medhold) -> DecisionStatus:
    """Full medhold ends the appeal; otherwise what is not granted goes to the appeal body."""
    return DecisionStatus.CHANGED if medhold == Medhold.FULL else DecisionStatus.FORWARDED


def check_transition(current: DecisionStatus, target: DecisionStatus) -> None:
    """Raise IllegalTransition unless current → target is allowed."""
    if target not in ALLOWED[current]:
        raise IllegalTransition(
            f"En afgørelse med status '{LABELS[current]}' kan ikke blive '{LABELS[target]}'."
        )
