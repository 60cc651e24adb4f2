# SPDX-License-Identifier: MPL-2.0
"""Validated input and output for plans, goals and ratings."""

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from samskab.authorship.schemas import TextVersionOut
from samskab.core.validation import Input
from samskab.plans.models import GoalStatus, Rater
from samskab.terminology.scales import GoalType


class GoalIn(Input):
    """A new goal: the citizen's own words are required."""

    citizen_words: str = Field(min_length=1, max_length=2000)
    professional_wording: str = Field(default="", max_length=2000)
    goal_type: GoalType
    theme_codes: list[str] = Field(default_factory=list, max_length=20)
    case_id: uuid.UUID | None = None


class GoalWordsIn(Input):
    """A new wording of a goal, based on the version the writer saw; the old one is kept."""

    version: int = Field(ge=1, le=2**31 - 1)
    citizen_words: str | None = Field(default=None, min_length=1, max_length=2000)
    professional_wording: str | None = Field(default=None, max_length=2000)
    status: GoalStatus | None = None


class PlanFieldsIn(Input):
    """The SEL § 141 fields of the plan, based on the version the writer saw."""

    version: int = Field(ge=1, le=2**31 - 1)
    purpose: str = Field(default="", max_length=10_000)
    expected_duration: str = Field(default="", max_length=200)
    other: str = Field(default="", max_length=10_000)


class RatingIn(Input):
    """A rating of progress on a goal."""

    rater: Rater
    score: int = Field(ge=0, le=10)
    comment: str = Field(default="", max_length=2000)


class RatingOut(RatingIn):
    """A rating as stored."""

    id: uuid.UUID
    at: datetime


class GoalOut(BaseModel):
    """A goal with its ratings and every version of its wording, with authors."""

    id: uuid.UUID
    version: int
    case_id: uuid.UUID | None
    citizen_words: str
    citizen_words_at: datetime
    professional_wording: str
    goal_type: GoalType
    theme_codes: list[str]
    status: GoalStatus
    ratings: list[RatingOut]
    history: list[TextVersionOut]


class PlanOut(BaseModel):
    """The citizen's plan."""

    id: uuid.UUID | None
    version: int
    citizen_id: uuid.UUID
    purpose: str
    expected_duration: str = ""
    other: str = ""
    goals: list[GoalOut]
