# SPDX-License-Identifier: MPL-2.0
"""Consents and powers of attorney: which relative may see which parts, until when."""

import secrets
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import Field, field_validator
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.models import Consent
from samskab.access.policies import SCOPES, acts_as_relative, does_casework, require_citizen
from samskab.audit.actions import record
from samskab.audit.models import AuditEvent, Outcome
from samskab.citizens.models import Citizen
from samskab.core import clock
from samskab.core.errors import Forbidden, InvalidInput, NotFound
from samskab.core.validation import Input
from samskab.organisations.models import Role, User

# The relative's code: eight letters and digits that cannot be mistaken for one another.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# Wrong name-and-code tries a citizen may make in a day: enough for typing errors, too few
# to find out who has an account by guessing.
TRIES_PER_DAY = 5
NOT_FOUND = (
    "Vi kan ikke finde en pårørende med det navn og den kode. Skriv navnet, som din "
    "pårørende selv skriver det, og tjek koden."
)


class ConsentIn(Input):
    """A consent to give: to whom, which parts, until when.

    The citizen names the relative as the relative writes their own name, with the code from
    the relative's page (or by name alone for a relative they have given a consent before).
    A username (`grantee`) is for the caseworker who registers a signed power of attorney."""

    relative_name: str = Field(default="", max_length=200)
    relative_code: str = Field(default="", max_length=20)
    grantee: str = Field(default="", max_length=100)
    scopes: list[str] = Field(min_length=1, max_length=len(SCOPES))
    valid_until: date | None = None
    power_of_attorney: bool = False

    @field_validator("scopes")
    @classmethod
    def _known(cls, scopes: list[str]) -> list[str]:
        unknown = [s for s in scopes if s not in SCOPES]
        if unknown:
            raise ValueError(f"Ukendt del: {unknown[0][:30]}.")
        return scopes


def give_consent(session: Session, actor: Actor, citizen_id: uuid.UUID, data: ConsentIn) -> Consent:
    """The citizen lets a relative see parts of their case; a caseworker registers a power of
    attorney the citizen has signed."""
    require_citizen(session, actor, citizen_id, "consent.give", object_type="consent")
    if data.power_of_attorney and not does_casework(actor):
        raise Forbidden("En fuldmagt registreres af sagsbehandleren, når den er modtaget.")
    if data.valid_until is not None and data.valid_until < clock.today():
        raise InvalidInput("Datoen må ikke ligge før i dag.", field="valid_until")
    grantee = _relative(session, actor, citizen_id, data)
    consent = Consent(
        citizen_id=citizen_id,
        grantee_id=grantee.id,
        scopes=data.scopes,
        valid_until=data.valid_until,
        power_of_attorney=data.power_of_attorney,
    )
    session.add(consent)
    session.flush()
    return consent


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _clean_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _relative(session: Session, actor: Actor, citizen_id: uuid.UUID, data: ConsentIn) -> User:
    """The relative the consent is for: by username for staff, else by name (and code)."""
    if data.grantee:
        if not does_casework(actor):
            raise InvalidInput("Skriv din pårørendes navn og kode.", field="relative_name")
        user = session.scalar(select(User).where(User.username == data.grantee, User.active))
        if user is None or str(Role.RELATIVE) not in user.roles:
            raise InvalidInput(
                "Vi kan ikke finde en pårørende med det brugernavn.", field="grantee"
            )
        return user
    name, code = data.relative_name.strip(), _clean_code(data.relative_code)
    if not name:
        raise InvalidInput("Skriv din pårørendes fulde navn.", field="relative_name")
    if _failed_tries(session, citizen_id) >= TRIES_PER_DAY:
        raise InvalidInput(
            "Du har prøvet mange gange i dag. Prøv igen i morgen, eller ring til os.",
            field="relative_code",
        )
    if not code:
        return _known_relative(session, citizen_id, name)
    user = session.scalar(
        select(User).where(User.relative_code == code, User.active, User.citizen_id.is_(None))
    )
    if (
        user is None
        or str(Role.RELATIVE) not in user.roles
        or not _same_name(user.display_name, name)
    ):
        raise _no_match(actor, citizen_id, NOT_FOUND)
    return user


def _known_relative(session: Session, citizen_id: uuid.UUID, name: str) -> User:
    """A relative the citizen has given a consent before, found by name alone."""
    earlier = select(Consent.grantee_id).where(Consent.citizen_id == citizen_id)
    known = [
        user
        for user in session.scalars(select(User).where(User.id.in_(earlier), User.active))
        if _same_name(user.display_name, name)
    ]
    if len(known) > 1:
        raise InvalidInput(
            "Du har flere pårørende med det navn. Skriv også koden fra din pårørendes side.",
            field="relative_code",
        )
    if not known:
        raise InvalidInput(
            "Du har ikke givet en pårørende med det navn lov før. Skriv også den kode, din "
            "pårørende kan se på sin side i samskab.",
            field="relative_code",
        )
    return known[0]


def _failed_tries(session: Session, citizen_id: uuid.UUID) -> int:
    since = clock.now() - timedelta(days=1)
    query = select(func.count()).where(
        AuditEvent.citizen_id == citizen_id,
        AuditEvent.action == "consent.match",
        AuditEvent.outcome == Outcome.DENIED,
        AuditEvent.at >= since,
    )
    return session.scalar(query) or 0


def _no_match(actor: Actor, citizen_id: uuid.UUID, message: str) -> InvalidInput:
    """A name and code that match no relative; the try is counted and audited."""
    error = InvalidInput(message, field="relative_code")

    def log_try(session: Session) -> None:
        record(
            session,
            actor,
            "consent.match",
            citizen_id=citizen_id,
            object_type="consent",
            outcome=Outcome.DENIED,
        )

    error.after_rollback.append(log_try)
    return error


def relative_code_for(session: Session, actor: Actor) -> str | None:
    """The code a relative gives the person they help, so that person can find them; made the
    first time the relative asks for it. Shown as two groups of four ('ABCD-2345')."""
    if actor.user_id is None or not acts_as_relative(actor):
        return None
    user = session.get(User, actor.user_id)
    if user is None:
        return None
    if not user.relative_code:
        user.relative_code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        session.flush()
    return f"{user.relative_code[:4]}-{user.relative_code[4:]}"


def withdraw_consent(session: Session, actor: Actor, consent_id: uuid.UUID) -> Consent:
    """Withdraw a consent; it stops working at once."""
    consent = session.get(Consent, consent_id)
    if consent is None:
        raise NotFound("Samtykket")
    require_citizen(
        session,
        actor,
        consent.citizen_id,
        "consent.withdraw",
        object_type="consent",
        object_id=consent.id,
        what="Samtykket",
    )
    if consent.withdrawn_at is None:
        consent.withdrawn_at = clock.now()
    session.flush()
    return consent


def consents_for(
    session: Session, actor: Actor, citizen_id: uuid.UUID
) -> list[tuple[Consent, str]]:
    """The citizen's consents with the relative's name, newest first."""
    require_citizen(session, actor, citizen_id, "consent.read", object_type="consent")
    query = (
        select(Consent, User.display_name)
        .join(User, User.id == Consent.grantee_id)
        .where(Consent.citizen_id == citizen_id)
        .order_by(Consent.created_at.desc())
    )
    return [(consent, name) for consent, name in session.execute(query)]


@dataclass(frozen=True)
class Helped:
    """Someone whose consent the relative holds today, and what it lets the relative do."""

    citizen_id: uuid.UUID
    first_name: str
    full_name: str
    scopes: tuple[str, ...]
    power_of_attorney: bool


def consenting_citizens(
    session: Session, actor: Actor, only: uuid.UUID | None = None
) -> list[Helped]:
    """The people (or the one person, `only`) whose consent in force a relative holds, with
    their names: the consent is the relative's reason to know the name; each name is logged."""
    if actor.user_id is None or not acts_as_relative(actor):
        return []
    query = (
        select(Consent, Citizen.first_name, Citizen.last_name)
        .join(Citizen, Citizen.id == Consent.citizen_id)
        .where(
            Consent.grantee_id == actor.user_id,
            Consent.withdrawn_at.is_(None),
            or_(Consent.valid_until.is_(None), Consent.valid_until >= clock.today()),
        )
        .order_by(Citizen.first_name, Consent.created_at.desc())
    )
    if only is not None:
        query = query.where(Consent.citizen_id == only)
    helped: dict[uuid.UUID, Helped] = {}
    for consent, first, last in session.execute(query):
        if consent.citizen_id not in helped:
            helped[consent.citizen_id] = Helped(
                consent.citizen_id,
                first,
                f"{first} {last}",
                tuple(consent.scopes),
                consent.power_of_attorney,
            )
            record(
                session,
                actor,
                "consent.read",
                citizen_id=consent.citizen_id,
                object_type="consent",
                object_id=consent.id,
            )
    return list(helped.values())
