# SPDX-License-Identifier: MPL-2.0
"""Emergency access ("break the glass"): asked for with a reason, reviewed by the team lead."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from samskab.audit.models import AuditEvent
from samskab.cases.queries import cases_of_citizen_for
from samskab.citizens.queries import break_glass_for
from samskab.core import clock
from samskab.core.cpr import Cpr
from samskab.core.errors import Forbidden
from samskab.organisations.models import Role, User
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
def review(request: Request, session: DbSession, actor: CurrentActor) -> HTMLResponse:
    """The team lead's list of emergency access in the organisation (last 90 days)."""
    if not actor.has(Role.TEAM_LEAD):
        raise Forbidden("Listen over nødadgang er for teamledere.")
    since = clock.now() - timedelta(days=90)
    colleagues = select(User.id).where(User.organisation_id == actor.organisation_id)
    events = session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.action == "break_glass",
            AuditEvent.at >= since,
            AuditEvent.actor_id.in_(colleagues),
        )
        .order_by(AuditEvent.at.desc())
    ).all()
    return page(request, "emergency_review.html", events=events)
