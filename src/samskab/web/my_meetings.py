# SPDX-License-Identifier: MPL-2.0
"""Min side's meetings: the citizen (or a relative whose consent covers meetings) reads a
meeting again: when and where, who takes part, the note, the agreements and the citizen's
own words and answers."""

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.core.errors import NotFound
from samskab.meetings.models import Meeting
from samskab.meetings.queries import meeting_for
from samskab.meetings.states import ParticipantStatus
from samskab.web.deps import CurrentActor, DbSession
from samskab.web.portal import helped_by, own_citizen, possessive
from samskab.web.render import page

router = APIRouter(include_in_schema=False)


def _meeting_of(
    session: Session, actor: Actor, citizen_id: uuid.UUID, meeting_id: uuid.UUID
) -> Meeting:
    """The meeting, read through its access check, only when it is this citizen's."""
    meeting = meeting_for(session, actor, meeting_id)
    if meeting.citizen_id != citizen_id:
        raise NotFound("Mødet")
    return meeting


def _page(request: Request, meeting: Meeting, **context: Any) -> HTMLResponse:
    people = [p for p in meeting.participants if p.status != ParticipantStatus.REMOVED]
    return page(
        request,
        "my_meeting.html",
        meeting=meeting,
        people=people,
        perspectives=[a for a in meeting.additions if a.kind == "perspective"],
        disagreements=[a for a in meeting.additions if a.kind != "perspective"],
        **context,
    )


@router.get("/min-side/moeder/{meeting_id}")
def my_meeting(
    request: Request, meeting_id: uuid.UUID, session: DbSession, actor: CurrentActor
) -> HTMLResponse:
    meeting = _meeting_of(session, actor, own_citizen(actor), meeting_id)
    return _page(request, meeting, own=True, back="/min-side#mine-moeder")


@router.get("/paaroerende/{citizen_id}/moeder/{meeting_id}")
def relative_meeting(
    request: Request,
    citizen_id: uuid.UUID,
    meeting_id: uuid.UUID,
    session: DbSession,
    actor: CurrentActor,
) -> HTMLResponse:
    helped = helped_by(session, actor, citizen_id)
    meeting = _meeting_of(session, actor, citizen_id, meeting_id)
    return _page(
        request,
        meeting,
        own=False,
        helped=helped,
        whose=possessive(helped.first_name),
        back=f"/paaroerende/{citizen_id}#mine-moeder",
    )
