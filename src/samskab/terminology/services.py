# SPDX-License-Identifier: MPL-2.0
"""The legal paragraph catalogue: which services a case can be about, under which law.

This is samskab's own table of legal bases; the codes it points at come from the official
FFB and FSIII code systems and are resolved by their display text when first used.
"""

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from babel.numbers import format_decimal

from samskab.core.errors import InvalidInput, UnknownCode
from samskab.terminology.appeals import SERVICELOVEN, SUNDHEDSLOVEN, AppealRoute, appeal_route
from samskab.terminology.codesystems import CodeSystemName, Concept, load
from samskab.terminology.scales import AssessmentScale


class Area(StrEnum):
    """The casework area a case belongs to."""

    ADULT_SOCIAL = "voksen_social"
    ELDERLY_HEALTH = "aeldre_sundhed"


AREA_LABELS = {Area.ADULT_SOCIAL: "Voksen social", Area.ELDERLY_HEALTH: "Ældre og sundhed"}


@dataclass(frozen=True)
class FreeChoice:
    """The citizen's free choice of provider for a service, and where the law gives it."""

    source: str
    rule: str


# SEL § 91: free choice between providers of personal and practical help under § 83.
SEL_91 = FreeChoice(
    "Serviceloven § 91",
    "Du kan frit vælge mellem de leverandører af personlig og praktisk hjælp, som kommunen har "
    "godkendt.",
)
# SUL § 140, stk. 4: a private provider (KL agreement) if the municipality cannot start the
# rehabilitation within 7 days of discharge.
SUL_140_4 = FreeChoice(
    "Sundhedsloven § 140, stk. 4",
    "Kan kommunen ikke begynde genoptræningen inden 7 dage efter udskrivningen, kan du vælge en "
    "godkendt privat leverandør.",
)

Ref = tuple[str, str | None]  # a concept's display, and the display of a concept above it


@dataclass(frozen=True)
class OptionGroup:
    """A heading (not selectable) and the concepts that may be chosen under it."""

    heading: str
    options: tuple[Concept, ...]


@dataclass(frozen=True)
class ServiceType:
    """A kind of help a citizen can apply for, with its legal basis and its code lists."""

    key: str
    law: str
    paragraph: str
    title: str
    area: Area
    system: CodeSystemName
    # Where the themes assessed for this service sit, and the groups of interventions it may order.
    assessment_root: Ref
    intervention_roots: tuple[Ref, ...]
    default_deadline_days: int
    scope_unit: str
    # The rule in plain Danish, as a decision letter states it (our paraphrase of the law).
    rule: str = ""
    # Home nursing assesses FSIII helbredstilstande, which have their own assessment.
    scale: AssessmentScale = AssessmentScale.FUNCTION
    # Where the citizen chooses the provider (frit valg), the law that gives the choice.
    free_choice: FreeChoice | None = None
    # The most the law allows, in scope_unit (SEL § 97: up to 15 hours a month).
    max_scope: float | None = None

    @property
    def has_action_plan(self) -> bool:
        """Whether the case gets a handleplan under SEL § 141 (services under Serviceloven only).

        SEL § 141 covers help under Serviceloven; home nursing and rehabilitation under
        Sundhedsloven (§§ 138, 140) are planned in the health record, not in a § 141 plan.
        """
        return self.law == SEL

    @property
    def legal_basis(self) -> str:
        """How the paragraph is cited, e.g. 'Serviceloven § 85'."""
        return f"{self.law} § {self.paragraph}"

    @property
    def appeal(self) -> AppealRoute:
        """Where and by when the citizen can complain about a decision on this service."""
        return appeal_route(self.law)

    def assessment_themes(self) -> list[Concept]:
        """The themes (and sub-themes) an assessment for this service covers, once each."""
        return _one_per_concept(_descendants(self.system, self.assessment_root))

    def assessment_groups(self) -> list[OptionGroup]:
        """The most specific themes, under the heading (area or theme) they belong to."""
        codes = load(self.system)
        groups: dict[str, list[Concept]] = {}
        for concept in self.assessment_themes():
            if not concept.children and concept.parent is not None:
                groups.setdefault(codes.get(concept.parent).display, []).append(concept)
        return [OptionGroup(heading, tuple(options)) for heading, options in groups.items()]

    def intervention_groups(self) -> list[OptionGroup]:
        """The interventions that may be ordered, under their headings, one per concept."""
        return _option_groups(self.system, self.intervention_roots)

    def intervention_codes(self) -> list[Concept]:
        """The interventions that may be ordered under this service (no headings)."""
        return [c for group in self.intervention_groups() for c in group.options]


SEL, SUL = SERVICELOVEN, SUNDHEDSLOVEN
FFB, FSIII = CodeSystemName.FFB, CodeSystemName.FSIII
FFB_STATES: Ref = ("FFB tilstande", None)
CARE = "Kommunale pleje- og omsorgsindsatser"
CARE_STATES: Ref = ("Kommunale pleje- og omsorgstilstande", None)
WEEK = 7

CATALOGUE: tuple[ServiceType, ...] = (
    ServiceType(
        "SEL-83",
        SEL,
        "83",
        "Personlig og praktisk hjælp",
        Area.ELDERLY_HEALTH,
        FSIII,
        CARE_STATES,
        (
            ("§ 83 stk. 1, nr. 1 Personlig hjælp og pleje", CARE),
            ("§ 83 stk. 1, nr. 2 Praktisk hjælp i hjemmet", CARE),
            ("§ 83 stk. 1, nr. 3 Madservice", CARE),
        ),
        4 * WEEK,
        "timer pr. uge",
        free_choice=SEL_91,
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
        CARE_STATES,
        (
            ("§ 83a Rehabilitering personlig hjælp og pleje", CARE),
            ("§ 83a Rehabilitering praktisk hjælp i hjemmet", CARE),
        ),
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
        (("Socialpædagogisk støtte", "Ydelse"),),
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
        CARE_STATES,
        (("§ 86 stk. 1 Genoptræning", CARE), ("§ 86 stk. 2 Vedligeholdelsestræning", CARE)),
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
        (("Støtte til samfundsdeltagelse", "Ydelse"),),
        8 * WEEK,
        "timer pr. måned",
        max_scope=15.0,
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
        (("Beskyttet beskæftigelse", "Ydelse"),),
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
        (("Aktivitet og samvær", "Ydelse"),),
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
        (("Midlertidigt ophold", "Ydelse"),),
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
        (("Længerevarende ophold", "Ydelse"),),
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
        (("Akut ophold", "Ydelse"),),
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
        ("Kommunale sygeplejetilstande", None),
        (("SUL § 138", "Kommunale sygeplejeindsatser"),),
        1 * WEEK,
        "besøg pr. uge",
        scale=AssessmentScale.HEALTH,
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
        (("Kommunal genoptræning efter sygehusophold-indsatser", None),),
        1 * WEEK,
        "timer pr. uge",
        free_choice=SUL_140_4,
        rule=(
            "Efter sundhedsloven § 140 skal kommunen tilbyde vederlagsfri genoptræning til "
            "personer, der efter udskrivning fra sygehus har et lægefagligt begrundet behov for "
            "genoptræning."
        ),
    ),
)

UUID_CODE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# The most of each unit that can plausibly be given: a week has 168 hours and 7 days; a
# home-nursing round at most 6 visits a day; a month at most 31 days of 24 hours.
SCOPE_LIMITS = {
    "timer pr. uge": 168.0,
    "timer pr. måned": 744.0,
    "dage pr. uge": 7.0,
    "besøg pr. uge": 42.0,
    "døgn": 366.0,
}


def amount_text(amount: float) -> str:
    """An amount the Danish way: '10,5', '3'."""
    return format_decimal(amount, format="#,##0.##", locale="da_DK")


def check_scope(service: ServiceType, amount: float, unit: str) -> None:
    """A scope in the service's unit, within what is plausible and what the law allows."""
    if unit != service.scope_unit:
        raise InvalidInput(
            f"Omfanget af {service.legal_basis} angives i {service.scope_unit}.",
            field="scope_unit",
        )
    limit = min(SCOPE_LIMITS.get(unit, 10_000.0), service.max_scope or 10_000.0)
    if amount > limit:
        raise InvalidInput(
            f"Omfanget kan højst være {amount_text(limit)} {unit} efter {service.legal_basis}.",
            field="scope_amount",
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
def _resolve(system: CodeSystemName, ref: Ref) -> Concept:
    """The current concept a catalogue reference names.

    FSIII carries its trees twice: under KL's current codes (UUIDs from FK-klassifikation) and
    under FSIII classic's legacy codes (H1, G1.20 ...), kept only for older systems (KL
    Terminologi release notes, version 1.1.0). samskab speaks the current codes.
    """
    codes = load(system)
    display, under = ref
    candidates = [c for c in codes.concepts.values() if c.display == display and is_current(c)]
    if under is not None:
        heads = [c for c in codes.concepts.values() if c.display == under and is_current(c)]
        below = {c.code for head in heads for c in codes.descendants_of(head.code)}
        candidates = [c for c in candidates if c.code in below]
    if not candidates:
        raise UnknownCode(f"'{display}' findes ikke i {system.upper()}.")
    return candidates[0]


def is_current(concept: Concept) -> bool:
    """Whether a concept carries a current KL code rather than an FSIII classic legacy code."""
    return UUID_CODE.fullmatch(concept.code) is not None


def _descendants(system: CodeSystemName, ref: Ref) -> list[Concept]:
    return load(system).descendants_of(_resolve(system, ref).code)


def _one_per_concept(concepts: list[Concept]) -> list[Concept]:
    """One concept per name: where FSIII repeats a name under the same heading, the later
    entry is the revised concept (e.g. 'Problemer med vandladning', 2024) and replaces the
    earlier; a name met again under another heading is left out."""
    kept: dict[str, Concept] = {}
    for concept in concepts:
        earlier = kept.get(concept.display)
        if earlier is None or earlier.parent == concept.parent:
            kept.pop(concept.display, None)
            kept[concept.display] = concept
    order = {c.code: i for i, c in enumerate(concepts)}
    return sorted(kept.values(), key=lambda c: order[c.code])


def _option_groups(system: CodeSystemName, roots: tuple[Ref, ...]) -> list[OptionGroup]:
    """The concepts below each root, grouped under their nearest heading; headings are not
    options."""
    codes = load(system)
    placed: list[tuple[str, Concept]] = []
    for ref in roots:
        root = _resolve(system, ref)
        # An FFB ydelse (e.g. Socialpædagogisk støtte) may be ordered as a whole.
        if not root.children or system == CodeSystemName.FFB:
            placed.append((root.display, root))
        for child in codes.children_of(root.code):
            heading = child.display if child.children else root.display
            placed.extend(
                (heading, leaf)
                for leaf in [child, *codes.descendants_of(child.code)]
                if not leaf.children
            )
    kept = {c.code for c in _one_per_concept([leaf for _, leaf in placed])}
    groups: dict[str, list[Concept]] = {}
    for heading, leaf in placed:
        if leaf.code in kept:
            groups.setdefault(heading, []).append(leaf)
    return [OptionGroup(heading, tuple(options)) for heading, options in groups.items()]
