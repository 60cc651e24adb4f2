# SPDX-License-Identifier: MPL-2.0
"""Validated input and output for notes."""

import uuid
from datetime import datetime

from pydantic import Field

from samskab.core.validation import Input
from samskab.journal.models import NoteKind


class NoteIn(Input):
    """A new journal note."""

    kind: NoteKind = NoteKind.NOTE
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=50_000)


class NoteOut(NoteIn):
    """A note as stored."""

    id: uuid.UUID
    case_id: uuid.UUID
    author_name: str
    written_at: datetime
