# SPDX-License-Identifier: MPL-2.0
"""Reading the audit log (for the citizen's own log and for operators)."""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.audit.models import AuditEvent


def events_about(session: Session, citizen_id: uuid.UUID, *, limit: int = 100) -> list[AuditEvent]:
    """The newest audit events about one citizen."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.citizen_id == citizen_id)
        .order_by(AuditEvent.at.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
