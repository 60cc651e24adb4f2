# SPDX-License-Identifier: MPL-2.0
"""Anchors: the audit chain's head (number, hash, seal, time) appended now and then to a
write-once file outside the database, which the operator ships off.

A chain that is whole can still be shorter than it was (its newest rows deleted) or empty
(truncated); `chain.verify` finds both by comparing with the anchors. An anchor is sealed
under the audit key like an event, so nobody without the key can write a false one.
"""

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from samskab.audit import chain
from samskab.core import clock
from samskab.core.db import vault_of


@dataclass(frozen=True)
class Anchor:
    """The head of the chain at one moment, sealed."""

    seq: int
    hash: str
    key_id: str
    mac: str
    at: datetime


class DamagedAnchorFile(Exception):
    """A line of the anchor file that cannot be read (the file was edited)."""

    def __init__(self, path: Path, line: int) -> None:
        super().__init__(f"Linje {line} i ankerfilen {path} kan ikke læses: filen er ændret.")
        self.message = str(self)


def head(session: Session) -> Anchor:
    """The chain's newest sealed event as an anchor, sealed now with the active audit key
    (seal the pending events first to anchor them too)."""
    seq, hash_ = chain.head(session)
    vault = vault_of(session)
    vault.refresh()
    key_id, mac = vault.audit.seal(chain.seal_message(seq, hash_))
    return Anchor(seq, hash_, key_id, mac, clock.now())


def append(path: Path, anchor: Anchor) -> None:
    """Append one anchor line to the file (created if missing; never rewritten)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(
        {
            "seq": anchor.seq,
            "hash": anchor.hash,
            "key_id": anchor.key_id,
            "mac": anchor.mac,
            "at": anchor.at.isoformat(),
        }
    )
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    with os.fdopen(fd, "a") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def read(path: Path) -> list[Anchor]:
    """Every anchor in the file, oldest first; none if there is no file yet."""
    if not path.exists():
        return []
    anchors = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            anchors.append(
                Anchor(
                    int(data["seq"]),
                    str(data["hash"]),
                    str(data["key_id"]),
                    str(data["mac"]),
                    datetime.fromisoformat(data["at"]),
                )
            )
        except (ValueError, KeyError, TypeError) as error:
            raise DamagedAnchorFile(path, number) from error
    return anchors
