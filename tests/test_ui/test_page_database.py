"""The app under test reads and writes the fixture's database (PostgreSQL when TEST_DATABASE_URL
is set), not a stale engine from an earlier test."""

from __future__ import annotations

from tests.test_ui.buyer_app import app_at, seed_order, texts


def test_the_app_under_test_uses_the_fixture_database(db):
    token = seed_order(db)
    at = app_at("pages/buyer/order.py", order=token)
    at.run()
    assert not at.exception
    assert "Ada Lovelace" in texts(at) or "1 Main St" in texts(at)

    from ui.resources import database

    assert database().url.render_as_string(hide_password=False) == db.url.render_as_string(hide_password=False)
