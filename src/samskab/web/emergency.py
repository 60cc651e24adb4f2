# SPDX-License-Identifier: MPL-2.0
"""Emergency access ("break the glass") asked for with a reason, and the team lead's review of
every grant (emergency access, accepted referrals, colleagues' temporary access)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samskab.cases.grants import confirm_grant, end_grant, grants_for_review
from samskab.cases.queries import cases_of_citizen_for
from samskab.citizens.queries import break_glass_for
from samskab.core.cpr import Cpr
from samskab.web.deps import CurrentActor, DbSession
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
    return page(request, "grants_review.html", grants=grants_for_review(session, actor))


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
