# SPDX-License-Identifier: MPL-2.0
"""The Citizen table: CPR only as ciphertext and keyed hash."""

from datetime import date

from sqlalchemy import LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from samskab.core.db import Base, HasCreated, HasId
from samskab.core.versioning import HasVersion


class Citizen(HasId, HasCreated, HasVersion, Base):
    """A person the authority helps; `version` guards edits of the contact details."""

    __tablename__ = "citizen"

    cpr_key_id: Mapped[str] = mapped_column(String(20))
    cpr_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    cpr_lookup: Mapped[str] = mapped_column(String(64), unique=True)
    birth_date: Mapped[date] = mapped_column()
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    address_line: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(4), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    municipality_code: Mapped[str] = mapped_column(String(4), index=True)
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    communication_needs: Mapped[str | None] = mapped_column(Text)

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int:
        """Age in whole years on a given day."""
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
