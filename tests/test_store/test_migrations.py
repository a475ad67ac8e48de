"""The migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import store.tables  # noqa: F401
from store.db import migrate


def test_models_match_the_migrations(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": connection.dialect.name == "sqlite"}
        )
        assert compare_metadata(context, SQLModel.metadata) == []


def test_migrating_twice_changes_nothing(engine):
    migrate(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1


def test_a_database_made_before_migrations_is_adopted(database_url):
    from store.db import make_engine

    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE legacy_note (id INTEGER PRIMARY KEY)"))
    migrate(engine)
    names = set(inspect(engine).get_table_names())
    assert {"orders", "alembic_version", "legacy_note"} <= names
    engine.dispose()
