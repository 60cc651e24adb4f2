# SPDX-License-Identifier: MPL-2.0
"""Access relations: the explicit reasons a team may see a citizen.

Each relation is written by the domain action that creates the reason (opening a case in a
team, moving it), in the same transaction. See docs/adr/0002-access-relations.md.
"""

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samskab.core.db import Base, HasCreated, HasId


class CitizenAccess(HasId, HasCreated, Base):
    """A team's need to know a citizen, and the record that gives it."""

    __tablename__ = "citizen_access"
    __table_args__ = (
        UniqueConstraint("source_type", "source_id"),
        Index("ix_citizen_access_team_citizen", "team_id", "citizen_id"),
    )

    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizen.id"), index=True)
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"))
    # A provider's need to know comes from an order addressed to it (no team).
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisation.id"))
    source_type: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[uuid.UUID] = mapped_column()
    # Emergency access (break the glass) is personal and ends by itself.
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    expires_at: Mapped[datetime | None] = mapped_column()
    # A grant (every row that is not a team's standing access through its own case: a referral
    # accepted, break the glass, a colleague from another team) names its purpose and grantor,
    # has an end date (`expires_at`), and is reviewed by the lead of `review_team_id`, who may
    # confirm it or end it at once (`ended_at`). Standing access has no purpose.
    purpose: Mapped[str | None] = mapped_column(String(200))
    granted_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    review_team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column()
    confirmed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    ended_at: Mapped[datetime | None] = mapped_column()
    ended_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))


class Consent(HasId, HasCreated, Base):
    """A citizen's consent that a relative may see parts of their case (or, with a power of
    attorney, act for them); withdrawn at once by setting `withdrawn_at`."""

    __tablename__ = "consent"
    __table_args__ = (Index("ix_consent_grantee_citizen", "grantee_id", "citizen_id"),)

    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizen.id"), index=True)
    grantee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    scopes: Mapped[list[str]] = mapped_column(default=list)
    power_of_attorney: Mapped[bool] = mapped_column(default=False)
    valid_until: Mapped[date | None] = mapped_column()
    withdrawn_at: Mapped[datetime | None] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="")
