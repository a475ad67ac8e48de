"""Staff pages fit: the whole menu is listed for an admin, and the analytics page of a shop that
has sold cars shows its revenue and average order (seven figures with cents) without breaking a
number over two lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import Session

from modules.loader import load_catalog
from store.carts import add_to_cart, create_cart
from store.customers import register
from store.db import make_engine
from store.finishing import finished_selection
from store.tables import CartLineCreate, CustomerCreate
from tests.store_helpers import HOME, checkout
from tests.test_e2e.live_server import ROOT, app_or_skip, chromium, open_page, settle, wait_for_session_cookie

pytestmark = pytest.mark.browser
EMAIL, PASSWORD = "figures@example.org", "a-long-admin-password"

# every metric value whose box is taller than one line of its text (line-height is 'normal': ~1.2 em)
WRAPPED = """() => [...document.querySelectorAll('[data-testid="stMetricValue"]')]
  .filter(e => e.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(e).fontSize))
  .map(e => e.innerText)"""


def _json(value):  # type: ignore[no-untyped-def]
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("e2e-figures")
    with app_or_skip(workdir) as url:
        engine = make_engine(f"sqlite:///{workdir / 'e2e.sqlite3'}")
        catalog = load_catalog(ROOT / "catalogs" / "car.yaml")
        design = finished_selection(
            catalog=catalog,
            fingerprint=catalog.fingerprint(),
            selection={},
            mode="default",
            day=dt.date.today(),
            quantity=1,
        )
        with Session(engine) as session:
            register(
                session=session, data=CustomerCreate(email=EMAIL, name="Ada Admin", password=PASSWORD), role="admin"
            )
            cart = create_cart(session=session, customer_id=None)
            selection = {module: _json(value) for module, value in design.items()}
            line = CartLineCreate(product_code="car", selection=selection, quantity=3)
            add_to_cart(session=session, cart=cart.token, line=line, delivery=HOME, customer_id=None)
            checkout(session, cart.token)
        engine.dispose()
        yield url


def sign_in(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    open_page(page, f"{base_url}/staff-sign-in")
    page.locator(".st-key-staff-email input").fill(EMAIL)
    page.locator(".st-key-staff-password input").fill(PASSWORD)
    page.locator(".st-key-staff-password input").press("Enter")
    settle(page)
    page.get_by_text("Signed in as").wait_for(timeout=30_000)
    wait_for_session_cookie(page)


def test_analytics_figures_are_not_broken_over_two_lines(base_url: str):
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        sign_in(page, base_url)
        open_page(page, f"{base_url}/analytics")
        page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=30_000)
        values = page.locator('[data-testid="stMetricValue"]')
        assert values.count() >= 7
        assert "€" in values.nth(1).inner_text()  # the car order is counted
        assert page.evaluate(WRAPPED) == []


def test_an_admin_sees_every_page_in_the_menu_without_asking_for_more(base_url: str):
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        sign_in(page, base_url)
        open_page(page, f"{base_url}/analytics")  # a page loaded afresh, signed in
        page.locator('[data-testid="stSidebarNavLink"]:has-text("Staff accounts")').wait_for(timeout=30_000)
        assert page.get_by_text("View", exact=False).filter(has_text="more").count() == 0
        links = page.locator('[data-testid="stSidebarNavLink"]')
        assert links.count() >= 13  # buyer pages, merchandising, operations and administration
