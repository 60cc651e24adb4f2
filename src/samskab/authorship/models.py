# SPDX-License-Identifier: MPL-2.0
"""Tables for authored text (every version of every free text) and what staff have read."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samskab.core.db import Base, HasId


class Voice(StrEnum):
    """Whose words a text is: the citizen's own, or the professional's."""

    CITIZEN = "citizen"
    PROFESSIONAL = "professional"


class Writer(StrEnum):
    """Who actually wrote a version down."""

    CITIZEN = "citizen"  # the citizen, logged in to Min side
    RELATIVE = "relative"  # a relative with a power of attorney, for the citizen
    STAFF = "staff"  # a caseworker or other professional
    PARTICIPANT = "participant"  # someone who joined a meeting by link and code, on its screen


class AuthoredText(HasId, Base):
    """One version of one free text about a citizen; a new version never replaces an old one."""

    __tablename__ = "authored_text"
    __table_args__ = (
        UniqueConstraint("subject_type", "subject_id", "field", "version"),
        Index("ix_authored_text_citizen_written", "citizen_id", "written_at"),
    )

    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizen.id"))
    subject_type: Mapped[str] = mapped_column(String(30))
    subject_id: Mapped[uuid.UUID] = mapped_column()
    field: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column()
    body: Mapped[str] = mapped_column(Text)
    voice: Mapped[Voice] = mapped_column(String(20))
    writer: Mapped[Writer] = mapped_column(String(20))
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    author_name: Mapped[str] = mapped_column(String(200))
    author_role: Mapped[str] = mapped_column(String(40))
    # The citizen the author wrote for, when they wrote down the citizen's words.
    on_behalf_of: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("citizen.id"))
    written_at: Mapped[datetime] = mapped_column()

    @property
    def by_citizen_side(self) -> bool:
        """Whether the citizen (or their relative with a power of attorney) wrote this."""
        return self.writer != Writer.STAFF


class TextSeen(HasId, Base):
    """When a staff member last read what a citizen has written or rated themselves."""

    __tablename__ = "text_seen"
    __table_args__ = (UniqueConstraint("user_id", "citizen_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizen.id"))
    seen_at: Mapped[datetime] = mapped_column()
