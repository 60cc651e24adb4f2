# SPDX-License-Identifier: MPL-2.0
"""Log-in with OpenID Connect (authlib): staff by username, citizens by the CPR claim."""

import warnings
from dataclasses import dataclass
from typing import Any

import authlib.deprecate  # noqa: F401  (installs authlib's own "always" filter first)

with warnings.catch_warnings():
    # authlib announces a move from httpx to httpx2; httpx is what it (and we) use today.
    warnings.filterwarnings("ignore", message="The httpx module is deprecated")
    from authlib.integrations.starlette_client import OAuth, OAuthError
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from samskab.access.actor import actor_for_user
from samskab.access.policies import reviews_grants_with_roles
from samskab.audit.actions import record
from samskab.citizens.models import Citizen
from samskab.core.cpr import Cpr
from samskab.core.db import Database, vault_of
from samskab.core.errors import DomainError
from samskab.organisations.actions import add_user, open_login
from samskab.organisations.models import Organisation, OrganisationKind, Role, User
from samskab.web.render import home_for, page

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class OidcConfig:
    """Where to log in, as which client, and which claim carries a CPR number."""

    issuer: str
    client_id: str
    client_secret: str
    scope: str = "openid profile"
    cpr_claim: str = "dk.cpr"


def oauth_for(config: OidcConfig) -> OAuth:
    """The authlib client for the configured provider (discovered from its metadata)."""
    oauth = OAuth()
    oauth.register(
        name="samskab",
        client_id=config.client_id,
        client_secret=config.client_secret,
        server_metadata_url=config.issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": config.scope},
    )
    return oauth


@router.get("/login/oidc")
async def start_login(request: Request) -> Response:
    oauth: OAuth | None = request.app.state.oauth
    if oauth is None:
        return RedirectResponse("/login", status_code=303)
    callback = str(request.url_for("finish_login"))
    return await oauth.samskab.authorize_redirect(request, callback)  # type: ignore[no-any-return]


def _user_for(
    db: Database, claims: dict[str, Any], cpr_claim: str, client: str | None
) -> tuple[str, str, str, bool]:
    """The samskab user behind the claims: (user id, name, home page); the log-in is audited."""
    with db.unit_of_work() as session:
        if claims.get(cpr_claim):
            user = _citizen_user(session, Cpr.parse(str(claims[cpr_claim])), claims)
        else:
            username = str(claims.get("preferred_username") or claims.get("sub") or "")
            user = session.scalar(
                select(User).where(
                    User.username == username, User.active, User.citizen_id.is_(None)
                )
            )
        if user is None:
            raise NoAccount()
        actor = actor_for_user(session, user).with_context(client_address=client)
        record(session, actor, "login", citizen_id=user.citizen_id, object_type="session")
        home = home_for(user.roles, user.citizen_id is not None)
        reviews = reviews_grants_with_roles(user.roles)
        return str(open_login(session, user).id), user.display_name, home, reviews


def _citizen_user(session: Any, cpr: Cpr, claims: dict[str, Any]) -> User | None:
    citizen = session.scalar(
        select(Citizen).where(Citizen.cpr_lookup.in_(vault_of(session).lookup_hashes(cpr)))
    )
    if citizen is None:
        return None
    user: User | None = session.scalar(select(User).where(User.citizen_id == citizen.id))
    if user is None:
        municipality = session.scalar(
            select(Organisation).where(
                Organisation.kind == OrganisationKind.MUNICIPALITY,
                Organisation.municipality_code == citizen.municipality_code,
            )
        )
        if municipality is None:
            return None
        user = add_user(
            session,
            f"borger-{citizen.id}",
            str(claims.get("name") or citizen.full_name),
            municipality,
            [Role.CITIZEN],
            title="Borger",
        )
        user.citizen_id = citizen.id
        session.flush()
    return user


class NoAccount(DomainError):
    """The identity is real, but samskab has no account for it."""

    status = 403

    def __init__(self) -> None:
        super().__init__(
            "Du er logget ind, men du har ikke adgang til samskab. Kontakt din "
            "kommune, hvis du mener, det er en fejl."
        )


@router.get("/login/oidc/callback", name="finish_login")
async def finish_login(request: Request) -> Response:
    oauth: OAuth | None = request.app.state.oauth
    config: OidcConfig | None = request.app.state.oidc
    if oauth is None or config is None:
        return RedirectResponse("/login", status_code=303)
    try:
        token = await oauth.samskab.authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})
        claims |= dict(await oauth.samskab.userinfo(token=token))
    except OAuthError:
        return page(
            request,
            "error.html",
            status_code=401,
            title="Noget gik galt",
            message="Log-ind blev afbrudt eller kunne ikke godkendes. Prøv igen.",
        )
    client = request.client.host if request.client else None
    try:
        login_id, name, home, reviews = await run_in_threadpool(
            _user_for, request.app.state.db, claims, config.cpr_claim, client
        )
    except DomainError as error:
        return page(
            request,
            "error.html",
            status_code=error.status,
            title="Ingen adgang",
            message=error.message,
        )
    request.session.clear()
    request.session.update(
        {"login_id": login_id, "user_name": name, "home": home, "reviews": reviews}
    )
    return RedirectResponse(home, status_code=303)
