# SPDX-License-Identifier: MPL-2.0
"""How many requests a worker takes on at once, and which requests the web's cookie session
runs for. Pure ASGI middlewares, outermost in the application.

A worker admits at most `limit` requests at a time. A few more (`queue`) wait their turn in the
order they came, each for at most `wait` seconds; beyond that, and after that, the worker
answers with 503 and Retry-After (a Danish problem+json for the API, a Danish page for the web)
instead of letting requests hang for a database connection until they time out. A short queue
keeps a burst from turning into a storm of refusals that the clients retry at once. The
connection pool is sized to the same limit (see `samskab.cli.serve`), so an admitted request
never waits for a connection. Static files and live streams (server-sent events, which hold no
connection while they wait) are not counted."""

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.middleware.sessions import SessionMiddleware

from samskab.core.errors import ErrorCode

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

BUSY = "Der er travlt lige nu. Prøv igen om et øjeblik."
STREAMS = ("/live", "/events")


class AdmissionLimit:
    """At most `limit` requests in this worker at once and `queue` waiting (each at most `wait`
    seconds); 503 with Retry-After beyond that."""

    def __init__(
        self, app: App, *, limit: int, queue: int = 0, wait: float = 5.0, retry_after: int = 1
    ) -> None:
        if limit < 1 or queue < 0:
            raise ValueError("the admission limit must be at least 1 and the queue not negative")
        self.app, self.limit, self.retry_after = app, limit, retry_after
        self.queue, self.wait = queue, wait
        self.active = self.waiting = 0
        self._turns: asyncio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith("/static/") or path.endswith(STREAMS):
            await self.app(scope, receive, send)
            return
        if not await self._admit():
            await self._refuse(path, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self.active -= 1
            assert self._turns is not None
            self._turns.release()

    async def _admit(self) -> bool:
        """Take a turn at once, or wait in the queue for one; False when the queue is full or
        the wait ran out. One event loop per worker: the counters need no lock."""
        if self._turns is None:
            self._turns = asyncio.Semaphore(self.limit)
        if self._turns.locked() or self.waiting:
            if self.waiting >= self.queue:
                return False
            self.waiting += 1
            try:
                await asyncio.wait_for(self._turns.acquire(), self.wait)
            except TimeoutError:
                return False
            finally:
                self.waiting -= 1
        else:
            await self._turns.acquire()
        self.active += 1
        return True

    async def _refuse(self, path: str, send: Send) -> None:
        if path.startswith("/api/"):
            kind = b"application/problem+json"
            body = json.dumps(
                {
                    "type": f"/problems/{ErrorCode.BUSY}",
                    "title": BUSY,
                    "status": 503,
                    "code": str(ErrorCode.BUSY),
                    "detail": BUSY,
                },
                ensure_ascii=False,
            ).encode()
        else:
            kind = b"text/html; charset=utf-8"
            body = (
                '<!doctype html><html lang="da"><meta charset="utf-8"><title>samskab</title>'
                f"<main><h1>Der er travlt</h1><p>{BUSY}</p></main></html>"
            ).encode()
        headers = [
            (b"content-type", kind),
            (b"retry-after", str(self.retry_after).encode()),
            (b"cache-control", b"no-store"),
        ]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class WebSession(SessionMiddleware):
    """The web's signed cookie session; it does not run for the API, which authenticates by
    bearer token only (no cookie read, none set)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
