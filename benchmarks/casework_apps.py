# SPDX-License-Identifier: MPL-2.0
"""The two servers `casework_load.py` drives, as uvicorn app factories (`--factory`).

`samskab_app` builds samskab the way `samskab serve` does (settings from SAMSKAB_*), for
uvicorn's `--workers` while `samskab serve` cannot start several workers itself.

`bare_app` answers the same four requests of the casework mix with the same business SQL as
samskab sends (the access rule folded into it as samskab folds it), and nothing else: no
token lookup (the bearer value is looked up in a JSON file of actors read at start-up), no
audit log, no ORM, no middleware. It is the floor samskab is measured against, not a design.
Settings: CASEWORK_BARE_DATABASE_URL and CASEWORK_BARE_ACTORS (the JSON file).
"""

import json
import os
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import FastAPI, Header, HTTPException
from pydantic import BaseModel

from samskab.cases.states import AWAITING_DECISION, OPEN

# The access rule of samskab.access.policies for a caseworker (a team's need to know the
# citizen, in force, personal emergency access only for its holder), folded into the query
# that reads the data as samskab folds it; written out in each statement.
READ_CASE = sa.text(
    "SELECT c.id, c.citizen_id, ci.first_name, ci.last_name, c.service_type, c.legal_basis, "
    "c.area, c.title, c.status, c.team_id, c.caseworker_id, c.received_on, c.deadline_on, "
    "EXISTS (SELECT 1 FROM citizen_access a WHERE a.citizen_id = c.citizen_id "
    "AND a.team_id IN :teams AND (a.expires_at IS NULL OR a.expires_at > :now) "
    "AND (a.user_id IS NULL OR a.user_id = :user)) AS seen "
    "FROM case_file c JOIN citizen ci ON ci.id = c.citizen_id WHERE c.id = :id"
).bindparams(sa.bindparam("teams", expanding=True))
NOTE_CASE = sa.text(
    "SELECT c.id, c.citizen_id, "
    "EXISTS (SELECT 1 FROM citizen_access a WHERE a.citizen_id = c.citizen_id "
    "AND a.team_id IN :teams AND (a.expires_at IS NULL OR a.expires_at > :now) "
    "AND (a.user_id IS NULL OR a.user_id = :user)) AS seen "
    "FROM case_file c WHERE c.id = :id"
).bindparams(sa.bindparam("teams", expanding=True))
INSERT_NOTE = sa.text(
    "INSERT INTO note (id, case_id, citizen_id, kind, title, body, author_id, author_name, "
    "written_at, occurred_on) VALUES (:id, :case_id, :citizen_id, :kind, :title, :body, "
    ":author_id, :author_name, :written_at, :occurred_on)"
)
PLAN = sa.text(
    "SELECT p.id, p.version, p.purpose, p.expected_duration, p.other, "
    "EXISTS (SELECT 1 FROM citizen_access a WHERE a.citizen_id = p.citizen_id "
    "AND a.team_id IN :teams AND (a.expires_at IS NULL OR a.expires_at > :now) "
    "AND (a.user_id IS NULL OR a.user_id = :user)) AS seen, "
    "g.id AS goal_id, g.version AS goal_version, g.case_id, g.citizen_words, "
    "g.citizen_words_at, g.professional_wording, g.goal_type, g.theme_codes, g.status, "
    "r.id AS rating_id, r.rater, r.score, r.comment, r.at "
    "FROM plan p LEFT JOIN goal g ON g.plan_id = p.id LEFT JOIN goal_rating r ON r.goal_id = g.id "
    "WHERE p.citizen_id = :citizen ORDER BY g.created_at, r.at"
).bindparams(sa.bindparam("teams", expanding=True))
HISTORY = sa.text(
    "SELECT subject_id, field, version, body, voice, writer, author_name, written_at "
    "FROM authored_text WHERE subject_type = 'goal' AND subject_id IN :goals ORDER BY version"
).bindparams(sa.bindparam("goals", expanding=True))
MY_CASES = sa.text(
    "SELECT c.id, c.citizen_id, ci.first_name, ci.last_name, c.service_type, c.legal_basis, "
    "c.area, c.title, c.status, c.team_id, c.caseworker_id, c.received_on, c.deadline_on, "
    "count(*) OVER () AS total "
    "FROM case_file c JOIN citizen ci ON ci.id = c.citizen_id "
    "WHERE c.team_id IN :teams AND c.citizen_id IN (SELECT a.citizen_id FROM citizen_access a "
    "WHERE a.team_id IN :teams AND (a.expires_at IS NULL OR a.expires_at > :now) "
    "AND (a.user_id IS NULL OR a.user_id = :user)) "
    "AND c.caseworker_id = :user AND c.status IN :open "
    "ORDER BY CASE WHEN c.status IN :awaiting THEN 0 ELSE 1 END, c.deadline_on, c.id "
    "LIMIT :limit OFFSET :offset"
).bindparams(
    sa.bindparam("teams", expanding=True),
    sa.bindparam("open", expanding=True),
    sa.bindparam("awaiting", expanding=True),
)


class NoteIn(BaseModel):
    """The body of a new note (as samskab's NoteIn, without its checks)."""

    kind: str = "notat"
    title: str = ""
    body: str
    occurred_on: date | None = None


def _case(row: Any) -> dict[str, Any]:
    fields = dict(row._mapping)
    fields["citizen_name"] = f"{fields.pop('first_name')} {fields.pop('last_name')}"
    fields.pop("seen", None)
    fields.pop("total", None)
    return fields


def _plan(citizen_id: uuid.UUID, rows: list[Any], history: list[Any]) -> dict[str, Any]:
    first = rows[0]
    goals: dict[Any, dict[str, Any]] = {}
    for row in rows:
        if row.goal_id is None:
            continue
        goal = goals.setdefault(
            row.goal_id,
            {
                "id": row.goal_id,
                "version": row.goal_version,
                "case_id": row.case_id,
                "citizen_words": row.citizen_words,
                "citizen_words_at": row.citizen_words_at,
                "professional_wording": row.professional_wording,
                "goal_type": row.goal_type,
                "theme_codes": row.theme_codes,
                "status": row.status,
                "ratings": [],
                "history": [],
            },
        )
        if row.rating_id is not None:
            goal["ratings"].append(
                {"id": row.rating_id, "rater": row.rater, "score": row.score, "at": row.at}
            )
    for version in history:
        goals[version.subject_id]["history"].append(dict(version._mapping))
    return {
        "id": first.id,
        "version": first.version,
        "citizen_id": citizen_id,
        "purpose": first.purpose,
        "expected_duration": first.expected_duration,
        "other": first.other,
        "goals": list(goals.values()),
    }


def bare_app() -> FastAPI:
    """The bare endpoint app (see the module docstring)."""
    url = os.environ["CASEWORK_BARE_DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://")
    engine = sa.create_engine(url, hide_parameters=True)
    with open(os.environ["CASEWORK_BARE_ACTORS"], encoding="utf-8") as found:
        actors: dict[str, dict[str, Any]] = json.load(found)
    app = FastAPI()
    app.state.engine = engine

    def actor(authorization: str) -> dict[str, Any]:
        who = actors.get(authorization.removeprefix("Bearer "))
        if who is None:
            raise HTTPException(401)
        return {"user": who["user_id"], "teams": who["team_ids"], "now": datetime.now(UTC)}

    @app.get("/api/v1/cases/{case_id}")
    def read_case(case_id: uuid.UUID, authorization: Annotated[str, Header()]) -> dict[str, Any]:
        with engine.begin() as conn:
            row = conn.execute(READ_CASE, {"id": case_id, **actor(authorization)}).first()
        if row is None or not row.seen:
            raise HTTPException(404)
        return _case(row)

    @app.get("/api/v1/citizens/{citizen_id}/plan")
    def read_plan(citizen_id: uuid.UUID, authorization: Annotated[str, Header()]) -> dict[str, Any]:
        with engine.begin() as conn:
            rows = list(conn.execute(PLAN, {"citizen": citizen_id, **actor(authorization)}))
            if not rows:
                return {"id": None, "citizen_id": citizen_id, "goals": []}
            if not rows[0].seen:
                raise HTTPException(404)
            goals = list({row.goal_id for row in rows if row.goal_id is not None})
            history = list(conn.execute(HISTORY, {"goals": goals})) if goals else []
        return _plan(citizen_id, rows, history)

    @app.post("/api/v1/cases/{case_id}/notes", status_code=201)
    def append_note(
        case_id: uuid.UUID, body: NoteIn, authorization: Annotated[str, Header()]
    ) -> dict[str, Any]:
        who = actor(authorization)
        with engine.begin() as conn:
            case = conn.execute(NOTE_CASE, {"id": case_id, **who}).first()
            if case is None or not case.seen:
                raise HTTPException(404)
            note = {
                "id": uuid.uuid4(),
                "case_id": case.id,
                "citizen_id": case.citizen_id,
                "kind": body.kind,
                "title": body.title or "Telefonsamtale",
                "body": body.body,
                "author_id": who["user"],
                "author_name": "Sagsbehandler",
                "written_at": who["now"],
                "occurred_on": body.occurred_on or who["now"].date(),
            }
            conn.execute(INSERT_NOTE, note)
        return note

    @app.get("/api/v1/cases")
    def my_cases(
        authorization: Annotated[str, Header()], limit: int = 50, offset: int = 0
    ) -> dict[str, Any]:
        wanted = {
            **actor(authorization),
            "open": [str(status) for status in OPEN],
            "awaiting": [str(status) for status in AWAITING_DECISION],
            "limit": limit,
            "offset": offset,
        }
        with engine.begin() as conn:
            rows = list(conn.execute(MY_CASES, wanted))
        total = rows[0].total if rows else 0
        return {"items": [_case(r) for r in rows], "total": total, "limit": limit, "offset": offset}

    return app


def samskab_app() -> FastAPI:
    """samskab as `samskab serve` builds it (no demo log-in, no OpenID Connect)."""
    from samskab import migrations
    from samskab.app import create_app
    from samskab.core.crypto import resolve_secrets, vault_from_settings
    from samskab.core.db import Database, make_engine
    from samskab.core.settings import get_settings

    settings = get_settings()
    db = Database(make_engine(settings.database_url), vault_from_settings(settings))
    migrations.upgrade(db.bind)
    return create_app(db, session_key=resolve_secrets(settings)["session_key"])
