# SPDX-License-Identifier: MPL-2.0
"""Tables for assessments and their per-theme entries."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samskab.core.db import Base, HasCreated, HasId
from samskab.core.versioning import HasVersion


class Assessment(HasId, HasCreated, Base):
    """The assessment (udredning) of one case, in the code system of its service type."""

    __tablename__ = "assessment"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_file.id"), unique=True)
    code_system: Mapped[str] = mapped_column(String(10))
    code_system_version: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text, default="")

    themes: Mapped[list["ThemeAssessment"]] = relationship(
        back_populates="assessment", order_by="ThemeAssessment.theme_display"
    )


class ThemeAssessment(HasId, HasVersion, Base):
    """One theme: the professional's level and words beside the citizen's own level and words."""

    __tablename__ = "theme_assessment"
    __table_args__ = (UniqueConstraint("assessment_id", "theme_code"),)

    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessment.id"))
    theme_code: Mapped[str] = mapped_column(String(80))
    theme_display: Mapped[str] = mapped_column(String(200))
    professional_level: Mapped[int | None] = mapped_column()
    professional_text: Mapped[str] = mapped_column(Text, default="")
    citizen_level: Mapped[int | None] = mapped_column()
    citizen_text: Mapped[str] = mapped_column(Text, default="")
    # FSIII helbredstilstande: an actual or potential problem and the expected state, instead of
    # the functional levels above.
    problem: Mapped[str | None] = mapped_column(String(12))
    expected_state: Mapped[str | None] = mapped_column(String(12))
    support_need: Mapped[str | None] = mapped_column(String(20))
    resources: Mapped[str] = mapped_column(Text, default="")
    wishes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column()
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))

    assessment: Mapped[Assessment] = relationship(back_populates="themes")

    @property
    def levels_differ(self) -> bool:
        """Whether the citizen and the professional see the level differently (any step)."""
        if self.professional_level is None or self.citizen_level is None:
            return False
        return self.professional_level != self.citizen_level
