# SPDX-License-Identifier: MPL-2.0
"""The ASGI application: JSON API and web pages over the same domain functions."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException

from samskab import __version__
from samskab.api import problems
from samskab.api.router import router as api_router
from samskab.audit.sealer import Sealer
from samskab.core.actorcache import CHANNEL as ACTORS_CHANNEL
from samskab.core.db import Database
from samskab.core.errors import DomainError, Unauthenticated
from samskab.core.events import PostgresListener
from samskab.core.logs import without_personal_data
from samskab.meetings.live import LiveStates
from samskab.web import (
    admin,
    assessments,
    decisions,
    emergency,
    inquiries,
    journal,
    meeting_guests,
    meetings,
    messages,
    my_meetings,
    orders,
    placement,
    plans,
    portal,
    region,
    standards,
)
from samskab.web import oidc as oidc_pages
from samskab.web.admission import AdmissionLimit, WebSession
from samskab.web.oidc import OidcConfig, oauth_for
from samskab.web.pages import router as web_router
from samskab.web.render import page
from samskab.web.security import SecurityMiddleware

DESCRIPTION = (
    "samskab – sagsbehandling med borgeren som medforfatter. Alle fejl svarer med "
    "application/problem+json med en stabil kode og en dansk besked. Log ind med et "
    "bearer-token fra `samskab users token BRUGER`."
)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _install_errors(app: FastAPI) -> None:
    problems.install(app)
    api_handlers = dict(app.exception_handlers)

    async def dispatch(request: Request, error: Exception) -> Response:
        handler = next(api_handlers[kind] for kind in type(error).__mro__ if kind in api_handlers)
        if _is_api(request):
            return await handler(request, error)  # type: ignore[no-any-return]
        if isinstance(error, Unauthenticated):
            return RedirectResponse("/login", status_code=303)
        status, message = 500, "Der opstod en uventet fejl. Prøv igen senere."
        if isinstance(error, DomainError):
            status, message = error.status, error.message
        elif isinstance(error, HTTPException):
            status, message = error.status_code, "Siden findes ikke."
        elif isinstance(error, RequestValidationError):
            status, message = 422, "Adressen eller formularen indeholder en ugyldig værdi."
        else:
            problems.log.error("unexpected error: %s", without_personal_data(error))
        title = {404: "Ikke fundet", 403: "Ingen adgang"}.get(status, "Noget gik galt")
        return page(request, "error.html", status_code=status, title=title, message=message)

    for kind in list(api_handlers):
        app.add_exception_handler(kind, dispatch)


def _lifespan(db: Database) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """While the app runs: seal audit events in the background, and listen for live events
    and forgotten actors from other workers (PostgreSQL only). A database bound to one
    connection (the tests') gets neither: a thread may not share that connection."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        listener = sealer = None
        if isinstance(db.bind, Engine):
            sealer = Sealer(db)
            sealer.start()
        if isinstance(db.bind, Engine) and db.bind.dialect.name == "postgresql":
            dsn = db.bind.url.set(drivername="postgresql").render_as_string(hide_password=False)
            # Cached actors are trusted only while their invalidations can be heard.
            db.actors.deaf()
            listener = PostgresListener(
                dsn,
                handlers={ACTORS_CHANNEL: db.actors.forget},
                connected=db.actors.hear,
                lost=db.actors.deaf,
            )
            listener.start()
        try:
            yield
        finally:
            if listener is not None:
                listener.stop()
            if sealer is not None:
                sealer.stop()
            app.state.live_states.close()

    return lifespan


def create_app(
    db: Database,
    *,
    session_key: str,
    demo: bool = False,
    oidc: OidcConfig | None = None,
    secure_cookies: bool = False,
    trusted_proxies: str = "",
    admission_limit: int = 32,
    admission_queue: int = 0,
    admission_wait: float = 5.0,
) -> FastAPI:
    """Build the application around an installation's database; each worker admits at most
    `admission_limit` requests at once (size its connection pool to match) and lets at most
    `admission_queue` more wait up to `admission_wait` seconds for a turn."""
    app = FastAPI(
        lifespan=_lifespan(db),
        title="samskab",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.db = db
    app.state.live_states = LiveStates.for_database(db)
    app.state.oidc = oidc
    app.state.oauth = oauth_for(oidc) if oidc else None
    app.state.demo = demo
    app.add_middleware(
        SecurityMiddleware, secure=secure_cookies, db=db, trusted_proxies=trusted_proxies
    )
    app.add_middleware(
        WebSession,
        secret_key=session_key,
        session_cookie="samskab_session",
        same_site="lax",
        https_only=secure_cookies,
        max_age=8 * 3600,
    )
    app.add_middleware(
        AdmissionLimit, limit=admission_limit, queue=admission_queue, wait=admission_wait
    )
    _install_errors(app)
    app.include_router(api_router)
    app.include_router(web_router)
    for pages in (
        inquiries,
        journal,
        assessments,
        plans,
        decisions,
        orders,
        standards,
        meetings,
        meeting_guests,
        portal,
        my_meetings,
        oidc_pages,
        emergency,
        placement,
        region,
        admin,
        messages,
    ):
        app.include_router(pages.router)
    static = resources.files("samskab.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app
