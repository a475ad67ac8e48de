"""Store fixtures: a migrated real database (SQLite file, and PostgreSQL when configured)."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from store.db import create_tables, make_engine


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    create_tables(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with Session(engine) as session:
        yield session


# -- a shop with the small mug catalog published and some clay in stock -------------------------

import itertools  # noqa: E402
from decimal import Decimal  # noqa: E402

from store.carts import add_to_cart, create_cart  # noqa: E402
from store.catalogs import sync_folder  # noqa: E402
from store.orders import Buyer, PaymentDetails, place_order  # noqa: E402
from store.payments import TEST_CARD_OK  # noqa: E402
from store.quotes import Delivery  # noqa: E402
from store.stock import receive_stock  # noqa: E402
from store.tables import CartLineCreate  # noqa: E402
from tests.factories import SMALL_CATALOG  # noqa: E402

MUG = {"size": "small", "glaze": "white", "extras": []}
HOME = Delivery(name="Ana Lima", line1="Rua A 1", postal_code="1000-001", city="Lisboa", country="PT")
GUEST = Buyer(email="ana@example.org", name="Ana Lima")
_keys = itertools.count()


def mug_shop(engine, tmp_path, catalog=SMALL_CATALOG):
    """Publish the mug `catalog`, with clay for 5 small mugs in stock."""
    folder = tmp_path / "catalogs"
    folder.mkdir()
    (folder / "mug.yaml").write_text(catalog)
    sync_folder(engine=engine, folder=folder)
    with Session(engine) as s:
        receive_stock(session=s, material_code="clay", quantity=Decimal(2), actor="test")
    return engine


def staff_accounts(engine, roles=("buyer", "merchandiser", "operations", "admin")):
    """One account per role (`<role>@shop.example.org`); their ids by role."""
    from store.customers import register
    from store.tables import CustomerCreate

    with Session(engine) as s:
        return {
            role: register(
                session=s,
                data=CustomerCreate(email=f"{role}@shop.example.org", name=role, password="long-enough-1"),
                role=role,
            ).id
            for role in roles
        }


@pytest.fixture
def shop(engine, tmp_path):
    mug_shop(engine, tmp_path)
    with Session(engine) as s:
        receive_stock(session=s, material_code="glaze", quantity=Decimal(100), actor="test")
    return engine


def fill_cart(session, *selections, quantity=1, buyer=GUEST):
    cart = create_cart(session=session, customer_id=buyer.customer_id)
    for selection in selections or (MUG,):
        add_to_cart(
            session=session,
            cart=cart.token,
            line=CartLineCreate(product_code="mug", selection=selection, quantity=quantity),
            delivery=HOME,
            customer_id=buyer.customer_id,
        )
    return cart.token


def checkout(session, cart, *, buyer=GUEST, key=None, card=TEST_CARD_OK, amount=None, provider=None):
    from store.carts import view_cart

    if amount is None:
        amount = view_cart(session=session, cart=cart, delivery=HOME, customer_id=buyer.customer_id).quote.total
        amount = amount.to_minor()
    return place_order(
        session=session,
        cart=cart,
        buyer=buyer,
        delivery=HOME,
        payment=PaymentDetails(card=card, amount_minor=amount),
        idempotency_key=key or f"test-key-{next(_keys):06d}",
        provider=provider,
    )
