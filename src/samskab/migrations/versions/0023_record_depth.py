# SPDX-License-Identifier: MPL-2.0
"""orders carry a version; a sent decision keeps its appeal route; notes, follow-up notes and
the decision's texts become authored text

Orders (intervention) get `version` for optimistic concurrency. A sent decision stores the
appeal route (body, deadline, procedure, source) its letter stated; decisions already sent get
the route the catalogue gives their law now, which is what their letters said. The texts
written before they were authored text (journal notes, follow-up notes, hearing answers,
appeal texts, reconsideration reasons) become their first versions, with the author known.

Revision ID: 0023
Revises: 0019
Create Date: 2026-12-02 17:00:00
"""

import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from samskab.terminology.appeals import route_record
from samskab.terminology.services import service_type

revision: str = "0023"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UUID, TEXT, STRING = sa.Uuid(), sa.Text(), sa.String()
MOMENT, NUMBER, DAY = sa.DateTime(timezone=True), sa.Integer(), sa.Date()
BATCH = 1000


def _table(name: str, **kinds: Any) -> sa.TableClause:
    return sa.table(name, *(sa.column(column, kind) for column, kind in kinds.items()))


AUTHORED = _table(
    "authored_text",
    id=UUID,
    citizen_id=UUID,
    subject_type=STRING,
    subject_id=UUID,
    field=STRING,
    version=NUMBER,
    body=TEXT,
    voice=STRING,
    writer=STRING,
    author_id=UUID,
    author_name=STRING,
    author_role=STRING,
    on_behalf_of=UUID,
    written_at=MOMENT,
)
USER = _table("app_user", id=UUID, display_name=STRING, roles=sa.JSON())
NOTE = _table(
    "note", id=UUID, citizen_id=UUID, body=TEXT, author_id=UUID, author_name=STRING,
    written_at=MOMENT,
)  # fmt: skip
FOLLOW_UP = _table(
    "follow_up", id=UUID, intervention_id=UUID, note=TEXT, by_user_id=UUID, created_at=MOMENT
)
INTERVENTION = _table("intervention", id=UUID, case_id=UUID)
CASE = _table("case_file", id=UUID, citizen_id=UUID, service_type=STRING)
DECISION = _table(
    "decision",
    id=UUID,
    case_id=UUID,
    status=STRING,
    decided_by=UUID,
    decided_by_name=STRING,
    created_at=MOMENT,
    updated_at=MOMENT,
    hearing_text=TEXT,
    hearing_answer=TEXT,
    hearing_weighing=TEXT,
    appeal_text=TEXT,
    reconsideration_note=TEXT,
    appeal_route=sa.JSON(),
)
DECISION_TEXTS = {
    "hearing_text": "professional",
    "hearing_weighing": "professional",
    "reconsideration_note": "professional",
    "hearing_answer": "citizen",
    "appeal_text": "citizen",
}


def _moment(at: datetime | None) -> datetime:
    at = at or datetime.now(UTC)
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _first_version(
    citizen_id: Any,
    subject: tuple[str, Any],
    field: str,
    body: str,
    voice: str,
    author: tuple[Any, str, str],
    at: datetime | None,
) -> dict[str, Any]:
    """Version 1 of a text written by staff before it was authored text."""
    author_id, name, role = author
    return {
        "id": uuid.uuid4(),
        "citizen_id": citizen_id,
        "subject_type": subject[0],
        "subject_id": subject[1],
        "field": field,
        "version": 1,
        "body": body,
        "voice": voice,
        "writer": "staff",
        "author_id": author_id,
        "author_name": name,
        "author_role": role,
        "on_behalf_of": citizen_id if voice == "citizen" else None,
        "written_at": _moment(at),
    }


def _staff(conn: sa.Connection) -> dict[Any, tuple[str, str]]:
    """Every user: (name, first role)."""
    return {
        row.id: (row.display_name, (list(row.roles or []) or ["system"])[0])
        for row in conn.execute(sa.select(USER))
    }


def _notes(conn: sa.Connection, users: dict[Any, tuple[str, str]]) -> Iterator[dict[str, Any]]:
    for row in conn.execute(sa.select(NOTE)):
        role = users.get(row.author_id, ("", "system"))[1]
        yield _first_version(
            row.citizen_id,
            ("note", row.id),
            "body",
            row.body,
            "professional",
            (row.author_id, row.author_name, role),
            row.written_at,
        )


def _follow_ups(conn: sa.Connection, users: dict[Any, tuple[str, str]]) -> Iterator[dict[str, Any]]:
    query = (
        sa.select(FOLLOW_UP, CASE.c.citizen_id)
        .join(INTERVENTION, INTERVENTION.c.id == FOLLOW_UP.c.intervention_id)
        .join(CASE, CASE.c.id == INTERVENTION.c.case_id)
        .where(FOLLOW_UP.c.note != "")
    )
    for row in conn.execute(query):
        name, role = users.get(row.by_user_id, ("samskab", "system"))
        yield _first_version(
            row.citizen_id,
            ("follow_up", row.id),
            "note",
            row.note,
            "professional",
            (row.by_user_id, name, role),
            row.created_at,
        )


def _decision_texts(
    conn: sa.Connection, users: dict[Any, tuple[str, str]]
) -> Iterator[dict[str, Any]]:
    query = sa.select(DECISION, CASE.c.citizen_id).join(CASE, CASE.c.id == DECISION.c.case_id)
    for row in conn.execute(query):
        role = users.get(row.decided_by, ("", "system"))[1]
        for field, voice in DECISION_TEXTS.items():
            body = getattr(row, field) or ""
            if body:
                yield _first_version(
                    row.citizen_id,
                    ("decision", row.id),
                    field,
                    body,
                    voice,
                    (row.decided_by, row.decided_by_name or "samskab", role),
                    row.updated_at or row.created_at,
                )


def _insert(conn: sa.Connection, rows: Iterator[dict[str, Any]]) -> None:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            conn.execute(AUTHORED.insert(), batch)
            batch = []
    if batch:
        conn.execute(AUTHORED.insert(), batch)


def _appeal_routes(conn: sa.Connection) -> None:
    """Sent decisions keep the route their letters stated: the catalogue's of their law."""
    query = (
        sa.select(DECISION.c.id, CASE.c.service_type)
        .join(CASE, CASE.c.id == DECISION.c.case_id)
        .where(DECISION.c.status != "draft")
    )
    for decision_id, key in list(conn.execute(query)):
        conn.execute(
            DECISION.update()
            .where(DECISION.c.id == decision_id)
            .values(appeal_route=route_record(service_type(key).appeal))
        )


def upgrade() -> None:
    with op.batch_alter_table("intervention", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("appeal_route", sa.JSON(), nullable=True))
    conn = op.get_bind()
    users = _staff(conn)
    _insert(conn, _notes(conn, users))
    _insert(conn, _follow_ups(conn, users))
    _insert(conn, _decision_texts(conn, users))
    _appeal_routes(conn)


def downgrade() -> None:
    conn = op.get_bind()
    conn.execute(
        AUTHORED.delete().where(AUTHORED.c.subject_type.in_(["note", "follow_up", "decision"]))
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_column("appeal_route")
    with op.batch_alter_table("intervention", schema=None) as batch_op:
        batch_op.drop_column("version")
