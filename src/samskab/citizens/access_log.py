# SPDX-License-Identifier: MPL-2.0
"""'Hvem har set mine oplysninger': the citizen reads their own access log, and only their own."""

import uuid

from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import require_own
from samskab.audit.queries import LogFilter, LogPage, citizens_log


def access_log_for(
    session: Session, actor: Actor, citizen_id: uuid.UUID, wanted: LogFilter
) -> LogPage:
    """One page of the citizen's own access log; one read is logged for the page."""
    require_own(session, actor, citizen_id, "audit.read", object_type="audit")
    return citizens_log(session, citizen_id, wanted)
