# SPDX-License-Identifier: MPL-2.0
"""The one place that decides whether an actor may see or change a citizen's data."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    case,
    delete,
    exists,
    false,
    literal,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.orm import QueryableAttribute, Session

from samskab.access.actor import Actor
from samskab.access.models import CitizenAccess, Consent
from samskab.audit.actions import record, record_reads
from samskab.audit.models import Outcome
from samskab.audit.queries import GRANTED
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
    """Access rows that give this actor access now: not ended by a team lead, not past their
    end date, and team-wide or the actor's own."""
    return and_(
        CitizenAccess.ended_at.is_(None),
        or_(CitizenAccess.expires_at.is_(None), CitizenAccess.expires_at > clock.now()),
        or_(CitizenAccess.user_id.is_(None), CitizenAccess.user_id == actor.user_id),
    )


def responsible_team(session: Session, citizen_id: uuid.UUID) -> uuid.UUID | None:
    """The team whose own case most recently gave it standing access to the citizen: its lead
    reviews the grants others get to this citizen."""
    return session.scalar(
        select(CitizenAccess.team_id)
        .where(
            CitizenAccess.citizen_id == citizen_id,
            CitizenAccess.source_type == "case",
            CitizenAccess.purpose.is_(None),
            CitizenAccess.ended_at.is_(None),
        )
        .order_by(CitizenAccess.created_at.desc())
        .limit(1)
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
    own_team = sorted(actor.team_ids)[0]
    session.add(
        CitizenAccess(
            citizen_id=citizen_id,
            team_id=own_team,
            source_type="break_glass",
            source_id=grant_id,
            user_id=actor.user_id,
            expires_at=clock.now() + timedelta(hours=BREAK_GLASS_HOURS),
            purpose=reason.strip()[:190],
            granted_by_id=actor.user_id,
            review_team_id=responsible_team(session, citizen_id) or own_team,
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
# How a read through a grant is logged, so the citizen's access log names its purpose.
GRANT_PURPOSE = GRANTED


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


def grant_behind(session: Session, actor: Actor, citizen_id: uuid.UUID) -> CitizenAccess | None:
    """The access row in force that lets a staff member see the citizen: the team's standing
    access first, else a grant (whose purpose the access log then names)."""
    if not actor.has(*CASEWORK_ROLES) or not actor.team_ids:
        return None
    query = (
        select(CitizenAccess)
        .where(
            CitizenAccess.citizen_id == citizen_id,
            CitizenAccess.team_id.in_(actor.team_ids),
            _in_force(actor),
        )
        .order_by(CitizenAccess.purpose.is_not(None))
        .limit(1)
    )
    return session.scalars(query).first()


@dataclass(frozen=True)
class Seen:
    """What the access rule said when it was read with the data it guards (`seeing`): the
    purpose the log names for this read ('' for a team's standing access, the grant's purpose
    for a grant), or None when the actor may not see the citizen."""

    purpose: str | None


def _access_purpose(
    actor: Actor, citizen_id: CitizenIdColumn | uuid.UUID
) -> ColumnElement[str | None]:
    """The purpose the log names for the actor's best access row in force to the citizen, as a
    column: '' for a team's standing access (preferred), the prefixed purpose of a grant, NULL
    when there is none (emergency access counts for its holder only)."""
    purpose = case(
        (CitizenAccess.purpose.is_(None), literal("")),
        (
            CitizenAccess.source_type == "break_glass",
            literal(BREAK_GLASS_PURPOSE) + CitizenAccess.purpose,
        ),
        else_=literal(GRANT_PURPOSE) + CitizenAccess.purpose,
    )
    return (
        select(purpose)
        .where(
            CitizenAccess.citizen_id == citizen_id,
            CitizenAccess.team_id.in_(actor.team_ids),
            _in_force(actor),
        )
        .order_by(CitizenAccess.purpose.is_not(None))
        .limit(1)
        .scalar_subquery()
    )


def _as_seen(actor: Actor, seen: Seen) -> Actor | None:
    """The actor as the log names them for a read the rule allowed (None: not allowed)."""
    if seen.purpose is None:
        return None
    return replace(actor, purpose=seen.purpose[:200]) if seen.purpose else actor


def _seeing(session: Session, actor: Actor, citizen_id: uuid.UUID) -> Actor | None:
    """The actor as the log names them when they may see the citizen (None when they may not):
    a read through a grant carries the grant's purpose."""
    if actor.has(Role.CITIZEN) and actor.citizen_id is not None:
        return actor if actor.citizen_id == citizen_id else None
    if not actor.has(*CASEWORK_ROLES) or not actor.team_ids:
        return None
    return _as_seen(actor, Seen(session.scalar(select(_access_purpose(actor, citizen_id)))))


def may_see(session: Session, actor: Actor, citizen_id: uuid.UUID) -> bool:
    """Whether the actor may see this citizen's data."""
    return _seeing(session, actor, citizen_id) is not None


def seeing(actor: Actor, citizen_id: CitizenIdColumn) -> ColumnElement[str | None] | None:
    """`may_see` as a column on a citizen id column (the purpose the log names, NULL when the
    actor may not see), to select with the data it guards so that reading and checking take
    one statement; pass what it says to `require_citizen` as `seen`. None when more than this
    rule decides the actor's access (provider staff and relatives): call `require_citizen`
    without `seen` then."""
    if actor.has(Role.PROVIDER_STAFF, Role.RELATIVE):
        return None
    if actor.has(Role.CITIZEN) and actor.citizen_id is not None:
        return case((citizen_id == actor.citizen_id, literal("")), else_=null())
    if not actor.has(*CASEWORK_ROLES) or not actor.team_ids:
        return literal(None, String())
    return _access_purpose(actor, citizen_id)


def first_with_access(
    session: Session, actor: Actor, query: Select[T], citizen_id: CitizenIdColumn
) -> tuple[T | None, Seen | None]:
    """The first row of a query and what the access rule says about its citizen (`citizen_id`,
    a column of the query), read in one statement when the rule folds into it (`seeing`); else
    the row alone and None. Nothing is logged: pass the answer to `require_citizen` as
    `seen`."""
    seen = seeing(actor, citizen_id)
    if seen is None:
        found = session.scalars(query).unique().all()  # all: joined collections complete
        return (found[0] if found else None), None
    rows = session.execute(query.add_columns(seen.label("seen"))).unique().all()
    return (rows[0][0], Seen(rows[0][1])) if rows else (None, None)


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
    seen: Seen | None = None,
) -> None:
    """Check access and log it; a refusal answers NotFound and is logged even after rollback.

    `seen` is what the column from `seeing` said, when the caller read it with the data (the
    access is then not asked again)."""
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
    seer = _seeing(session, actor, citizen_id) if seen is None else _as_seen(actor, seen)
    if seer is not None:
        if actor.citizen_id is not None and action not in CITIZEN_ACTIONS:
            raise Forbidden("Det kan kun din sagsbehandler gøre.")
        record(
            session,
            seer,
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


def reviews_access_grants(actor: Actor) -> bool:
    """Team leads review the grants to citizens their teams are responsible for."""
    return actor.citizen_id is None and actor.has(Role.TEAM_LEAD) and bool(actor.team_ids)


def reviews_grants_with_roles(roles: Iterable[str]) -> bool:
    """Whether a user with these roles reviews grants (what the menu offers; the review page
    itself asks `reviews_access_grants` of the acting user)."""
    return str(Role.TEAM_LEAD) in set(roles)


def may_grant_access(session: Session, actor: Actor, citizen_id: uuid.UUID) -> bool:
    """Whether the actor may give a colleague from another team temporary access to the
    citizen: staff doing casework whose own team's case gives them standing access (a grant
    is never passed on)."""
    grant = grant_behind(session, actor, citizen_id)
    return grant is not None and grant.purpose is None and actor.citizen_id is None


def may_receive_grant(roles: Iterable[str], team_ids: Iterable[uuid.UUID]) -> bool:
    """Whether a colleague can be given temporary access: staff in a team doing casework."""
    return bool({str(r) for r in CASEWORK_ROLES}.intersection(roles)) and any(
        True for _ in team_ids
    )


# Role checks, each named for what it allows. Nothing outside `samskab.access` asks an actor
# for a role (tests/test_quality.py greps for it).


def does_casework(actor: Actor) -> bool:
    """Staff who open and handle cases: caseworkers and team leads."""
    return actor.has(*CASEWORK_ROLES)


def handles_the_meeting(actor: Actor) -> bool:
    """Staff doing casework, logged in as themselves (not joined to a meeting by link)."""
    return actor.has(*CASEWORK_ROLES) and actor.meeting_id is None


def acts_as_relative(actor: Actor) -> bool:
    """A relative, who acts for a citizen only through the citizen's consent."""
    return actor.has(Role.RELATIVE)


def first_role(actor: Actor) -> Role | None:
    """The actor's first role in the order roles are listed (how authored text is signed)."""
    return next((r for r in Role if r in actor.roles), None)


def held_roles(actor: Actor) -> list[Role]:
    """The roles the actor holds, in the order roles are listed."""
    return [r for r in Role if r in actor.roles]


def edits_quality_standards(actor: Actor) -> bool:
    """Team leads publish the municipality's quality standards."""
    return actor.has(Role.TEAM_LEAD) and bool(actor.municipality_code)


def plans_regionally(actor: Actor) -> bool:
    """The regional coordinator, and the analyst who only reads, see regional offers,
    forecasts and placement planning across municipalities."""
    return actor.has(Role.REGIONAL_COORDINATOR, Role.ANALYST)


def imports_offers(actor: Actor) -> bool:
    """The regional coordinator imports offers (for their own region)."""
    return actor.has(Role.REGIONAL_COORDINATOR)


def administers(actor: Actor) -> bool:
    """The administrator configures the installation (accounts, deadlines, any region)."""
    return actor.has(Role.ADMIN)


def reads_aggregates(actor: Actor) -> bool:
    """Suppressed counts across cases: analysts, coordinators and team leads."""
    return actor.has(Role.ANALYST, Role.REGIONAL_COORDINATOR, Role.TEAM_LEAD)


def works_for_provider(actor: Actor) -> bool:
    """Staff at a provider, who see the orders addressed to their provider only."""
    return actor.has(Role.PROVIDER_STAFF) and actor.organisation_id is not None


def outside_provider(actor: Actor, provider_id: uuid.UUID | None) -> bool:
    """A provider's staff member looking at an order addressed to another provider."""
    return actor.has(Role.PROVIDER_STAFF) and provider_id != actor.organisation_id
