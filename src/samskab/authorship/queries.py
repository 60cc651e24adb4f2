# SPDX-License-Identifier: MPL-2.0
"""Reads of authored text. Callers check access to the citizen first (these take no actor)."""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.authorship.models import AuthoredText, TextSeen, Writer
from samskab.authorship.schemas import TextVersionOut

History = dict[tuple[uuid.UUID, str], list[AuthoredText]]


def latest_version(
    session: Session, subject_type: str, subject_id: uuid.UUID, field: str
) -> AuthoredText | None:
    """The newest version of one text, or None if it was never written."""
    return session.scalar(
        select(AuthoredText)
        .where(
            AuthoredText.subject_type == subject_type,
            AuthoredText.subject_id == subject_id,
            AuthoredText.field == field,
        )
        .order_by(AuthoredText.version.desc())
        .limit(1)
    )


def history_of(session: Session, subject_type: str, subject_ids: Iterable[uuid.UUID]) -> History:
    """Every version of every text of these subjects, oldest first, by (subject, field)."""
    ids = list(subject_ids)
    found: History = defaultdict(list)
    if not ids:
        return found
    rows = session.scalars(
        select(AuthoredText)
        .where(AuthoredText.subject_type == subject_type, AuthoredText.subject_id.in_(ids))
        .order_by(AuthoredText.version)
    )
    for row in rows:
        found[(row.subject_id, row.field)].append(row)
    return found


def history_of_new(session: Session, subject_type: str, subject_id: uuid.UUID) -> History:
    """Every version of the texts of a subject made in this transaction, without a read: a
    subject that did not exist before the transaction has only the versions written in it,
    and those are in the session."""
    found: History = defaultdict(list)
    written = [
        row
        for row in session.identity_map.values()
        if isinstance(row, AuthoredText)
        and row.subject_type == subject_type
        and row.subject_id == subject_id
    ]
    for row in sorted(written, key=lambda text: text.version):
        found[(row.subject_id, row.field)].append(row)
    return found


def seen_at(session: Session, user_id: uuid.UUID | None, citizen_id: uuid.UUID) -> datetime | None:
    """When this staff member last read what the citizen wrote themselves (None: never)."""
    if user_id is None:
        return None
    return session.scalar(
        select(TextSeen.seen_at).where(
            TextSeen.user_id == user_id, TextSeen.citizen_id == citizen_id
        )
    )


def citizen_written_since(
    session: Session, citizen_id: uuid.UUID, since: datetime | None
) -> list[AuthoredText]:
    """What the citizen (or their relative) wrote after a moment, newest first."""
    query = select(AuthoredText).where(
        AuthoredText.citizen_id == citizen_id, AuthoredText.writer != Writer.STAFF
    )
    if since is not None:
        query = query.where(AuthoredText.written_at > since)
    return list(session.scalars(query.order_by(AuthoredText.written_at.desc())))


def version_out(text: AuthoredText) -> TextVersionOut:
    """One version as a response body."""
    return TextVersionOut(
        field=text.field,
        version=text.version,
        body=text.body,
        voice=text.voice,
        writer=text.writer,
        author_name=text.author_name,
        author_role=text.author_role,
        on_behalf_of=text.on_behalf_of,
        written_at=text.written_at,
    )
