# SPDX-License-Identifier: MPL-2.0
"""The case's journal: every note with its author and time, and a form to journalise a call,
a home visit, a meeting, a mail or an internal note (notatpligt, offentlighedsloven § 13)."""

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.cases.models import Case
from samskab.cases.queries import case_for
from samskab.cases.states import LABELS
from samskab.core import clock
from samskab.journal.actions import correct_note, write_note
from samskab.journal.models import KIND_LABELS, WRITTEN_KINDS
from samskab.journal.queries import note_history, notes_for
from samskab.journal.schemas import NoteCorrectionIn, NoteIn
from samskab.web.deps import CurrentActor, DbSession
from samskab.web.forms import FormData, FormErrors, once, parse, submit
from samskab.web.inquiries import SOURCES
from samskab.web.render import page

router = APIRouter(include_in_schema=False)
JOURNAL_LENGTH = 500


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    case: Case,
    values: dict[str, Any],
    errors: FormErrors,
    *,
    correcting: uuid.UUID | None = None,
) -> HTMLResponse:
    notes = notes_for(session, actor, case.id, limit=JOURNAL_LENGTH)
    return page(
        request,
        "journal.html",
        case=case,
        section="Journal",
        case_labels=LABELS,
        notes=notes,
        note_versions=note_history(session, notes),
        correcting=correcting,
        kinds=[(kind.value, label) for kind, label in WRITTEN_KINDS.items()],
        kinds_written=[kind.value for kind in WRITTEN_KINDS],
        kind_labels=KIND_LABELS,
        sources=SOURCES,
        today=clock.today().isoformat(),
        values=values,
        errors=errors,
    )


@router.get("/sager/{case_id}/journal")
def journal_page(
    request: Request, case_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> HTMLResponse:
    case = case_for(session, actor, case_id)
    values = {"occurred_on": clock.today().isoformat()}
    return _page(request, session, actor, case, values, FormErrors())


@router.post("/sager/{case_id}/journal")
def new_note(
    request: Request, case_id: uuid.UUID, form: FormData, session: DbSession, actor: CurrentActor
) -> Response:
    case = case_for(session, actor, case_id)
    fields = {k: form.get(k, "") for k in ("kind", "occurred_on", "body")}
    if fields["kind"] not in WRITTEN_KINDS:
        _, errors = parse(NoteIn, fields | {"kind": ""})
        errors["kind"] = "Vælg, hvad notatet handler om."
        return _page(request, session, actor, case, form, errors)
    answer, errors = once(
        session,
        actor,
        form,
        lambda: submit(
            session,
            NoteIn,
            fields,
            lambda note: write_note(session, actor, case.id, note),
            done=f"/sager/{case.id}/journal#journal",
        ),
        where=request.url.path,
    )
    return answer or _page(request, session, actor, case, form, errors)


@router.post("/sager/{case_id}/journal/{note_id}/ret")
def correct(
    request: Request,
    case_id: uuid.UUID,
    note_id: uuid.UUID,
    form: FormData,
    session: DbSession,
    actor: CurrentActor,
) -> Response:
    """Correct a note; the earlier text stays in its history."""
    case = case_for(session, actor, case_id)
    answer, errors = submit(
        session,
        NoteCorrectionIn,
        {"body": form.get("body", ""), "version": form.get("version") or None},
        lambda correction: correct_note(session, actor, note_id, correction),
        done=f"/sager/{case.id}/journal#notat-{note_id}",
    )
    if answer is not None:
        return answer
    values = {"occurred_on": clock.today().isoformat(), "correction": form.get("body", "")}
    return _page(request, session, actor, case, values, errors, correcting=note_id)
