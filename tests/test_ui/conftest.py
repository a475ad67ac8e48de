"""Fixtures of the page tests: `db` (a real SQLite database with the sample catalogs)."""

from tests.test_ui.buyer_app import db

__all__ = ["db"]
