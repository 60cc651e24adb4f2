# SPDX-License-Identifier: MPL-2.0
"""Writes about citizens: they flush, never commit, and audit in the same transaction."""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import require_citizen
from samskab.audit.actions import record
from samskab.citizens.models import Citizen
from samskab.citizens.queries import citizen_out
from samskab.citizens.schemas import CitizenIn, ContactChange
from samskab.core.cpr import Cpr
from samskab.core.db import vault_of
from samskab.core.errors import InvalidInput, StaleVersion
from samskab.core.versioning import claim_version
from samskab.terminology.geography import municipality, postcode_for


def _city(postcode: str) -> str:
    if not postcode:
        return ""
    found = postcode_for(int(postcode))
    if found is None:
        raise InvalidInput(f"Postnummeret {postcode} findes ikke.", field="postcode")
    return found.name


def known_citizen(session: Session, data: CitizenIn) -> Citizen | None:
    """The citizen registered under this CPR number, if any. Shows nothing by itself: the
    caller decides, through access.policies, what the actor may learn of them."""
    vault = vault_of(session)
    cpr = Cpr.parse(data.cpr)
    return session.scalar(select(Citizen).where(Citizen.cpr_lookup.in_(vault.lookup_hashes(cpr))))


def _name(text: str) -> str:
    return " ".join(text.casefold().split())


def check_same_person(citizen: Citizen, data: CitizenIn, *, may_see: bool) -> None:
    """Stop when a CPR number belongs to a citizen known under another name (a mistyped number
    must not file an inquiry under someone else). Only an actor who may see the citizen is told
    the name samskab knows."""
    if (_name(citizen.first_name), _name(citizen.last_name)) == (
        _name(data.first_name),
        _name(data.last_name),
    ):
        return
    if may_see:
        raise InvalidInput(
            f"CPR-nummeret hører til {citizen.full_name}, ikke til "
            f"{data.first_name} {data.last_name}. Tjek CPR-nummeret og navnet.",
            field="citizen.cpr",
        )
    raise InvalidInput(
        "CPR-nummeret passer ikke til navnet. Tjek CPR-nummeret og navnet.", field="citizen.cpr"
    )


def register_citizen(session: Session, actor: Actor, data: CitizenIn) -> Citizen:
    """Register a citizen samskab does not know yet."""
    vault = vault_of(session)
    cpr = Cpr.parse(data.cpr)
    lookup = vault.lookup_hash(cpr)
    municipality(data.municipality_code)
    key_id, blob = vault.encrypt(cpr)
    citizen = Citizen(
        cpr_key_id=key_id,
        cpr_ciphertext=blob,
        cpr_lookup=lookup,
        birth_date=cpr.birth_date(),
        first_name=data.first_name,
        last_name=data.last_name,
        address_line=data.address_line,
        postcode=data.postcode,
        city=_city(data.postcode),
        municipality_code=data.municipality_code,
        phone=data.phone,
        email=str(data.email) if data.email else None,
        communication_needs=data.communication_needs,
    )
    session.add(citizen)
    session.flush()
    record(session, actor, "citizen.create", citizen_id=citizen.id, object_type="citizen")
    return citizen


def change_contact(
    session: Session, actor: Actor, citizen_id: uuid.UUID, change: ContactChange
) -> Citizen:
    """Update a citizen's address, contact details or communication needs (at their version)."""
    require_citizen(session, actor, citizen_id, "citizen.update")
    citizen = session.get_one(Citizen, citizen_id)
    claim_version(
        session,
        citizen,
        change.version,
        lambda: StaleVersion("Kontaktoplysningerne", citizen_out(citizen).model_dump(mode="json")),
    )
    values = change.model_dump(exclude_unset=True, exclude={"version"})
    if "postcode" in values and values["postcode"] is not None:
        citizen.city = _city(values["postcode"])
    if values.get("email") is not None:
        values["email"] = str(values["email"])
    for name, value in values.items():
        setattr(citizen, name, value)
    session.flush()
    return citizen
