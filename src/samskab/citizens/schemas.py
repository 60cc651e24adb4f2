# SPDX-License-Identifier: MPL-2.0
"""Validated input about citizens."""

import uuid
from datetime import date
from typing import Annotated

from pydantic import BaseModel, EmailStr, Field, field_validator

from samskab.core.cpr import Cpr
from samskab.core.errors import DomainError
from samskab.core.validation import Input

Name = Annotated[str, Field(min_length=1, max_length=100)]


def _cpr(value: str) -> str:
    try:
        return Cpr.parse(value).digits
    except DomainError as error:
        raise ValueError(error.message) from None


class CprLookup(Input):
    """A CPR number sent in a request body (never in a URL)."""

    cpr: str = Field(max_length=11)

    _check = field_validator("cpr")(_cpr)


class CitizenIn(Input):
    """A citizen to register when a case is opened."""

    cpr: str = Field(max_length=11)
    first_name: Name
    last_name: Name
    address_line: str = Field(default="", max_length=200)
    postcode: str = Field(default="", pattern=r"^(\d{4})?$")
    municipality_code: str = Field(pattern=r"^\d{4}$")
    phone: str | None = Field(default=None, max_length=30, pattern=r"^[+0-9 ()-]*$")
    email: EmailStr | None = None
    communication_needs: str | None = Field(default=None, max_length=2000)

    _check = field_validator("cpr")(_cpr)


class ContactChange(Input):
    """Changes to a citizen's contact details, based on the version the writer saw."""

    version: int = Field(ge=1, le=2**31 - 1)
    address_line: str | None = Field(default=None, max_length=200)
    postcode: str | None = Field(default=None, pattern=r"^\d{4}$")
    phone: str | None = Field(default=None, max_length=30, pattern=r"^[+0-9 ()-]*$")
    email: EmailStr | None = None
    communication_needs: str | None = Field(default=None, max_length=2000)

    @field_validator("address_line", "postcode")
    @classmethod
    def _kept(cls, value: str | None) -> str:
        # Left out means unchanged; sent empty would erase an address the municipality needs.
        if value is None or not value.strip():
            raise ValueError("Adressen og postnummeret kan ændres, men ikke fjernes.")
        return value


class CitizenOut(BaseModel):
    """A citizen as shown to a caseworker: CPR masked."""

    id: uuid.UUID
    version: int
    cpr_masked: str
    first_name: str
    last_name: str
    birth_date: date
    age: int
    address_line: str
    postcode: str
    city: str
    municipality_code: str
    phone: str | None
    email: str | None
    communication_needs: str | None


class BreakGlassIn(Input):
    """Emergency access: whom (CPR number in the body) and why."""

    cpr: str = Field(max_length=11)
    reason: str = Field(min_length=20, max_length=190)

    _check = field_validator("cpr")(_cpr)
