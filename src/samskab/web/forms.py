# SPDX-License-Identifier: MPL-2.0
"""HTML forms: read them, validate them with the domain's schemas, keep what was typed."""

import re
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.core.errors import DomainError, NotFound, StaleVersion
from samskab.core.once import fingerprint_of, submit_once
from samskab.core.validation import field_errors

Model = TypeVar("Model", bound=BaseModel)
Result = TypeVar("Result")
# Fields that a form sends several times (check boxes).
LISTS = frozenset({"holistic_areas", "goal_ids", "theme_codes", "roles", "team_ids"})


async def _form(request: Request) -> dict[str, Any]:
    form = await request.form()
    data: dict[str, Any] = {}
    for key in form:
        values = [v for v in form.getlist(key) if isinstance(v, str)]
        data[key] = [v for v in values if v] if key in LISTS else (values[-1] if values else "")
    return data


FormData = Annotated[dict[str, Any], Depends(_form)]


class FormErrors(dict[str, str]):
    """Danish messages by field name ('' for the form as a whole).

    `current` holds the stored state when the write was based on an old version, so the page
    can show it beside what the user typed (which stays in the form).
    """

    current: dict[str, Any] | None = None


def parse(model: type[Model], data: dict[str, Any]) -> tuple[Model | None, FormErrors]:
    """The validated form, or the Danish messages for each field that was wrong."""
    cleaned = {k: v for k, v in data.items() if v != "" and not k.startswith("_")}
    try:
        return model.model_validate(cleaned), FormErrors()
    except ValidationError as error:
        found = FormErrors()
        for item in field_errors(list(error.errors())):
            found.setdefault(item["field"] or "", item["message"])
        return None, found


def attempt(session: Session, work: Callable[[], Result]) -> tuple[Result | None, FormErrors]:
    """Run a write in a savepoint; a rule it breaks becomes a message and nothing is kept but
    what the refusal itself must leave behind (e.g. a counted and audited failed try)."""
    savepoint = session.begin_nested()
    try:
        result = work()
    except NotFound:
        savepoint.rollback()
        raise
    except DomainError as error:
        savepoint.rollback()
        for task in error.after_rollback:
            task(session)
        errors = FormErrors({error.field or "": error.message})
        if isinstance(error, StaleVersion):
            errors.current = error.details["current"]
        return None, errors
    savepoint.commit()
    return result, FormErrors()


def submit(
    session: Session,
    schema: type[Model],
    data: dict[str, Any],
    work: Callable[[Model], Any],
    *,
    done: str,
) -> tuple[Response | None, FormErrors]:
    """Validate a form and run its write; the redirect to show on success, else the errors."""
    parsed, errors = parse(schema, data)
    if parsed is not None:
        valid = parsed
        _, errors = attempt(session, lambda: work(valid))
        if not errors:
            return RedirectResponse(done, status_code=303), errors
    return None, errors


# The hidden field that carries a form's one-time token (see samskab.core.once).
ONCE = "_once"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
Answer = tuple[Response | None, FormErrors]


def once(
    session: Session,
    actor: Actor,
    form: dict[str, Any],
    run: Callable[[], Answer],
    *,
    where: str = "",
) -> Answer:
    """Run a form's write once per form token: sent again (back and send, a double click), it
    goes to where the first submission went and creates nothing. `where` (the form's address)
    also catches the same content sent again from a page fetched anew (see core.once)."""
    token = str(form.get(ONCE, ""))
    if not _TOKEN.match(token):
        return run()
    ran: list[Answer] = []

    def work() -> str | None:
        ran.append(run())
        answer = ran[0][0]
        return answer.headers.get("location") if isinstance(answer, RedirectResponse) else None

    content = {k: v for k, v in form.items() if k not in (ONCE, "_csrf")}
    fingerprint = fingerprint_of(where, content) if where else None
    address = submit_once(session, token, actor.user_id, work, fingerprint=fingerprint)
    if ran:
        return ran[0]
    return RedirectResponse(address or "/", status_code=303), FormErrors()
