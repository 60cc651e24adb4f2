# SPDX-License-Identifier: MPL-2.0
"""Validated input and output for decisions."""

import uuid
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from samskab.authorship.schemas import TextVersionOut
from samskab.core.validation import Input
from samskab.decisions.states import DecisionStatus, Medhold, Outcome

Text = Field(default="", max_length=20_000)


class Channel(StrEnum):
    """How the letter reaches the citizen."""

    DIGITAL_POST = "digital_post"
    LETTER = "brev"


class DecisionDraft(Input):
    """The content of a decision while it is being written."""

    outcome: Outcome
    granted: str = Text
    granted_amount: float | None = Field(default=None, gt=0, le=10_000)
    granted_unit: str | None = Field(default=None, max_length=30)
    granted_codes: list[str] = Field(default_factory=list, max_length=100)
    considerations: str = Text
    facts: str = Text
    hearing_needed: bool = True
    hearing_not_needed_reason: str = Text
    # How the citizen's answer to the hearing was weighed (shown in the letter).
    hearing_weighing: str = Text
    # The version of the draft this text was written on; None for the case's first draft.
    version: int | None = Field(default=None, ge=1, le=2**31 - 1)


class HearingIn(Input):
    """What the citizen is asked to comment on (the information against them)."""

    text: str = Field(min_length=1, max_length=20_000)
    days: int = Field(default=14, ge=7, le=60)


class HearingAnswerIn(Input):
    """The citizen's comments, or a note that none came."""

    answer: str = Field(min_length=1, max_length=20_000)
    answered_on: date
    # How the answer is weighed in the decision; may also be written later in the draft.
    weighing: str = Text


class HearingWaiverIn(Input):
    """The citizen does not want to comment on the hearing (afkald)."""

    waived_on: date


class SendIn(Input):
    """Send the decision letter."""

    channel: Channel = Channel.DIGITAL_POST


class ReceivedIn(Input):
    """When a letter sent by post reached the citizen."""

    received_on: date


class AppealIn(Input):
    """The citizen's appeal (klage)."""

    appealed_on: date
    text: str = Field(min_length=1, max_length=20_000)


class ReconsiderIn(Input):
    """The result of the reconsideration (genvurdering): how much medhold, and why."""

    outcome: Medhold
    note: str = Field(min_length=1, max_length=20_000)


class DecisionOut(BaseModel):
    """A decision as shown to staff."""

    id: uuid.UUID
    case_id: uuid.UUID
    status: DecisionStatus
    outcome: Outcome
    legal_basis: str
    granted: str
    granted_amount: float | None = None
    granted_unit: str | None = None
    granted_codes: list[str] = []
    # The version of the quality standard in force when the decision was made.
    quality_standard_id: uuid.UUID | None = None
    rules: str
    considerations: str
    facts: str
    hearing_needed: bool
    hearing_sent_on: date | None
    hearing_deadline: date | None
    hearing_answered_on: date | None
    hearing_answer: str
    hearing_weighing: str
    hearing_waived_on: date | None
    channel: str
    sent_on: date | None
    received_on: date | None
    appeal_deadline: date | None
    appealed_on: date | None
    appeal_text: str
    reconsideration_deadline: date | None
    reconsidered_on: date | None
    reconsideration_note: str
    reconsideration_outcome: Medhold | None
    version: int
    # The appeal route the letter stated when the decision was sent (None for a draft).
    appeal_route: dict[str, Any] | None = None
    # Every version of the decision's texts with its author, where it was asked for.
    texts: list[TextVersionOut] = Field(default_factory=list)
