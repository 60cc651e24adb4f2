# SPDX-License-Identifier: MPL-2.0
"""Forms that are sent once: a one-time token issued with a form, stored with its result.

A person who goes back and sends a form again, or clicks twice, must not create a second case,
goal or order. The page issues a fresh token with each form; the write that the form causes
claims the token in its own transaction and stores where its result can be seen. A second
submission with the same token finds the claim and is sent to the first result instead.
Two submissions racing each other meet on the token's primary key: the database lets one
claim it and makes the other wait, then refuse, after which it reads the first result.
"""

import secrets
import uuid
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from samskab.core import clock
from samskab.core.db import Base

TOKEN_LENGTH = 32


class FormSubmission(Base):
    """A form token that has been used, and the address of what its submission made."""

    __tablename__ = "form_submission"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column()
    result_url: Mapped[str] = mapped_column(String(500), default="")
    submitted_at: Mapped[datetime] = mapped_column(default=clock.now)


def new_form_token() -> str:
    """A fresh token to send with one form."""
    return secrets.token_urlsafe(TOKEN_LENGTH)[:TOKEN_LENGTH]


def earlier_result(session: Session, token: str, user_id: uuid.UUID | None) -> str | None:
    """Where the first submission of this form went, if it has been sent before."""
    query = select(FormSubmission.result_url).where(
        FormSubmission.token == token, FormSubmission.user_id == user_id
    )
    return session.scalar(query) or None


def submit_once(
    session: Session, token: str, user_id: uuid.UUID | None, work: Callable[[], str | None]
) -> str | None:
    """Run a form's write unless its token was used before, and return the address of its
    result. `work` returns that address, or None when it refused the input (the token then
    stays unused, so the corrected form can be sent). A form sent before is not run again:
    the address of its first result is returned."""
    if (earlier := earlier_result(session, token, user_id)) is not None:
        return earlier
    claim = session.begin_nested()
    submission = FormSubmission(token=token, user_id=user_id)
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
