# SPDX-License-Identifier: MPL-2.0
"""Reads of citizens' data: each checks access and logs the read."""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import break_glass, require_citizen
from samskab.audit.actions import record
from samskab.audit.models import Outcome
from samskab.citizens.models import Citizen
from samskab.citizens.schemas import CitizenOut
from samskab.core import clock
from samskab.core.cpr import Cpr
from samskab.core.db import vault_of
from samskab.core.errors import NotFound


def citizen_for(session: Session, actor: Actor, citizen_id: uuid.UUID) -> Citizen:
    """One citizen, if the actor has a need to know them."""
    require_citizen(session, actor, citizen_id, "citizen.read")
    return session.get_one(Citizen, citizen_id)


def lookup_for(session: Session, actor: Actor, cpr: Cpr) -> Citizen:
    """Find a citizen by CPR number among those the actor may see."""
    lookups = vault_of(session).lookup_hashes(cpr)
    citizen_id = session.scalar(select(Citizen.id).where(Citizen.cpr_lookup.in_(lookups)))
    if citizen_id is None:
        error = NotFound("Borgeren")

        def log_miss(fresh: Session) -> None:
            record(
                fresh,
                actor,
                "citizen.lookup",
                citizen_id=None,
                object_type="citizen",
                outcome=Outcome.DENIED,
            )

        error.after_rollback.append(log_miss)
        raise error
    require_citizen(session, actor, citizen_id, "citizen.lookup")
    return session.get_one(Citizen, citizen_id)


def reveal_cpr_for(session: Session, actor: Actor, citizen_id: uuid.UUID) -> Cpr:
    """The full CPR number; the reveal is logged as its own event."""
    require_citizen(session, actor, citizen_id, "citizen.cpr_reveal")
    citizen = session.get_one(Citizen, citizen_id)
    return vault_of(session).decrypt(citizen.cpr_key_id, citizen.cpr_ciphertext)


def masked_cpr(citizen: Citizen) -> str:
    """The birth-date part of the CPR number, the rest hidden."""
    return citizen.birth_date.strftime("%d%m%y") + "-xxxx"


def citizen_out(citizen: Citizen) -> CitizenOut:
    """A citizen as a response body (CPR masked)."""
    return CitizenOut(
        id=citizen.id,
        version=citizen.version,
        cpr_masked=masked_cpr(citizen),
        first_name=citizen.first_name,
        last_name=citizen.last_name,
        birth_date=citizen.birth_date,
        age=citizen.age_on(clock.today()),
        address_line=citizen.address_line,
        postcode=citizen.postcode,
        city=citizen.city,
        municipality_code=citizen.municipality_code,
        phone=citizen.phone,
        email=citizen.email,
        communication_needs=citizen.communication_needs,
    )


def break_glass_for(session: Session, actor: Actor, cpr: Cpr, reason: str) -> Citizen:
    """Emergency access to a citizen found by CPR number, with a reason that is logged."""
    found = session.execute(
        select(Citizen.id, Citizen.municipality_code).where(
            Citizen.cpr_lookup.in_(vault_of(session).lookup_hashes(cpr))
        )
    ).first()
    # Emergency access never crosses into another municipality's citizens.
    if found is None or found[1] != actor.municipality_code:
        raise NotFound("Borgeren")
    break_glass(session, actor, found[0], reason)
    return citizen_for(session, actor, found[0])
