# SPDX-License-Identifier: MPL-2.0
"""Min side: the citizen's own plan, ratings, decisions, help, meetings and access log."""

import json
import re
import uuid
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import (
    SCOPES,
    active_consent,
)
from samskab.audit.queries import KIND_LABELS, Kind, LogFilter
from samskab.cases.queries import case_ids_of, cases_of_citizen_for
from samskab.citizens.access_log import access_log_for
from samskab.citizens.consents import (
    ConsentIn,
    Helped,
    consenting_citizens,
    consents_for,
    give_consent,
    relative_code_for,
    withdraw_consent,
)
from samskab.citizens.queries import citizen_for
from samskab.core import clock
from samskab.core.errors import Forbidden, NotFound
from samskab.decisions.queries import decisions_of_case_for
from samskab.decisions.states import OUTCOME_LABELS
from samskab.documents.my_file import my_file_for
from samskab.documents.my_file_log import log_in_short
from samskab.documents.my_file_schema import MyFile
from samskab.documents.render import html, pdf
from samskab.interventions.queries import interventions_for
from samskab.journal.messages import MessageIn, messages_for, send_message
from samskab.meetings.queries import meetings_of_case_for
from samskab.placement import advice
from samskab.plans.actions import rate_goal, reword_goal
from samskab.plans.models import Rater
from samskab.plans.queries import goal_history, plan_for
from samskab.plans.schemas import GoalWordsIn, RatingIn
from samskab.plans.wellbeing import (
    ANSWERS,
    SHORT,
    STATEMENTS,
    WellbeingIn,
    answer_wellbeing,
    wellbeing_for,
)
from samskab.web.deps import CurrentActor, DbSession
from samskab.web.forms import FormData, FormErrors, attempt, once, parse, submit
from samskab.web.render import page
from samskab.web.wellbeing_chart import wellbeing_chart

router = APIRouter(include_in_schema=False)


def own_citizen(actor: Actor) -> uuid.UUID:
    """The citizen whose own Min side this is (only a citizen has one)."""
    if actor.citizen_id is None:
        raise Forbidden("Min side er for borgere.")
    return actor.citizen_id


def _section(work: Callable[[], Any], empty: Any = None) -> Any:
    """A part of the page the viewer may not see (a relative without consent) stays empty."""
    try:
        return work()
    except (NotFound, Forbidden):
        return empty


def _overview(session: Session, actor: Actor, citizen_id: uuid.UUID) -> dict[str, Any]:
    """The parts of the citizen's page this viewer may see (a relative: the consented ones)."""
    allowed = set(SCOPES)
    if actor.citizen_id != citizen_id:
        consent = active_consent(session, actor, citizen_id)
        allowed = set(consent.scopes) if consent else set()

    def part(scope: str, work: Callable[[], Any]) -> Any:
        return _section(work) if scope in allowed else None

    cases = _section(lambda: cases_of_citizen_for(session, actor, citizen_id), []) or []
    # Without the 'basis' part a relative does not see the cases, but may see their decisions,
    # meetings or help; each of those is read through its own access check.
    case_ids = [c.id for c in cases] or case_ids_of(session, citizen_id)
    plan = part("plan", lambda: plan_for(session, actor, citizen_id))
    return {
        "citizen": part("basis", lambda: citizen_for(session, actor, citizen_id)),
        "plan": plan,
        "history": goal_history(session, plan or None),
        "cases": cases,
        "decisions": part(
            "decisions",
            lambda: [d for i in case_ids for d in decisions_of_case_for(session, actor, i)],
        ),
        "meetings": part(
            "meetings",
            lambda: [m for i in case_ids for m in meetings_of_case_for(session, actor, i)],
        ),
        "help": part("help", lambda: interventions_for(session, actor, case_ids, citizen_id)),
        "placements": part("help", lambda: advice.for_citizen(session, actor, citizen_id)),
        "messages": part("messages", lambda: messages_for(session, actor, citizen_id)),
        "outcomes": {k.value: v for k, v in OUTCOME_LABELS.items()},
    }


def _my_page(
    request: Request,
    session: Session,
    actor: Actor,
    values: dict[str, Any] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Min side, with a form as typed (and its errors) when it could not be sent."""
    citizen_id = own_citizen(actor)
    context = _overview(session, actor, citizen_id)
    wellbeing = wellbeing_for(session, actor, citizen_id)
    return page(
        request,
        "my_page.html",
        status_code=status_code,
        **context,
        own=True,
        base_url="/min-side",
        wellbeing=wellbeing,
        chart=wellbeing_chart(wellbeing),
        statements=STATEMENTS,
        short=SHORT,
        answers=ANSWERS,
        consents=consents_for(session, actor, citizen_id),
        today=clock.today(),
        scopes=SCOPES,
        values=values or {},
        errors=errors or FormErrors(),
    )


@router.get("/min-side")
def my_page(request: Request, session: DbSession, actor: CurrentActor) -> HTMLResponse:
    return _my_page(request, session, actor)


@router.get("/paaroerende")
def relative_home(request: Request, session: DbSession, actor: CurrentActor) -> Response:
    people = consenting_citizens(session, actor)
    if len(people) == 1:
        return RedirectResponse(f"/paaroerende/{people[0].citizen_id}", status_code=303)
    code = relative_code_for(session, actor)
    return page(request, "relative_home.html", people=people, code=code)


def helped_by(session: Session, actor: Actor, citizen_id: uuid.UUID) -> Helped:
    """The person a relative helps, by the consent in force (else the page is not found)."""
    helped = consenting_citizens(session, actor, only=citizen_id)
    if not helped:
        raise NotFound("Borgeren")
    return helped[0]


def possessive(name: str) -> str:
    """A Danish genitive: 'Jens Madsens', 'Hans'' (after s, x or z only an apostrophe)."""
    return f"{name}'" if name[-1:].lower() in "sxz" else f"{name}s"


@router.get("/paaroerende/{citizen_id}")
def relative_page(
    request: Request, citizen_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> HTMLResponse:
    helped = helped_by(session, actor, citizen_id)
    context = _overview(session, actor, citizen_id)
    return page(
        request,
        "my_page.html",
        **context,
        own=False,
        helped=helped,
        whose=possessive(helped.first_name),
        whose_full=possessive(helped.full_name),
        code=relative_code_for(session, actor),
        base_url=f"/paaroerende/{citizen_id}",
    )


@router.post("/min-side/trivsel")
def my_wellbeing(
    request: Request, form: FormData, session: DbSession, actor: CurrentActor
) -> Response:
    citizen_id = own_citizen(actor)
    parsed, errors = parse(WellbeingIn, form)
    if parsed is not None:
        answer_wellbeing(session, actor, citizen_id, parsed)
    return _back(request, "/min-side#trivsel", errors)


@router.post("/min-side/beskeder")
def my_message(
    request: Request, form: FormData, session: DbSession, actor: CurrentActor
) -> Response:
    """The citizen writes to their caseworker; sent twice it is sent once, and a message that
    cannot be sent stays in the box with the reason."""
    citizen_id = own_citizen(actor)
    fields = {"text": str(form.get("text", ""))}
    answer, errors = once(
        session,
        actor,
        form,
        lambda: submit(
            session,
            MessageIn,
            fields,
            lambda message: send_message(session, actor, citizen_id, message),
            done="/min-side#beskeder",
        ),
        where=request.url.path,
    )
    return answer or _my_page(request, session, actor, fields, errors)


@router.post("/min-side/samtykker")
def my_consent(
    request: Request, form: FormData, session: DbSession, actor: CurrentActor
) -> Response:
    """The citizen gives a relative, found by name and code, leave to see chosen parts; a
    consent that cannot be given stays in the form with the reason."""
    citizen_id = own_citizen(actor)
    fields = {
        "relative_name": str(form.get("relative_name", "")),
        "relative_code": str(form.get("relative_code", "")),
        "valid_until": str(form.get("valid_until", "")),
    }
    scopes = [key for key in SCOPES if form.get(f"scope_{key}") == "ja"]
    parsed, errors = parse(ConsentIn, {**fields, "scopes": scopes})
    if parsed is not None:
        _, errors = attempt(session, lambda: give_consent(session, actor, citizen_id, parsed))
    if not errors:
        return RedirectResponse("/min-side#samtykker", status_code=303)
    chosen = {f"scope_{key}": "ja" for key in scopes}
    return _my_page(request, session, actor, {**fields, **chosen}, errors, status_code=422)


@router.post("/min-side/samtykker/{consent_id}/tilbagekald")
def my_withdrawal(consent_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> Response:
    own_citizen(actor)
    withdraw_consent(session, actor, consent_id)
    return RedirectResponse("/min-side#samtykker", status_code=303)


def _back(request: Request, target: str, errors: FormErrors) -> Response:
    if errors:
        return page(
            request,
            "error.html",
            status_code=422,
            title="Noget gik galt",
            message=" ".join(errors.values()),
        )
    return RedirectResponse(target, status_code=303)


@router.post("/min-side/maal/{goal_id}")
def my_goal(
    request: Request,
    goal_id: uuid.UUID,
    session: DbSession,
    actor: CurrentActor,
    citizen_words: Annotated[str, Form(max_length=2000)] = "",
    score: Annotated[str, Form(max_length=2)] = "",
    version: Annotated[int, Form(ge=1)] = 1,
    back: Annotated[str, Form(max_length=60)] = "",
) -> Response:
    words = citizen_words.strip()
    if words:
        _, errors = attempt(
            session,
            lambda: reword_goal(
                session, actor, goal_id, GoalWordsIn(version=version, citizen_words=words)
            ),
        )
        if errors.current:
            return _both_texts(request, errors, words)
    if score.isdigit() and 0 <= int(score) <= 10:
        attempt(
            session,
            lambda: rate_goal(
                session, actor, goal_id, RatingIn(rater=Rater.CITIZEN, score=int(score))
            ),
        )
    return RedirectResponse(_goal_page(back), status_code=303)


def _goal_page(back: str) -> str:
    """Back to the page the goal was rated on: Min side, or the relative's page of the person
    they help (never an address outside samskab)."""
    if re.fullmatch(r"/paaroerende/[0-9a-f-]{36}", back):
        return f"{back}#mine-maal"
    return "/min-side#mine-maal"


def _both_texts(request: Request, errors: FormErrors, words: str) -> Response:
    """The goal changed while the citizen wrote: show what is saved and what they wrote."""
    saved = (errors.current or {}).get("citizen_words", "")
    return page(
        request,
        "error.html",
        status_code=409,
        title="Målet er ændret i mellemtiden",
        message=f"{errors.get('version', '')} Det gemte: “{saved}”. Det du skrev: “{words}”.",
    )


def _log_filter(values: dict[str, str]) -> tuple[LogFilter, dict[str, str]]:
    """The period, kind and page asked for in the address; what cannot be read is left out."""
    errors: dict[str, str] = {}
    days: dict[str, date | None] = {}
    for name in ("fra", "til"):
        try:
            days[name] = date.fromisoformat(values[name]) if values.get(name) else None
        except ValueError:
            days[name] = None
            errors[name] = "Skriv datoen som dag, måned og år."
    if days["fra"] and days["til"] and days["fra"] > days["til"]:
        errors["til"] = "Slutdatoen skal være samme dag som startdatoen eller senere."
        days["til"] = None
    kind = values.get("slags", "")
    page_number = values.get("side", "1")
    wanted = LogFilter(
        from_day=days["fra"],
        to_day=days["til"],
        kind=Kind(kind) if kind in Kind._value2member_map_ else None,
        page=int(page_number) if page_number.isdigit() and int(page_number) > 0 else 1,
    )
    return wanted, errors


def _log_link(wanted: LogFilter, page_number: int) -> str:
    """The address of another page of the log with the same filters."""
    query = {
        "fra": wanted.from_day.isoformat() if wanted.from_day else "",
        "til": wanted.to_day.isoformat() if wanted.to_day else "",
        "slags": wanted.kind.value if wanted.kind else "",
        "side": str(page_number),
    }
    return "/min-side/hvem-har-set?" + urlencode({k: v for k, v in query.items() if v})


@router.get("/min-side/hvem-har-set")
def who_has_looked(request: Request, session: DbSession, actor: CurrentActor) -> HTMLResponse:
    wanted, errors = _log_filter(dict(request.query_params))
    log = access_log_for(session, actor, own_citizen(actor), wanted)
    return page(
        request,
        "access_log.html",
        log=log,
        errors=errors,
        values=dict(request.query_params),
        kinds=KIND_LABELS,
        previous=_log_link(wanted, wanted.page - 1) if wanted.page > 1 else None,
        next=_log_link(wanted, wanted.page + 1) if log.has_next else None,
    )


def _download(body: bytes | str, media_type: str, name: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _file_as(session: Session, actor: Actor, citizen_id: uuid.UUID, kind: str) -> Response:
    """The citizen's file as JSON (by the published schema) or as a PDF in plain Danish."""
    export = my_file_for(session, actor, citizen_id)
    if kind == "json":
        return _download(
            export.model_dump_json(indent=2), "application/json", "mine-oplysninger.json"
        )
    document = html(
        "my_file.html",
        file=export,
        log=log_in_short(export.access_log),
        title="Mine oplysninger i samskab",
    )
    return _download(pdf(document), "application/pdf", "mine-oplysninger.pdf")


@router.get("/min-side/mine-oplysninger.schema.json")
def my_data_schema() -> Response:
    """The JSON Schema of 'Hent mine oplysninger' (see docs/export.md); no personal data."""
    return Response(
        json.dumps(MyFile.model_json_schema(), ensure_ascii=False, indent=2),
        media_type="application/schema+json",
    )


@router.get("/min-side/mine-oplysninger.json")
def my_data(session: DbSession, actor: CurrentActor) -> Response:
    """'Hent mine oplysninger': everything samskab holds about me, machine-readable."""
    return _file_as(session, actor, own_citizen(actor), "json")


@router.get("/min-side/mine-oplysninger.pdf")
def my_file(session: DbSession, actor: CurrentActor) -> Response:
    """'Hent mine oplysninger' as a PDF to read or print."""
    return _file_as(session, actor, own_citizen(actor), "pdf")


@router.get("/paaroerende/{citizen_id}/oplysninger.json")
def relative_data(citizen_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> Response:
    """The citizen's file for the relative who holds their power of attorney."""
    return _file_as(session, actor, citizen_id, "json")


@router.get("/paaroerende/{citizen_id}/oplysninger.pdf")
def relative_file(citizen_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> Response:
    """The citizen's file as a PDF for the relative who holds their power of attorney."""
    return _file_as(session, actor, citizen_id, "pdf")
