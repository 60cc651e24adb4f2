# SPDX-License-Identifier: MPL-2.0
"""Following a live meeting: what each worker reads once and shares with all its followers.

A live view's access is checked and logged once, when it opens (`open_live_view`): that one
audit row ("meeting.live") stands for everything the view then shows, version after version,
as before. After that a follower holds no database connection. Each worker reads a meeting's
state once per change and hands the same result to every follower of that meeting in the
worker (single-flight: the first follower to need a version starts the read, the others await
the same read). A follower that opens is given the latest read if no change has been announced
in this worker since that read began; otherwise it joins a read that has not begun yet, or
starts one. Either way it is never shown a state older than its own subscription. Guests are
filtered at every delivery against that shared state (`view_for`): once the meeting has ended
or they were removed, they are told only that their access ended, and their stream stops.

The work runs on threads of its own (two to open views, two to read versions), and on
PostgreSQL on a small connection pool of its own (`LiveStates.for_database`), so a burst of
followers opening never takes threads or connections from the writes on the request path.
"""

import asyncio
import contextvars
import functools
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import require_meeting
from samskab.core.db import Database, make_engine
from samskab.core.errors import NotFound
from samskab.core.events import HUB, Hub, stream
from samskab.meetings.actions import topic
from samskab.meetings.models import Meeting
from samskab.meetings.queries import LOADED, check_guest, state_of
from samskab.meetings.states import MeetingStatus, ParticipantStatus

OPENERS = 2  # threads (and connections) per worker that check and log views as they open
READERS = 2  # threads (and connections) per worker that read new versions
T = TypeVar("T")
State = dict[str, Any]


def open_live_view(session: Session, actor: Actor, meeting_id: uuid.UUID) -> uuid.UUID | None:
    """Check and log, once, that the actor may follow the meeting live. Returns a guest's
    participant id (their deliveries are filtered against it), None for everyone else."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound("Mødet")
    participant = check_guest(session, actor, meeting)
    require_meeting(session, actor, meeting.citizen_id, meeting.id, "meeting.live")
    return participant.id if participant is not None else None


def still_in(state: State, participant_id: uuid.UUID) -> bool:
    """Whether a guest may still see the meeting: it is live and they are still let in."""
    guest = str(participant_id)
    return state.get("status") == MeetingStatus.LIVE and any(
        p["id"] == guest and p["status"] == ParticipantStatus.ADMITTED
        for p in state.get("participants", [])
    )


def view_for(state: State, participant_id: uuid.UUID | None) -> State:
    """What one follower is shown of the shared state: all of it, except that a guest whose
    access has ended (the meeting ended, or they were removed) is told only that."""
    if participant_id is None or still_in(state, participant_id):
        return state
    return {"status": state.get("status"), "access": "ended"}


def access_ended(view: State) -> bool:
    """Whether this was the last thing a guest's live view shows."""
    return view.get("access") == "ended"


@dataclass
class _Flight:
    """One read of a meeting's state, and the changes whose followers wait for it."""

    changes: set[str] = field(default_factory=set)
    task: "asyncio.Task[State] | None" = None


@dataclass
class _Flights:
    """What is bound to one event loop: reads not yet begun, reads under way (by the changes
    they answer), and the gate for reads."""

    loop: asyncio.AbstractEventLoop
    reading: asyncio.Semaphore
    pending: dict[uuid.UUID, _Flight] = field(default_factory=dict)
    flying: dict[tuple[uuid.UUID, str], "asyncio.Task[State]"] = field(default_factory=dict)


class LiveStates:
    """A worker's live meeting states: read once per change, shared by all its followers."""

    def __init__(
        self,
        db: Database,
        *,
        hub: Hub = HUB,
        own_engine: Engine | None = None,
        size: int = 1024,
    ):
        self.db, self.hub, self._own_engine, self._size = db, hub, own_engine, size
        self._done: OrderedDict[tuple[uuid.UUID, str], State] = OrderedDict()
        # The latest state of each meeting, with the count of its events when it was read.
        self._latest: OrderedDict[uuid.UUID, tuple[tuple[int, int], State]] = OrderedDict()
        self._flights: _Flights | None = None
        self._threads: dict[str, ThreadPoolExecutor] = {}

    @classmethod
    def for_database(cls, db: Database) -> "LiveStates":
        """On PostgreSQL, with a small pool of its own beside the request path's pool; on
        SQLite (one process, one file) and in tests (one connection), the app's own."""
        if isinstance(db.bind, Engine) and db.bind.dialect.name == "postgresql":
            url = db.bind.url.render_as_string(hide_password=False)
            engine = make_engine(url, pool_size=OPENERS + READERS, max_overflow=0)
            return cls(Database(engine, db.vault), own_engine=engine)
        return cls(db)

    def close(self) -> None:
        """Stop the threads and close the pool of its own (both come back if used again)."""
        threads, self._threads = self._threads, {}
        for executor in threads.values():
            executor.shutdown(wait=False, cancel_futures=True)
        if self._own_engine is not None:
            self._own_engine.dispose()

    async def open(self, check: Callable[[Session], T]) -> T:
        """Run a view's opening check (access and audit log) in one transaction of its own."""

        def work() -> T:
            with self.db.unit_of_work() as session:
                return check(session)

        return await self._in_thread("open", OPENERS, work)

    async def current(self, meeting_id: uuid.UUID) -> State:
        """The meeting's state now: the latest read if no change has been announced since it
        began, else a read that begins after this call (shared with every follower that asks
        before it begins)."""
        latest = self._latest.get(meeting_id)
        if latest is not None and latest[0] == self.hub.published(topic(meeting_id)):
            return latest[1]
        return await self._join(meeting_id, None)

    async def after(self, meeting_id: uuid.UUID, change: str) -> State:
        """The meeting's state after a change: read once, then shared."""
        cached = self._done.get((meeting_id, change))
        if cached is not None:
            return cached
        flying = self._bound().flying.get((meeting_id, change))
        if flying is not None:
            return await asyncio.shield(flying)
        return await self._join(meeting_id, change)

    def follow(
        self,
        meeting_id: uuid.UUID,
        participant_id: uuid.UUID | None,
        disconnected: Callable[[], Awaitable[bool]],
    ) -> AsyncIterator[str]:
        """A view's server-sent events, once `open` has let it in: the state now, then after
        every change, as this follower may see it."""

        async def first() -> State:
            return view_for(await self.current(meeting_id), participant_id)

        async def then(event: dict[str, Any]) -> State:
            change = event.get("change")
            state = await (self.after(meeting_id, change) if change else self.current(meeting_id))
            return view_for(state, participant_id)

        return stream(
            topic(meeting_id), then, disconnected, initial=first, until=access_ended, hub=self.hub
        )

    def _bound(self) -> _Flights:
        loop = asyncio.get_running_loop()
        if self._flights is None or self._flights.loop is not loop:
            self._flights = _Flights(loop, asyncio.Semaphore(READERS))
        return self._flights

    async def _join(self, meeting_id: uuid.UUID, change: str | None) -> State:
        flights = self._bound()
        flight = flights.pending.get(meeting_id)
        if flight is None:
            flight = flights.pending[meeting_id] = _Flight()
            flight.task = flights.loop.create_task(self._fly(flights, meeting_id, flight))
        if change is not None:
            flight.changes.add(change)
        assert flight.task is not None
        return await asyncio.shield(flight.task)  # one follower leaving never cancels the read

    async def _fly(self, flights: _Flights, meeting_id: uuid.UUID, flight: _Flight) -> State:
        async with flights.reading:
            # From here on, a follower who asks starts the next read: it may have subscribed
            # after this one began, and must not be shown a state older than its subscription.
            if flights.pending.get(meeting_id) is flight:
                del flights.pending[meeting_id]
            keys = [(meeting_id, change) for change in flight.changes]
            assert flight.task is not None
            for key in keys:
                flights.flying[key] = flight.task
            published = self.hub.published(topic(meeting_id))
            try:
                read = functools.partial(self._read, meeting_id)
                state = await self._in_thread("read", READERS, read)
            finally:
                for key in keys:
                    flights.flying.pop(key, None)
        for key in keys:
            self._done[key] = state
        if published == self.hub.published(topic(meeting_id)):
            self._latest[meeting_id] = (published, state)
            self._latest.move_to_end(meeting_id)
        for cache in (self._done, self._latest):
            while len(cache) > self._size:
                cache.popitem(last=False)
        return state

    async def _in_thread(self, kind: str, size: int, work: Callable[[], T]) -> T:
        threads = self._threads.get(kind)
        if threads is None:
            threads = self._threads[kind] = ThreadPoolExecutor(size, f"samskab-live-{kind}")
        context = contextvars.copy_context()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(threads, functools.partial(context.run, work))

    def _read(self, meeting_id: uuid.UUID) -> State:
        with self.db.sessions() as session:
            meeting = session.get(Meeting, meeting_id, options=list(LOADED))
            if meeting is None:
                raise NotFound("Mødet")
            return state_of(meeting).model_dump(mode="json")
