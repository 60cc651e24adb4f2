# SPDX-License-Identifier: MPL-2.0
"""How a samskab process is built from its settings: the database with its connection pool, and
the application that each of `samskab serve --workers N`'s worker processes runs (uvicorn
calls `application()` once in each). See docs/operations.md."""

from typing import Any

from fastapi import FastAPI

from samskab.app import create_app
from samskab.core.actorcache import ActorCache
from samskab.core.crypto import resolve_secrets, vault_from_settings
from samskab.core.db import Database, make_engine
from samskab.core.settings import Settings, get_settings
from samskab.web.oidc import OidcConfig


def pool_options(settings: Settings) -> dict[str, Any]:
    """The connection pool of one process: as many connections as it admits requests (so an
    admitted request never waits for one), a few more for live streams, recycled instead of
    pinged on every checkout. SQLite (development) keeps SQLAlchemy's defaults."""
    if settings.database_url.startswith("sqlite"):
        return {}
    return {
        "pool_size": settings.pool_size or settings.admission_limit,
        "max_overflow": settings.pool_max_overflow,
        "pool_timeout": settings.pool_timeout,
        "pool_recycle": settings.pool_recycle,
    }


def database_from(settings: Settings) -> Database:
    """The installation's database as this process reaches it."""
    return Database(
        make_engine(settings.database_url, **pool_options(settings)),
        vault_from_settings(settings),
        actors=ActorCache(ttl=settings.actor_cache_seconds),
    )


def oidc_from(settings: Settings) -> OidcConfig | None:
    """The OpenID Connect provider, if one is configured."""
    if not settings.oidc_issuer:
        return None
    return OidcConfig(
        settings.oidc_issuer,
        settings.oidc_client_id,
        settings.oidc_client_secret,
        settings.oidc_scope,
        settings.oidc_cpr_claim,
    )


def application() -> FastAPI:
    """The application of one worker process, from the environment (SAMSKAB_*)."""
    settings = get_settings()
    return create_app(
        database_from(settings),
        demo=settings.demo,
        session_key=resolve_secrets(settings)["session_key"],
        oidc=oidc_from(settings),
        secure_cookies=settings.secure_cookies,
        admission_limit=settings.admission_limit,
        admission_queue=settings.admission_queue,
        admission_wait=settings.admission_wait,
        trusted_proxies=settings.trusted_proxies,
    )
