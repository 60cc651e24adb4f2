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


class MeetingForm(StrEnum):
    """How the meeting is held."""

    IN_PERSON = "fremmøde"
    AT_HOME = "hjemmebesøg"
    VIDEO = "video"
    PHONE = "telefon"


FORM_LABELS = {
    MeetingForm.IN_PERSON: "Vi mødes",
    MeetingForm.AT_HOME: "Hjemme hos dig",
    MeetingForm.VIDEO: "Video",
    MeetingForm.PHONE: "Telefon",
}

# What staff call the forms (FORM_LABELS speaks to the citizen).
STAFF_FORM_LABELS = {
    MeetingForm.IN_PERSON: "Fremmøde",
    MeetingForm.AT_HOME: "Hjemmebesøg",
    MeetingForm.VIDEO: "Video",
    MeetingForm.PHONE: "Telefon",
}


class ParticipantStatus(StrEnum):
    """Where a participant is: invited, waiting to be let in, in the meeting, or removed."""

    INVITED = "invited"
    WAITING = "waiting"
    ADMITTED = "admitted"
    REMOVED = "removed"


PARTICIPANT_LABELS = {
    ParticipantStatus.INVITED: "Inviteret",
    ParticipantStatus.WAITING: "Venter på at blive lukket ind",
    ParticipantStatus.ADMITTED: "Med i mødet",
    ParticipantStatus.REMOVED: "Fjernet",
}

LABELS = {
    MeetingStatus.PLANNED: "Planlagt",
    MeetingStatus.LIVE: "I gang",
    MeetingStatus.ENDED: "Afsluttet",
}
