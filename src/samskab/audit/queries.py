# SPDX-License-Identifier: MPL-2.0
"""Reading the audit log: the citizen's own access log, in pages and plain words.

The log a citizen reads ("Hvem har set mine oplysninger") leaves out what the citizen did
themselves and what their relatives did for them; those are counted apart (`Close`). Each entry
names the staff member with role, teams and organisation, what they saw or changed, and why.
Access is checked above this module (`samskab.citizens.access_log`): nothing here asks who reads.
"""

import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, func, not_, or_, select
from sqlalchemy.orm import Session, selectinload

from samskab.audit.models import AuditEvent, Outcome
from samskab.core.clock import COPENHAGEN
from samskab.organisations.models import ROLE_LABELS, Role, TeamMembership, User

PAGE_SIZE = 50
# Verbs of actions that only show data; every other allowed action changed something.
READ_VERBS = frozenset(
    {
        "read",
        "list",
        "cases",
        "live",
        "citizen_view",
        "screen",
        "history",
        "lookup",
        "export",
        "themes",
        "join",
        "join_details",
        "referral_read",
        "cpr_reveal",
        "login",
    }
)
# What each kind of object is called when we tell the citizen about it.
THINGS = {
    "case": "din sag",
    "plan": "din plan",
    "goal": "dine mål",
    "note": "notater om dig",
    "assessment": "udredningen af dig",
    "decision": "dine afgørelser",
    "intervention": "din hjælp",
    "delivery": "din hjælp",
    "order": "din hjælp",
    "follow_up": "din hjælp",
    "placement": "dit botilbud",
    "meeting": "et møde med dig",
    "citizen": "dine oplysninger",
    "audit": "denne oversigt",
    "consent": "dine samtykker",
    "wellbeing": "hvordan du har det",
    "message": "dine beskeder",
    "grant": "hvem der har adgang til dig",
}
PURPOSES = {
    "sagsbehandling": "For at behandle din sag",
    "egne oplysninger": "Du så dine egne oplysninger",
    "møde": "Et møde med dig",
}
BREAK_GLASS = "NØDADGANG: "
# A read through a grant (a referral accepted, a colleague's temporary access) names its purpose.
GRANTED = "TILDELT: "


class Kind(StrEnum):
    """What happened: data was seen, changed, or access was refused."""

    READ = "laest"
    CHANGED = "aendret"
    DENIED = "naegtet"


KIND_LABELS = {Kind.READ: "Set", Kind.CHANGED: "Ændret", Kind.DENIED: "Ikke fået adgang"}


def kind_of(event: AuditEvent) -> Kind:
    """Whether the event showed data, changed it, or was refused."""
    if event.outcome == Outcome.DENIED:
        return Kind.DENIED
    return Kind.READ if _shows(event.action) else Kind.CHANGED


def _shows(action: str) -> bool:
    """Whether an action ('case.read', 'plan.update', 'login') only showed data."""
    return (action.partition(".")[2] or action) in READ_VERBS


@dataclass(frozen=True)
class LogFilter:
    """What part of the log to show: a period of Danish calendar days, a kind, a page."""

    from_day: date | None = None
    to_day: date | None = None
    kind: Kind | None = None
    page: int = 1


@dataclass(frozen=True)
class Entry:
    """One line of the citizen's log, in plain Danish."""

    at: datetime
    kind: Kind
    who: str
    role: str
    teams: str
    organisation: str
    what: str
    sentence: str
    purpose: str
    urgent: bool


@dataclass(frozen=True)
class Close:
    """How often the citizen, or a relative for them, looked or changed something."""

    who: str
    yourself: bool
    seen: int
    changed: int


@dataclass(frozen=True)
class LogPage:
    """One page of the citizen's log and the views of the citizen and relatives, apart."""

    entries: list[Entry]
    filter: LogFilter
    total: int
    pages: int
    close: list[Close] = field(default_factory=list)

    @property
    def has_next(self) -> bool:
        """Whether older entries follow on a next page."""
        return self.filter.page < self.pages


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=COPENHAGEN)


def _kind_clause(kind: Kind) -> ColumnElement[bool]:
    denied = AuditEvent.outcome == Outcome.DENIED.value
    reads = or_(*(AuditEvent.action.endswith(f".{verb}") for verb in sorted(READ_VERBS)))
    if kind is Kind.DENIED:
        return denied
    return and_(not_(denied), reads if kind is Kind.READ else not_(reads))


def _period(citizen_id: uuid.UUID, wanted: LogFilter) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = [AuditEvent.citizen_id == citizen_id]
    if wanted.from_day:
        clauses.append(AuditEvent.at >= _start(wanted.from_day))
    if wanted.to_day:
        clauses.append(AuditEvent.at < _start(wanted.to_day + timedelta(days=1)))
    return clauses


def _people(session: Session, citizen_id: uuid.UUID) -> dict[uuid.UUID, User]:
    """Everyone with a login who ever touched the citizen's data, with teams and organisation."""
    ids = select(AuditEvent.actor_id).where(AuditEvent.citizen_id == citizen_id).distinct()
    query = (
        select(User)
        .where(User.id.in_(ids))
        .options(
            selectinload(User.organisation),
            selectinload(User.memberships).selectinload(TeamMembership.team),
        )
    )
    return {user.id: user for user in session.scalars(query)}


def _is_close(user: User, citizen_id: uuid.UUID) -> bool:
    """The citizen themselves, or a relative (who can only act with the citizen's consent)."""
    return user.citizen_id == citizen_id or Role.RELATIVE.value in user.roles


def _not_close(citizen_id: uuid.UUID, close_ids: list[uuid.UUID]) -> ColumnElement[bool]:
    return and_(
        or_(AuditEvent.actor_id.is_(None), AuditEvent.actor_id.not_in(close_ids)),
        or_(AuditEvent.on_behalf_of.is_(None), AuditEvent.on_behalf_of != citizen_id),
    )


def _who(event: AuditEvent, user: User | None, citizen_id: uuid.UUID) -> tuple[str, str]:
    """The name and role to show; another citizen is never named to this one."""
    if user is None:
        return event.actor_name, "Mødedeltager"
    if user.citizen_id is not None and user.citizen_id != citizen_id:
        return "En anden borger", "Borger"
    labels = {role.value: label for role, label in ROLE_LABELS.items()}
    roles = ", ".join(labels.get(r, r) for r in user.roles)
    return event.actor_name, roles or (user.title or "")


def _purpose(purpose: str) -> tuple[str, bool]:
    if purpose.startswith(BREAK_GLASS):
        return f"Nødadgang. Begrundelse: {purpose.removeprefix(BREAK_GLASS)}", True
    if purpose.startswith(GRANTED):
        return f"Særlig adgang. Formål: {purpose.removeprefix(GRANTED)}", False
    return PURPOSES.get(purpose, purpose.capitalize()), False


def entry_of(event: AuditEvent, user: User | None, citizen_id: uuid.UUID) -> Entry:
    """One audit event told to the citizen it is about."""
    kind = kind_of(event)
    who, role = _who(event, user, citizen_id)
    teams = ", ".join(sorted(m.team.name for m in user.memberships)) if user else ""
    thing = THINGS.get(event.action.partition(".")[0], "dine oplysninger")
    what = {
        Kind.READ: f"så {thing}",
        Kind.CHANGED: f"ændrede {thing}",
        Kind.DENIED: f"prøvede at se {thing}, men fik ikke adgang",
    }[kind]
    purpose, urgent = _purpose(event.purpose)
    return Entry(
        at=event.at,
        kind=kind,
        who=who,
        role=role,
        teams=teams,
        organisation=user.organisation.name if user and user.citizen_id is None else "",
        what=what,
        sentence=f"{who}{f' fra {teams}' if teams else ''} {what}.",
        purpose=purpose,
        urgent=urgent,
    )


def _close_counts(
    session: Session,
    citizen_id: uuid.UUID,
    where: list[ColumnElement[bool]],
    people: dict[uuid.UUID, User],
) -> list[Close]:
    close_ids = [i for i, user in people.items() if _is_close(user, citizen_id)]
    mine = or_(AuditEvent.actor_id.in_(close_ids), AuditEvent.on_behalf_of == citizen_id)
    query = select(AuditEvent.actor_id, AuditEvent.actor_name, AuditEvent.action)
    query = query.where(*where, mine, AuditEvent.outcome == Outcome.ALLOWED.value)
    counts: Counter[tuple[uuid.UUID | None, str, bool]] = Counter()
    for actor_id, name, action in session.execute(query):
        counts[(actor_id, name, _shows(action))] += 1
    rows: dict[tuple[uuid.UUID | None, str], Close] = {}
    for (actor_id, name, seen), number in counts.items():
        user = people.get(actor_id) if actor_id else None
        yourself = user is not None and user.citizen_id == citizen_id
        was = rows.get((actor_id, name), Close(name, yourself, 0, 0))
        rows[(actor_id, name)] = Close(
            name,
            yourself,
            was.seen + (number if seen else 0),
            was.changed + (0 if seen else number),
        )
    return sorted(rows.values(), key=lambda c: (not c.yourself, c.who))


def citizens_log(
    session: Session, citizen_id: uuid.UUID, wanted: LogFilter, *, page_size: int = PAGE_SIZE
) -> LogPage:
    """One page of who saw or changed the citizen's data (newest first), with the citizen's
    own and relatives' views counted apart."""
    people = _people(session, citizen_id)
    close_ids = [i for i, user in people.items() if _is_close(user, citizen_id)]
    where = _period(citizen_id, wanted)
    shown = [*where, _not_close(citizen_id, close_ids)]
    if wanted.kind:
        shown.append(_kind_clause(wanted.kind))
    total = session.scalar(select(func.count()).select_from(AuditEvent).where(*shown)) or 0
    pages = max(1, -(-total // page_size))
    wanted = replace(wanted, page=min(max(1, wanted.page), pages))  # a page past the end: the last
    query = (
        select(AuditEvent)
        .where(*shown)
        .order_by(AuditEvent.at.desc(), AuditEvent.seq.desc())
        .offset((wanted.page - 1) * page_size)
        .limit(page_size)
    )
    entries = [
        entry_of(e, people.get(e.actor_id) if e.actor_id else None, citizen_id)
        for e in session.scalars(query)
    ]
    return LogPage(entries, wanted, total, pages, _close_counts(session, citizen_id, where, people))
