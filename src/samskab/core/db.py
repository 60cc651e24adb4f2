# SPDX-License-Identifier: MPL-2.0
"""Database: declarative base, portable types, engine set-up and the unit of work."""

import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from typing import Any, ClassVar

from anyio import CancelScope, CapacityLimiter, to_thread
from sqlalchemy import JSON, DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import TypeDecorator

from samskab.core import clock
from samskab.core.actorcache import ActorCache
from samskab.core.crypto import CprVault
from samskab.core.errors import DomainError

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every database (SQLite stores it naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC was required")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """The base of every samskab table: UUID keys and a shared naming convention."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime,
        dict[str, Any]: JSON,
        list[str]: JSON,
        list[Any]: JSON,
    }


def new_id() -> uuid.UUID:
    """A new primary key."""
    return uuid.uuid4()


class HasId:
    """Mixin for a UUID primary key."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)


class HasCreated:
    """Mixin for the moment a row was created."""

    created_at: Mapped[datetime] = mapped_column(default=clock.now)


def _sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin, so that
    # SAVEPOINT and transactional DDL work (the SQLAlchemy pysqlite recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for SQLite (WAL, foreign keys on) or PostgreSQL (psycopg 3).

    Statement parameters are hidden from error messages: they hold CPR numbers and note text,
    and an error message ends up in a log."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"check_same_thread": False})
        engine = create_engine(url, hide_parameters=True, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        # IMMEDIATE takes the write lock up front: a transaction that read first and wrote
        # later would otherwise fail at once ("database is locked") when another writer had
        # committed in between, instead of waiting its turn (busy_timeout).
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        return engine
    # No ping before every checkout (a round trip per request): connections are recycled
    # before a proxy or the server would drop them, and a dead one fails its request once.
    kwargs.setdefault("pool_recycle", 1800)
    return create_engine(url, hide_parameters=True, **kwargs)


class Database:
    """The engine and session factory of one installation, with its CPR vault and this
    process's cache of who is behind each credential (see `samskab.core.actorcache`)."""

    def __init__(
        self,
        bind: Any,
        vault: CprVault,
        *,
        actors: ActorCache | None = None,
        **session_options: Any,
    ) -> None:
        self.bind = bind
        self.vault = vault
        self.actors = actors or ActorCache()
        self.sessions = sessionmaker(
            bind=bind,
            expire_on_commit=False,
            info={"vault": vault, "actors": self.actors},
            **session_options,
        )

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back on error, run after-commit hooks."""
        with self.sessions() as session:
            try:
                yield session
                session.commit()
            except DomainError as error:
                session.rollback()
                if error.after_rollback:
                    for task in error.after_rollback:
                        task(session)
                    session.commit()
                raise
            except BaseException:
                session.rollback()
                raise
            for hook in session.info.pop("on_commit", []):
                hook()

    @asynccontextmanager
    async def unit_of_work_for_threads(self) -> AsyncIterator[Session]:
        """The unit of work of a request whose work runs in worker threads.

        The session is made here, on the event loop, without touching the database: it takes
        its connection only when the endpoint (in its worker thread) first uses it. The commit
        runs in a thread of its own that never waits for a free worker thread. So no thread
        holds a connection while waiting for another thread, and the thread pool and the
        connection pool cannot wait on each other (a pool deadlock)."""
        work = self.unit_of_work()
        session = work.__enter__()
        try:
            yield session
        except BaseException as error:
            with CancelScope(shield=True):
                handled = await to_thread.run_sync(
                    work.__exit__,
                    type(error),
                    error,
                    error.__traceback__,
                    limiter=CapacityLimiter(1),
                )
            if not handled:
                raise
        else:
            with CancelScope(shield=True):
                await to_thread.run_sync(
                    work.__exit__, None, None, None, limiter=CapacityLimiter(1)
                )


def vault_of(session: Session) -> CprVault:
    """The CPR vault of the installation this session belongs to."""
    vault: CprVault = session.info["vault"]
    return vault


def on_commit(session: Session, hook: Callable[[], None]) -> None:
    """Run a side effect (letter, notification) only once the transaction has committed."""
    session.info.setdefault("on_commit", []).append(hook)
