# SPDX-License-Identifier: MPL-2.0
"""Pages: demo login, Mine sager, and the case page with the citizen's whole situation."""

import uuid
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from samskab.access.actor import Actor
from samskab.access.policies import (
    does_casework,
    held_roles,
    may_grant_access,
    reviews_grants_with_roles,
)
from samskab.assessments.models import Assessment
from samskab.assessments.queries import assessment_for
from samskab.authorship.queries import seen_at
from samskab.cases.models import Case
from samskab.cases.queries import (
    CaseFilter,
    case_for,
    cases_for,
    cases_of_citizen_for,
    days_left,
    search_inquiries_for,
)
from samskab.cases.schemas import CaseScope
from samskab.cases.states import LABELS, CaseStatus
from samskab.citizens.queries import lookup_for, masked_cpr
from samskab.core import clock
from samskab.core.cpr import Cpr
from samskab.core.errors import NotFound
from samskab.demo.personas import CITIZENS, STAFF, StaffPersona
from samskab.interventions.models import FOLLOW_UP_DISPLAY, PROVIDER_CHOICE_DISPLAY
from samskab.interventions.pace import DEVIATION_DISPLAY, monthly_paces, paces_of
from samskab.interventions.queries import follow_ups_of, interventions_for
from samskab.journal.messages import (
    cases_with_new_messages_for,
    mark_read,
    messages_for,
    unread_counts,
)
from samskab.journal.queries import recent_notes_of_citizen_for, search_notes_for
from samskab.organisations.actions import end_logins, open_login
from samskab.organisations.models import ROLE_LABELS, User
from samskab.plans.queries import (
    citizen_changes_since,
    citizens_with_news,
    goal_history,
    plan_for,
)
from samskab.plans.wellbeing import SHORT, STATEMENTS, wellbeing_for
from samskab.terminology.scales import (
    FUNCTIONAL_LEVELS,
    GOAL_TYPE_DISPLAY,
    HEALTH_NAMES,
    SUPPORT_NEED_DISPLAY,
    GoalType,
)
from samskab.terminology.services import CATALOGUE
from samskab.web.deps import CurrentActor, DbSession
from samskab.web.forms import FormErrors
from samskab.web.i18n import COOKIE, LOCALES
from samskab.web.inquiries import SOURCES
from samskab.web.render import home_for, page
from samskab.web.wellbeing_chart import wellbeing_chart

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
CITIZEN_USERNAMES = [c.first_name.lower() for c in CITIZENS] + ["lene", "karim"]
PERSONA_USERNAMES = {p.username for p in STAFF} | set(CITIZEN_USERNAMES)


@router.get("/")
def home(request: Request) -> Response:
    target = "/login"
    if request.session.get("login_id"):
        target = request.session.get("home") or "/mine-sager"
    return RedirectResponse(target, status_code=303)


@router.get("/login")
def login(request: Request, session: DbSession) -> HTMLResponse:
    personas: list[tuple[StaffPersona, User]] = []
    citizens: list[User] = []
    if request.app.state.demo:
        users = {
            u.username: u
            for u in session.scalars(
                select(User).where(User.username.in_([p.username for p in STAFF]))
            )
        }
        personas = [(p, users[p.username]) for p in STAFF if p.username in users]
        citizens = list(
            session.scalars(
                select(User).where(User.username.in_(CITIZEN_USERNAMES)).order_by(User.username)
            )
        )
    return page(
        request,
        "login.html",
        personas=personas,
        citizens=citizens,
        role_labels=ROLE_LABELS,
        oidc=request.app.state.oidc is not None,
    )


@router.post("/login/demo")
def demo_login(
    request: Request,
    session: DbSession,
    username: Annotated[str, Form(max_length=100, pattern=r"^[a-z0-9._-]+$")],
) -> Response:
    if not request.app.state.demo:
        raise NotFound("Demo-log-ind")
    user = session.scalar(select(User).where(User.username == username, User.active))
    if user is None or username not in PERSONA_USERNAMES:
        raise NotFound("Personaen")
    home = home_for(user.roles, user.citizen_id is not None)
    login = open_login(session, user)
    request.session.clear()
    request.session.update(
        {
            "login_id": str(login.id),
            "user_name": user.display_name,
            "home": home,
            "reviews": reviews_grants_with_roles(user.roles),
        }
    )
    return RedirectResponse(home, status_code=303)


@router.get("/session/csrf")
def csrf_token(request: Request) -> dict[str, str]:
    """This session's form token, for scripts (other sites cannot read it)."""
    return {"token": str(request.session.get("csrf", ""))}


@router.get("/sprog/{code}")
def choose_language(request: Request, code: str) -> Response:
    """Switch between Danish and English; the choice is kept in a cookie."""
    back = request.headers.get("referer", "/")
    target = back if back.startswith(str(request.base_url)) else "/"
    answer = RedirectResponse(target, status_code=303)
    if code in LOCALES:
        answer.set_cookie(COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return answer


@router.post("/logout")
def logout(request: Request, session: DbSession) -> Response:
    raw = request.session.get("login_id")
    if raw:
        # Ended on the server too: a copy of the cookie no longer logs anyone in.
        end_logins(session, login_id=uuid.UUID(str(raw)))
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/mine-sager")
def my_cases(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    scope: CaseScope = CaseScope.MINE,
    status: Annotated[str, Query(max_length=20, pattern=r"^[a-z_]*$")] = "",
    ydelse: Annotated[str | None, Query(max_length=20, pattern=r"^[A-Za-z0-9-]*$")] = None,
    overskredet: Annotated[str, Query(max_length=5)] = "",
    side: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    if not does_casework(actor):
        return page(request, "no_cases.html", roles=[ROLE_LABELS[r] for r in held_roles(actor)])
    chosen = CaseStatus(status) if status in set(CaseStatus) else None
    wanted = CaseFilter(
        scope=scope, status=chosen, service_type=ydelse or None, overdue=overskredet == "true"
    )
    found, total = cases_for(session, actor, wanted, limit=PAGE_SIZE, offset=(side - 1) * PAGE_SIZE)
    rows = [(case, days_left(case)) for case in found]
    news = citizens_with_news(session, actor.user_id, [case.citizen_id for case in found])
    filters = {
        "scope": scope.value,
        "status": chosen.value if chosen else "",
        "ydelse": ydelse or "",
        "overskredet": "true" if overskredet == "true" else "",
    }
    return page(
        request,
        "my_cases.html",
        rows=rows,
        news=news,
        unread=unread_counts(session, [case.citizen_id for case in found]),
        waiting=cases_with_new_messages_for(session, actor, CaseFilter(scope=scope)),
        total=total,
        side=side,
        filters=filters,
        query=urlencode({k: v for k, v in filters.items() if v}),
        pages=max(1, -(-total // PAGE_SIZE)),
        labels=LABELS,
        services=[(s.key, f"{s.title} ({s.legal_basis})") for s in CATALOGUE],
    )


@router.post("/mine-sager/soeg")
def search(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    q: Annotated[str, Form(max_length=200)] = "",
) -> HTMLResponse:
    """Search notes by POST, so the words never land in a URL or an access log."""
    notes = search_notes_for(session, actor, q)
    wanted = {note.case_id for note in notes}
    query = select(Case).options(joinedload(Case.citizen)).where(Case.id.in_(wanted))
    cases = {case.id: case for case in session.scalars(query)}
    hits = [(note, cases[note.case_id]) for note in notes]
    inquiries = search_inquiries_for(session, actor, q)
    return page(request, "search.html", q=q, hits=hits, inquiries=inquiries)


@router.post("/borgere/opslag")
def find_citizen(
    request: Request,
    session: DbSession,
    actor: CurrentActor,
    cpr: Annotated[str, Form(max_length=11)] = "",
) -> Response:
    """Find a citizen by CPR number (in the form body, never the URL) and open their case."""
    citizen = lookup_for(session, actor, Cpr.parse(cpr))
    cases = cases_of_citizen_for(session, actor, citizen.id)
    visible = [c for c in cases if c.team_id in actor.team_ids] or cases
    return RedirectResponse(f"/sager/{visible[0].id}", status_code=303)


@router.get("/sager/{case_id}")
def case_page(
    request: Request, case_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> HTMLResponse:
    return case_view(request, session, actor, case_for(session, actor, case_id))


def case_view(
    request: Request,
    session: Session,
    actor: Actor,
    case: Case,
    *,
    values: dict[str, Any] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The case page for a case the actor has been allowed to read, with the message form as
    typed (and its errors) when a reply could not be sent."""
    citizen = case.citizen
    all_cases = cases_of_citizen_for(session, actor, citizen.id)
    has_assessment = session.scalar(select(Assessment.id).where(Assessment.case_id == case.id))
    assessment = assessment_for(session, actor, case.id) if has_assessment else None
    plan = plan_for(session, actor, citizen.id)
    interventions = interventions_for(session, actor, [c.id for c in all_cases], citizen.id)
    notes = recent_notes_of_citizen_for(session, actor, citizen.id, limit=8)
    changes = citizen_changes_since(
        session, citizen.id, seen_at(session, actor.user_id, citizen.id)
    )
    messages = messages_for(session, actor, citizen.id)
    chart = wellbeing_chart(wellbeing_for(session, actor, citizen.id), own=False)
    return page(
        request,
        "case.html",
        chart=chart,
        may_grant=may_grant_access(session, actor, citizen.id),
        statements=STATEMENTS,
        short=SHORT,
        status_code=status_code,
        messages=messages,
        new_messages=mark_read(session, actor, messages),
        values=values or {},
        errors=errors or FormErrors(),
        case=case,
        citizen=citizen,
        cpr_masked=masked_cpr(citizen),
        age=citizen.age_on(clock.today()),
        all_cases=all_cases,
        assessment=assessment,
        plan=plan,
        history=goal_history(session, plan),
        citizen_changes=changes,
        interventions=interventions,
        notes=notes,
        labels=LABELS,
        days_left=days_left(case),
        level_names=FUNCTIONAL_LEVELS,
        need_names={k.value: v for k, v in SUPPORT_NEED_DISPLAY.items()},
        sources=SOURCES,
        follow_ups=follow_ups_of(session, [item.id for item, _ in interventions]),
        outcome_names={k.value: v for k, v in FOLLOW_UP_DISPLAY.items()},
        levels=FUNCTIONAL_LEVELS,
        health_scales=HEALTH_NAMES,
        choices=PROVIDER_CHOICE_DISPLAY,
        paces=paces_of(session, [item for item, _ in interventions], clock.today()),
        month_paces=monthly_paces(session, [item for item, _ in interventions], clock.today()),
        deviations=DEVIATION_DISPLAY,
        goal_types={t.value: GOAL_TYPE_DISPLAY[t] for t in GoalType},
    )
