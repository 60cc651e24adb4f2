# SPDX-License-Identifier: MPL-2.0
"""'Hent mine oplysninger': gather everything samskab holds about one citizen into `MyFile`.

Access is checked once and logged as one read (`citizen.export`): the file may go to the
citizen themself or to a relative with a power of attorney (`access.policies.require_own_file`).
Draft decisions and internal notes are work in progress, never part of the file.
"""

import uuid
from collections.abc import Iterable
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.models import Consent
from samskab.access.policies import SCOPES, require_own_file
from samskab.assessments.models import Assessment
from samskab.authorship.models import AuthoredText, Writer
from samskab.cases.models import Case
from samskab.cases.states import LABELS as CASE_LABELS
from samskab.cases.states import CaseStatus
from samskab.citizens.models import Citizen
from samskab.core import clock
from samskab.decisions.models import Decision
from samskab.decisions.states import LABELS as DECISION_LABELS
from samskab.decisions.states import OUTCOME_LABELS, DecisionStatus
from samskab.documents import my_file_schema as s
from samskab.documents.my_file_log import access_log
from samskab.interventions.models import DeliveryRecord, Intervention
from samskab.journal.models import KIND_LABELS, Message, Note, NoteKind
from samskab.meetings.models import Meeting
from samskab.meetings.states import LABELS as MEETING_LABELS
from samskab.meetings.states import MeetingStatus
from samskab.organisations.models import User
from samskab.plans.models import Goal, Plan, Rater, WellbeingAnswer
from samskab.plans.queries import goal_history
from samskab.plans.wellbeing import ANSWERS, STATEMENTS

GOAL_LABELS = {"active": "I gang", "achieved": "Nået", "dropped": "Stoppet"}
HELP_LABELS = {"ordered": "Bestilt", "active": "I gang", "ended": "Afsluttet"}
WRITERS = {
    Writer.CITIZEN: "Dig selv",
    Writer.RELATIVE: "Pårørende med fuldmagt",
    Writer.STAFF: "Fagperson",
    Writer.PARTICIPANT: "Mødedeltager",
}
RATERS = {Rater.CITIZEN: "Dig"}


def my_file_for(session: Session, actor: Actor, citizen_id: uuid.UUID) -> s.MyFile:
    """Everything samskab holds about the citizen, checked and logged as one read."""
    require_own_file(session, actor, citizen_id)
    citizen = session.get_one(Citizen, citizen_id)
    cases = list(
        session.scalars(
            select(Case).where(Case.citizen_id == citizen_id).order_by(Case.received_on)
        )
    )
    titles = {c.id: c.title for c in cases}
    return s.MyFile(
        made_at=clock.now(),
        citizen=_citizen(citizen),
        cases=[_case(c) for c in cases],
        assessments=_assessments(session, titles),
        plan=_plan(session, citizen_id),
        decisions=_decisions(session, titles),
        meetings=_meetings(session, citizen_id),
        notes=_notes(session, citizen_id),
        messages=_messages(session, citizen_id),
        consents=_consents(session, citizen_id),
        wellbeing=_wellbeing(session, citizen_id),
        help=_help(session, titles),
        access_log=access_log(session, citizen_id),
    )


def _citizen(citizen: Citizen) -> s.CitizenPart:
    place = " ".join(p for p in (citizen.postcode, citizen.city) if p)
    return s.CitizenPart(
        first_name=citizen.first_name,
        last_name=citizen.last_name,
        birth_date=citizen.birth_date,
        address=", ".join(p for p in (citizen.address_line, place) if p),
        phone=citizen.phone,
    )


def _case(case: Case) -> s.CasePart:
    return s.CasePart(
        title=case.title,
        service=case.legal_basis or case.service_type,
        status=CASE_LABELS[CaseStatus(case.status)],
        received_on=case.received_on,
        deadline_on=case.deadline_on,
        closed_at=case.closed_at,
        inquiry=case.inquiry_text,
    )


def _assessments(session: Session, titles: dict[uuid.UUID, str]) -> list[s.AssessmentPart]:
    found = session.scalars(select(Assessment).where(Assessment.case_id.in_(titles)))
    return [
        s.AssessmentPart(
            case_title=titles[a.case_id],
            summary=a.summary,
            themes=[
                s.ThemePart(
                    theme=t.theme_display,
                    citizen_level=t.citizen_level,
                    citizen_words=t.citizen_text,
                    professional_level=t.professional_level,
                    professional_words=t.professional_text,
                    resources=t.resources,
                    wishes=t.wishes,
                )
                for t in a.themes
            ],
        )
        for a in found
    ]


def _plan(session: Session, citizen_id: uuid.UUID) -> s.PlanPart | None:
    plan = session.scalars(select(Plan).where(Plan.citizen_id == citizen_id)).first()
    if plan is None:
        return None
    history = goal_history(session, plan)

    def versions(goal: Goal) -> list[AuthoredText]:
        both = history.get((goal.id, "citizen_words"), []) + history.get(
            (goal.id, "professional_wording"), []
        )
        return sorted(both, key=lambda v: v.written_at)

    return s.PlanPart(
        purpose=plan.purpose,
        expected_duration=plan.expected_duration,
        goals=[_goal(goal, versions(goal)) for goal in plan.goals],
    )


def _goal(goal: Goal, versions: Iterable[AuthoredText]) -> s.GoalPart:
    return s.GoalPart(
        citizen_words=goal.citizen_words,
        professional_wording=goal.professional_wording,
        status=GOAL_LABELS.get(goal.status, goal.status),
        ratings=[
            s.RatingPart(
                by=RATERS.get(Rater(r.rater), "Fagperson"),
                score=r.score,
                comment=r.comment,
                at=r.at,
            )
            for r in goal.ratings
        ],
        history=[
            s.TextVersionPart(
                text_of="citizen_words" if v.field == "citizen_words" else "professional_wording",
                text=v.body,
                written_by=v.author_name,
                writer=WRITERS.get(Writer(v.writer), "Fagperson"),
                written_at=v.written_at,
            )
            for v in versions
        ],
    )


def _decisions(session: Session, titles: dict[uuid.UUID, str]) -> list[s.DecisionPart]:
    sent = session.scalars(
        select(Decision)
        .where(Decision.case_id.in_(titles), Decision.status != DecisionStatus.DRAFT)
        .order_by(Decision.sent_on)
    )
    return [
        s.DecisionPart(
            case_title=titles[d.case_id],
            outcome=OUTCOME_LABELS.get(d.outcome, d.outcome),  # type: ignore[call-overload]
            status=DECISION_LABELS[DecisionStatus(d.status)],
            legal_basis=d.legal_basis,
            granted=d.granted,
            facts=d.facts,
            rules=d.rules,
            considerations=d.considerations,
            decided_by=d.decided_by_name,
            sent_on=d.sent_on,
            appeal_deadline=d.appeal_deadline,
            hearing_sent_on=d.hearing_sent_on,
            hearing_answer=d.hearing_answer,
            appealed_on=d.appealed_on,
            appeal=d.appeal_text,
        )
        for d in sent
    ]


def _meetings(session: Session, citizen_id: uuid.UUID) -> list[s.MeetingPart]:
    found = session.scalars(
        select(Meeting).where(Meeting.citizen_id == citizen_id).order_by(Meeting.starts_at)
    )
    return [
        s.MeetingPart(
            title=m.title,
            starts_at=m.starts_at,
            status=MEETING_LABELS[MeetingStatus(m.status)],
            participants=[p.name for p in m.participants],
            # A note is a draft until the meeting has ended and it is journalised.
            note=m.note if m.status == MeetingStatus.ENDED else "",
            perspectives=[
                s.AdditionPart(
                    kind="not_recognised" if a.kind == "not_recognised" else "perspective",
                    passage=a.passage,
                    text=a.text,
                    written_by=a.author_name,
                    at=a.at,
                )
                for a in m.additions
            ],
            confirmations=[
                s.ConfirmationPart(
                    recognised=c.recognised, comment=c.comment, by=c.author_name, at=c.at
                )
                for c in m.confirmations
            ],
            agreements=[
                s.AgreementPart(what=a.what, who=a.who, due_on=a.due_on) for a in m.agreements
            ],
        )
        for m in found
    ]


def _notes(session: Session, citizen_id: uuid.UUID) -> list[s.NotePart]:
    found = session.scalars(
        select(Note)
        .where(Note.citizen_id == citizen_id, Note.kind != NoteKind.INTERNAL)
        .order_by(Note.occurred_on, Note.written_at)
    )
    return [
        s.NotePart(
            kind=KIND_LABELS.get(NoteKind(n.kind), "Notat"),
            title=n.title,
            body=n.body,
            written_by=n.author_name,
            occurred_on=n.occurred_on,
        )
        for n in found
    ]


def _messages(session: Session, citizen_id: uuid.UUID) -> list[s.MessagePart]:
    found = session.scalars(
        select(Message).where(Message.citizen_id == citizen_id).order_by(Message.at)
    )
    return [
        s.MessagePart(from_citizen=m.from_citizen, written_by=m.author_name, text=m.text, at=m.at)
        for m in found
    ]


def _consent_state(consent: Consent) -> Literal["given", "withdrawn", "expired"]:
    if consent.withdrawn_at is not None:
        return "withdrawn"
    if consent.valid_until is not None and consent.valid_until < clock.today():
        return "expired"
    return "given"


def _consents(session: Session, citizen_id: uuid.UUID) -> list[s.ConsentPart]:
    rows = session.execute(
        select(Consent, User.display_name)
        .join(User, User.id == Consent.grantee_id)
        .where(Consent.citizen_id == citizen_id)
        .order_by(Consent.created_at)
    )
    return [
        s.ConsentPart(
            relative=name,
            parts=[SCOPES.get(scope, scope) for scope in consent.scopes],
            power_of_attorney=consent.power_of_attorney,
            given_at=consent.created_at,
            valid_until=consent.valid_until,
            withdrawn_at=consent.withdrawn_at,
            state=_consent_state(consent),
        )
        for consent, name in rows
    ]


def _wellbeing(session: Session, citizen_id: uuid.UUID) -> list[s.WellbeingPart]:
    found = session.scalars(
        select(WellbeingAnswer)
        .where(WellbeingAnswer.citizen_id == citizen_id)
        .order_by(WellbeingAnswer.at)
    )
    return [
        s.WellbeingPart(
            at=w.at,
            answered_by=w.answered_by,
            answers=[
                s.WellbeingAnswerPart(
                    statement=STATEMENTS[key], score=int(score), answer=ANSWERS[int(score)]
                )
                for key, score in w.answers.items()
                if key in STATEMENTS
            ],
        )
        for w in found
    ]


def _help(session: Session, titles: dict[uuid.UUID, str]) -> list[s.HelpPart]:
    orders = session.scalars(
        select(Intervention)
        .where(Intervention.case_id.in_(titles))
        .order_by(Intervention.period_start)
    )
    parts = []
    for order in orders:
        deliveries = list(
            session.scalars(
                select(DeliveryRecord)
                .where(DeliveryRecord.intervention_id == order.id)
                .order_by(DeliveryRecord.delivered_on)
            )
        )
        parts.append(
            s.HelpPart(
                service=order.service_display,
                provider=order.provider.name,
                status=HELP_LABELS.get(order.status, order.status),
                period_start=order.period_start,
                period_end=order.period_end,
                allocated=order.scope_amount,
                delivered=sum(d.amount for d in deliveries),
                unit=order.scope_unit,
                deliveries=[
                    s.DeliveryPart(
                        delivered_on=d.delivered_on,
                        amount=d.amount,
                        delivered_by=d.delivered_by,
                        note=d.note,
                    )
                    for d in deliveries
                ],
            )
        )
    return parts
