# SPDX-License-Identifier: MPL-2.0
"""Writing audit events, always inside the transaction of the work they describe."""

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from samskab.audit.chain import queue
from samskab.audit.models import Outcome
from samskab.core import clock
from samskab.core.db import new_id


class Who(Protocol):
    """What the audit log needs to know about whoever acts."""

    @property
    def user_id(self) -> uuid.UUID | None: ...
    @property
    def display_name(self) -> str: ...
    @property
    def on_behalf_of(self) -> uuid.UUID | None: ...
    @property
    def purpose(self) -> str: ...
    @property
    def client_address(self) -> str | None: ...


def _row(
    who: Who,
    action: str,
    citizen_id: uuid.UUID | None,
    object_type: str,
    object_id: uuid.UUID | None,
    outcome: Outcome,
    at: datetime,
) -> dict[str, Any]:
    return {
        "id": new_id(),
        "at": at,
        "actor_id": who.user_id,
        "actor_name": who.display_name,
        "on_behalf_of": who.on_behalf_of,
        "action": action,
        "outcome": str(outcome),
        "citizen_id": citizen_id,
        "object_type": object_type,
        "object_id": object_id,
        "purpose": who.purpose,
        "client_address": who.client_address,
    }


def record(
    session: Session,
    who: Who,
    action: str,
    *,
    citizen_id: uuid.UUID | None,
    object_type: str,
    object_id: uuid.UUID | None = None,
    outcome: Outcome = Outcome.ALLOWED,
) -> None:
    """Add one audit event to the current transaction (written on commit, sealed into the
    chain by the background sealer shortly after)."""
    queue(session, [_row(who, action, citizen_id, object_type, object_id, outcome, clock.now())])


def record_reads(
    session: Session, who: Who, action: str, citizen_ids: Iterable[uuid.UUID], object_type: str
) -> None:
    """One read event per citizen shown in a list."""
    at = clock.now()
    queue(
        session,
        [
            _row(who, action, citizen_id, object_type, citizen_id, Outcome.ALLOWED, at)
            for citizen_id in dict.fromkeys(citizen_ids)
        ],
    )
