# SPDX-License-Identifier: MPL-2.0
"""The lifecycle of a case and the transitions it allows."""

from enum import StrEnum

from samskab.core.errors import IllegalTransition


class CaseStatus(StrEnum):
    """Where a case is in its life."""

    INQUIRY = "inquiry"
    ASSESSMENT = "assessment"
    DECISION = "decision"
    ACTIVE = "active"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


LABELS = {
    CaseStatus.INQUIRY: "Henvendelse",
    CaseStatus.ASSESSMENT: "Udredning",
    CaseStatus.DECISION: "Afgørelse",
    CaseStatus.ACTIVE: "Aktiv indsats",
    CaseStatus.FOLLOW_UP: "Opfølgning",
    CaseStatus.CLOSED: "Afsluttet",
    CaseStatus.WITHDRAWN: "Trukket tilbage",
}

ALLOWED: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.INQUIRY: frozenset({CaseStatus.ASSESSMENT, CaseStatus.WITHDRAWN}),
    CaseStatus.ASSESSMENT: frozenset({CaseStatus.DECISION, CaseStatus.WITHDRAWN}),
    # A refusal (afslag) closes the case; a grant makes it active.
    CaseStatus.DECISION: frozenset({CaseStatus.ACTIVE, CaseStatus.CLOSED, CaseStatus.WITHDRAWN}),
    CaseStatus.ACTIVE: frozenset({CaseStatus.FOLLOW_UP, CaseStatus.CLOSED}),
    # The FFB follow-up outcomes: continue (back to active) or end.
    CaseStatus.FOLLOW_UP: frozenset({CaseStatus.ACTIVE, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset(),
    CaseStatus.WITHDRAWN: frozenset(),
}

OPEN = frozenset(s for s in CaseStatus if s not in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN))
# Before a decision the RSL § 3 processing deadline runs.
AWAITING_DECISION = frozenset({CaseStatus.INQUIRY, CaseStatus.ASSESSMENT, CaseStatus.DECISION})


def check_transition(current: CaseStatus, target: CaseStatus) -> None:
    """Raise IllegalTransition (with a Danish message) unless current → target is allowed."""
    if target not in ALLOWED[current]:
        allowed = ", ".join(LABELS[s] for s in sorted(ALLOWED[current])) or "ingen"
        raise IllegalTransition(
            f"En sag med status '{LABELS[current]}' kan ikke gå til '{LABELS[target]}'. "
            f"Mulige næste trin: {allowed}.",
            field="to",
        )
