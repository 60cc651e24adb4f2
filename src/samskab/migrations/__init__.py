# SPDX-License-Identifier: MPL-2.0
"""Alembic migrations, run programmatically so an installed samskab needs no alembic.ini."""

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine

# Search structures kept outside the ORM models (see 0003_note_search); autogenerate and the
# schema comparison leave them alone.
SEARCH_OBJECTS = frozenset(
    {
        "note_fts",
        "note_fts_data",
        "note_fts_idx",
        "note_fts_docsize",
        "note_fts_config",
        "note_fts_content",
        "search",
        "ix_note_search",
    }
)


def include_object(
    obj: object, name: str | None, kind: str, reflected: bool, compare_to: object
) -> bool:
    """Whether autogenerate should look at a database object."""
    return name not in SEARCH_OBJECTS


def config(bind: Engine | Connection) -> Config:
    """An Alembic configuration pointing at the shipped migrations and the given database."""
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("samskab.migrations")))
    cfg.attributes["connection"] = bind
    return cfg


def upgrade(bind: Engine | Connection, revision: str = "head") -> None:
    """Bring the database schema up to a revision."""
    command.upgrade(config(bind), revision)


def downgrade(bind: Engine | Connection, revision: str) -> None:
    """Take the database schema down to a revision."""
    command.downgrade(config(bind), revision)
