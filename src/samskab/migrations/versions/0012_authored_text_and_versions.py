# SPDX-License-Identifier: MPL-2.0
"""authored text with every version and author; versions for optimistic concurrency

Goal wordings move from goal_wording (whole-goal snapshots) to authored_text (one row per
version of one text, with author, role and for whom); the theme texts already written become
their first versions.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = ("plan", "goal", "theme_assessment", "citizen")
THEME_TEXTS = {
    "citizen_level": "citizen",
    "citizen_text": "citizen",
    "wishes": "citizen",
    "professional_level": "professional",
    "professional_text": "professional",
    "resources": "professional",
}


def _create_tables() -> None:
    op.create_table(
        "authored_text",
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("subject_type", sa.String(length=30), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("voice", sa.String(length=20), nullable=False),
        sa.Column("writer", sa.String(length=20), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("author_role", sa.String(length=40), nullable=False),
        sa.Column("on_behalf_of", sa.Uuid(), nullable=True),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["app_user.id"], name=op.f("fk_authored_text_author_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_authored_text_citizen_id_citizen")
        ),
        sa.ForeignKeyConstraint(
            ["on_behalf_of"], ["citizen.id"], name=op.f("fk_authored_text_on_behalf_of_citizen")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authored_text")),
        sa.UniqueConstraint(
            "subject_type",
            "subject_id",
            "field",
            "version",
            name=op.f("uq_authored_text_subject_type"),
        ),
    )
    with op.batch_alter_table("authored_text", schema=None) as batch_op:
        batch_op.create_index(
            "ix_authored_text_citizen_written", ["citizen_id", "written_at"], unique=False
        )
    op.create_table(
        "text_seen",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_text_seen_citizen_id_citizen")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_text_seen_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_seen")),
        sa.UniqueConstraint("user_id", "citizen_id", name=op.f("uq_text_seen_user_id")),
    )


def _writers(conn: sa.Connection) -> dict[Any, tuple[str, str, str]]:
    """Every user: (writer, role, name)."""
    users = sa.table(
        "app_user",
        sa.column("id", sa.Uuid()),
        sa.column("display_name", sa.String()),
        sa.column("roles", sa.JSON()),
        sa.column("citizen_id", sa.Uuid()),
    )
    found = {}
    for row in conn.execute(sa.select(users)):
        roles = list(row.roles or [])
        if row.citizen_id is not None:
            found[row.id] = ("citizen", "citizen", row.display_name)
        elif "relative" in roles:
            found[row.id] = ("relative", "relative", row.display_name)
        else:
            found[row.id] = ("staff", roles[0] if roles else "system", row.display_name)
    return found


UUID, TEXT, STRING = sa.Uuid(), sa.Text(), sa.String()
MOMENT, NUMBER = sa.DateTime(timezone=True), sa.Integer()


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
WORDING = _table(
    "goal_wording",
    id=UUID,
    goal_id=UUID,
    citizen_words=TEXT,
    professional_wording=TEXT,
    recorded_by=UUID,
    recorded_by_name=STRING,
    at=MOMENT,
)
GOAL = sa.table(
    "goal",
    sa.column("id", UUID),
    sa.column("plan_id", UUID),
    sa.column("citizen_words", TEXT),
    sa.column("professional_wording", TEXT),
    sa.column("citizen_words_recorded_by", UUID),
    sa.column("citizen_words_at", MOMENT),
)
PLAN = sa.table("plan", sa.column("id", UUID), sa.column("citizen_id", UUID))
THEME = sa.table(
    "theme_assessment",
    sa.column("id", UUID),
    sa.column("assessment_id", UUID),
    sa.column("citizen_level", NUMBER),
    sa.column("citizen_text", TEXT),
    sa.column("wishes", TEXT),
    sa.column("professional_level", NUMBER),
    sa.column("professional_text", TEXT),
    sa.column("resources", TEXT),
    sa.column("updated_at", MOMENT),
    sa.column("updated_by", UUID),
)
ASSESSMENT = sa.table("assessment", sa.column("id", UUID), sa.column("case_id", UUID))
CASE = sa.table("case_file", sa.column("id", UUID), sa.column("citizen_id", UUID))


def _version(
    citizen_id: Any,
    subject: tuple[str, Any],
    field: str,
    number: int,
    body: str,
    voice: str,
    author: tuple[Any, tuple[str, str, str]],
    at: datetime,
) -> dict[str, Any]:
    author_id, (writer, role, name) = author
    return {
        "id": uuid.uuid4(),
        "citizen_id": citizen_id,
        "subject_type": subject[0],
        "subject_id": subject[1],
        "field": field,
        "version": number,
        "body": body,
        "voice": voice,
        "writer": writer,
        "author_id": author_id,
        "author_name": name,
        "author_role": role,
        "on_behalf_of": citizen_id if voice == "citizen" and writer != "citizen" else None,
        "written_at": at,
    }


def _goal_versions(conn: sa.Connection, users: dict[Any, tuple[str, str, str]]) -> list[Any]:
    rows = conn.execute(
        sa.select(WORDING, PLAN.c.citizen_id)
        .join(GOAL, GOAL.c.id == WORDING.c.goal_id)
        .join(PLAN, PLAN.c.id == GOAL.c.plan_id)
        .order_by(WORDING.c.goal_id, WORDING.c.at)
    )
    found: list[Any] = []
    last: dict[tuple[Any, str], tuple[int, str]] = {}
    for row in rows:
        author = users.get(row.recorded_by, ("staff", "system", row.recorded_by_name))
        for field, voice, body in (
            ("citizen_words", "citizen", row.citizen_words),
            ("professional_wording", "professional", row.professional_wording),
        ):
            number, previous = last.get((row.goal_id, field), (0, ""))
            if body == previous:
                continue
            last[(row.goal_id, field)] = (number + 1, body)
            at = row.at
            found.append(
                _version(
                    row.citizen_id,
                    ("goal", row.goal_id),
                    field,
                    number + 1,
                    body,
                    voice,
                    (row.recorded_by, author),
                    at if at.tzinfo else at.replace(tzinfo=UTC),
                )
            )
    return found


def _theme_versions(conn: sa.Connection, users: dict[Any, tuple[str, str, str]]) -> list[Any]:
    rows = conn.execute(
        sa.select(THEME, CASE.c.citizen_id)
        .join(ASSESSMENT, ASSESSMENT.c.id == THEME.c.assessment_id)
        .join(CASE, CASE.c.id == ASSESSMENT.c.case_id)
    ).mappings()
    found: list[Any] = []
    for row in rows:
        author = users.get(row["updated_by"], ("staff", "system", "samskab"))
        at = row["updated_at"]
        for field, voice in THEME_TEXTS.items():
            body = "" if row[field] is None else str(row[field])
            if body:
                found.append(
                    _version(
                        row["citizen_id"],
                        ("theme", row["id"]),
                        field,
                        1,
                        body,
                        voice,
                        (row["updated_by"], author),
                        at if at.tzinfo else at.replace(tzinfo=UTC),
                    )
                )
    return found


def upgrade() -> None:
    _create_tables()
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default="1", nullable=False)
            )
    with op.batch_alter_table("goal_rating", schema=None) as batch_op:
        batch_op.add_column(sa.Column("writer", sa.String(length=20), nullable=True))
    conn = op.get_bind()
    users = _writers(conn)
    versions = _goal_versions(conn, users) + _theme_versions(conn, users)
    if versions:
        conn.execute(AUTHORED.insert(), versions)
    op.drop_table("goal_wording")


def downgrade() -> None:
    op.create_table(
        "goal_wording",
        sa.Column("goal_id", sa.Uuid(), nullable=False),
        sa.Column("citizen_words", sa.Text(), nullable=False),
        sa.Column("professional_wording", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("recorded_by_name", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goal.id"], name=op.f("fk_goal_wording_goal_id_goal")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["app_user.id"], name=op.f("fk_goal_wording_recorded_by_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_wording")),
    )
    with op.batch_alter_table("goal_wording", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_wording_goal_id"), ["goal_id"], unique=False)
    conn = op.get_bind()
    wordings = [
        {
            "id": uuid.uuid4(),
            "goal_id": row.id,
            "citizen_words": row.citizen_words,
            "professional_wording": row.professional_wording,
            "recorded_by": row.citizen_words_recorded_by,
            "recorded_by_name": "samskab",
            "at": row.citizen_words_at,
        }
        for row in conn.execute(sa.select(GOAL))
    ]
    if wordings:
        conn.execute(WORDING.insert(), wordings)
    with op.batch_alter_table("goal_rating", schema=None) as batch_op:
        batch_op.drop_column("writer")
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
    with op.batch_alter_table("authored_text", schema=None) as batch_op:
        batch_op.drop_index("ix_authored_text_citizen_written")
    op.drop_table("text_seen")
    op.drop_table("authored_text")
