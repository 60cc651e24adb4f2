# SPDX-License-Identifier: MPL-2.0
"""The official FFB (VUM 2.0) and FSIII code systems, read from the shipped FHIR CodeSystems."""

import json
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from samskab.core.errors import UnknownCode


class CodeSystemName(StrEnum):
    """The code systems samskab speaks."""

    FFB = "ffb"
    FSIII = "fsiii"


URLS = {
    CodeSystemName.FFB: "http://fhir.kl.dk/term/CodeSystem/FFB",
    CodeSystemName.FSIII: "http://fhir.kl.dk/term/CodeSystem/FSIII",
}


@dataclass(frozen=True)
class Concept:
    """One code with its Danish display, its parent and its children's codes."""

    code: str
    display: str
    parent: str | None
    children: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class CodeSystem:
    """A loaded code system: every concept by code, with its version."""

    name: CodeSystemName
    version: str
    concepts: dict[str, Concept]

    def get(self, code: str) -> Concept:
        """The concept for a code, or UnknownCode with a Danish message."""
        try:
            return self.concepts[code]
        except KeyError:
            raise UnknownCode(
                f"Koden '{code[:60]}' findes ikke i kodelisten {self.name.upper()}.", field="code"
            ) from None

    def children_of(self, code: str) -> list[Concept]:
        """The direct children of a concept."""
        return [self.concepts[c] for c in self.get(code).children]

    def descendants_of(self, code: str) -> list[Concept]:
        """All concepts below a concept, depth first."""
        found: list[Concept] = []
        for child in self.children_of(code):
            found.append(child)
            found.extend(self.descendants_of(child.code))
        return found

    def find(self, display: str, *, under: str | None = None) -> Concept:
        """The single concept with this display text (optionally below another concept)."""
        pool = self.descendants_of(under) if under else list(self.concepts.values())
        matches = [c for c in pool if c.display == display]
        if len(matches) != 1:
            raise UnknownCode(f"'{display}' findes ikke entydigt i {self.name.upper()}.")
        return matches[0]


def _walk(items: list[dict[str, Any]], parent: str | None, into: dict[str, Concept]) -> None:
    for item in items:
        children = item.get("concept", [])
        code = item["code"]
        if code not in into:
            into[code] = Concept(
                code, item.get("display", code), parent, tuple(c["code"] for c in children)
            )
        _walk(children, code, into)


@cache
def load(name: CodeSystemName) -> CodeSystem:
    """The code system shipped in samskab/data, parsed once."""
    text = resources.files("samskab.data").joinpath(f"{name.value}-codesystem.json").read_text()
    raw = json.loads(text)
    concepts: dict[str, Concept] = {}
    _walk(raw["concept"], None, concepts)
    return CodeSystem(name, raw["version"], concepts)
