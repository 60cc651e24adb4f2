# SPDX-License-Identifier: MPL-2.0
"""Tables for cases, their status history and the municipality's processing deadlines."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samskab.cases.states import CaseStatus
from samskab.citizens.models import Citizen
from samskab.core.db import Base, HasCreated, HasId
from samskab.organisations.models import Team, User


class Case(HasId, HasCreated, Base):
    """A case (sag) about one citizen and one kind of help."""

    __tablename__ = "case_file"
    __table_args__ = (
        Index("ix_case_file_team_status_deadline", "team_id", "status", "deadline_on"),
        Index("ix_case_file_caseworker_status", "caseworker_id", "status"),
    )

    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizen.id"), index=True)
    municipality_code: Mapped[str] = mapped_column(String(4))
    area: Mapped[str] = mapped_column(String(30))
    service_type: Mapped[str] = mapped_column(String(20))
    legal_basis: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    inquiry_from: Mapped[str] = mapped_column(String(40), default="borger")
    inquiry_text: Mapped[str] = mapped_column(Text, default="")
    # RSL § 5: the other areas and laws considered when the inquiry was registered.
    holistic_areas: Mapped[list[str]] = mapped_column(default=list)
    holistic_note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[CaseStatus] = mapped_column(String(20), default=CaseStatus.INQUIRY)
    team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("team.id"))
    caseworker_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    received_on: Mapped[date] = mapped_column()
    deadline_on: Mapped[date] = mapped_column()
    # RSL § 3, stk. 2: when the deadline cannot be kept, the date the citizen was promised instead.
    expected_decision_on: Mapped[date | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()

    citizen: Mapped[Citizen] = relationship()
    team: Mapped[Team] = relationship()
    caseworker: Mapped[User | None] = relationship()


class CaseTransition(HasId, Base):
    """One change of a case's status, with who made it and why."""

    __tablename__ = "case_transition"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_file.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column()
    by_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    reason: Mapped[str] = mapped_column(Text, default="")


class ProcessingDeadline(HasId, Base):
    """A municipality's published processing deadline (RSL § 3) for one service type."""

    __tablename__ = "processing_deadline"
    __table_args__ = (UniqueConstraint("municipality_code", "service_type"),)

    municipality_code: Mapped[str] = mapped_column(String(4))
    service_type: Mapped[str] = mapped_column(String(20))
    days: Mapped[int] = mapped_column()


class QualityStandard(HasId, Base):
    """One version (edition) of a municipality's quality standard (kvalitetsstandard) for a
    service type. Editing publishes a new edition valid from a date; earlier editions stay, so
    a decision or order keeps referring to the edition in force when it was made."""

    __tablename__ = "quality_standard"
    __table_args__ = (UniqueConstraint("municipality_code", "service_type", "edition"),)

    municipality_code: Mapped[str] = mapped_column(String(4))
    service_type: Mapped[str] = mapped_column(String(20))
    edition: Mapped[int] = mapped_column(default=1)
    valid_from: Mapped[date] = mapped_column()
    service_level: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    time_frame: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column()
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))


class CaseReferral(HasId, HasCreated, Base):
    """An inquiry about a citizen the registering team may not see. It shows that team nothing
    of the citizen and grants nothing by itself: the team that has the citizen (or a team lead)
    accepts it, and only then is the case opened and access given through that case."""

    __tablename__ = "case_referral"

    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizen.id"), index=True)
    # The team responsible for the citizen now (None: no team has them; a team lead decides).
    to_team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("team.id"), index=True)
    from_team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("team.id"))
    from_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    from_name: Mapped[str] = mapped_column(String(200))
    municipality_code: Mapped[str] = mapped_column(String(4))
    # The inquiry as it was registered (the case to open), without the citizen's details.
    inquiry: Mapped[dict[str, Any]] = mapped_column()
    status: Mapped[str] = mapped_column(String(10), default="pending")
    decided_by_name: Mapped[str] = mapped_column(String(200), default="")
    decided_at: Mapped[datetime | None] = mapped_column()
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("case_file.id"))
