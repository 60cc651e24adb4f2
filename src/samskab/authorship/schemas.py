# SPDX-License-Identifier: MPL-2.0
"""Authored text as response bodies."""

import uuid
from datetime import datetime

from pydantic import BaseModel

from samskab.authorship.models import Voice, Writer


class TextVersionOut(BaseModel):
    """One version of a text: what was written, by whom, for whom and when."""

    field: str
    version: int
    body: str
    voice: Voice
    writer: Writer
    author_name: str
    author_role: str
    on_behalf_of: uuid.UUID | None
    written_at: datetime
