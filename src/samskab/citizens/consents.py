# SPDX-License-Identifier: MPL-2.0
"""Consents and powers of attorney: which relative may see which parts, until when."""

import uuid
from datetime import date

from pydantic import Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.models import Consent
from samskab.access.policies import SCOPES, does_casework, require_citizen
from samskab.core import clock
from samskab.core.errors import Forbidden, InvalidInput, NotFound
from samskab.core.validation import Input
from samskab.organisations.models import Role, User


class ConsentIn(Input):
    """A consent to give: to whom, which parts, until when."""

    grantee: str = Field(min_length=1, max_length=100)
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
    grantee = session.scalar(select(User).where(User.username == data.grantee, User.active))
    if grantee is None or str(Role.RELATIVE) not in grantee.roles:
        raise InvalidInput("Vi kan ikke finde en pårørende med det brugernavn.", field="grantee")
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


def consenting_citizens(session: Session, actor: Actor) -> list[uuid.UUID]:
    """The citizens whose consent a relative holds today (ids only; no personal data)."""
    if actor.user_id is None:
        return []
    query = (
        select(Consent.citizen_id)
        .where(Consent.grantee_id == actor.user_id, Consent.withdrawn_at.is_(None))
        .distinct()
    )
    return list(session.scalars(query))
