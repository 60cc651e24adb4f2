# SPDX-License-Identifier: MPL-2.0
"""Placement advice for one citizen: fitting offers ranked on what the citizen and the
caseworker weigh together, each rank explained in words, and the choice recorded on the
decision and the order."""

import math
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import require_citizen
from samskab.assessments.models import Assessment, ThemeAssessment
from samskab.cases.models import Case
from samskab.cases.queries import case_for
from samskab.core import clock, formats
from samskab.core.errors import InvalidInput, NotFound
from samskab.core.validation import Input
from samskab.decisions.models import Decision
from samskab.decisions.states import DecisionStatus
from samskab.offers import codes
from samskab.offers.models import (
    SPECIALISATION_LABELS,
    Offer,
    PlacementRequest,
    RequestStatus,
    Specialisation,
)
from samskab.terminology.geography import km_between, municipality, postcode_for, postcodes
from samskab.terminology.scales import SupportNeed

SHOWN = 10
FAR_KM = 150.0
LONG_WAIT_DAYS = 365.0
ROAD_FACTOR = 1.3
LEVEL_FOR_NEED = {
    SupportNeed.HIGH: Specialisation.SPECIALISED,
    SupportNeed.FULL: Specialisation.HIGHLY_SPECIALISED,
}
WEIGHT_LABELS = {
    "home": "Nær mit hjem",
    "family": "Nær mine pårørende",
    "fit": "Passer til mine behov",
    "cost": "Pris",
    "wait": "Kort ventetid",
}


class Relative(Input):
    """A named relative whose home counts for proximity."""

    name: str = Field(min_length=1, max_length=100)
    postcode: str = Field(pattern=r"^\d{4}$")


class AdviceIn(Input):
    """What the citizen and the caseworker set together."""

    target_group_code: str = Field(min_length=1, max_length=80)
    support_level: int = Field(ge=1, le=3)
    relatives: list[Relative] = Field(default_factory=list, max_length=3)
    home: int = Field(default=3, ge=0, le=5)
    family: int = Field(default=2, ge=0, le=5)
    fit: int = Field(default=3, ge=0, le=5)
    cost: int = Field(default=1, ge=0, le=5)
    wait: int = Field(default=2, ge=0, le=5)

    def weights(self) -> dict[str, int]:
        """The five weights by name."""
        return {k: getattr(self, k) for k in WEIGHT_LABELS}


@dataclass(frozen=True)
class Candidate:
    """One fitting offer with its score (0-100) and the reasons, in words."""

    rank: int
    offer: Offer
    score: float
    km_home: float
    km_family: float | None
    misfit: int
    wait_days: float
    reasons: list[str]

    @property
    def explanation(self) -> str:
        """The reasons as one paragraph."""
        return " ".join(self.reasons)


@dataclass(frozen=True)
class Advice:
    """The ranked offers for a request, and what applies about free choice."""

    request: PlacementRequest
    candidates: list[Candidate]
    free_choice: str | None
    considered: int


def suggested_level(session: Session, case_id: uuid.UUID) -> int:
    """The specialisation the assessment's highest support need asks for."""
    needs = session.scalars(
        select(ThemeAssessment.support_need)
        .join(Assessment, ThemeAssessment.assessment_id == Assessment.id)
        .where(Assessment.case_id == case_id)
    )
    level = Specialisation.GENERAL
    for need in needs:
        if need in LEVEL_FOR_NEED:
            level = max(level, LEVEL_FOR_NEED[SupportNeed(need)])
    return int(level)


def request_for(session: Session, actor: Actor, case_id: uuid.UUID) -> PlacementRequest | None:
    """The case's placement request, if any (access-checked on the case)."""
    case_for(session, actor, case_id, "placement.read")
    return session.scalars(
        select(PlacementRequest).where(PlacementRequest.case_id == case_id)
    ).first()


def ask(session: Session, actor: Actor, case_id: uuid.UUID, data: AdviceIn) -> PlacementRequest:
    """Create or update the case's placement request (it joins the anonymous waiting list)."""
    case = case_for(session, actor, case_id, "placement.write")
    if case.service_type not in codes.OFFER_SERVICES:
        raise InvalidInput(
            "Sagen handler ikke om en ydelse, der gives i et tilbud (fx serviceloven § 107 eller"
            " § 108).",
            field="service_type",
        )
    codes.resolve(data.target_group_code, codes.target_groups(), "målgruppe")
    for relative in data.relatives:
        if postcode_for(int(relative.postcode)) is None:
            raise InvalidInput(
                f"Postnummeret {relative.postcode} findes ikke.", field="relatives.postcode"
            )
    citizen = case.citizen
    town = municipality(citizen.municipality_code)
    request = session.scalars(
        select(PlacementRequest).where(PlacementRequest.case_id == case.id)
    ).first()
    if request is None:
        request = PlacementRequest(
            case_id=case.id, citizen_id=citizen.id, waiting_since=clock.today()
        )
        session.add(request)
    request.municipality_code = town.code
    request.region_code = town.region_code
    request.postcode = citizen.postcode or str(_nearest_postcode(town.lat, town.lon))
    request.service_type = case.service_type
    request.target_group_code = data.target_group_code
    request.support_level = data.support_level
    request.relatives = [r.model_dump() for r in data.relatives]
    request.weights = data.weights()
    if request.status != RequestStatus.PLACED:
        request.status = RequestStatus.WAITING
    session.flush()
    return request


def _nearest_postcode(lat: float, lon: float) -> int:
    return min(postcodes(), key=lambda p: km_between(p.lat, p.lon, lat, lon)).first


def _point(postcode: str) -> tuple[float, float] | None:
    area = postcode_for(int(postcode)) if postcode.isdigit() else None
    return (area.lat, area.lon) if area else None


def _wait_days(offer: Offer) -> float:
    """Expected wait: none with a free place; otherwise the queue ahead (plus this citizen)
    divided by how often a place frees up (places ÷ mean length of stay)."""
    if offer.vacancies > 0:
        return 0.0
    return (offer.waiting + 1) * offer.mean_stay_days / offer.places


def _km(text: float) -> str:
    return f"{formats.number(text, 0, locale=formats.DANISH)} km"


def advise(session: Session, actor: Actor, case_id: uuid.UUID) -> Advice:
    """Rank the fitting offers for the case's request."""
    request = request_for(session, actor, case_id)
    if request is None:
        raise NotFound("Placeringsønsket")
    return rank(session, request)


def rank(session: Session, request: PlacementRequest) -> Advice:
    """Rank the fitting offers for a request already read through the access check."""
    home = _point(request.postcode) or (
        municipality(request.municipality_code).lat,
        municipality(request.municipality_code).lon,
    )
    family = [(r["name"], _point(r["postcode"])) for r in request.relatives]
    pool: list[tuple[Offer, int]] = []
    for offer in session.scalars(
        select(Offer).where(
            Offer.service_type == request.service_type,
            Offer.specialisation >= request.support_level,
        )
    ):
        fit = codes.group_fit(request.target_group_code, offer.target_groups)
        if fit is not None:
            pool.append((offer, fit + offer.specialisation - request.support_level))
    weights: dict[str, Any] = (
        request.weights
        or AdviceIn(
            target_group_code=request.target_group_code, support_level=request.support_level
        ).weights()
    )
    if not family:
        weights = {**weights, "family": 0}
    tariffs_seen = [o.tariff_per_day for o, _ in pool]
    low, high = (min(tariffs_seen), max(tariffs_seen)) if tariffs_seen else (0.0, 0.0)
    scored = []
    for offer, misfit in pool:
        km_home = km_between(*home, offer.lat, offer.lon) * ROAD_FACTOR
        near = [
            (name, km_between(*point, offer.lat, offer.lon) * ROAD_FACTOR)
            for name, point in family
            if point
        ]
        km_family = min((k for _, k in near), default=None)
        wait = _wait_days(offer)
        parts = {
            "home": 1 - min(km_home, FAR_KM) / FAR_KM,
            "family": 1 - min(km_family, FAR_KM) / FAR_KM if km_family is not None else 0.0,
            "fit": 1 - min(misfit, 3) / 3,
            "cost": 1 - (offer.tariff_per_day - low) / (high - low) if high > low else 1.0,
            "wait": 1 - min(wait, LONG_WAIT_DAYS) / LONG_WAIT_DAYS,
        }
        total = sum(weights.values())
        score = 100 * sum(weights[k] * parts[k] for k in parts) / total if total else 0.0
        scored.append((score, km_home, offer, near, km_family, misfit, wait))
    scored.sort(key=lambda s: (-s[0], s[1], s[2].code))
    candidates = [
        Candidate(
            rank,
            offer,
            round(score, 1),
            round(km_home, 1),
            None if km_family is None else round(km_family, 1),
            misfit,
            round(wait),
            _reasons(request, offer, km_home, near, misfit, wait, low, high),
        )
        for rank, (score, km_home, offer, near, km_family, misfit, wait) in enumerate(
            scored[:SHOWN], start=1
        )
    ]
    return Advice(request, candidates, codes.FREE_CHOICE.get(request.service_type), len(pool))


def _reasons(
    request: PlacementRequest,
    offer: Offer,
    km_home: float,
    near: list[tuple[str, float]],
    misfit: int,
    wait: float,
    low: float,
    high: float,
) -> list[str]:
    groups = codes.target_groups()
    reasons = [
        f"{_km(km_home)} fra hjemmet" if km_home >= 1 else "I samme postnummerområde som hjemmet"
    ]
    if near:
        name, km = min(near, key=lambda n: n[1])
        reasons[0] += f" og {_km(km)} fra {name}"
    reasons[0] += "."
    wanted = groups[request.target_group_code].display
    if request.target_group_code in offer.target_groups:
        reasons.append(f"Tilbuddet er rettet mod {wanted.lower()}.")
    else:
        served = ", ".join(groups[g].display.lower() for g in offer.target_groups)
        reasons.append(f"Tilbuddet er rettet mod {served}, ikke specifikt {wanted.lower()}.")
    level = SPECIALISATION_LABELS[Specialisation(offer.specialisation)].lower()
    if offer.specialisation == request.support_level:
        reasons.append(f"Det er {level}, som støttebehovet kræver.")
    else:
        reasons.append(f"Det er {level} – mere end støttebehovet kræver.")
    price = f"Takst {formats.kroner(offer.tariff_per_day, 0, locale=formats.DANISH)} pr. døgn"
    if high > low:
        share = (offer.tariff_per_day - low) / (high - low)
        price += (
            " – blandt de billigste"
            if share < 1 / 3
            else (" – blandt de dyreste" if share > 2 / 3 else "")
        )
    reasons.append(price + ".")
    if offer.vacancies:
        reasons.append(
            f"{formats.count(offer.vacancies, 'ledig plads', locale=formats.DANISH)} nu."
        )
    else:
        months = max(1, math.ceil(wait / 30))
        reasons.append(
            "Ingen ledige pladser; forventet ventetid ca. "
            f"{formats.count(months, 'måned', locale=formats.DANISH)}."
        )
    return reasons


def choose(session: Session, actor: Actor, case_id: uuid.UUID, offer_id: uuid.UUID) -> Offer:
    """Record the offer chosen with the citizen on the request and on the case's decision
    (unless that decision has been sent); an order made from the decision carries it on."""
    advice = advise(session, actor, case_id)
    case_for(session, actor, case_id, "placement.write")
    chosen = next((c for c in advice.candidates if c.offer.id == offer_id), None)
    if chosen is None:
        offer = session.get(Offer, offer_id)
        if offer is None:
            raise NotFound("Tilbuddet")
        raise InvalidInput("Tilbuddet passer ikke til borgerens behov.", field="offer_id")
    request = advice.request
    request.offer_id = chosen.offer.id
    request.chosen_rank = chosen.rank
    request.explanation = chosen.explanation
    request.free_choice = advice.free_choice is not None and request.service_type == "SEL-108"
    request.chosen_by = actor.user_id
    request.chosen_at = clock.now()
    request.status = RequestStatus.PLACED
    decision = session.scalars(
        select(Decision).where(Decision.case_id == case_id).order_by(Decision.created_at.desc())
    ).first()
    if decision is not None and decision.status == DecisionStatus.DRAFT:
        decision.offer_id = chosen.offer.id
    session.flush()
    return chosen.offer


def chosen_offer(session: Session, case: Case) -> Offer | None:
    """The offer chosen for a case, if any."""
    request = session.scalars(
        select(PlacementRequest).where(
            PlacementRequest.case_id == case.id, PlacementRequest.offer_id.is_not(None)
        )
    ).first()
    return session.get(Offer, request.offer_id) if request and request.offer_id else None


@dataclass(frozen=True)
class CitizenView:
    """The citizen's own view of a placement: in plain words, without prices or scores."""

    waiting_since: date
    offer_name: str | None
    reasons: list[str]
    weights: list[tuple[str, int]]


def for_citizen(session: Session, actor: Actor, citizen_id: uuid.UUID) -> list[CitizenView]:
    """The citizen's placement requests as the citizen (or a consented relative) reads them."""
    require_citizen(session, actor, citizen_id, "placement.citizen_view")
    views = []
    for request in session.scalars(
        select(PlacementRequest)
        .where(
            PlacementRequest.citizen_id == citizen_id,
            PlacementRequest.status != RequestStatus.WITHDRAWN,
        )
        .order_by(PlacementRequest.waiting_since)
    ):
        offer = session.get(Offer, request.offer_id) if request.offer_id else None
        weights = [
            (WEIGHT_LABELS[k], int(v)) for k, v in request.weights.items() if k in WEIGHT_LABELS
        ]
        views.append(
            CitizenView(
                request.waiting_since,
                offer.name if offer else None,
                _plain_reasons(request, offer) if offer else [],
                weights,
            )
        )
    return views


def _plain_reasons(request: PlacementRequest, offer: Offer) -> list[str]:
    """Short sentences a citizen can read (LIX kept low: few long words)."""
    reasons = []
    home = _point(request.postcode)
    if home:
        km = km_between(*home, offer.lat, offer.lon) * ROAD_FACTOR
        reasons.append(
            f"Der er cirka {_km(km)} fra dit hjem." if km >= 1 else "Det ligger tæt på dit hjem."
        )
    for relative in request.relatives:
        point = _point(relative["postcode"])
        if point:
            km = km_between(*point, offer.lat, offer.lon) * ROAD_FACTOR
            reasons.append(f"Der er cirka {_km(km)} til {relative['name']}.")
    if request.target_group_code in offer.target_groups:
        reasons.append("Stedet kender til det, du har brug for hjælp til.")
    reasons.append("Der er en ledig plads nu." if offer.vacancies else "Der er ventetid.")
    return reasons
