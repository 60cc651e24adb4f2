# SPDX-License-Identifier: MPL-2.0
"""The caseworker answers the citizen's messages from the case page ('Beskeder')."""

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import Response

from samskab.cases.queries import case_for
from samskab.journal.messages import MessageIn, reply_on_case
from samskab.web.deps import CurrentActor, DbSession
from samskab.web.forms import FormData, once, submit
from samskab.web.pages import case_view

router = APIRouter(include_in_schema=False)


@router.post("/sager/{case_id}/beskeder")
def reply(
    request: Request, case_id: uuid.UUID, form: FormData, session: DbSession, actor: CurrentActor
) -> Response:
    fields = {"text": str(form.get("text", ""))}
    answer, errors = once(
        session,
        actor,
        form,
        lambda: submit(
            session,
            MessageIn,
            fields,
            lambda message: reply_on_case(session, actor, case_id, message),
            done=f"/sager/{case_id}#beskeder",
        ),
        where=request.url.path,
    )
    if answer is not None:
        return answer
    case = case_for(session, actor, case_id)
    return case_view(request, session, actor, case, values=fields, errors=errors)
