# SPDX-License-Identifier: MPL-2.0
"""Citizens: lookup by CPR (in the body, never the URL), read, change contact details."""

import uuid
from datetime import date, datetime

from fastapi import APIRouter
from pydantic import BaseModel

from samskab.access.models import Consent
from samskab.api.deps import CurrentActor, DbSession
from samskab.cases.grants import ColleagueGrantIn, grant_colleague
from samskab.cases.queries import case_out, cases_of_citizen_for
from samskab.cases.schemas import CaseOut
from samskab.citizens.actions import change_contact
from samskab.citizens.consents import ConsentIn, consents_for, give_consent, withdraw_consent
from samskab.citizens.queries import (
    break_glass_for,
    citizen_for,
    citizen_out,
    lookup_for,
    reveal_cpr_for,
)
from samskab.citizens.schemas import BreakGlassIn, CitizenOut, ContactChange, CprLookup
from samskab.core.cpr import Cpr
from samskab.journal.messages import MessageIn, messages_for, send_message
from samskab.plans.wellbeing import WellbeingIn, answer_wellbeing

router = APIRouter(prefix="/citizens", tags=["Borgere"])


@router.post("/break-glass", summary="Nødadgang til en borger uden for dine teams (begrundes)")
def emergency(body: BreakGlassIn, session: DbSession, actor: CurrentActor) -> CitizenOut:
    return citizen_out(break_glass_for(session, actor, Cpr.parse(body.cpr), body.reason))


class GrantOut(BaseModel):
    """A grant given: its id and when it ends."""

    id: uuid.UUID
    ends_at: datetime | None


@router.post(
    "/{citizen_id}/access-grants",
    status_code=201,
    summary="Giv en kollega fra et andet team midlertidig adgang (formål og slutdato)",
)
def grant(
    citizen_id: uuid.UUID, body: ColleagueGrantIn, session: DbSession, actor: CurrentActor
) -> GrantOut:
    row = grant_colleague(session, actor, citizen_id, body)
    return GrantOut(id=row.id, ends_at=row.expires_at)


@router.post("/lookup", summary="Find en borger ud fra CPR-nummer (sendt i body)")
def lookup(body: CprLookup, session: DbSession, actor: CurrentActor) -> CitizenOut:
    return citizen_out(lookup_for(session, actor, Cpr.parse(body.cpr)))


@router.get("/{citizen_id}", summary="Borgerens stamoplysninger (CPR maskeret)")
def read(citizen_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> CitizenOut:
    return citizen_out(citizen_for(session, actor, citizen_id))


@router.patch("/{citizen_id}", summary="Ret kontaktoplysninger og kommunikationsbehov")
def update(
    citizen_id: uuid.UUID, body: ContactChange, session: DbSession, actor: CurrentActor
) -> CitizenOut:
    return citizen_out(change_contact(session, actor, citizen_id, body))


@router.post("/{citizen_id}/cpr", summary="Vis det fulde CPR-nummer (logges særskilt)")
def reveal(citizen_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> CprLookup:
    return CprLookup(cpr=reveal_cpr_for(session, actor, citizen_id).formatted)


@router.get("/{citizen_id}/cases", summary="Alle borgerens sager på tværs af områder")
def cases(citizen_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> list[CaseOut]:
    return [case_out(c) for c in cases_of_citizen_for(session, actor, citizen_id)]


class ConsentOut(BaseModel):
    """A consent as shown to the citizen and their caseworker."""

    id: uuid.UUID
    grantee_name: str
    scopes: list[str]
    power_of_attorney: bool
    valid_until: date | None
    withdrawn_at: datetime | None


class MessageOut(BaseModel):
    """A message in the citizen's thread."""

    from_citizen: bool
    author_name: str
    text: str
    at: datetime


def _consent_out(consent: Consent, name: str) -> ConsentOut:
    return ConsentOut(
        id=consent.id,
        grantee_name=name,
        scopes=consent.scopes,
        power_of_attorney=consent.power_of_attorney,
        valid_until=consent.valid_until,
        withdrawn_at=consent.withdrawn_at,
    )


@router.get("/{citizen_id}/consents", summary="Borgerens samtykker og fuldmagter")
def consents(citizen_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> list[ConsentOut]:
    return [_consent_out(c, name) for c, name in consents_for(session, actor, citizen_id)]


@router.post(
    "/{citizen_id}/consents",
    status_code=201,
    summary="Giv en pårørende lov til at se dele af sagen (fuldmagt: sagsbehandler)",
)
def consent(
    citizen_id: uuid.UUID, body: ConsentIn, session: DbSession, actor: CurrentActor
) -> ConsentOut:
    given = give_consent(session, actor, citizen_id, body)
    return _consent_out(given, body.grantee)


@router.post(
    "/consents/{consent_id}/withdraw",
    summary="Træk et samtykke tilbage (virker straks)",
    include_in_schema=True,
)
def withdraw(consent_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> dict[str, str]:
    withdraw_consent(session, actor, consent_id)
    return {"status": "withdrawn"}


@router.get("/{citizen_id}/messages", summary="Beskeder mellem borger og sagsbehandler")
def messages(citizen_id: uuid.UUID, session: DbSession, actor: CurrentActor) -> list[MessageOut]:
    return [
        MessageOut(from_citizen=m.from_citizen, author_name=m.author_name, text=m.text, at=m.at)
        for m in messages_for(session, actor, citizen_id)
    ]


@router.post("/{citizen_id}/messages", status_code=201, summary="Skriv en besked")
def message(
    citizen_id: uuid.UUID, body: MessageIn, session: DbSession, actor: CurrentActor
) -> MessageOut:
    sent = send_message(session, actor, citizen_id, body)
    return MessageOut(
        from_citizen=sent.from_citizen, author_name=sent.author_name, text=sent.text, at=sent.at
    )


@router.post("/{citizen_id}/wellbeing", status_code=201, summary="Sådan har jeg det (1-5)")
def wellbeing(
    citizen_id: uuid.UUID, body: WellbeingIn, session: DbSession, actor: CurrentActor
) -> dict[str, int]:
    return answer_wellbeing(session, actor, citizen_id, body).answers
