"""Store test helpers: the small mug shop, a guest buyer and a home address, carts filled and
checked out through the real services, one staff account per role. Fixtures stay in
`tests/test_store/conftest.py`; these are plain functions and values any test may import."""

from __future__ import annotations

import itertools
from decimal import Decimal

from sqlmodel import Session

from store.carts import add_to_cart, create_cart
from store.catalogs import sync_folder
from store.orders import Buyer, PaymentDetails, place_order
from store.payments import TEST_CARD_OK
from store.quotes import Delivery
from store.stock import receive_stock
from store.tables import CartLineCreate
from tests.factories import SMALL_CATALOG

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


def sample_shop(engine, tmp_path, *files: str):
    """Publish shipped catalogs (`files` in catalogs/, e.g. "tshirt.yaml") as they are."""
    import shutil

    from tests.conftest import ROOT

    folder = tmp_path / "catalogs"
    folder.mkdir()
    for name in files:
        shutil.copy(ROOT / "catalogs" / name, folder / name)
    sync_folder(engine=engine, folder=folder)
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
