# SPDX-License-Identifier: MPL-2.0
"""The AuditEvent table; the migrations add triggers that refuse DELETE (and TRUNCATE on
PostgreSQL) and every UPDATE but the one that seals an unsealed event (ADR 0010)."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from samskab.core import clock
from samskab.core.db import Base, HasId


class Outcome(StrEnum):
    """Whether the access was allowed or refused."""

    ALLOWED = "allowed"
    DENIED = "denied"


class AuditEvent(HasId, Base):
    """One read or write of a citizen's data, or one refusal; never changed once written."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_citizen_at", "citizen_id", "at"),
        # The sealer's work list: stays small however long the log grows.
        Index(
            "ix_audit_event_unsealed",
            "at",
            "id",
            postgresql_where=text("seq IS NULL"),
            sqlite_where=text("seq IS NULL"),
        ),
    )

    at: Mapped[datetime] = mapped_column(default=clock.now, index=True)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    actor_name: Mapped[str] = mapped_column(String(200))
    on_behalf_of: Mapped[uuid.UUID | None] = mapped_column()
    action: Mapped[str] = mapped_column(String(60))
    outcome: Mapped[Outcome] = mapped_column(String(10), default=Outcome.ALLOWED)
    citizen_id: Mapped[uuid.UUID | None] = mapped_column()
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[uuid.UUID | None] = mapped_column()
    purpose: Mapped[str] = mapped_column(String(200))
    client_address: Mapped[str | None] = mapped_column(String(64))
    # The hash chain: each event's hash covers its fields and the previous event's hash. All
    # three are empty until the background sealer (`samskab.audit.sealer`) chains the event.
    seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
    # The seal: an HMAC of the hash under a key the database does not hold, and that key's id
    # (empty only on events written before the log was keyed).
    key_id: Mapped[str | None] = mapped_column(String(16))
    mac: Mapped[str | None] = mapped_column(String(64))
