# SPDX-License-Identifier: MPL-2.0
"""The base of every validated input: unknown fields and invisible control characters refused."""

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from samskab.core import formats

# NUL and other C0 controls except tab, newline and carriage return: PostgreSQL refuses NUL in
# text, and none of them belongs in a note, a name or a goal.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Input(BaseModel):
    """Validated input from a person or an integration."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and _CONTROL.search(text) for text in texts):
            raise ValueError("Teksten indeholder usynlige kontroltegn.")
        return value


_MESSAGES = {
    "missing": "Feltet skal udfyldes.",
    "extra_forbidden": "Feltet kendes ikke.",
    "string_type": "Skal være tekst.",
    "string_too_long": "Teksten er for lang (højst {max_length} tegn).",
    "string_too_short": "Teksten er for kort (mindst {min_length} tegn).",
    "string_pattern_mismatch": "Værdien har ikke det rigtige format.",
    "int_type": "Skal være et heltal.",
    "int_parsing": "Skal være et heltal.",
    "int_from_float": "Skal være et heltal.",
    "float_type": "Skal være et tal.",
    "float_parsing": "Skal være et tal.",
    "bool_type": "Skal være sand eller falsk.",
    "bool_parsing": "Skal være sand eller falsk.",
    "greater_than": "Skal være større end {gt}.",
    "greater_than_equal": "Skal være mindst {ge}.",
    "less_than": "Skal være mindre end {lt}.",
    "less_than_equal": "Må højst være {le}.",
    "enum": "Ugyldig værdi. Tilladte værdier: {expected}.",
    "literal_error": "Ugyldig værdi. Tilladte værdier: {expected}.",
    "uuid_type": "Skal være et gyldigt id (UUID).",
    "uuid_parsing": "Skal være et gyldigt id (UUID).",
    "date_type": "Skal være en dato (ÅÅÅÅ-MM-DD).",
    "date_parsing": "Skal være en dato (ÅÅÅÅ-MM-DD).",
    "date_from_datetime_parsing": "Skal være en dato (ÅÅÅÅ-MM-DD).",
    "date_from_datetime_inexact": "Skal være en dato uden klokkeslæt.",
    "list_type": "Skal være en liste.",
    "too_long": "Listen har for mange elementer (højst {max_length}).",
    "dict_type": "Skal være et objekt.",
    "model_attributes_type": "Skal være et objekt.",
    "model_type": "Skal være et objekt.",
    "json_invalid": "Indholdet er ikke gyldig JSON.",
    "json_type": "Indholdet er ikke gyldig JSON.",
    "value_error": "{error}",
    "assertion_error": "{error}",
}


def _shown(value: Any) -> str:
    """A limit as the message shows it: '0,5', not '0.5'."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return formats.number(value, 3, locale="da")
    return str(value)


def _danish(error: dict[str, Any]) -> str:
    template = _MESSAGES.get(error["type"], "Ugyldig værdi.")
    context = {k: _shown(v) for k, v in (error.get("ctx") or {}).items()}
    if error["type"] in ("value_error", "assertion_error"):
        context["error"] = str(error.get("msg", "")).removeprefix("Value error, ")
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return "Ugyldig værdi."


def field_errors(raw: list[Any]) -> list[dict[str, Any]]:
    """Validation errors as field, Danish message and code; the rejected input is never echoed."""
    found = []
    for error in raw:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query")]
        found.append(
            {"field": ".".join(location) or None, "message": _danish(error), "code": error["type"]}
        )
    return found
