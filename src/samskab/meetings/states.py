# SPDX-License-Identifier: MPL-2.0
"""The life of a meeting and the citizen's answer to the note."""

from enum import StrEnum


class MeetingStatus(StrEnum):
    """Where a meeting is."""

    PLANNED = "planned"
    LIVE = "live"
    ENDED = "ended"


class Recognition(StrEnum):
    """Whether the citizen recognises themselves in the note."""

    RECOGNISED = "recognised"
    NOT_RECOGNISED = "not_recognised"


class ParticipantKind(StrEnum):
    """Who takes part."""

    CITIZEN = "borger"
    RELATIVE = "pårørende"
    PROFESSIONAL = "fagperson"
    INTERPRETER = "tolk"


LABELS = {
    MeetingStatus.PLANNED: "Planlagt",
    MeetingStatus.LIVE: "I gang",
    MeetingStatus.ENDED: "Afsluttet",
}
