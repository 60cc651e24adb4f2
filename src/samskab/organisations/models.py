# SPDX-License-Identifier: MPL-2.0
"""Tables for organisations, teams, users, team memberships and API tokens."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samskab.core.db import Base, HasCreated, HasId


class OrganisationKind(StrEnum):
    """What sort of organisation this is."""

    MUNICIPALITY = "municipality"
    PROVIDER = "provider"
    REGION = "region"


class Role(StrEnum):
    """What a user may do; data access also depends on team and relation."""

    CASEWORKER = "caseworker"
    TEAM_LEAD = "team_lead"
    PROVIDER_STAFF = "provider_staff"
    CITIZEN = "citizen"
    RELATIVE = "relative"
    REGIONAL_COORDINATOR = "regional_coordinator"
    ANALYST = "analyst"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.CASEWORKER: "Sagsbehandler",
    Role.TEAM_LEAD: "Teamleder",
    Role.PROVIDER_STAFF: "Medarbejder hos udfører",
    Role.CITIZEN: "Borger",
    Role.RELATIVE: "Pårørende",
    Role.REGIONAL_COORDINATOR: "Regional koordinator",
    Role.ANALYST: "Analytiker",
    Role.ADMIN: "Administrator",
}


class Organisation(HasId, HasCreated, Base):
    """A municipality (by kommunekode), a provider or a region."""

    __tablename__ = "organisation"

    kind: Mapped[OrganisationKind] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    municipality_code: Mapped[str | None] = mapped_column(String(4), index=True)
    # A provider's operator: municipal, regional or private.
    operator: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str | None] = mapped_column(String(9))


class Team(HasId, HasCreated, Base):
    """A team of the authority inside a municipality."""

    __tablename__ = "team"

    municipality_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(30))

    municipality: Mapped[Organisation] = relationship()


class User(HasId, HasCreated, Base):
    """A person who logs in: staff, and later citizens and relatives."""

    __tablename__ = "app_user"

    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    roles: Mapped[list[str]] = mapped_column(default=list)
    title: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    # Set for a citizen who logs in to see and co-write their own case.
    citizen_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("citizen.id"), index=True)
    # A relative's code, which they give the person they help so that person can find them
    # by name and code when giving a consent (never by username).
    relative_code: Mapped[str | None] = mapped_column(String(8), unique=True, index=True)

    organisation: Mapped[Organisation] = relationship()
    memberships: Mapped[list["TeamMembership"]] = relationship(back_populates="user")


class TeamMembership(HasId, Base):
    """A user's membership of a team."""

    __tablename__ = "team_membership"
    __table_args__ = (UniqueConstraint("user_id", "team_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"), index=True)
    team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("team.id"), index=True)

    user: Mapped[User] = relationship(back_populates="memberships")
    team: Mapped[Team] = relationship()


class ApiToken(HasId, HasCreated, Base):
    """A bearer token for integrations; only its SHA-256 hash is stored."""

    __tablename__ = "api_token"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    revoked_at: Mapped[datetime | None] = mapped_column()
    last_used_at: Mapped[datetime | None] = mapped_column()
    # None: no end (tokens issued before expiry existed); new tokens always get one.
    expires_at: Mapped[datetime | None] = mapped_column()
    # What the token may do: "read" (GET) and/or "write" (every other method).
    scopes: Mapped[list[str]] = mapped_column(default=lambda: ["read", "write"])

    user: Mapped[User] = relationship()


class LoginSession(HasId, HasCreated, Base):
    """A browser log-in, kept on the server so that logging out, closing the account or an
    administrator ends it at once; the cookie carries only its id."""

    __tablename__ = "login_session"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"), index=True)
    revoked_at: Mapped[datetime | None] = mapped_column()
