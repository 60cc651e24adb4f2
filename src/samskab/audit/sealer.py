# SPDX-License-Identifier: MPL-2.0
"""The background sealer: a thread in every worker process that chains and seals committed
audit events about once a second (ADR 0010).

Each round seals what is unsealed then, in transactions of at most `chain.BATCH` events, so
events left unsealed by a crash are sealed by the first round after the next start. Several
workers may each run one: on PostgreSQL a round that finds another worker sealing leaves the
work to it (`wait=False`); on SQLite they take turns on the database's write lock.
"""

import logging
import threading

from samskab.audit.chain import BATCH, seal_pending
from samskab.core.db import Database
from samskab.core.logs import without_personal_data

log = logging.getLogger(__name__)


def seal_all(db: Database, *, wait: bool = True, batch: int = BATCH) -> int:
    """Seal every event committed so far, one transaction per batch; how many were sealed."""
    total = 0
    while True:
        with db.unit_of_work() as session:
            sealed = seal_pending(session, batch=batch, wait=wait)
        total += sealed
        if sealed < batch:
            return total


class Sealer:
    """Seals committed audit events in a background thread until stopped."""

    def __init__(self, db: Database, *, interval: float = 0.5) -> None:
        self.db = db
        self.interval = interval
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start sealing in the background; the first round seals what a crash left."""
        self._thread = threading.Thread(target=self._run, name="audit-sealer", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the round under way, seal what is committed by now, and stop."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _round(self, *, wait: bool) -> None:
        try:
            seal_all(self.db, wait=wait)
        except Exception as error:  # the next round tries again; the requests go on
            log.error("audit sealing failed: %s", without_personal_data(error))

    def _run(self) -> None:
        while not self._stopping.wait(self.interval):
            self._round(wait=False)
        self._round(wait=True)
