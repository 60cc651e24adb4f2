# SPDX-License-Identifier: MPL-2.0
"""The whole access log for the citizen's file, in plain words, and shortened for paper."""

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.audit.models import AuditEvent, Outcome
from samskab.core import formats
from samskab.documents import my_file_schema as s
from samskab.organisations.models import ROLE_LABELS, Role, User

# The access log in plain words: what was looked at, and whether it was a look or a change.
THINGS = {
    "case": "din sag",
    "plan": "din plan",
    "goal": "dine mål",
    "note": "notater",
    "assessment": "udredningen",
    "decision": "afgørelser",
    "intervention": "din hjælp",
    "delivery": "din hjælp",
    "meeting": "et møde",
    "citizen": "dine oplysninger",
    "audit": "hvem der har set dine oplysninger",
    "follow_up": "din hjælp",
    "message": "beskeder",
    "consent": "samtykker",
    "wellbeing": "hvordan du har det",
}
READ_VERBS = frozenset(
    {"read", "list", "cases", "live", "citizen_view", "screen", "history", "lookup", "export"}
    | {"themes", "join", "join_details", "referral_read"}
)
PURPOSES = {
    "sagsbehandling": "For at hjælpe dig",
    "egne oplysninger": "Dine egne oplysninger",
    "møde": "Et møde med dig",
}


def access_log(session: Session, citizen_id: uuid.UUID) -> list[s.AccessPart]:
    """Every audit event about the citizen, oldest first, in plain words (access not checked
    here: the caller has checked it once for the whole file)."""
    events = list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.citizen_id == citizen_id)
            .order_by(AuditEvent.at, AuditEvent.seq)
        )
    )
    ids = {e.actor_id for e in events if e.actor_id}
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    return [
        _access(event, users.get(event.actor_id) if event.actor_id else None, citizen_id)
        for event in events
    ]


def _access(event: AuditEvent, user: User | None, citizen_id: uuid.UUID) -> s.AccessPart:
    thing, _, verb = event.action.partition(".")
    refused = event.outcome == Outcome.DENIED
    seen = "så" if verb in READ_VERBS else "ændrede"
    if refused:
        seen = "prøvede at se, men fik ikke lov til at se"
    who, role, organisation = _who(event, user, citizen_id)
    return s.AccessPart(
        at=event.at,
        who=who,
        role=role,
        organisation=organisation,
        what=f"{seen} {THINGS.get(thing, 'dine oplysninger')}",
        purpose=PURPOSES.get(event.purpose, event.purpose),
        refused=refused,
    )


def _who(event: AuditEvent, user: User | None, citizen_id: uuid.UUID) -> tuple[str, str, str]:
    """Name, role and organisation of whoever did it; the citizen is 'Dig selv'."""
    if user is None:
        return event.actor_name, "Mødedeltager", ""
    if user.citizen_id == citizen_id:
        return "Dig selv", "", ""
    name = event.actor_name + (" (på dine vegne)" if event.on_behalf_of == citizen_id else "")
    role = ", ".join(ROLE_LABELS[Role(r)] for r in user.roles)
    return name, role, user.organisation.name


def log_in_short(rows: Iterable[s.AccessPart]) -> list[tuple[s.AccessPart, int]]:
    """The access log for reading on paper: one line per person, thing and day, with how many
    times (the JSON keeps every single event)."""
    lines: list[tuple[s.AccessPart, int]] = []
    for row in rows:
        if lines and _same_line(lines[-1][0], row):
            lines[-1] = (lines[-1][0], lines[-1][1] + 1)
        else:
            lines.append((row, 1))
    return lines


def _same_line(first: s.AccessPart, then: s.AccessPart) -> bool:
    return (first.who, first.what, first.purpose, first.refused) == (
        then.who,
        then.what,
        then.purpose,
        then.refused,
    ) and formats.date(first.at) == formats.date(then.at)
