# SPDX-License-Identifier: MPL-2.0
"""Validated input and output for assessments."""

import uuid
from datetime import datetime

from pydantic import BaseModel, Field, model_validator

from samskab.authorship.schemas import TextVersionOut
from samskab.core.validation import Input
from samskab.terminology.scales import ExpectedState, HealthProblem, SupportNeed

Text = Field(default="", max_length=10_000)


class ThemeEntryIn(Input):
    """What is said about one theme: both perspectives, support need, resources and wishes.

    `version` is the version the writer saw; leave it out only when writing a new theme.
    """

    version: int | None = Field(default=None, ge=1, le=2**31 - 1)
    professional_level: int | None = Field(default=None, ge=0, le=4)
    professional_text: str = Text
    citizen_level: int | None = Field(default=None, ge=0, le=4)
    citizen_text: str = Text
    problem: HealthProblem | None = None
    expected_state: ExpectedState | None = None
    support_need: SupportNeed | None = None
    resources: str = Text
    wishes: str = Text

    @model_validator(mode="after")
    def _expected_needs_a_problem(self) -> "ThemeEntryIn":
        if self.expected_state is not None and self.problem is None:
            raise ValueError("Angiv, om problemet er aktuelt eller potentielt.")
        return self


class ThemeEntryOut(ThemeEntryIn):
    """A theme entry as stored."""

    version: int
    theme_code: str
    theme_display: str
    levels_differ: bool
    updated_at: datetime
    history: list[TextVersionOut] = Field(default_factory=list)


class AssessmentOut(BaseModel):
    """An assessment with its theme entries."""

    id: uuid.UUID
    case_id: uuid.UUID
    code_system: str
    code_system_version: str
    summary: str
    themes: list[ThemeEntryOut]


class ThemeOption(BaseModel):
    """A theme that may be assessed for the case's service type."""

    code: str
    display: str
    parent: str | None
