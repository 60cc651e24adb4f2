# SPDX-License-Identifier: MPL-2.0
"""The FFB codes an offer is described with: offer types (tilbud) and target groups."""

from functools import cache

from samskab.core.errors import UnknownCode
from samskab.terminology.codesystems import CodeSystemName, Concept, load

# The paragraphs offers are published under, with the FFB offer type each usually is.
OFFER_SERVICES: dict[str, str] = {
    "SEL-85": "Mobilt tilbud",
    "SEL-103": "Beskyttet beskæftigelsestilbud",
    "SEL-104": "Aktivitets- og samværstilbud",
    "SEL-107": "Midlertidigt botilbud til voksne",
    "SEL-108": "Almindeligt længerevarende botilbud til voksne",
    "SEL-110": "Socialt akuttilbud",
}
# Where a citizen has free choice of offer (frit valg), in the caseworker's words.
FREE_CHOICE = {
    "SEL-108": "Borgeren har frit valg af længerevarende botilbud (serviceloven § 108, stk. 2), "
    "når tilbuddet er egnet og prisen ikke er væsentligt højere.",
    "SEL-107": "Borgeren kan ønske et bestemt midlertidigt botilbud; kommunen skal inddrage "
    "ønsket, men der er ikke frit valg.",
}


def _root(display: str) -> Concept:
    return load(CodeSystemName.FFB).find(display, under=None)


@cache
def offer_types() -> dict[str, Concept]:
    """FFB offer types (below 'Tilbud') by code."""
    system = load(CodeSystemName.FFB)
    return {c.code: c for c in system.descendants_of(_root("Tilbud").code)}


@cache
def target_groups() -> dict[str, Concept]:
    """FFB target groups (below 'Målgruppe') by code."""
    system = load(CodeSystemName.FFB)
    return {c.code: c for c in system.descendants_of(_root("Målgruppe").code)}


_INDEXES: dict[int, tuple[dict[str, Concept], dict[str, Concept]]] = {}


def _by_display(concepts: dict[str, Concept]) -> dict[str, Concept]:
    """Concepts by unambiguous display text, built once per code list."""
    known = _INDEXES.get(id(concepts))
    if known is not None and known[0] is concepts:
        return known[1]
    index = _index(concepts)
    _INDEXES[id(concepts)] = (concepts, index)
    return index


def _index(concepts: dict[str, Concept]) -> dict[str, Concept]:
    seen: dict[str, list[Concept]] = {}
    for concept in concepts.values():
        seen.setdefault(concept.display.casefold(), []).append(concept)
    return {display: found[0] for display, found in seen.items() if len(found) == 1}


def resolve(value: str, concepts: dict[str, Concept], what: str) -> Concept:
    """A concept by its code or by its unambiguous Danish display text."""
    value = value.strip()
    if value in concepts:
        return concepts[value]
    found = _by_display(concepts).get(value.casefold())
    if found is None:
        raise UnknownCode(f"'{value[:60]}' er ikke en kendt {what} i FFB.")
    return found


# The FFB offer types (with every type below them) an offer under each paragraph can have.
# § 85 support is also given in housing like a botilbud (botilbudslignende tilbud, e.g. an
# almen bolig under almenboligloven § 105); § 108 includes the secure form.
_SERVICE_TYPES: dict[str, tuple[str, ...]] = {
    "SEL-85": ("Mobilt tilbud", "Botilbudslignende tilbud"),
    "SEL-103": ("Beskyttet beskæftigelsestilbud",),
    "SEL-104": ("Aktivitets- og samværstilbud",),
    "SEL-107": ("Midlertidigt botilbud til voksne",),
    "SEL-108": ("Længerevarende botilbud til voksne",),
    "SEL-110": ("Socialt akuttilbud",),
}


@cache
def offer_types_for(service_type: str) -> frozenset[str]:
    """The codes of the FFB offer types that fit a paragraph."""
    types = offer_types()
    allowed = {resolve(name, types, "tilbudstype").code for name in _SERVICE_TYPES[service_type]}
    changed = True
    while changed:
        below = {c.code for c in types.values() if c.parent in allowed} - allowed
        allowed |= below
        changed = bool(below)
    return frozenset(allowed)


def offer_type_for(service_type: str) -> Concept:
    """The usual FFB offer type for a paragraph."""
    return resolve(OFFER_SERVICES[service_type], offer_types(), "tilbudstype")


def ancestors(code: str) -> list[str]:
    """A target group's parents up to the top of 'Målgruppe'."""
    groups = target_groups()
    found = []
    parent = groups[code].parent if code in groups else None
    while parent in groups:
        found.append(parent)
        parent = groups[parent].parent
    return found


def group_fit(citizen_group: str, offer_groups: list[str]) -> int | None:
    """How well an offer's target groups fit a citizen's: 0 the citizen's own group; 1 one
    step away in FFB, i.e. the parent group (an offer for 'Psykiske vanskeligheder' is not
    specialised in 'Angst') or a sibling under the same parent; None not admissible."""
    if citizen_group in offer_groups:
        return 0
    parent = next(iter(ancestors(citizen_group)), None)
    if parent is None:
        return None
    if parent in offer_groups or any(
        next(iter(ancestors(group)), None) == parent for group in offer_groups
    ):
        return 1
    return None
