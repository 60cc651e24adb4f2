# SPDX-License-Identifier: MPL-2.0
"""Forms that are sent once: a one-time token issued with a form, stored with its result.

A person who goes back and sends a form again, or clicks twice, must not create a second case,
goal or order. The page issues a fresh token with each form; the write that the form causes
claims the token in its own transaction and stores where its result can be seen. A second
submission with the same token finds the claim and is sent to the first result instead.
Two submissions racing each other meet on the token's primary key: the database lets one
claim it and makes the other wait, then refuse, after which it reads the first result.

A browser that goes back to a page it may not keep (pages are sent with no-store) fetches it
again, with a new token, and fills the form with what was typed before. So a submission also
carries a fingerprint of the form (where it was sent and what it said): the same person
sending the same content to the same place again within REPEAT_WINDOW goes to the first
result as well.
"""

import hashlib
import json
import secrets
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from sqlalchemy import String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from samskab.core import clock
from samskab.core.db import Base

TOKEN_LENGTH = 32
REPEAT_WINDOW = timedelta(minutes=10)


class FormSubmission(Base):
    """A form token that has been used, and the address of what its submission made."""

    __tablename__ = "form_submission"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column()
    result_url: Mapped[str] = mapped_column(String(500), default="")
    submitted_at: Mapped[datetime] = mapped_column(default=clock.now)
    # SHA-256 of where the form was sent and what it said (no content is stored).
    fingerprint: Mapped[str | None] = mapped_column(String(64), index=True)


def fingerprint_of(where: str, fields: Mapping[str, object]) -> str:
    """The fingerprint of a form's content as sent to an address."""
    content = json.dumps([where, sorted((k, str(v)) for k, v in fields.items())])
    return hashlib.sha256(content.encode()).hexdigest()


def new_form_token() -> str:
    """A fresh token to send with one form."""
    return secrets.token_urlsafe(TOKEN_LENGTH)[:TOKEN_LENGTH]


def earlier_result(session: Session, token: str, user_id: uuid.UUID | None) -> str | None:
    """Where the first submission of this form went, if it has been sent before."""
    query = select(FormSubmission.result_url).where(
        FormSubmission.token == token, FormSubmission.user_id == user_id
    )
    return session.scalar(query) or None


def _repeated(session: Session, fingerprint: str, user_id: uuid.UUID | None) -> str | None:
    """Where the same content from the same person went, if it was sent a moment ago."""
    query = (
        select(FormSubmission.result_url)
        .where(
            FormSubmission.fingerprint == fingerprint,
            FormSubmission.user_id == user_id,
            FormSubmission.submitted_at >= clock.now() - REPEAT_WINDOW,
            FormSubmission.result_url != "",
        )
        .limit(1)
    )
    return session.scalar(query)


def submit_once(
    session: Session,
    token: str,
    user_id: uuid.UUID | None,
    work: Callable[[], str | None],
    *,
    fingerprint: str | None = None,
) -> str | None:
    """Run a form's write unless its token was used before, and return the address of its
    result. `work` returns that address, or None when it refused the input (the token then
    stays unused, so the corrected form can be sent). A form sent before is not run again:
    the address of its first result is returned."""
    if (earlier := earlier_result(session, token, user_id)) is not None:
        return earlier
    if fingerprint and (repeated := _repeated(session, fingerprint, user_id)) is not None:
        return repeated
    claim = session.begin_nested()
    submission = FormSubmission(token=token, user_id=user_id, fingerprint=fingerprint)
    try:
        session.add(submission)
        session.flush()
    except IntegrityError:
        claim.rollback()
        return earlier_result(session, token, user_id) or ""
    address = work()
    if address is None:
        claim.rollback()
        return None
    submission.result_url = address
    session.flush()
    claim.commit()
    return address
