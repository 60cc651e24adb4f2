# SPDX-License-Identifier: MPL-2.0
"""Live events to open pages (server-sent events), across worker processes.

Publishing is part of the write's transaction: on PostgreSQL through `pg_notify`, which the
database delivers to every listening worker only when the transaction commits; on SQLite (one
process) through an after-commit hook. Each worker fans events out to its own subscribers.
"""

import asyncio
import json
import logging
import threading
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samskab.core.db import on_commit

CHANNEL = "samskab_events"
log = logging.getLogger("samskab.events")


class Hub:
    """Fans events out to the subscribers of one topic in this process (any thread may publish)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[
            str, set[tuple[asyncio.Queue[dict[str, Any]], asyncio.AbstractEventLoop]]
        ] = defaultdict(set)
        self._published: dict[str, int] = {}
        self._gaps = 0

    def published(self, topic: str) -> tuple[int, int]:
        """Where the topic's events stand in this process (gaps, count): a state read while
        this stayed the same is still current, since every later change reaches the
        subscribers."""
        with self._lock:
            return self._gaps, self._published.get(topic, 0)

    def gap(self) -> None:
        """Events may have been missed (the listener lost its connection): no state read
        before now is known to be current."""
        with self._lock:
            self._gaps += 1

    def subscribe(self, topic: str) -> asyncio.Queue[dict[str, Any]]:
        """A queue that receives the topic's events, for the calling event loop."""
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=100)
        with self._lock:
            self._subscribers[topic].add((queue, asyncio.get_running_loop()))
        return queue

    def unsubscribe(self, topic: str, queue: asyncio.Queue[dict[str, Any]]) -> None:
        """Stop delivering to a queue."""
        with self._lock:
            self._subscribers[topic] = {s for s in self._subscribers[topic] if s[0] is not queue}
            if not self._subscribers[topic]:
                del self._subscribers[topic]

    def publish(self, topic: str, event: dict[str, Any]) -> None:
        """Deliver an event to every subscriber of the topic."""
        with self._lock:
            self._published[topic] = self._published.get(topic, 0) + 1
            targets = list(self._subscribers.get(topic, ()))
        for queue, loop in targets:
            if not loop.is_closed():
                loop.call_soon_threadsafe(_offer, queue, event)


def _offer(queue: asyncio.Queue[dict[str, Any]], event: dict[str, Any]) -> None:
    if queue.full():  # a follower that does not read only misses intermediate versions
        queue.get_nowait()
    queue.put_nowait(event)


HUB = Hub()


def announce(session: Session, topic: str, event: dict[str, Any]) -> None:
    """Publish an event when (and only if) the current transaction commits."""
    if session.get_bind().dialect.name == "postgresql":
        payload = json.dumps({"topic": topic, "event": event})
        session.execute(select(func.pg_notify(CHANNEL, payload)))
    else:
        on_commit(session, lambda: HUB.publish(topic, event))


class PostgresListener:
    """A background thread that LISTENs for events and hands them to this process's hub, and
    for any other channels to their handlers (e.g. forgetting cached actors).

    `connected` runs each time the listener has (re)connected and `lost` each time it lost its
    connection: notifications sent in between were missed."""

    def __init__(
        self,
        dsn: str,
        hub: Hub = HUB,
        *,
        handlers: Mapping[str, Callable[[str], None]] | None = None,
        connected: Callable[[], None] | None = None,
        lost: Callable[[], None] | None = None,
    ) -> None:
        self.dsn, self.hub = dsn, hub
        self.handlers: dict[str, Callable[[str], None]] = {CHANNEL: self._publish}
        self.handlers.update(handlers or {})
        self._connected, self._lost = connected, lost
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="samskab-listen", daemon=True)
        self.ready = threading.Event()

    def start(self) -> None:
        """Start listening."""
        self._thread.start()
        self.ready.wait(timeout=10)

    def stop(self) -> None:
        """Stop listening (within a second)."""
        self._stop.set()
        self._thread.join(timeout=5)

    def _publish(self, payload: str) -> None:
        message = json.loads(payload)
        self.hub.publish(message["topic"], message["event"])

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self.dsn, autocommit=True) as conn:
                    for channel in self.handlers:
                        conn.execute(f"LISTEN {channel}")
                    if self._connected is not None:
                        self._connected()
                    self.hub.gap()  # whatever was announced while not listening is lost
                    self.ready.set()
                    while not self._stop.is_set():
                        for notice in conn.notifies(timeout=1.0):
                            self.handlers[notice.channel](notice.payload)
            except psycopg.Error:
                log.warning("event listener lost its connection; reconnecting")
                if self._lost is not None:
                    self._lost()
                self._stop.wait(1.0)


async def stream(
    topic: str,
    load: Callable[[dict[str, Any]], Awaitable[dict[str, Any]]],
    disconnected: Callable[[], Awaitable[bool]],
    *,
    initial: dict[str, Any] | Callable[[], Awaitable[dict[str, Any]]] | None = None,
    until: Callable[[dict[str, Any]], bool] | None = None,
    hub: Hub = HUB,
    keep_alive: float = 15.0,
) -> AsyncIterator[str]:
    """Server-sent events: the current state at once, then again after every event
    (`load` gets the event, which names the version to show). `initial` is the first state,
    or how to get it: it is awaited only once the stream listens, so no change made meanwhile
    is missed. The stream ends after the first state for which `until` holds (e.g. a guest's
    view when the meeting ends). Holds no database connection of its own."""
    queue = hub.subscribe(topic)
    try:
        if initial is None:
            first = await load({})
        elif callable(initial):
            first = await initial()
        else:
            first = initial
        yield f"data: {json.dumps(first, default=str)}\n\n"
        if until is not None and until(first):
            return
        while not await disconnected():
            try:
                event = await asyncio.wait_for(queue.get(), timeout=keep_alive)
            except TimeoutError:
                yield ": ping\n\n"
                continue
            while not queue.empty():  # coalesce a burst of edits into one push
                event = queue.get_nowait()
            state = await load(event)
            yield f"data: {json.dumps(state, default=str)}\n\n"
            if until is not None and until(state):
                return
    finally:
        hub.unsubscribe(topic, queue)
