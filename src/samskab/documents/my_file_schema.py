# SPDX-License-Identifier: MPL-2.0
"""The shape of 'Hent mine oplysninger': everything samskab holds about one citizen.

Keys are English so the file is easy to read by machine; values a person reads (statuses,
services, labels) are in Danish. No internal ids: the citizen needs what was written and when,
not our database keys. The JSON Schema of `MyFile` is served at
/min-side/mine-oplysninger.schema.json and described in docs/export.md.
"""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Part(BaseModel):
    """A part of the file: closed, so a reader can rely on the keys it sees."""

    model_config = ConfigDict(extra="forbid")


class CitizenPart(Part):
    first_name: str
    last_name: str
    birth_date: date
    address: str = Field(description="Adresse, postnummer og by")
    phone: str | None


class CasePart(Part):
    title: str
    service: str = Field(description="Paragraf eller ydelse, fx 'SEL § 85'")
    status: str = Field(description="Sagens trin på dansk, fx 'Udredning'")
    received_on: date
    deadline_on: date
    closed_at: datetime | None
    inquiry: str = Field(description="Henvendelsen med borgerens egne ord")


class ThemePart(Part):
    theme: str
    citizen_level: int | None = Field(description="Borgerens egen vurdering (0-4)")
    citizen_words: str = Field(description="Det borgeren selv sagde")
    professional_level: int | None = Field(description="Fagpersonens vurdering (0-4)")
    professional_words: str
    resources: str
    wishes: str


class AssessmentPart(Part):
    case_title: str
    summary: str
    themes: list[ThemePart]


class TextVersionPart(Part):
    text_of: Literal["citizen_words", "professional_wording"]
    text: str
    written_by: str
    writer: str = Field(description="Hvem skrev den ned, fx 'Dig selv' eller 'Fagperson'")
    written_at: datetime


class RatingPart(Part):
    by: str = Field(description="'Dig' eller 'Fagperson'")
    score: int = Field(ge=0, le=10)
    comment: str
    at: datetime


class GoalPart(Part):
    citizen_words: str
    professional_wording: str
    status: str
    ratings: list[RatingPart]
    history: list[TextVersionPart] = Field(description="Hver version af målets ord, ældst først")


class PlanPart(Part):
    purpose: str
    expected_duration: str
    goals: list[GoalPart]


class DecisionPart(Part):
    case_title: str
    outcome: str
    status: str
    legal_basis: str
    granted: str
    facts: str
    rules: str
    considerations: str
    decided_by: str
    sent_on: date | None
    appeal_deadline: date | None
    hearing_sent_on: date | None = Field(description="Partshøringen blev sendt")
    hearing_answer: str = Field(description="Dit svar på partshøringen")
    appealed_on: date | None
    appeal: str = Field(description="Din klage med dine egne ord")


class AdditionPart(Part):
    kind: Literal["perspective", "not_recognised"]
    passage: str
    text: str
    written_by: str
    at: datetime


class ConfirmationPart(Part):
    recognised: bool
    comment: str
    by: str
    at: datetime


class AgreementPart(Part):
    what: str
    who: str
    due_on: date | None


class MeetingPart(Part):
    title: str
    starts_at: datetime
    status: str
    participants: list[str]
    note: str
    perspectives: list[AdditionPart] = Field(description="Borgerens egne ord til notatet")
    confirmations: list[ConfirmationPart]
    agreements: list[AgreementPart]


class NotePart(Part):
    kind: str
    title: str
    body: str
    written_by: str
    occurred_on: date


class MessagePart(Part):
    from_citizen: bool
    written_by: str
    text: str
    at: datetime


class ConsentPart(Part):
    relative: str
    parts: list[str] = Field(description="De dele, samtykket dækker, på dansk")
    power_of_attorney: bool
    given_at: datetime
    valid_until: date | None
    withdrawn_at: datetime | None
    state: Literal["given", "withdrawn", "expired"]


class WellbeingAnswerPart(Part):
    statement: str
    score: int = Field(ge=1, le=5)
    answer: str


class WellbeingPart(Part):
    at: datetime
    answered_by: str
    answers: list[WellbeingAnswerPart]


class DeliveryPart(Part):
    delivered_on: date
    amount: float
    delivered_by: str
    note: str


class HelpPart(Part):
    service: str
    provider: str
    status: str
    period_start: date
    period_end: date | None
    allocated: float = Field(description="Bevilget omfang i enheden 'unit'")
    delivered: float = Field(description="Leveret i alt i samme enhed")
    unit: str
    deliveries: list[DeliveryPart]


class AccessPart(Part):
    at: datetime
    who: str
    role: str
    organisation: str
    what: str = Field(description="Hvad personen gjorde, med almindelige ord")
    purpose: str
    refused: bool = Field(description="Sand, hvis personen prøvede uden at have lov")


class MyFile(Part):
    """Everything samskab holds about the citizen (Hent mine oplysninger)."""

    model_config = ConfigDict(
        extra="forbid",
        title="Mine oplysninger i samskab",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    schema_version: Literal["1"] = "1"
    made_at: datetime
    citizen: CitizenPart
    cases: list[CasePart]
    assessments: list[AssessmentPart]
    plan: PlanPart | None
    decisions: list[DecisionPart]
    meetings: list[MeetingPart]
    notes: list[NotePart]
    messages: list[MessagePart]
    consents: list[ConsentPart]
    wellbeing: list[WellbeingPart]
    help: list[HelpPart]
    access_log: list[AccessPart]
