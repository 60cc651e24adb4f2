# SPDX-License-Identifier: MPL-2.0
"""The Actor passed to every query and action."""

import uuid
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.organisations.models import Organisation, Role, TeamMembership, User


@dataclass(frozen=True)
class Actor:
    """Who is acting: the user, their roles and teams, and the context of the request."""

    user_id: uuid.UUID | None
    display_name: str
    roles: frozenset[Role]
    team_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    organisation_id: uuid.UUID | None = None
    municipality_code: str | None = None
    on_behalf_of: uuid.UUID | None = None
    purpose: str = "sagsbehandling"
    client_address: str | None = None
    # A citizen logged in to their own data.
    citizen_id: uuid.UUID | None = None
    # A participant who joined one meeting by link and code, and may see that meeting only
    # (and only while the caseworker has let them in: see samskab.meetings).
    meeting_id: uuid.UUID | None = None
    participant_id: uuid.UUID | None = None

    def has(self, *roles: Role) -> bool:
        """Whether the actor holds any of these roles."""
        return bool(self.roles.intersection(roles))

    def with_context(
        self, *, client_address: str | None = None, purpose: str | None = None
    ) -> "Actor":
        """The same actor in a particular request context."""
        return replace(
            self,
            client_address=client_address or self.client_address,
            purpose=purpose or self.purpose,
        )


SYSTEM = Actor(user_id=None, display_name="samskab (system)", roles=frozenset())


def actor_for_user(session: Session, user: User) -> Actor:
    """Build the Actor for a user from their roles and team memberships."""
    team_ids = session.scalars(
        select(TeamMembership.team_id).where(TeamMembership.user_id == user.id)
    )
    organisation = session.get(Organisation, user.organisation_id)
    return Actor(
        user_id=user.id,
        display_name=user.display_name,
        roles=frozenset(Role(r) for r in user.roles),
        team_ids=frozenset(team_ids),
        organisation_id=user.organisation_id,
        municipality_code=organisation.municipality_code if organisation else None,
        citizen_id=user.citizen_id,
        purpose="egne oplysninger" if user.citizen_id else "sagsbehandling",
    )


def meeting_guest(
    meeting_id: uuid.UUID, participant_id: uuid.UUID, name: str, client_address: str | None
) -> Actor:
    """Someone who joined a meeting from their own device with its link and code."""
    return Actor(
        user_id=None,
        display_name=name,
        roles=frozenset(),
        meeting_id=meeting_id,
        participant_id=participant_id,
        purpose="møde",
        client_address=client_address,
    )
