"""Database engine and sessions for SQLite (default) and PostgreSQL.

SQLite gets WAL, foreign keys, a busy timeout and `BEGIN IMMEDIATE` for every transaction: the
default pysqlite behaviour silently loses concurrent read-modify-write updates.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Engine as Engine  # re-exported: the type ui code holds
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel, create_engine


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


ROOT = Path(__file__).resolve().parent.parent


def alembic_config() -> Config:
    return Config(str(ROOT / "alembic.ini"))


# The key of the PostgreSQL advisory lock `migrate` holds: two `python -m store migrate` started at
# once (a retried deployment job, two operators) take turns; the second finds the schema current.
MIGRATION_LOCK = 0x636F6E66  # "conf"


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (`python -m store migrate`, and `init`), once per
    deployment: app processes never migrate, they only check (`store.health.readiness`).

    Concurrent runs take turns (a PostgreSQL advisory lock; SQLite's `BEGIN IMMEDIATE`). A
    database made before migrations existed (tables but no `alembic_version`) gets the missing
    tables and is stamped, so it can follow later migrations.
    """
    import store.tables  # noqa: F401  (registers the tables)

    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        names = set(inspect(connection).get_table_names())
        if names and "alembic_version" not in names:
            SQLModel.metadata.create_all(connection)
            command.stamp(config, "head")
        else:
            command.upgrade(config, "head")


def create_tables(engine: Engine) -> None:
    """Create or upgrade every table, through the migrations."""
    migrate(engine)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One business action: commit on success, roll back everything on any error."""
    with Session(engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def atomic(session: Session) -> Iterator[Session]:
    """The body of one business action on a caller's session: fresh reads, then commit or roll back.

    Objects the caller loaded earlier are expired first, so the action re-reads what it checks.
    """
    session.expire_all()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
