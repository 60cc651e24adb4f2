# SPDX-License-Identifier: MPL-2.0
"""Tables for the plan, its goals and ratings (the goals' wording is authored text)."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samskab.core.db import Base, HasCreated, HasId
from samskab.core.versioning import HasVersion


class Rater(StrEnum):
    """Whose rating of progress this is."""

    CITIZEN = "citizen"
    PROFESSIONAL = "professional"


class GoalStatus(StrEnum):
    """Whether a goal is being worked on."""

    ACTIVE = "active"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class Plan(HasId, HasCreated, HasVersion, Base):
    """The citizen's one plan, shared by all their cases."""

    __tablename__ = "plan"

    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizen.id"), unique=True)
    # SEL § 141 handleplan: purpose, expected duration and anything else that matters.
    purpose: Mapped[str] = mapped_column(Text, default="")
    expected_duration: Mapped[str] = mapped_column(String(200), default="")
    other: Mapped[str] = mapped_column(Text, default="")

    goals: Mapped[list["Goal"]] = relationship(back_populates="plan", order_by="Goal.created_at")


class Goal(HasId, HasCreated, HasVersion, Base):
    """A goal: the citizen's words first, then the professional wording (current versions)."""

    __tablename__ = "goal"

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("plan.id"), index=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("case_file.id"), index=True)
    citizen_words: Mapped[str] = mapped_column(Text)
    citizen_words_recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    citizen_words_at: Mapped[datetime] = mapped_column()
    professional_wording: Mapped[str] = mapped_column(Text, default="")
    goal_type: Mapped[str] = mapped_column(String(20))
    theme_codes: Mapped[list[str]] = mapped_column(default=list)
    status: Mapped[GoalStatus] = mapped_column(String(10), default=GoalStatus.ACTIVE)

    plan: Mapped[Plan] = relationship(back_populates="goals")
    ratings: Mapped[list["GoalRating"]] = relationship(order_by="GoalRating.at")


class GoalRating(HasId, Base):
    """How far the citizen or the professional finds the goal reached, 0–10, at a moment."""

    __tablename__ = "goal_rating"
    __table_args__ = (Index("ix_goal_rating_goal_at", "goal_id", "at"),)

    goal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("goal.id"))
    rater: Mapped[Rater] = mapped_column(String(20))
    score: Mapped[int] = mapped_column()
    comment: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    # Who gave it (authorship.Writer): the citizen, a relative for them, or staff.
    writer: Mapped[str | None] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column()


class WellbeingAnswer(HasId, Base):
    """The citizen's answers to 'Sådan har jeg det', samskab's own short wellbeing scale."""

    __tablename__ = "wellbeing_answer"
    __table_args__ = (Index("ix_wellbeing_answer_citizen_at", "citizen_id", "at"),)

    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizen.id"))
    answers: Mapped[dict[str, Any]] = mapped_column()
    answered_by: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column()
