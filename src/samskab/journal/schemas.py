# SPDX-License-Identifier: MPL-2.0
"""Validated input and output for notes."""

import uuid
from datetime import date, datetime

from pydantic import Field

from samskab.authorship.schemas import TextVersionOut
from samskab.core.validation import Input
from samskab.journal.models import NoteKind


class NoteIn(Input):
    """A new journal note: what happened, on which day, and what was said or done."""

    kind: NoteKind = NoteKind.NOTE
    title: str = Field(default="", max_length=200, description="Tom: notens art")
    body: str = Field(min_length=1, max_length=50_000)
    occurred_on: date | None = Field(default=None, description="Dagen det skete; tom: i dag")


class NoteCorrectionIn(Input):
    """A correction of a note's text; the earlier versions are kept."""

    body: str = Field(min_length=1, max_length=50_000)
    # The version of the text the correction was based on (the newest in `versions`); a
    # correction based on an older one is refused with the text now stored (409).
    version: int | None = Field(default=None, ge=1)


class NoteOut(NoteIn):
    """A note as stored, with every version of its text."""

    id: uuid.UUID
    case_id: uuid.UUID
    author_name: str
    written_at: datetime
    versions: list[TextVersionOut] = Field(default_factory=list)
