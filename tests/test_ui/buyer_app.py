"""Shared set-up of the buyer page tests: a real SQLite database with the sample catalogs, an
AppTest of the whole app, and helpers that seed carts and orders through the store services."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from settings import get_settings
from store.carts import add_to_cart, create_cart
from store.catalogs import sync_folder
from store.db import create_tables, make_engine, transaction
from store.orders import Buyer, PaymentDetails, place_order
from store.quotes import Delivery
from store.tables import CartLineCreate
from tests.conftest import ROOT, postgres_schema

TEE = {"fabric": "cotton", "colour": "white", "size": "m"}
HOME = Delivery(name="Ana Lima", line1="Rua Augusta 1", postal_code="1100-048", city="Lisboa", country="PT")


@contextlib.contextmanager
def database(tmp_path: Path, name: str) -> Iterator[str]:
    """A fresh database URL: a schema of its own on TEST_DATABASE_URL's PostgreSQL server when
    that is set (what `database_url` in tests/conftest.py does), an SQLite file otherwise."""
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        yield f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
        return
    with postgres_schema(server, f"ui_{os.getpid()}_{uuid.uuid4().hex[:12]}") as url:
        yield url


def clear_streamlit_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()  # the app's database engine is one of them: it must follow DATABASE_URL


@pytest.fixture
def db(tmp_path, monkeypatch):
    """The sample catalogs published in a fresh database that the app under test also uses
    (through DATABASE_URL): PostgreSQL when TEST_DATABASE_URL is set, SQLite otherwise."""
    with database(tmp_path, "buyer") as url:
        monkeypatch.setenv("DATABASE_URL", url)
        get_settings.cache_clear()
        engine = make_engine(url)
        create_tables(engine)
        sync_folder(engine=engine, folder=ROOT / "catalogs")
        clear_streamlit_caches()
        yield engine
        clear_streamlit_caches()  # the app's engine holds connections into this schema
        engine.dispose()
        get_settings.cache_clear()


def app_at(page: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page)
    return at


def full_tee(engine: Any, **choices: Any) -> dict[str, Any]:
    """A complete T-shirt selection (raw values) with `choices` on top of the defaults."""
    from configurator.catalog_engine import CatalogEngine
    from store.catalogs import catalog_of, current_version
    from ui.selection_state import to_raw

    with transaction(engine) as session:
        catalog = catalog_of(current_version(session=session, product_code="tshirt"))
    compiled = CatalogEngine(catalog)
    selection: dict[str, Any] = {}
    for code, value in choices.items():
        selection = compiled.choose(selection, code, value)
    return {k: to_raw(v) for k, v in compiled.complete(selection).items()}


def seed_cart(engine: Any, *items: tuple[str, dict[str, Any], int]) -> str:
    with transaction(engine) as session:
        token = create_cart(session=session).token
        for product, raw, quantity in items:
            add_to_cart(
                session=session,
                cart=token,
                line=CartLineCreate(product_code=product, selection=raw, quantity=quantity),
                delivery=HOME,
            )
    return token


def seed_order(
    engine: Any, *, name: str = "Ada Lovelace", line1: str = "1 Main St", raw: dict[str, Any] | None = None
) -> str:
    """A paid guest order of one T-shirt (`raw`: its selection, the defaults if not given)."""
    cart = seed_cart(engine, ("tshirt", raw or full_tee(engine), 1))
    from store.carts import view_cart

    delivery = Delivery(name=name, line1=line1, postal_code="1000", city="Lisbon", country="PT")
    with transaction(engine) as session:
        total = view_cart(session=session, cart=cart, delivery=delivery).quote.total.to_minor()
        order = place_order(
            session=session,
            cart=cart,
            buyer=Buyer(email="ada@example.com", name=name),
            delivery=delivery,
            payment=PaymentDetails(card="4242 4242 4242 4242", amount_minor=total),
            idempotency_key=uuid.uuid4().hex,
        )
    return order.token


def texts(at: AppTest) -> str:
    """Everything the page shows as text, markdown escapes (and `md_escape`'s word joiners) removed."""
    parts: list[str] = []
    for kind in ("text", "markdown", "caption", "success", "info", "warning", "error", "title", "subheader"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [str(m.value) for m in at.metric]
    return "\n".join(parts).replace("\\", "").replace("\u2060", "")


def register_buyer(engine: Any, email: str = "b@example.com", name: str = "Bea Buyer") -> int:
    from store.customers import register
    from store.tables import CustomerCreate

    with transaction(engine) as session:
        return register(session=session, data=CustomerCreate(email=email, name=name, password="pw-1234567890")).id


def sign_in_as(at: AppTest, customer_id: int, since: Any = None) -> None:
    """What `ui.auth.sign_in` keeps in the session (a real server-made browser session, signed in
    at `since`, default now), without a password round trip."""
    from settings import get_settings
    from store.browser_sessions import issue
    from store.db import make_engine

    engine = make_engine(get_settings().database_url)
    try:
        with transaction(engine) as session:
            issued = issue(session=session, customer_id=customer_id, cart_token=None, moment=since)
    finally:
        engine.dispose()
    at.session_state["auth:user"] = {"id": customer_id}
    at.session_state["auth:token"] = issued.token
