# SPDX-License-Identifier: MPL-2.0
"""The one place that decides whether an actor may see or change a citizen's data."""

import uuid
from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta
from typing import TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    delete,
    exists,
    false,
    or_,
    select,
    update,
)
from sqlalchemy.orm import QueryableAttribute, Session

from samskab.access.actor import Actor
from samskab.access.models import CitizenAccess, Consent
from samskab.audit.actions import record, record_reads
from samskab.audit.models import Outcome
from samskab.core import clock
from samskab.core.errors import Forbidden, InvalidInput, NotFound
from samskab.organisations.models import Role

T = TypeVar("T")
# A citizen id column of the query an access rule is folded into (e.g. Case.citizen_id).
CitizenIdColumn = ColumnElement[uuid.UUID] | QueryableAttribute[uuid.UUID]
CASEWORK_ROLES = (Role.CASEWORKER, Role.TEAM_LEAD)
# What citizens may do with their own data: read all of it (aktindsigt), write only their own
# words and ratings and their part of a meeting.
CITIZEN_ACTIONS = frozenset(
    {
        "citizen.read",
        "citizen.cases",
        "case.read",
        "assessment.read",
        "plan.read",
        "intervention.read",
        "delivery.read",
        "note.read",
        "decision.read",
        "meeting.read",
        "meeting.list",
        "meeting.live",
        "meeting.citizen_view",
        "meeting.screen",
        "meeting.history",
        "meeting.addition",
        "meeting.confirm",
        "goal.update",
        "goal.rate",
        "audit.read",
        "citizen.export",
        "consent.read",
        "consent.give",
        "consent.withdraw",
        "wellbeing.rate",
        "wellbeing.read",
        "message.read",
        "message.write",
        "placement.citizen_view",
    }
)


# What a relative's consent can cover, and the actions each part allows.
SCOPES = {
    "basis": "Mine sager og oplysninger",
    "plan": "Min plan og mine mål",
    "meetings": "Mine møder",
    "decisions": "Mine afgørelser",
    "help": "Min hjælp",
    "messages": "Mine beskeder",
}
ACTION_SCOPE = {
    "citizen.read": "basis",
    "citizen.cases": "basis",
    "case.read": "basis",
    "plan.read": "plan",
    "goal.update": "plan",
    "goal.rate": "plan",
    "meeting.read": "meetings",
    "meeting.list": "meetings",
    "meeting.live": "meetings",
    "meeting.citizen_view": "meetings",
    "meeting.addition": "meetings",
    "meeting.confirm": "meetings",
    "decision.read": "decisions",
    "intervention.read": "help",
    "delivery.read": "help",
    "placement.citizen_view": "help",
    "message.read": "messages",
}
# What provider staff may do: see the orders addressed to their provider (with the goals they
# serve) and register deliveries. Never assessments, notes or other orders.
PROVIDER_ACTIONS = frozenset({"order.read", "delivery.read", "delivery.create"})


def provider_may(session: Session, actor: Actor, citizen_id: uuid.UUID, action: str) -> bool:
    """Whether a provider's staff member has an order for this citizen (and may do this)."""
    if not actor.has(Role.PROVIDER_STAFF) or action not in PROVIDER_ACTIONS:
        return False
    query = select(
        exists().where(
            CitizenAccess.citizen_id == citizen_id,
            CitizenAccess.organisation_id == actor.organisation_id,
            CitizenAccess.source_type == "order",
        )
    )
    return bool(session.scalar(query))


def grant_provider(
    session: Session, citizen_id: uuid.UUID, organisation_id: uuid.UUID, order_id: uuid.UUID
) -> None:
    """An order gives its provider the need to know the citizen (for that order)."""
    session.add(
        CitizenAccess(
            citizen_id=citizen_id,
            organisation_id=organisation_id,
            source_type="order",
            source_id=order_id,
        )
    )


# Writes a relative may make only with a power of attorney (fuldmagt).
ACTING = frozenset({"goal.update", "goal.rate", "meeting.addition", "meeting.confirm"})


def active_consent(session: Session, actor: Actor, citizen_id: uuid.UUID) -> Consent | None:
    """The relative's consent from this citizen that is in force today, if any."""
    if actor.user_id is None:
        return None
    query = select(Consent).where(
        Consent.citizen_id == citizen_id,
        Consent.grantee_id == actor.user_id,
        Consent.withdrawn_at.is_(None),
        or_(Consent.valid_until.is_(None), Consent.valid_until >= clock.today()),
    )
    return session.scalars(query.order_by(Consent.created_at.desc())).first()


def _relative_may(session: Session, actor: Actor, citizen_id: uuid.UUID, action: str) -> bool:
    consent = active_consent(session, actor, citizen_id)
    if consent is None or ACTION_SCOPE.get(action) not in consent.scopes:
        return False
    return action not in ACTING or consent.power_of_attorney


def _in_force(actor: Actor) -> ColumnElement[bool]:
    return and_(
        or_(CitizenAccess.expires_at.is_(None), CitizenAccess.expires_at > clock.now()),
        or_(CitizenAccess.user_id.is_(None), CitizenAccess.user_id == actor.user_id),
    )


BREAK_GLASS_HOURS = 12


def break_glass(session: Session, actor: Actor, citizen_id: uuid.UUID, reason: str) -> None:
    """Emergency access to a citizen outside the actor's teams: a stated reason, a time limit,
    and a mark in the citizen's own log and on the team lead's review list."""
    if not actor.has(*CASEWORK_ROLES) or not actor.team_ids:
        raise Forbidden("Kun sagsbehandlere og teamledere kan bruge nødadgang.")
    if len(reason.strip()) < 20:
        raise InvalidInput("Skriv en begrundelse på mindst 20 tegn.", field="reason")
    grant_id = uuid.uuid4()
    session.add(
        CitizenAccess(
            citizen_id=citizen_id,
            team_id=sorted(actor.team_ids)[0],
            source_type="break_glass",
            source_id=grant_id,
            user_id=actor.user_id,
            expires_at=clock.now() + timedelta(hours=BREAK_GLASS_HOURS),
        )
    )
    urgent = replace(actor, purpose=f"{BREAK_GLASS_PURPOSE}{reason.strip()}"[:200])
    record(
        session,
        urgent,
        "break_glass",
        citizen_id=citizen_id,
        object_type="citizen",
        object_id=grant_id,
    )
    session.flush()


BREAK_GLASS_PURPOSE = "NØDADGANG: "


def sees_internal_notes(actor: Actor) -> bool:
    """Internal journal notes are working notes for the staff who handle cases."""
    return actor.has(*CASEWORK_ROLES)


def answers_for_the_municipality(actor: Actor) -> bool:
    """Whether the actor reads and answers the citizen's messages for the municipality: staff
    doing casework (their reading makes a message from the citizen no longer new)."""
    return sees_work_in_progress(actor)


def visible_citizen_ids(actor: Actor) -> Select[uuid.UUID]:
    """The citizens this actor has a need to know (deny by default)."""
    if not actor.has(*CASEWORK_ROLES) or not actor.team_ids:
        return select(CitizenAccess.citizen_id).where(false())
    return select(CitizenAccess.citizen_id).where(
        CitizenAccess.team_id.in_(actor.team_ids), _in_force(actor)
    )


def _seen_by_team(actor: Actor, citizen_id: CitizenIdColumn | uuid.UUID) -> ColumnElement[bool]:
    """A team of the actor's has a need to know the citizen (in force; emergency access for
    its holder only)."""
    return exists().where(
        CitizenAccess.citizen_id == citizen_id,
        CitizenAccess.team_id.in_(actor.team_ids),
        _in_force(actor),
    )


def may_see(session: Session, actor: Actor, citizen_id: uuid.UUID) -> bool:
    """Whether the actor may see this citizen's data."""
    if actor.has(Role.CITIZEN) and actor.citizen_id is not None:
        return actor.citizen_id == citizen_id
    if not actor.has(*CASEWORK_ROLES) or not actor.team_ids:
        return False
    return bool(session.scalar(select(_seen_by_team(actor, citizen_id))))


def seeing(actor: Actor, citizen_id: CitizenIdColumn) -> ColumnElement[bool] | None:
    """`may_see` as a condition on a citizen id column, to select with the data it guards so
    that reading and checking take one statement; pass what it says to `require_citizen` as
    `seen`. None when more than this rule decides the actor's access (provider staff and
    relatives): call `require_citizen` without `seen` then."""
    if actor.has(Role.PROVIDER_STAFF, Role.RELATIVE):
        return None
    if actor.has(Role.CITIZEN) and actor.citizen_id is not None:
        return citizen_id == actor.citizen_id
    if not actor.has(*CASEWORK_ROLES) or not actor.team_ids:
        return false()
    return _seen_by_team(actor, citizen_id)


def first_with_access(
    session: Session, actor: Actor, query: Select[T], citizen_id: CitizenIdColumn
) -> tuple[T | None, bool | None]:
    """The first row of a query and whether the actor may see its citizen (`citizen_id`, a
    column of the query), read in one statement when the rule folds into it (`seeing`); else
    the row alone and None. Nothing is logged: pass the answer to `require_citizen` as
    `seen`."""
    seen = seeing(actor, citizen_id)
    if seen is None:
        found = session.scalars(query).unique().all()  # all: joined collections complete
        return (found[0] if found else None), None
    rows = session.execute(query.add_columns(seen.label("seen"))).unique().all()
    return (rows[0][0], bool(rows[0][1])) if rows else (None, None)


def may(session: Session, actor: Actor, citizen_id: uuid.UUID, action: str) -> bool:
    """Whether `require_citizen` would allow this action (asked before showing an optional part
    of a document; the part's own read is checked and logged as usual)."""
    if provider_may(session, actor, citizen_id, action):
        return True
    if actor.has(Role.RELATIVE) and _relative_may(session, actor, citizen_id, action):
        return True
    allowed = actor.citizen_id is None or action in CITIZEN_ACTIONS
    return allowed and may_see(session, actor, citizen_id)


def sees_work_in_progress(actor: Actor) -> bool:
    """Whether the actor may read the caseworkers' work in progress (a draft decision with its
    internal considerations): staff doing casework only, never the citizen, a relative, a
    provider or a meeting guest. What the citizen sees is what has been sent to them."""
    return actor.citizen_id is None and actor.meeting_id is None and actor.has(*CASEWORK_ROLES)


def require_citizen(
    session: Session,
    actor: Actor,
    citizen_id: uuid.UUID,
    action: str,
    *,
    object_type: str = "citizen",
    object_id: uuid.UUID | None = None,
    what: str = "Borgeren",
    seen: bool | None = None,
) -> None:
    """Check access and log it; a refusal answers NotFound and is logged even after rollback.

    `seen` is what the condition from `seeing` said, when the caller read it with the data
    (the access is then not asked again)."""
    if provider_may(session, actor, citizen_id, action):
        record(
            session,
            actor,
            action,
            citizen_id=citizen_id,
            object_type=object_type,
            object_id=object_id or citizen_id,
        )
        return
    if actor.has(Role.RELATIVE) and _relative_may(session, actor, citizen_id, action):
        # Acting for the citizen shows in the log as done on the citizen's behalf.
        who = replace(actor, on_behalf_of=citizen_id) if action in ACTING else actor
        record(
            session,
            who,
            action,
            citizen_id=citizen_id,
            object_type=object_type,
            object_id=object_id or citizen_id,
        )
        return
    if may_see(session, actor, citizen_id) if seen is None else seen:
        if actor.citizen_id is not None and action not in CITIZEN_ACTIONS:
            raise Forbidden("Det kan kun din sagsbehandler gøre.")
        record(
            session,
            actor,
            action,
            citizen_id=citizen_id,
            object_type=object_type,
            object_id=object_id or citizen_id,
        )
        return
    raise _refusal(actor, citizen_id, action, object_type, object_id or citizen_id, what)


def _refusal(
    actor: Actor,
    citizen_id: uuid.UUID,
    action: str,
    object_type: str,
    object_id: uuid.UUID,
    what: str,
) -> NotFound:
    """A NotFound that logs the refused attempt even after the transaction rolls back."""
    error = NotFound(what)

    def log_refusal(fresh: Session) -> None:
        record(
            fresh,
            actor,
            action,
            citizen_id=citizen_id,
            object_type=object_type,
            object_id=object_id,
            outcome=Outcome.DENIED,
        )

    error.after_rollback.append(log_refusal)
    return error


def require_own_file(session: Session, actor: Actor, citizen_id: uuid.UUID) -> None:
    """'Hent mine oplysninger' is for the citizen themself, or for a relative who holds the
    citizen's power of attorney (logged as done on the citizen's behalf). Staff answer a
    request for access to files (aktindsigt) in the case instead. One read is logged."""
    own = actor.has(Role.CITIZEN) and actor.citizen_id == citizen_id
    consent = active_consent(session, actor, citizen_id) if actor.has(Role.RELATIVE) else None
    if not own and (consent is None or not consent.power_of_attorney):
        raise _refusal(actor, citizen_id, "citizen.export", "citizen", citizen_id, "Borgeren")
    who = actor if own else replace(actor, on_behalf_of=citizen_id)
    record(
        session,
        who,
        "citizen.export",
        citizen_id=citizen_id,
        object_type="citizen",
        object_id=citizen_id,
    )


def require_meeting(
    session: Session, actor: Actor, citizen_id: uuid.UUID, meeting_id: uuid.UUID, action: str
) -> None:
    """Access to one meeting: its participants who joined by link and code, or anyone who may
    see the citizen; logged like every other access."""
    if actor.meeting_id is not None and actor.meeting_id == meeting_id:
        record(
            session,
            actor,
            action,
            citizen_id=citizen_id,
            object_type="meeting",
            object_id=meeting_id,
        )
        return
    require_citizen(
        session,
        actor,
        citizen_id,
        action,
        object_type="meeting",
        object_id=meeting_id,
        what="Mødet",
    )


def require_citizens_voice(
    session: Session,
    actor: Actor,
    citizen_id: uuid.UUID,
    meeting_id: uuid.UUID,
    action: str,
    *,
    admitted_as_citizen: bool,
) -> str:
    """Only the citizen answers the note of their meeting: logged in as themselves, through a
    relative's power of attorney, or as the guest the caseworker let in as the citizen. Never
    staff, another guest or a relative without a power of attorney. Returns how the actor
    speaks as the citizen ('borger', 'fuldmagt' or 'gæst')."""
    require_meeting(session, actor, citizen_id, meeting_id, action)
    if actor.meeting_id is not None:
        if admitted_as_citizen:
            return "gæst"
    elif actor.citizen_id is not None and actor.citizen_id == citizen_id:
        return "borger"
    elif actor.has(Role.RELATIVE) and not actor.has(*CASEWORK_ROLES):
        return "fuldmagt"  # require_citizen has checked the power of attorney (ACTING)
    raise Forbidden("Kun borgeren selv kan bekræfte notatet eller sige, at noget ikke passer.")


def may_decide_referral(actor: Actor, to_team_id: uuid.UUID | None, municipality_code: str) -> bool:
    """Whether the actor may accept or decline an inquiry about a citizen another team asked
    to open: a member of the team responsible for the citizen, or a team lead of the
    municipality."""
    if actor.citizen_id is not None or actor.meeting_id is not None:
        return False
    if actor.has(Role.TEAM_LEAD) and actor.municipality_code == municipality_code:
        return True
    return actor.has(*CASEWORK_ROLES) and to_team_id is not None and to_team_id in actor.team_ids


def log_list_reads(
    session: Session, actor: Actor, citizen_ids: Iterable[uuid.UUID], object_type: str
) -> None:
    """Log one read per citizen shown in a list the actor has already been filtered to."""
    record_reads(session, actor, f"{object_type}.list", citizen_ids, object_type)


def grant_team(
    session: Session,
    citizen_id: uuid.UUID,
    team_id: uuid.UUID,
    source_type: str,
    source_id: uuid.UUID,
) -> None:
    """Record that a team needs to know a citizen because of a record (e.g. a case)."""
    session.add(
        CitizenAccess(
            citizen_id=citizen_id, team_id=team_id, source_type=source_type, source_id=source_id
        )
    )


def move_grant(
    session: Session, source_type: str, source_id: uuid.UUID, team_id: uuid.UUID
) -> None:
    """The record that gives access now belongs to another team."""
    session.execute(
        update(CitizenAccess)
        .where(CitizenAccess.source_type == source_type, CitizenAccess.source_id == source_id)
        .values(team_id=team_id)
    )


def revoke_grant(session: Session, source_type: str, source_id: uuid.UUID) -> None:
    """The record no longer gives access."""
    session.execute(
        delete(CitizenAccess).where(
            CitizenAccess.source_type == source_type, CitizenAccess.source_id == source_id
        )
    )


def require_own(
    session: Session, actor: Actor, citizen_id: uuid.UUID, action: str, *, object_type: str
) -> None:
    """Data only the citizen themselves may see (their access log): anyone else, staff and
    relatives included, is refused as if it did not exist, and the refusal is logged."""
    if actor.citizen_id == citizen_id:
        require_citizen(session, actor, citizen_id, action, object_type=object_type)
        return
    raise _refusal(actor, citizen_id, action, object_type, citizen_id, "Oversigten")
