# SPDX-License-Identifier: MPL-2.0
"""The Decision table: one decision on a case, with its hearing, letter and appeal."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from samskab.core.db import Base, HasCreated, HasId
from samskab.decisions.states import DecisionStatus


class Decision(HasId, HasCreated, Base):
    """An administrative decision (FVL) about what a citizen is granted and why."""

    __tablename__ = "decision"
    __table_args__ = (
        # At most one draft per case, enforced by the database (SQLite and PostgreSQL).
        Index(
            "uq_decision_one_draft_per_case",
            "case_id",
            unique=True,
            sqlite_where=text("status = 'draft'"),
            postgresql_where=text("status = 'draft'"),
        ),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_file.id"), index=True)
    status: Mapped[DecisionStatus] = mapped_column(String(12), default=DecisionStatus.DRAFT)
    outcome: Mapped[str] = mapped_column(String(20))
    legal_basis: Mapped[str] = mapped_column(String(60))
    granted: Mapped[str] = mapped_column(Text, default="")
    # What was granted, for orders to stay within: the scope, and the interventions (none
    # listed means any intervention of the service).
    granted_amount: Mapped[float | None] = mapped_column(Float)
    granted_unit: Mapped[str | None] = mapped_column(String(30))
    granted_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # FVL §§ 22-24: the rules applied, the main considerations, and the facts relied on.
    rules: Mapped[str] = mapped_column(Text, default="")
    considerations: Mapped[str] = mapped_column(Text, default="")
    facts: Mapped[str] = mapped_column(Text, default="")
    # FVL § 19: partshøring.
    hearing_needed: Mapped[bool] = mapped_column(default=True)
    hearing_not_needed_reason: Mapped[str] = mapped_column(Text, default="")
    hearing_text: Mapped[str] = mapped_column(Text, default="")
    hearing_sent_on: Mapped[date | None] = mapped_column()
    hearing_deadline: Mapped[date | None] = mapped_column()
    hearing_answer: Mapped[str] = mapped_column(Text, default="")
    hearing_answered_on: Mapped[date | None] = mapped_column()
    # The citizen said they did not want to comment (gave up the hearing).
    hearing_waived_on: Mapped[date | None] = mapped_column()
    # How the caseworker weighed the citizen's answer, as the letter states it.
    hearing_weighing: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The letter and FVL § 25 appeal guidance.
    channel: Mapped[str] = mapped_column(String(20), default="digital_post")
    sent_on: Mapped[date | None] = mapped_column()
    received_on: Mapped[date | None] = mapped_column()
    appeal_deadline: Mapped[date | None] = mapped_column()
    # The appeal route (body, deadline, procedure, source) of the law as the letter stated it
    # when the decision was sent; a later change of the catalogue does not change an old letter.
    appeal_route: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    appealed_on: Mapped[date | None] = mapped_column()
    appeal_text: Mapped[str] = mapped_column(Text, default="")
    reconsideration_deadline: Mapped[date | None] = mapped_column()
    reconsidered_on: Mapped[date | None] = mapped_column()
    reconsideration_note: Mapped[str] = mapped_column(Text, default="")
    reconsideration_outcome: Mapped[str | None] = mapped_column(String(12))
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    decided_by_name: Mapped[str] = mapped_column(String(200), default="")
    # The version of the quality standard in force when the decision was made (sent).
    quality_standard_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("quality_standard.id"), index=True
    )
    # The offer chosen with the citizen (placement advice), for decisions about a place.
    offer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("offer.id"), index=True)
    updated_at: Mapped[datetime | None] = mapped_column()
    # Optimistic concurrency: every update raises it; a write based on an older one is refused.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
