# SPDX-License-Identifier: MPL-2.0
"""Key rotation for CPR numbers at rest: re-encrypt with the active key, batch by batch, while
the application keeps running (every known key still decrypts until rotation is done)."""

import uuid
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samskab.citizens.models import Citizen
from samskab.core.db import vault_of


def stale_count(session: Session) -> int:
    """How many citizens' CPR numbers are still encrypted with an older key."""
    active = vault_of(session).active_key_id
    query = select(func.count()).select_from(Citizen).where(Citizen.cpr_key_id != active)
    return session.scalar(query) or 0


def rotate_batch(session: Session, size: int = 1000) -> int:
    """Re-encrypt one batch with the active key; returns how many were re-encrypted."""
    vault = vault_of(session)
    query = (
        select(Citizen)
        .where(Citizen.cpr_key_id != vault.active_key_id)
        .order_by(Citizen.id)
        .limit(size)
    )
    citizens = list(session.scalars(query.with_for_update(skip_locked=True)))
    for citizen in citizens:
        cpr = vault.decrypt(citizen.cpr_key_id, citizen.cpr_ciphertext)
        citizen.cpr_key_id, citizen.cpr_ciphertext = vault.encrypt(cpr)
    session.flush()
    return len(citizens)


def rotate_all(run_batch: Callable[[], int]) -> int:
    """Run batches (each its own transaction) until nothing is left; returns the total."""
    total = 0
    while True:
        done = run_batch()
        if not done:
            return total
        total += done


def rehash_batch(
    session: Session, after: uuid.UUID | None, size: int = 1000
) -> tuple[int, int, uuid.UUID | None]:
    """Rehash one batch of citizens (in id order, after `after`) with the active lookup key.

    Returns how many were scanned, how many changed, and the id to continue after (None when
    the end is reached). Rows already on the active key are left alone, so a rotation that was
    interrupted simply runs again.
    """
    vault = vault_of(session)
    query = select(Citizen).order_by(Citizen.id).limit(size)
    if after is not None:
        query = query.where(Citizen.id > after)
    citizens = list(session.scalars(query.with_for_update()))
    changed = 0
    for citizen in citizens:
        fresh = vault.lookup_hash(vault.decrypt(citizen.cpr_key_id, citizen.cpr_ciphertext))
        if citizen.cpr_lookup != fresh:
            citizen.cpr_lookup = fresh
            changed += 1
    session.flush()
    last = citizens[-1].id if len(citizens) == size else None
    return len(citizens), changed, last


def citizen_count(session: Session) -> int:
    """How many citizens there are (for progress)."""
    return session.scalar(select(func.count()).select_from(Citizen)) or 0
