"""Every shipped product can be designed and ordered by a new buyer, in Chromium.

For each catalog in catalogs/ (found when the tests are collected, so a new catalog is covered
without touching this file) and a few seeds: open the product, click 2-4 random options the page
offers as available, tick one box where the product has boxes, press "Finish for me" in a finish
mode that changes with the seed, and check the design is complete, keeps the buyer's choices and
goes to the cart. One more test puts several products in one cart, checks out as a guest, opens
the order page and checks the order in the database against what the cart showed.

Seeds come from E2E_JOURNEY_SEED (first seed, default 1) and E2E_JOURNEY_RUNS (seeds per product,
default 2; the finish mode turns with the seed and the product, so every mode is tried on several
products, and 3 runs finish every product in every mode); a failure names its seed and leaves a
screenshot in the test's tmp dir.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.test_e2e.journey import MODES, design, shipped_products
from tests.test_e2e.live_server import app_or_skip, chromium, click, settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PRODUCTS = shipped_products()
FIRST_SEED = int(os.environ.get("E2E_JOURNEY_SEED", "1"))
SEEDS = [FIRST_SEED + run for run in range(int(os.environ.get("E2E_JOURNEY_RUNS", "2")))]
VIEWPORT = {"width": 1400, "height": 1400}
BUYER = {
    "co-email": "guest@example.com",
    "co-name": "Grace Guest",
    "co-line1": "Rua Augusta 1",
    "co-postal": "1100-048",
    "co-city": "Lisboa",
    "co-card": "4242 4242 4242 4242",
}


def finish_mode(seed: int, product: str) -> str:
    """Seeds in a row finish each product in every mode in turn, products starting at different modes."""
    codes = [code for _, code in PRODUCTS]
    return list(MODES)[(seed + codes.index(product)) % len(MODES)]


def rerun_hint(seed: int) -> str:
    return f"seed {seed}: rerun with E2E_JOURNEY_SEED={seed} E2E_JOURNEY_RUNS=1"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """One live app for the module: (base URL, its SQLite database file)."""
    workdir = tmp_path_factory.mktemp("every-product")
    with app_or_skip(workdir) as url:
        yield url, workdir / "e2e.sqlite3"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@contextlib.contextmanager
def screenshot_on_failure(page: Any, path: Path, hint: str) -> Iterator[None]:
    """A failure keeps what the buyer saw and says how to replay it."""
    try:
        yield
    except BaseException as exc:
        with contextlib.suppress(Exception):
            page.screenshot(path=str(path), full_page=True)
        exc.add_note(f"{hint}; screenshot: {path}")
        raise


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("catalog", "product"), PRODUCTS, ids=[code for _, code in PRODUCTS])
def test_a_new_buyer_designs_the_product_and_adds_it_to_the_cart(
    app: tuple[str, Path], browser: Any, tmp_path: Path, catalog: str, product: str, seed: int
) -> None:
    url, _ = app
    mode = finish_mode(seed, product)
    print(f"{catalog}: {rerun_hint(seed)}, finish mode {mode}")
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        with screenshot_on_failure(page, tmp_path / f"{product}-seed{seed}.png", rerun_hint(seed)):
            journey = design(page, url, product, random.Random(f"{seed}:{product}"), mode)
            print(journey.describe())
    finally:
        context.close()


def shown_minor(text: str) -> int:
    """'€1,234.50' -> 123450 (the amounts the pages show, in minor units)."""
    number = re.sub(r"[^0-9.\-]", "", text)
    return int(Decimal(number) * 100)


def metric(page: Any, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has=page.get_by_text(label, exact=True))
    return str(box.locator('[data-testid="stMetricValue"]').first.inner_text()).strip()


def fill(page: Any, key: str, value: str) -> None:
    box = page.locator(f".st-key-{key} input")
    box.fill(value)
    box.press("Tab")
    settle(page)


def stored_order(database: Path, token: str) -> tuple[int, int, list[str]]:
    """(number, total in minor units, product codes of its lines) of the order, read from the app's
    database."""
    from sqlmodel import Session, create_engine, select

    from store.tables import Order, OrderLine

    engine = create_engine(f"sqlite:///{database}")
    try:
        with Session(engine) as session:
            order = session.exec(select(Order).where(Order.token == token)).one()
            lines = session.exec(select(OrderLine).where(OrderLine.order_id == order.id)).all()
            return order.id or 0, order.total_minor, [line.product_code for line in lines]
    finally:
        engine.dispose()


def test_a_guest_orders_several_products_in_one_cart(app: tuple[str, Path], browser: Any, tmp_path: Path) -> None:
    url, database = app
    seed = FIRST_SEED
    rng = random.Random(f"{seed}:cart")
    chosen = rng.sample([code for _, code in PRODUCTS], k=min(3, len(PRODUCTS)))
    print(f"products {chosen}: {rerun_hint(seed)}")
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        with screenshot_on_failure(page, tmp_path / "cart-checkout.png", rerun_hint(seed)):
            names = {}
            for index, product in enumerate(chosen):
                design(page, url, product, random.Random(f"{seed}:cart:{product}"), list(MODES)[index % len(MODES)])
                names[product] = str(page.locator("h1").first.inner_text()).strip()

            click(page, '[data-testid="stSidebarNav"] a:has-text("Cart")')
            page.locator('[class*="st-key-line-"]').first.wait_for(timeout=30_000)
            assert page.locator('[class*="st-key-line-"]').count() == len(chosen)
            cart_total = metric(page, "Total")
            click(page, ".st-key-to-checkout button")
            for key, value in BUYER.items():
                fill(page, key, value)
            assert metric(page, "Total") == cart_total, "checkout shows another total than the cart"
            click(page, ".st-key-co-place button")
            page.get_by_text("your order is placed").wait_for(timeout=30_000)

            follow = page.locator('a:has-text("Follow your order")')
            token = re.search(r"order=([^&]+)", str(follow.get_attribute("href")))
            assert token, "the confirmation has no link to the order"
            click(page, 'a:has-text("Follow your order")')
            page.get_by_text("What you bought").wait_for(timeout=30_000)
            number, total_minor, lines = stored_order(database, token.group(1))
            assert page.get_by_text(f"Order #{number} · placed on").count() == 1, "the order page has no number"
            assert page.get_by_text(token.group(1)).count() == 0, "the order page prints the link's secret"
            for product, name in names.items():
                assert page.get_by_text(f"1 × {name}").count() == 1, f"the order page does not list {product}"
            rows = page.locator('[data-testid="stHorizontalBlock"]')
            total_row = rows.filter(has=page.get_by_text("Total", exact=True)).last
            assert cart_total in total_row.inner_text(), f"the order page does not show the total {cart_total}"

            assert total_minor == shown_minor(cart_total), "the order's total differs from what the cart showed"
            assert sorted(lines) == sorted(chosen)
    finally:
        context.close()
