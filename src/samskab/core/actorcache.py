# SPDX-License-Identifier: MPL-2.0
"""Who is behind a credential, remembered by each worker process for a short time.

A request authenticates by a bearer token or a browser log-in. Looking up the user, roles, teams
and organisation behind it on every request costs a statement; this cache keeps the answer for
`ttl` seconds per process. It is forgotten at once when it stops being true:

- a write that revokes a token, ends a log-in or changes a user's roles, teams or activity calls
  `samskab.organisations.actions.forget_actor(session, ...)` in its transaction. On PostgreSQL
  that sends `pg_notify` on `CHANNEL`, which the database delivers to every worker's listener
  (see `samskab.core.events.PostgresListener`) only when the transaction commits; in this
  process the entry is forgotten by an after-commit hook (SQLite, and at once on PostgreSQL
  too);
- a listener that loses its connection may have missed a notification: the cache empties itself
  and is not used until the listener is back (`deaf` / `hear`).

A load that started before an invalidation must not put its (possibly stale) answer back: every
invalidation bumps a generation, and `put` drops an answer loaded under an older one.

The cache of an installation's `Database` is reached from a session as `session.info["actors"]`,
like its CPR vault (`session.info["vault"]`).
"""

import threading
import time
import uuid
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

CHANNEL = "samskab_actors"
EVERYONE = "*"


@dataclass(frozen=True)
class Entry:
    """One remembered answer: for whom, and what (an Actor with what the credential allows)."""

    user_id: uuid.UUID
    login_id: uuid.UUID | None
    value: Any
    stored: float


class ActorCache:
    """Credential key → answer, for `ttl` seconds, forgotten by user, by log-in or entirely."""

    def __init__(self, ttl: float = 30.0, size: int = 10_000) -> None:
        self.ttl, self.size = ttl, size
        self._lock = threading.Lock()
        self._entries: dict[Hashable, Entry] = {}
        self._generation = 0
        self._deaf = False

    @property
    def generation(self) -> int:
        """Take this before loading an answer and give it to `put`."""
        return self._generation

    def get(self, key: Hashable) -> Any | None:
        """The remembered answer for a credential, or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or self._deaf:
                return None
            if time.monotonic() - entry.stored > self.ttl:
                del self._entries[key]
                return None
            return entry.value

    def put(
        self,
        key: Hashable,
        value: Any,
        *,
        user_id: uuid.UUID,
        generation: int,
        login_id: uuid.UUID | None = None,
    ) -> None:
        """Remember an answer unless something was forgotten since its load began."""
        with self._lock:
            if generation != self._generation or self._deaf:
                return
            if len(self._entries) >= self.size:
                self._entries.clear()
            self._entries[key] = Entry(user_id, login_id, value, time.monotonic())

    def forget(self, message: str) -> None:
        """Forget a user's answers ("user:<id>"), one log-in's ("login:<id>") or all ("*")."""
        kind, _, raw = message.partition(":")
        with self._lock:
            self._generation += 1
            if message == EVERYONE or kind not in ("user", "login"):
                self._entries.clear()
                return
            try:
                target = uuid.UUID(raw)
            except ValueError:
                self._entries.clear()
                return
            attribute = "user_id" if kind == "user" else "login_id"
            stale = [k for k, e in self._entries.items() if getattr(e, attribute) == target]
            for key in stale:
                del self._entries[key]

    def deaf(self) -> None:
        """Notifications may be missed from now on: forget everything and stop remembering."""
        with self._lock:
            self._deaf = True
            self._generation += 1
            self._entries.clear()

    def hear(self) -> None:
        """Notifications arrive again (the listener is connected): remember again."""
        with self._lock:
            self._deaf = False
            self._generation += 1
            self._entries.clear()
