# SPDX-License-Identifier: MPL-2.0
"""The legal paragraph catalogue: which services a case can be about, under which law.

This is samskab's own table of legal bases; the codes it points at come from the official
FFB and FSIII code systems and are resolved by their display text when first used.
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from samskab.core.errors import UnknownCode
from samskab.terminology.appeals import SERVICELOVEN, SUNDHEDSLOVEN, AppealRoute, appeal_route
from samskab.terminology.codesystems import CodeSystemName, Concept, load


class Area(StrEnum):
    """The casework area a case belongs to."""

    ADULT_SOCIAL = "voksen_social"
    ELDERLY_HEALTH = "aeldre_sundhed"


AREA_LABELS = {Area.ADULT_SOCIAL: "Voksen social", Area.ELDERLY_HEALTH: "Ældre og sundhed"}


@dataclass(frozen=True)
class ServiceType:
    """A kind of help a citizen can apply for, with its legal basis and its code lists."""

    key: str
    law: str
    paragraph: str
    title: str
    area: Area
    system: CodeSystemName
    # Where the themes assessed for this service sit, and the interventions it may order.
    assessment_root: tuple[str, str | None]
    intervention_root: tuple[str, str | None]
    default_deadline_days: int
    scope_unit: str
    # The rule in plain Danish, as a decision letter states it (our paraphrase of the law).
    rule: str = ""

    @property
    def legal_basis(self) -> str:
        """How the paragraph is cited, e.g. 'Serviceloven § 85'."""
        return f"{self.law} § {self.paragraph}"

    @property
    def appeal(self) -> AppealRoute:
        """Where and by when the citizen can complain about a decision on this service."""
        return appeal_route(self.law)

    def assessment_themes(self) -> list[Concept]:
        """The themes (and sub-themes) an assessment for this service covers."""
        return _descendants(self.system, self.assessment_root)

    def intervention_codes(self) -> list[Concept]:
        """The interventions that may be ordered under this service."""
        root = _resolve(self.system, self.intervention_root)
        return [root, *load(self.system).descendants_of(root.code)]


SEL, SUL = SERVICELOVEN, SUNDHEDSLOVEN
FFB, FSIII = CodeSystemName.FFB, CodeSystemName.FSIII
FFB_STATES = ("FFB tilstande", None)
WEEK = 7

CATALOGUE: tuple[ServiceType, ...] = (
    ServiceType(
        "SEL-83",
        SEL,
        "83",
        "Personlig og praktisk hjælp",
        Area.ELDERLY_HEALTH,
        FSIII,
        ("J", None),
        ("H", None),
        4 * WEEK,
        "timer pr. uge",
        rule=(
            "Efter serviceloven § 83 skal kommunen give hjælp til personlig pleje, praktiske "
            "opgaver i hjemmet og madservice til personer, som ikke selv kan klare opgaverne."
        ),
    ),
    ServiceType(
        "SEL-83a",
        SEL,
        "83 a",
        "Rehabiliteringsforløb",
        Area.ELDERLY_HEALTH,
        FSIII,
        ("J", None),
        ("H", None),
        2 * WEEK,
        "timer pr. uge",
        rule=(
            "Efter serviceloven § 83 a skal kommunen tilbyde et korttidsforløb med "
            "rehabilitering, hvis det kan forbedre din funktionsevne og gøre dig mindre afhængig "
            "af hjælp."
        ),
    ),
    ServiceType(
        "SEL-85",
        SEL,
        "85",
        "Socialpædagogisk støtte",
        Area.ADULT_SOCIAL,
        FFB,
        FFB_STATES,
        ("Socialpædagogisk støtte", "Ydelse"),
        8 * WEEK,
        "timer pr. uge",
        rule=(
            "Efter serviceloven § 85 skal kommunen give hjælp, omsorg eller støtte og hjælp til "
            "at udvikle færdigheder til personer, der har brug for det på grund af betydelig "
            "nedsat fysisk eller psykisk funktionsevne eller særlige sociale problemer."
        ),
    ),
    ServiceType(
        "SEL-86",
        SEL,
        "86",
        "Genoptræning og vedligeholdelsestræning",
        Area.ELDERLY_HEALTH,
        FSIII,
        ("J", None),
        ("H5", None),
        4 * WEEK,
        "timer pr. uge",
        rule=(
            "Efter serviceloven § 86 skal kommunen tilbyde genoptræning og hjælp til at "
            "vedligeholde fysiske eller psykiske færdigheder."
        ),
    ),
    ServiceType(
        "SEL-97",
        SEL,
        "97",
        "Ledsageordning",
        Area.ADULT_SOCIAL,
        FFB,
        FFB_STATES,
        ("Støtte til samfundsdeltagelse", "Ydelse"),
        8 * WEEK,
        "timer pr. måned",
        rule=(
            "Efter serviceloven § 97 skal kommunen tilbyde ledsagelse i op til 15 timer om "
            "måneden til personer mellem 18 år og folkepensionsalderen, som ikke kan færdes alene"
            " på grund af betydelig og varigt nedsat funktionsevne."
        ),
    ),
    ServiceType(
        "SEL-103",
        SEL,
        "103",
        "Beskyttet beskæftigelse",
        Area.ADULT_SOCIAL,
        FFB,
        FFB_STATES,
        ("Beskyttet beskæftigelse", "Ydelse"),
        8 * WEEK,
        "dage pr. uge",
        rule=(
            "Efter serviceloven § 103 skal kommunen tilbyde beskyttet beskæftigelse til personer,"
            " der ikke kan få eller fastholde et job på normale vilkår."
        ),
    ),
    ServiceType(
        "SEL-104",
        SEL,
        "104",
        "Aktivitets- og samværstilbud",
        Area.ADULT_SOCIAL,
        FFB,
        FFB_STATES,
        ("Aktivitet og samvær", "Ydelse"),
        8 * WEEK,
        "dage pr. uge",
        rule=(
            "Efter serviceloven § 104 skal kommunen tilbyde aktivitets- og samværstilbud til "
            "personer med betydelig nedsat fysisk eller psykisk funktionsevne eller særlige "
            "sociale problemer, for at de kan bevare eller forbedre deres færdigheder eller "
            "livskvalitet."
        ),
    ),
    ServiceType(
        "SEL-107",
        SEL,
        "107",
        "Midlertidigt botilbud",
        Area.ADULT_SOCIAL,
        FFB,
        FFB_STATES,
        ("Midlertidigt ophold", "Ydelse"),
        8 * WEEK,
        "døgn",
        rule=(
            "Efter serviceloven § 107 kan kommunen tilbyde midlertidigt ophold i en boform til "
            "personer, der har brug for omfattende hjælp eller støtte i en periode."
        ),
    ),
    ServiceType(
        "SEL-108",
        SEL,
        "108",
        "Længerevarende botilbud",
        Area.ADULT_SOCIAL,
        FFB,
        FFB_STATES,
        ("Længerevarende ophold", "Ydelse"),
        8 * WEEK,
        "døgn",
        rule=(
            "Efter serviceloven § 108 skal kommunen tilbyde længerevarende ophold i en boform til"
            " personer, der har brug for omfattende hjælp til almindelige, daglige funktioner "
            "eller for pleje, og som ikke kan få dækket behovet på anden måde."
        ),
    ),
    ServiceType(
        "SEL-110",
        SEL,
        "110",
        "Midlertidigt ophold i boformer (forsorgshjem og herberg)",
        Area.ADULT_SOCIAL,
        FFB,
        FFB_STATES,
        ("Akut ophold", "Ydelse"),
        1 * WEEK,
        "døgn",
        rule=(
            "Efter serviceloven § 110 skal kommunen sørge for, at der er midlertidigt ophold i "
            "boformer til personer med særlige sociale problemer, som ikke har eller ikke kan "
            "opholde sig i egen bolig, og som har behov for botilbud og for tilbud om aktiverende"
            " støtte, omsorg og efterfølgende hjælp."
        ),
    ),
    ServiceType(
        "SUL-138",
        SUL,
        "138",
        "Hjemmesygepleje",
        Area.ELDERLY_HEALTH,
        FSIII,
        ("I", None),
        ("G1", None),
        1 * WEEK,
        "besøg pr. uge",
        rule=(
            "Efter sundhedsloven § 138 skal kommunen tilbyde vederlagsfri hjemmesygepleje efter "
            "lægehenvisning."
        ),
    ),
    ServiceType(
        "SUL-140",
        SUL,
        "140",
        "Genoptræning efter sygehusophold",
        Area.ELDERLY_HEALTH,
        FSIII,
        ("Kommunal genoptræning efter sygehusophold-tilstande", None),
        ("Kommunal genoptræning efter sygehusophold-indsatser", None),
        1 * WEEK,
        "timer pr. uge",
        rule=(
            "Efter sundhedsloven § 140 skal kommunen tilbyde vederlagsfri genoptræning til "
            "personer, der efter udskrivning fra sygehus har et lægefagligt begrundet behov for "
            "genoptræning."
        ),
    ),
)

BY_KEY = {service.key: service for service in CATALOGUE}


def service_type(key: str) -> ServiceType:
    """The service type for a catalogue key such as 'SEL-85'."""
    try:
        return BY_KEY[key]
    except KeyError:
        raise UnknownCode(
            f"Ydelsestypen '{key[:40]}' findes ikke i paragrafkataloget.", field="service_type"
        ) from None


@cache
def _resolve(system: CodeSystemName, ref: tuple[str, str | None]) -> Concept:
    codes = load(system)
    display, under = ref
    if display in codes.concepts:
        return codes.get(display)
    if under is not None:
        under = next(c.code for c in codes.concepts.values() if c.display == under)
    candidates = [c for c in codes.concepts.values() if c.display == display]
    if under is not None:
        below = {c.code for c in codes.descendants_of(under)}
        candidates = [c for c in candidates if c.code in below]
    if not candidates:
        raise UnknownCode(f"'{display}' findes ikke i {system.upper()}.")
    # FSIII carries some trees twice (UUID and readable codes); take the first as published.
    return candidates[0]


def _descendants(system: CodeSystemName, ref: tuple[str, str | None]) -> list[Concept]:
    return load(system).descendants_of(_resolve(system, ref).code)
