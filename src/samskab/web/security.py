# SPDX-License-Identifier: MPL-2.0
"""Browser-facing safety: CSRF tokens on every form, an idle time-out, security headers, and a
brake on repeated log-ins and bad tokens. A pure ASGI middleware inside the session middleware."""

import hmac
import secrets
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, MutableMapping
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qs

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'none'; object-src 'none'"
)
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
LOGIN_PATHS = ("/login/demo", "/login/oidc")
MAX_BODY = 2_000_000


class Brake:
    """At most `limit` events per client address within `window` seconds."""

    def __init__(self, limit: int, window: float = 60.0) -> None:
        self.limit, self.window = limit, window
        self._seen: dict[str, deque[float]] = defaultdict(deque)

    def hit(self, client: str) -> None:
        """Count an event."""
        self._seen[client].append(time.monotonic())

    def exceeded(self, client: str) -> bool:
        """Whether the client has used up its allowance."""
        seen, cutoff = self._seen[client], time.monotonic() - self.window
        while seen and seen[0] < cutoff:
            seen.popleft()
        return len(seen) >= self.limit


class SecurityMiddleware:
    """CSRF, idle time-out, security headers and log-in brakes for one application."""

    def __init__(
        self,
        app: App,
        *,
        idle_minutes: int = 30,
        secure: bool = False,
        login_limit: int = 30,
        bad_token_limit: int = 20,
    ) -> None:
        self.app, self.idle, self.secure = app, idle_minutes * 60, secure
        self.logins, self.bad_tokens = Brake(login_limit), Brake(bad_token_limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, method = scope["path"], scope["method"]
        client = (scope.get("client") or ("?", 0))[0]
        session: dict[str, Any] = scope.get("session", {})
        headers = {k.decode().lower(): v.decode() for k, v in scope.get("headers", [])}
        self._expire_idle(session)
        token = session.setdefault("csrf", secrets.token_urlsafe(24))
        if path.startswith(LOGIN_PATHS):
            if self.logins.exceeded(client):
                await _refuse(send, 429, "For mange forsøg på at logge ind. Vent et minut.")
                return
            self.logins.hit(client)
        bearer = headers.get("authorization", "").lower().startswith("bearer ")
        if bearer and self.bad_tokens.exceeded(client):
            await _refuse(send, 429, "For mange forsøg med ugyldige tokens. Vent et minut.")
            return
        # The API authenticates by a bearer token alone (the cookie session does not even run
        # for it), so it has no cross-site forms to guard against; the pages always act on the
        # session cookie, so every page form is checked whatever other headers it carries.
        if method in UNSAFE and not path.startswith("/api/"):
            body = await _body(receive)
            if body is None:
                await _refuse(send, 413, "Indholdet er for stort (højst 2 MB).")
                return
            if not hmac.compare_digest(_supplied(headers, body), token):
                await _refuse(
                    send, 403, "Formularen er udløbet. Gå tilbage, genindlæs siden og prøv igen."
                )
                return
            receive = _replay(body, receive)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                if message["status"] == 401 and bearer:
                    self.bad_tokens.hit(client)
                extra = list(HEADERS)
                present = {name.lower() for name, _ in message.get("headers", [])}
                if not path.startswith("/static") and b"cache-control" not in present:
                    # Pages and API answers carry personal data: never keep them in a cache.
                    extra.append((b"cache-control", b"no-store"))
                if not path.startswith("/api/docs"):
                    extra.append((b"content-security-policy", CSP.encode()))
                if self.secure:
                    extra.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _expire_idle(self, session: dict[str, Any]) -> None:
        now = int(time.time())
        if (session.get("login_id") or session.get("guest")) and now - int(
            session.get("seen", now)
        ) > self.idle:
            session.clear()
        if session.get("login_id") or session.get("guest"):
            session["seen"] = now


def _supplied(headers: dict[str, str], body: bytes) -> str:
    if headers.get("x-csrf-token"):
        return headers["x-csrf-token"]
    if headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return (parse_qs(body.decode("utf-8", "replace")).get("_csrf") or [""])[0]
    if headers.get("content-type", "").startswith("multipart/form-data"):
        return _multipart_field(headers["content-type"], body, "_csrf")
    return ""


def _multipart_field(content_type: str, body: bytes, name: str) -> str:
    """One small text field of a multipart/form-data body (e.g. a file upload's form token)."""
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        return ""
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == name:
            value = part.get_payload(decode=True)
            return value.decode("utf-8", "replace").strip() if isinstance(value, bytes) else ""
    return ""


async def _body(receive: Receive) -> bytes | None:
    chunks, size = [], 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


def _replay(body: bytes, original: Receive) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await original()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _refuse(send: Send, status: int, message: str) -> None:
    body = (
        f'<!doctype html><html lang="da"><meta charset="utf-8"><title>samskab</title>'
        f"<main><h1>Det gik ikke</h1><p>{message}</p></main></html>"
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/html; charset=utf-8"), *HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})
