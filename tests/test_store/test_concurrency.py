"""Many buyers at once, on real databases: stock never negative, never oversold; one order per key."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlmodel import Session, func, select

from store.carts import view_cart
from store.tables import Material, Order, PurchaseNeed, StockMovement
from tests.store_helpers import HOME, MUG, checkout, fill_cart

THREADS = 8


def test_buyers_racing_for_limited_clay_never_oversell_it(shop):
    with Session(shop) as session:
        carts = [fill_cart(session, MUG) for _ in range(THREADS)]  # 8 x 0.4 kg; 2 kg in stock

    def buy(cart):
        with Session(shop) as session:
            return checkout(session, cart).token

    with ThreadPoolExecutor(THREADS) as pool:
        tokens = list(pool.map(buy, carts))
    assert len(set(tokens)) == THREADS
    with Session(shop) as session:
        clay = session.exec(select(Material).where(Material.code == "clay")).one()
        moved = session.exec(
            select(func.sum(StockMovement.quantity_micro)).where(StockMovement.material_id == clay.id)
        ).one()
        needed = session.exec(
            select(func.sum(PurchaseNeed.quantity_micro)).where(PurchaseNeed.material_id == clay.id)
        ).one()
    assert clay.available_micro == 0 == moved  # all 2 kg reserved; the movements add up
    assert clay.reserved_micro == 2_000_000  # never more than there was
    assert needed == THREADS * 400_000 - 2_000_000  # the rest is bought for the orders


def test_the_same_key_from_several_threads_places_one_order(shop):
    with Session(shop) as session:
        cart = fill_cart(session, MUG)
        amount = view_cart(session=session, cart=cart, delivery=HOME).quote.total.to_minor()

    def buy(_):
        with Session(shop) as session:
            return checkout(session, cart, key="one-click-twice", amount=amount).token

    with ThreadPoolExecutor(6) as pool:
        tokens = set(pool.map(buy, range(6)))
    assert len(tokens) == 1
    with Session(shop) as session:
        assert session.exec(select(func.count()).select_from(Order)).one() == 1
        clay = session.exec(select(Material).where(Material.code == "clay")).one()
        assert clay.reserved_micro == 400_000  # reserved once
