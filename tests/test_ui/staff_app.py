"""Shared set-up of the staff page tests: a real database with the sample catalogs, staff
accounts made through `store.customers.register`, and AppTests run as one of them."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from settings import get_settings
from store.catalogs import sync_folder
from store.customers import register
from store.db import create_tables, make_engine
from store.tables import CustomerCreate
from tests.conftest import ROOT
from tests.test_ui.buyer_app import clear_streamlit_caches, database, sign_in_as

PEOPLE = {
    "merch": "merchandiser",
    "merch2": "merchandiser",
    "ops": "operations",
    "admin": "admin",
    "buyer": "buyer",
}


@contextlib.contextmanager
def staff_database(tmp_path: Any, monkeypatch: Any, name: str, people: dict[str, str]) -> Iterator[tuple[Any, dict]]:
    """(engine, {name: account id}) with the sample catalogs and one account per `people` entry
    (name -> role, e-mail `<name>@example.org`), on SQLite or on a schema of TEST_DATABASE_URL's
    PostgreSQL server; the app under test uses it through DATABASE_URL."""
    with database(tmp_path, name) as url:
        monkeypatch.setenv("DATABASE_URL", url)
        get_settings.cache_clear()
        engine = make_engine(url)
        create_tables(engine)
        sync_folder(engine=engine, folder=ROOT / "catalogs")
        ids = {}
        with Session(engine) as s:
            for person, role in people.items():
                data = CustomerCreate(email=f"{person}@example.org", name=person.title(), password="long-enough-1")
                ids[person] = register(session=s, data=data, role=role).id
        clear_streamlit_caches()
        yield engine, ids
        engine.dispose()
        clear_streamlit_caches()
        get_settings.cache_clear()


@pytest.fixture
def staff_db(tmp_path, monkeypatch) -> Any:
    """(engine, {name: account id}) for the accounts in PEOPLE."""
    with staff_database(tmp_path, monkeypatch, "staff-pages", PEOPLE) as found:
        yield found


def run_as(path: str, user_id: int | None) -> AppTest:
    """The page at `path`, run once with `user_id` signed in (None: anonymous)."""
    at = AppTest.from_file(str(ROOT / path), default_timeout=60)
    if user_id is not None:
        sign_in_as(at, user_id)
    return at.run()


def texts(elements: Any) -> str:
    """The elements' texts joined, markdown escapes and word joiners (`ui.safe.md_escape`) undone."""
    return re.sub(r"\\(.)", r"\1", " | ".join(str(e.value) for e in elements)).replace("\u2060", "")
