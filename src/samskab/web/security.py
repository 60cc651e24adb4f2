# SPDX-License-Identifier: MPL-2.0
"""Browser-facing safety: CSRF tokens on every form, an idle time-out, security headers, a
brake on repeated log-ins and bad tokens (counted in the database, shared by every worker),
and the client's address (X-Forwarded-For believed only from SAMSKAB_TRUSTED_PROXIES). A pure
ASGI middleware inside the session middleware."""

import hashlib
import hmac
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from email.parser import BytesParser
from email.policy import HTTP
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from typing import Any
from urllib.parse import parse_qs

import anyio

from samskab.core.brakes import attempts, count_attempt
from samskab.core.db import Database

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
    """At most `limit` attempts of one kind per client address within `window` seconds, counted
    in the database so that every worker process brakes the same client (core.brakes)."""

    def __init__(self, db: Database, kind: str, limit: int, window: int = 60) -> None:
        self.db, self.kind, self.limit, self.window = db, kind, limit, window

    def _hit(self, client: str) -> None:
        with self.db.unit_of_work() as session:
            count_attempt(session, f"{self.kind}:{client}")

    def _exceeded(self, client: str) -> bool:
        with self.db.sessions() as session:
            return attempts(session, f"{self.kind}:{client}", self.window) >= self.limit

    async def hit(self, client: str) -> None:
        """Count an attempt (off the event loop: it is a database write)."""
        await anyio.to_thread.run_sync(self._hit, client)

    async def exceeded(self, client: str) -> bool:
        """Whether the client has used up its allowance."""
        return await anyio.to_thread.run_sync(self._exceeded, client)


class KnownGoodTokens:
    """Bearer tokens that this worker saw accepted in the last `ttl` seconds (by hash only), so
    that the bad-token brake's database read is spent on tokens that may be guesses, not on
    every API request. A token answered 401 is forgotten at once."""

    def __init__(self, ttl: float = 60.0, size: int = 10_000) -> None:
        self.ttl, self.size = ttl, size
        self._seen: dict[str, float] = {}

    @staticmethod
    def _key(header: str) -> str:
        return hashlib.sha256(header.encode()).hexdigest()

    def __contains__(self, header: str) -> bool:
        seen = self._seen.get(self._key(header))
        return seen is not None and time.monotonic() - seen < self.ttl

    def accepted(self, header: str) -> None:
        if len(self._seen) >= self.size:
            self._seen.clear()
        self._seen[self._key(header)] = time.monotonic()

    def refused(self, header: str) -> None:
        self._seen.pop(self._key(header), None)


def trusted_networks(setting: str) -> tuple[IPv4Network | IPv6Network, ...]:
    """The proxies (addresses or networks, comma-separated) whose X-Forwarded-For is believed."""
    return tuple(
        ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip()
    )


def client_address(
    peer: str, forwarded_for: str, trusted: tuple[IPv4Network | IPv6Network, ...]
) -> str:
    """The client's address: the peer itself, unless the peer is a trusted proxy; then the
    nearest address in X-Forwarded-For that is not itself a trusted proxy. Anyone else's
    X-Forwarded-For is ignored, so a client cannot choose the address it is logged and
    braked under."""
    if not _is_trusted(peer, trusted):
        return peer
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if not _is_trusted(hop, trusted):
            return hop if _is_address(hop) else peer
    return peer


def _is_address(value: str) -> bool:
    try:
        ip_address(value)
    except ValueError:
        return False
    return True


def _is_trusted(value: str, trusted: tuple[IPv4Network | IPv6Network, ...]) -> bool:
    try:
        address = ip_address(value)
    except ValueError:
        return False
    return any(address in network for network in trusted)


class SecurityMiddleware:
    """CSRF, idle time-out, security headers and log-in brakes for one application."""

    def __init__(
        self,
        app: App,
        *,
        idle_minutes: int = 30,
        secure: bool = False,
        db: Database,
        trusted_proxies: str = "",
        login_limit: int = 30,
        bad_token_limit: int = 20,
    ) -> None:
        self.app, self.idle, self.secure = app, idle_minutes * 60, secure
        self.logins = Brake(db, "login", login_limit)
        self.bad_tokens = Brake(db, "bad_token", bad_token_limit)
        self.good_tokens = KnownGoodTokens()
        self.trusted = trusted_networks(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, method = scope["path"], scope["method"]
        session: dict[str, Any] = scope.get("session", {})
        headers = {k.decode().lower(): v.decode() for k, v in scope.get("headers", [])}
        peer, port = scope.get("client") or ("?", 0)
        client = client_address(peer, headers.get("x-forwarded-for", ""), self.trusted)
        # Everything inside (the audit log's client address) sees the address decided here.
        scope["client"] = (client, port)
        self._expire_idle(session)
        token = session.setdefault("csrf", secrets.token_urlsafe(24))
        if path.startswith(LOGIN_PATHS):
            if await self.logins.exceeded(client):
                await _refuse(send, 429, "For mange forsøg på at logge ind. Vent et minut.")
                return
            await self.logins.hit(client)
        authorization = headers.get("authorization", "")
        bearer = authorization.lower().startswith("bearer ")
        known = bearer and authorization in self.good_tokens
        if bearer and not known and await self.bad_tokens.exceeded(client):
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
                    self.good_tokens.refused(authorization)
                    await self.bad_tokens.hit(client)
                elif bearer and not known and message["status"] < 400:
                    self.good_tokens.accepted(authorization)
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
