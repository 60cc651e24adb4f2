# SPDX-License-Identifier: MPL-2.0
"""The unit of work: all or nothing, side effects only after commit."""

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from samskab.core.db import Database, on_commit
from samskab.core.errors import InvalidInput
from samskab.organisations.actions import add_organisation
from samskab.organisations.models import Organisation, OrganisationKind


def _organisations(db: Database) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(Organisation)) or 0


def test_a_failed_write_leaves_nothing_behind_and_sends_nothing(db: Database) -> None:
    sent: list[str] = []

    def half_done_write() -> None:
        with db.unit_of_work() as session:
            add_organisation(session, OrganisationKind.PROVIDER, "Halvfærdig udfører")
            on_commit(session, lambda: sent.append("brev"))
            raise InvalidInput("Noget var galt.")

    with pytest.raises(InvalidInput):
        half_done_write()
    assert _organisations(db) == 0
    assert sent == []


def test_side_effects_run_once_the_write_has_committed(db: Database) -> None:
    sent: list[int] = []
    with db.unit_of_work() as session:
        add_organisation(session, OrganisationKind.PROVIDER, "Bostøtten Nord")
        on_commit(session, lambda: sent.append(_organisations(db)))
        assert sent == []
    assert sent == [1]


def test_a_database_error_names_no_statement_parameters(db: Database) -> None:
    marker = "0101701234 fortrolig notattekst"
    with pytest.raises(DBAPIError) as failed, db.sessions() as session:
        session.execute(text("SELECT * FROM no_such_table WHERE x = :x"), {"x": marker})
    assert marker not in str(failed.value)
