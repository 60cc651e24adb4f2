# SPDX-License-Identifier: MPL-2.0
"""Emergency access ("break the glass") asked for with a reason, and the team lead's review of
every grant (emergency access, accepted referrals, colleagues' temporary access)."""

import uuid
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.cases.grants import (
    COLLEAGUE_MAX_DAYS,
    REVIEW_DAYS,
    ColleagueGrantIn,
    colleagues,
    confirm_grant,
    end_grant,
    grant_colleague,
    grants_for_review,
    grants_of_citizen,
)
from samskab.cases.queries import cases_of_citizen_for
from samskab.citizens.queries import break_glass_for
from samskab.core import clock
from samskab.core.cpr import Cpr
from samskab.web.deps import CurrentActor, DbSession
from samskab.web.forms import ONCE, FormData, FormErrors, once, submit
from samskab.web.render import page

router = APIRouter(include_in_schema=False)


@router.post("/borgere/noedadgang")
def emergency(
    session: DbSession,
    actor: CurrentActor,
    cpr: Annotated[str, Form(max_length=11)] = "",
    reason: Annotated[str, Form(max_length=190)] = "",
) -> Response:
    """Open a citizen's case outside one's teams, for a stated reason."""
    citizen = break_glass_for(session, actor, Cpr.parse(cpr), reason)
    cases = cases_of_citizen_for(session, actor, citizen.id)
    return RedirectResponse(f"/sager/{cases[0].id}" if cases else "/mine-sager", status_code=303)


@router.get("/noedadgang")
def old_review() -> Response:
    """The emergency review list is now part of the review of every grant."""
    return RedirectResponse("/adgange", status_code=303)


@router.get("/adgange")
def review(request: Request, session: DbSession, actor: CurrentActor) -> HTMLResponse:
    """The team lead's review of every grant to citizens their teams are responsible for."""
    return page(
        request,
        "grants_review.html",
        grants=grants_for_review(session, actor),
        past=grants_for_review(session, actor, in_force=False),
        review_days=REVIEW_DAYS,
    )


@router.post("/adgange/{grant_id}/bekraeft")
def confirm(grant_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> Response:
    """The team lead confirms that a grant is still needed."""
    confirm_grant(session, actor, grant_id)
    return RedirectResponse(f"/adgange#g-{grant_id}", status_code=303)


@router.post("/adgange/{grant_id}/afslut")
def end(grant_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> Response:
    """The team lead ends a grant: access through it stops at once."""
    end_grant(session, actor, grant_id)
    return RedirectResponse("/adgange", status_code=303)


def _citizen_grants_page(
    request: Request,
    session: Session,
    actor: Actor,
    citizen_id: uuid.UUID,
    errors: FormErrors,
    values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return page(
        request,
        "citizen_grants.html",
        status_code=status_code,
        citizen_id=citizen_id,
        grants=grants_of_citizen(session, actor, citizen_id),
        colleagues=colleagues(session, actor),
        errors=errors,
        values=values or {},
        latest_end=clock.today() + timedelta(days=COLLEAGUE_MAX_DAYS),
    )


@router.get("/borgere/{citizen_id}/adgange")
def citizen_grants(
    request: Request, citizen_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> HTMLResponse:
    """Who has been given access to this citizen, and a form to give a colleague access."""
    return _citizen_grants_page(request, session, actor, citizen_id, FormErrors())


@router.post("/borgere/{citizen_id}/adgange")
def give_colleague_access(
    request: Request, citizen_id: uuid.UUID, form: FormData, session: DbSession, actor: CurrentActor
) -> Response:
    """Give a colleague from another team temporary access, with a purpose and an end date."""
    fields = {k: v for k, v in form.items() if k not in ("_csrf", ONCE)}
    answer, errors = once(
        session,
        actor,
        form,
        lambda: submit(
            session,
            ColleagueGrantIn,
            fields,
            lambda grant: grant_colleague(session, actor, citizen_id, grant),
            done=f"/borgere/{citizen_id}/adgange",
        ),
        where=request.url.path,
    )
    if answer is not None:
        return answer
    return _citizen_grants_page(
        request, session, actor, citizen_id, errors, dict(form), status_code=422
    )
