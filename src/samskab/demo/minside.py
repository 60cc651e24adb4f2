# SPDX-License-Identifier: MPL-2.0
"""What the persona citizens and relatives see on Min side in the demo: a held meeting with
its note, agreements and the citizen's own words, an upcoming one with time and place,
wellbeing answers over time, and consents given, withdrawn and expired."""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.models import Consent
from samskab.access.policies import SCOPES
from samskab.demo.organisation import persona_citizen_id
from samskab.demo.rows import moment
from samskab.meetings.models import (
    Agreement,
    CitizenAddition,
    Confirmation,
    Meeting,
    Participant,
)
from samskab.meetings.states import MeetingForm, MeetingStatus, ParticipantStatus
from samskab.organisations.actions import add_user
from samskab.organisations.models import Organisation, Role, User
from samskab.plans.models import WellbeingAnswer

# The codes the demo relatives give the people they help (normally made on first view).
RELATIVE_CODES = {"lene": "L3NE7MDS", "karim": "K4RM9HSN"}


@dataclass(frozen=True)
class HeldMeeting:
    """A meeting that has ended: what was written, agreed and said."""

    title: str
    days_ago: int
    form: MeetingForm
    place: str
    people: tuple[tuple[str, str, str], ...]  # kind, name, organisation
    note: str
    agreements: tuple[tuple[str, str, int], ...]  # what, who, due in days from the meeting
    perspective: str
    not_recognised: tuple[str, str] | None  # passage, why
    answers: tuple[tuple[bool, str, str, str], ...]  # recognised, comment, by, as


@dataclass(frozen=True)
class ComingMeeting:
    """A planned meeting: when, where, how and with whom."""

    title: str
    in_days: int
    hour: int
    form: MeetingForm
    place: str
    people: tuple[tuple[str, str, str], ...]


METTE_HELD = HeldMeeting(
    "Opfølgning på din plan",
    12,
    MeetingForm.IN_PERSON,
    "Borgerservice, Boulevarden 13, 9000 Aalborg",
    (("borger", "Mette Sørensen", ""), ("fagperson", "Anna Holm", "Team Voksen Nord")),
    "Mette fortalte, at det går bedre med at åbne post. Hun har fået et rykkerbrev fra "
    "boligselskabet og er bange for at miste lejligheden.\n\nVi talte om en aftale med "
    "boligselskabet om at betale lidt ad gangen.",
    (
        ("Mette tager rykkerbrevet med til næste møde.", "Mette", 14),
        ("Anna ringer til boligselskabet om en aftale om afdrag.", "Anna Holm", 7),
        ("Bostøtten kommer hver tirsdag og åbner post sammen med Mette.", "Bostøtten", 0),
    ),
    "Jeg vil gerne selv ringe til boligselskabet, hvis Anna er med i telefonen.",
    ("er bange for at miste lejligheden", "Jeg er ikke bange. Jeg er bekymret."),
    (
        (False, "Der står, at jeg er bange. Det er jeg ikke.", "Mette Sørensen", "borger"),
        (True, "", "Mette Sørensen", "borger"),
    ),
)
METTE_COMING = ComingMeeting(
    "Møde om gælden og boligen",
    6,
    13,
    MeetingForm.AT_HOME,
    "",
    (("borger", "Mette Sørensen", ""), ("fagperson", "Anna Holm", "Team Voksen Nord")),
)
JENS_HELD = HeldMeeting(
    "Rehabiliteringsmøde",
    20,
    MeetingForm.AT_HOME,
    "",
    (
        ("borger", "Jens Madsen", ""),
        ("pårørende", "Lene Madsen", ""),
        ("fagperson", "Hanne Lund", "Team Ældre og Sundhed"),
    ),
    "Jens vil helst klare sig selv, men er bange for at falde i badet. Han træner to gange "
    "om ugen. Lene hjælper med indkøb.",
    (
        ("En terapeut kommer og øver bad med Jens to gange om ugen.", "Hjemmeplejen", 3),
        ("Hanne bestiller en badebænk.", "Hanne Lund", 5),
    ),
    "Jeg vil gerne kunne gå til bageren selv inden jul.",
    None,
    ((True, "", "Lene Madsen", "fuldmagt"),),
)
JENS_COMING = ComingMeeting(
    "Opfølgning på træningen",
    3,
    10,
    MeetingForm.IN_PERSON,
    "Træningscentret, Sundhedshuset, Søndergade 4, 9000 Aalborg",
    (
        ("borger", "Jens Madsen", ""),
        ("pårørende", "Lene Madsen", ""),
        ("fagperson", "Hanne Lund", "Team Ældre og Sundhed"),
    ),
)
# Mette's answers to 'Sådan har jeg det', every second week, getting a little better.
METTE_WELLBEING = (
    (2, 2, 2, 1),
    (2, 3, 2, 2),
    (3, 3, 2, 3),
    (3, 4, 3, 3),
    (4, 4, 3, 4),
)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _meeting(
    session: Session,
    citizen: str,
    service: str,
    key: str,
    spec: HeldMeeting | ComingMeeting,
    day: date,
    hour: int,
) -> Meeting:
    citizen_id = persona_citizen_id(citizen)
    meeting_id = uuid.uuid5(citizen_id, f"meeting-{key}")
    meeting = Meeting(
        id=meeting_id,
        case_id=uuid.uuid5(citizen_id, service),
        citizen_id=citizen_id,
        title=spec.title,
        starts_at=moment(day, hour),
        status=MeetingStatus.ENDED if isinstance(spec, HeldMeeting) else MeetingStatus.PLANNED,
        place=spec.place,
        form=spec.form.value,
        join_token_hash=_hash(f"{meeting_id}-token"),
        join_code_hash=_hash(f"{meeting_id}-code"),
        created_at=moment(day - timedelta(days=14)),
    )
    session.add(meeting)
    session.flush()
    done = isinstance(spec, HeldMeeting)
    session.add_all(
        Participant(
            id=uuid.uuid5(meeting_id, name),
            meeting_id=meeting_id,
            kind=kind,
            name=name,
            organisation=organisation,
            status=ParticipantStatus.ADMITTED if done else ParticipantStatus.INVITED,
            created_at=moment(day - timedelta(days=14)) + timedelta(minutes=number),
        )
        for number, (kind, name, organisation) in enumerate(spec.people)
    )
    return meeting


def _held(session: Session, citizen: str, service: str, spec: HeldMeeting, today: date) -> None:
    day = today - timedelta(days=spec.days_ago)
    meeting = _meeting(session, citizen, service, "held", spec, day, 10)
    meeting.note, meeting.version = spec.note, 3
    citizen_name = spec.people[0][1]
    session.add_all(
        Agreement(
            id=uuid.uuid5(meeting.id, what),
            meeting_id=meeting.id,
            what=what,
            who=who,
            due_on=day + timedelta(days=days) if days else None,
            created_at=moment(day, 10) + timedelta(minutes=40 + number),
        )
        for number, (what, who, days) in enumerate(spec.agreements)
    )
    additions = [("perspective", "", spec.perspective)]
    if spec.not_recognised:
        additions.append(("not_recognised", *spec.not_recognised))
    session.add_all(
        CitizenAddition(
            id=uuid.uuid5(meeting.id, f"addition{number}"),
            meeting_id=meeting.id,
            kind=kind,
            passage=passage,
            text=text,
            author_name=citizen_name,
            at=moment(day, 10) + timedelta(minutes=20 + 10 * number),
        )
        for number, (kind, passage, text) in enumerate(additions)
    )
    session.add_all(
        Confirmation(
            id=uuid.uuid5(meeting.id, f"answer{number}"),
            meeting_id=meeting.id,
            recognised=recognised,
            comment=comment,
            note_version=3,
            author_name=by,
            author_kind=speaking_as,
            at=moment(day, 10) + timedelta(minutes=50 + 5 * number),
        )
        for number, (recognised, comment, by, speaking_as) in enumerate(spec.answers)
    )


def _coming(session: Session, citizen: str, service: str, spec: ComingMeeting, today: date) -> None:
    _meeting(
        session, citizen, service, "coming", spec, today + timedelta(days=spec.in_days), spec.hour
    )


def _wellbeing(session: Session, today: date) -> None:
    mette_id = persona_citizen_id("Mette")
    count = len(METTE_WELLBEING)
    session.add_all(
        WellbeingAnswer(
            id=uuid.uuid5(mette_id, f"wellbeing{number}"),
            citizen_id=mette_id,
            answers=dict(zip(("soevn", "tryghed", "hverdag", "haab"), values, strict=True)),
            answered_by="Mette Sørensen",
            at=moment(today - timedelta(days=14 * (count - 1 - number) + 1), 20),
        )
        for number, values in enumerate(METTE_WELLBEING)
    )


def _consents(session: Session, today: date) -> None:
    """Ali's brother Karim: meetings and plan now (no power of attorney), messages expired;
    Mette withdrew the leave she once gave her friend Sofie."""
    lene = session.scalars(select(User).where(User.username == "lene")).one()
    lene.relative_code = RELATIVE_CODES["lene"]
    organisation = session.get(Organisation, lene.organisation_id)
    assert organisation is not None
    karim = add_user(
        session,
        "karim",
        "Karim Hassan",
        organisation,
        [Role.RELATIVE],
        title="Pårørende",
        id=uuid.uuid5(persona_citizen_id("Ali"), "karim"),
    )
    karim.relative_code = RELATIVE_CODES["karim"]
    sofie = add_user(
        session,
        "sofie",
        "Sofie Nielsen",
        organisation,
        [Role.RELATIVE],
        title="Pårørende",
        id=uuid.uuid5(persona_citizen_id("Mette"), "sofie"),
    )
    ali, mette = persona_citizen_id("Ali"), persona_citizen_id("Mette")
    session.add_all(
        [
            Consent(
                id=uuid.uuid5(karim.id, "now"),
                citizen_id=ali,
                grantee_id=karim.id,
                scopes=["meetings", "plan"],
            ),
            Consent(
                id=uuid.uuid5(karim.id, "expired"),
                citizen_id=ali,
                grantee_id=karim.id,
                scopes=["messages"],
                valid_until=today - timedelta(days=30),
            ),
            Consent(
                id=uuid.uuid5(sofie.id, "withdrawn"),
                citizen_id=mette,
                grantee_id=sofie.id,
                scopes=[key for key in SCOPES if key != "basis"],
                withdrawn_at=moment(today - timedelta(days=20), 18),
            ),
        ]
    )


def add_min_side(session: Session, today: date) -> None:
    """Meetings, wellbeing answers and consents for the persona citizens and relatives."""
    _held(session, "Mette", "SEL-85", METTE_HELD, today)
    _coming(session, "Mette", "SEL-85", METTE_COMING, today)
    _held(session, "Jens", "SEL-83a", JENS_HELD, today)
    _coming(session, "Jens", "SEL-83a", JENS_COMING, today)
    _wellbeing(session, today)
    _consents(session, today)
    session.flush()
