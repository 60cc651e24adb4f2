# SPDX-License-Identifier: MPL-2.0
"""Reads on offers (catalogue data, no personal data)."""

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.offers.models import Offer


def offers_by_id(session: Session, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, Offer]:
    """The offers with these ids (None and unknown ids left out)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {o.id: o for o in session.scalars(select(Offer).where(Offer.id.in_(wanted)))}
