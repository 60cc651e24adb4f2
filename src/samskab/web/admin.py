# SPDX-License-Identifier: MPL-2.0
"""The administrator's pages: staff accounts with roles and teams, and processing deadlines."""

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.administration import actions, logins
from samskab.organisations.models import ROLE_LABELS
from samskab.terminology.services import BY_KEY
from samskab.web.deps import CurrentActor, DbSession
from samskab.web.forms import FormData, FormErrors, attempt, parse
from samskab.web.render import page

router = APIRouter(include_in_schema=False)


def _staff_page(
    request: Request,
    session: Session,
    actor: Actor,
    errors: FormErrors,
    values: dict[str, Any] | None = None,
    failed: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    actions.require_admin(actor)
    return page(
        request,
        "admin_staff.html",
        status_code=status_code,
        rows=actions.staff(session, actor),
        organisations=actions.organisations(session, actor),
        teams=actions.teams(session, actor),
        roles=[(r.value, ROLE_LABELS[r]) for r in actions.STAFF_ROLES],
        role_labels={r.value: label for r, label in ROLE_LABELS.items()},
        errors=errors,
        values=values or {},
        failed=failed,
        me=actor.user_id,
    )


@router.get("/admin")
def staff_page(request: Request, session: DbSession, actor: CurrentActor) -> HTMLResponse:
    return _staff_page(request, session, actor, FormErrors())


@router.post("/admin/brugere")
def create_staff(
    request: Request, form: FormData, session: DbSession, actor: CurrentActor
) -> Response:
    actions.require_admin(actor)
    parsed, errors = parse(actions.StaffIn, form)
    if parsed is not None:
        valid = parsed
        _, errors = attempt(session, lambda: actions.create_staff(session, actor, valid))
        if not errors:
            return RedirectResponse("/admin#brugere", status_code=303)
    return _staff_page(request, session, actor, errors, form, "new", status_code=422)


@router.post("/admin/brugere/{user_id}")
def change_access(
    request: Request, user_id: uuid.UUID, form: FormData, session: DbSession, actor: CurrentActor
) -> Response:
    actions.require_admin(actor)
    data = {k: v for k, v in form.items() if k != "active"} | {"active": "active" in form}
    parsed, errors = parse(actions.AccessIn, data)
    if parsed is not None:
        valid = parsed
        _, errors = attempt(session, lambda: actions.change_access(session, actor, user_id, valid))
        if not errors:
            return RedirectResponse(f"/admin#u-{user_id}", status_code=303)
    return _staff_page(request, session, actor, errors, form, str(user_id), status_code=422)


def _deadline_page(
    request: Request,
    session: Session,
    actor: Actor,
    errors: FormErrors,
    failed: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    return page(
        request,
        "admin_deadlines.html",
        status_code=status_code,
        deadlines=actions.deadlines(session, actor),
        services=BY_KEY,
        errors=errors,
        failed=failed,
    )


@router.get("/admin/frister")
def deadline_page(request: Request, session: DbSession, actor: CurrentActor) -> HTMLResponse:
    return _deadline_page(request, session, actor, FormErrors())


@router.post("/admin/frister/{service_key}")
def set_deadline(
    request: Request, service_key: str, form: FormData, session: DbSession, actor: CurrentActor
) -> Response:
    actions.require_admin(actor)
    raw = str(form.get("days", "")).strip()
    if not raw.isdigit():
        errors = FormErrors({"days": "Skriv fristen som et helt antal dage."})
    else:
        _, errors = attempt(
            session, lambda: actions.set_deadline(session, actor, service_key[:20], int(raw))
        )
        if not errors:
            return RedirectResponse(f"/admin/frister#{service_key[:20]}", status_code=303)
    return _deadline_page(request, session, actor, errors, service_key[:20], status_code=422)


@router.get("/admin/brugere/{user_id}/adgang")
def ways_in_page(
    request: Request, user_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> HTMLResponse:
    """One account's API tokens and open log-ins, to revoke or end."""
    return page(request, "admin_logins.html", found=logins.ways_in(session, actor, user_id))


@router.post("/admin/brugere/{user_id}/tokens/{token_id}/tilbagekald")
def revoke(
    user_id: uuid.UUID, token_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> Response:
    """Revoke one API token at once."""
    logins.revoke_user_token(session, actor, user_id, token_id)
    return RedirectResponse(f"/admin/brugere/{user_id}/adgang#tokens", status_code=303)


@router.post("/admin/brugere/{user_id}/log-ud")
def end_logins(user_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> Response:
    """End every browser log-in of the account."""
    logins.end_user_logins(session, actor, user_id)
    return RedirectResponse(f"/admin/brugere/{user_id}/adgang", status_code=303)
