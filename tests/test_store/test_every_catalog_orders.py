"""The buyer's whole path on every shipped catalog, below the pages: a random valid partial design
(boxes ticked and left unticked, optional text typed or left empty, numbers), finished in each
"finish for me" mode, is one complete valid product; the three go in one cart, are priced, and a
guest order is placed whose total is the quote's.

A catalog added to `catalogs/` is covered without touching this file. Examples per catalog:
`EVERY_CATALOG_EXAMPLES` (200 by default; CI runs the default).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from configurator.catalog_engine import CatalogEngine
from configurator.completion import FINISH_MODES, finish
from modules.expr import Value
from modules.kinds import MultiChoice, NumericModule, QuantityModule, SingleChoice, TextModule
from modules.loader import load_catalog
from modules.selection import dump_selection, violations
from pricing.bounds import PriceBounds
from store.carts import add_to_cart, create_cart, view_cart
from store.catalogs import sync_folder
from store.orders import PaymentDetails, place_order
from store.payments import TEST_CARD_OK
from store.tables import CartLineCreate, Order, OrderLine
from tests.store_helpers import GUEST, HOME

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = sorted((ROOT / "catalogs").glob("*.yaml"))
EXAMPLES = int(os.environ.get("EVERY_CATALOG_EXAMPLES", "200"))
_keys = itertools.count()


def random_design(engine: CatalogEngine, rng: random.Random, steps: int) -> dict[str, Value]:
    """A valid partial design reached by clicking only what the engine offers, as a buyer would."""
    selection: dict[str, Value] = {}
    for _ in range(steps):
        state = engine.state(selection)
        module = rng.choice([m for m in engine.catalog.modules if state.module(m.code).applicable])
        shown = state.module(module.code)
        raw: object
        if isinstance(module, MultiChoice):
            picks = selection.get(module.code)
            current = set(picks) if isinstance(picks, frozenset) else set()
            box = rng.choice(shown.options)
            if not box.available and box.code not in current:
                continue
            raw = sorted(current ^ {box.code})  # tick or untick one box
        elif isinstance(module, SingleChoice):
            offered = [o.code for o in shown.options if o.available] + ([None] if shown.can_be_empty else [])
            raw = rng.choice(offered)
        elif isinstance(module, NumericModule | QuantityModule):
            if not shown.values:
                continue
            raw = str(rng.choice(shown.values))
        elif isinstance(module, TextModule):
            low, high = shown.lengths or (0, module.max_length)
            alphabet = [c for c in "ABCDEFGHJK" if c in module.allowed_characters] or list(
                module.allowed_characters[:5]
            )
            raw = "".join(rng.choice(alphabet) for _ in range(rng.randint(low, high)))
        else:
            continue
        try:
            selection = engine.choose(selection, module.code, raw)
        except Exception as exc:  # only a refusal of an offered choice would be a bug
            raise AssertionError(f"{module.code}={raw!r} was offered but refused: {exc}") from exc
    return selection


@pytest.mark.slow
@pytest.mark.parametrize("path", CATALOGS, ids=[p.stem for p in CATALOGS])
def test_every_finished_design_is_ordered_at_its_quote(path: Path, engine, tmp_path) -> None:
    # given every shipped catalog published, and the compiled engine of this one
    sync_folder(engine=engine, folder=ROOT / "catalogs")
    compiled = CatalogEngine(load_catalog(path))
    code = compiled.catalog.code
    bounds = PriceBounds(compiled.model, compiled.engine, date=dt.date.today(), quantity=1)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(seed=st.integers(0, 2**32 - 1), steps=st.integers(0, 8), popular=st.integers(0, 40))
    def check(seed: int, steps: int, popular: int) -> None:
        rng = random.Random(seed)
        design = random_design(compiled, rng, steps)
        # "most popular" steered by some sales of random options
        chosen = {
            (m.code, o.code): rng.randint(0, popular)
            for m in compiled.catalog.modules
            if isinstance(m, SingleChoice | MultiChoice)
            for o in m.options
        }
        finished: list[dict[str, Value]] = []
        for mode in FINISH_MODES:
            # when the buyer presses "Finish for me"
            done = finish(compiled, design, mode, price_costs=bounds.costs, sold=popular, chosen=chosen)
            # then it is one complete, valid product that keeps every choice and text they made
            state = compiled.state(done)
            assert state.complete, (mode, design, done, state.open_modules)
            product = compiled.closed_selection(done)
            assert product is not None
            assert violations(compiled.catalog, product) == [], (mode, product)
            for module_code, value in design.items():
                module = compiled.catalog.module(module_code)
                if isinstance(module, MultiChoice):
                    assert isinstance(value, frozenset)
                    assert value <= product[module_code], (mode, module_code)
                elif (value is not None and value != "") or isinstance(module, TextModule):
                    assert product[module_code] == value, (mode, module_code, design, product)
            finished.append(product)

        # and the three designs go in one cart, are priced, and ordered by a guest at that price
        with Session(engine) as session:
            cart = create_cart(session=session, customer_id=None).token
            for product in finished:
                line = CartLineCreate(product_code=code, selection=dump_selection(product), quantity=1)
                add_to_cart(session=session, cart=cart, line=line, delivery=HOME)
            view = view_cart(session=session, cart=cart, delivery=HOME)
            assert not view.problems, view.problems
            total = view.quote.total
            assert total.amount > Decimal(0)
            order = place_order(
                session=session,
                cart=cart,
                buyer=GUEST,
                delivery=HOME,
                payment=PaymentDetails(card=TEST_CARD_OK, amount_minor=total.to_minor()),
                idempotency_key=f"every-catalog-{code}-{next(_keys):08d}",
            )
            row = session.exec(select(Order).where(Order.token == order.token)).one()
            lines = session.exec(select(OrderLine).where(OrderLine.order_id == row.id)).all()
        assert order.total_minor == row.total_minor == total.to_minor()
        assert len(lines) == len(finished)

    check()
