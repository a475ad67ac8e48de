"""The shop never migrates its database (`python -m store migrate` does, once per deployment): on a
database that is not migrated, or that a newer release migrated, or that cannot be reached, every
page says what is wrong and what to do instead of failing on a missing table. (AppTest on a real
database: PostgreSQL when TEST_DATABASE_URL is set, SQLite otherwise.)"""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from settings import get_settings
from store.catalogs import sync_folder
from store.db import make_engine, migrate
from tests.conftest import ROOT
from tests.test_ui.buyer_app import app_at, clear_streamlit_caches, database, texts


@pytest.fixture
def bare(tmp_path, monkeypatch):
    """A database the app under test uses, with nothing in it."""
    with database(tmp_path, "bare") as url:
        monkeypatch.setenv("DATABASE_URL", url)
        get_settings.cache_clear()
        clear_streamlit_caches()
        engine = make_engine(url)
        yield engine
        clear_streamlit_caches()
        engine.dispose()
        get_settings.cache_clear()


def test_an_empty_database_gets_a_page_that_says_to_migrate_and_is_left_alone(bare):
    at = app_at("pages/buyer/shop.py")
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "The shop is not ready yet" in shown
    assert "The database is not migrated" in shown and "python -m store migrate" in shown
    assert inspect(bare).get_table_names() == []  # the app migrated nothing

    migrate(bare)  # the deployment's one migration step, then its catalogs
    sync_folder(engine=bare, folder=ROOT / "catalogs")
    at.run()
    assert not at.exception
    assert "Custom T-shirt" in [s.value for s in at.subheader]
    assert "not ready" not in texts(at)


def test_a_database_a_newer_release_migrated_asks_for_that_release(bare):
    migrate(bare)
    with bare.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'from_a_newer_release'"))
    at = app_at("pages/buyer/shop.py")
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "newer release" in shown and "python -m store migrate" not in shown
    assert "from_a_newer_release" in shown  # what the operator needs: the revision found


def test_a_database_that_cannot_be_reached_gets_an_apology_not_a_traceback(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    get_settings.cache_clear()
    clear_streamlit_caches()
    try:
        at = app_at("pages/buyer/shop.py")
        at.run()
        assert not at.exception
        shown = texts(at)
        assert "cannot reach its database" in shown
        assert "Traceback" not in shown and "nobody" not in shown  # no server details
    finally:
        clear_streamlit_caches()
        get_settings.cache_clear()
