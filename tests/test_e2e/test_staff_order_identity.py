"""Staff in a real browser: two orders opened in turn, status changes (with a note), production
steps on each; every change must land on the order that was on screen, checked in the database.
(The order picker used to lose its order after a status change changed the option's label, and
the next click acted on another order.)"""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from store.customers import register
from store.db import make_engine
from store.tables import CustomerCreate, Order, OrderEvent, ProductionStep
from tests.test_e2e.live_server import app_or_skip, chromium, click, open_page, settle, wait_for_session_cookie
from tests.test_ui.buyer_app import seed_order

pytestmark = [pytest.mark.browser, pytest.mark.slow]
EMAIL, PASSWORD = "ops@example.org", "a-long-ops-password"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("e2e-ops")
    with app_or_skip(workdir) as url:
        engine = make_engine(f"sqlite:///{workdir / 'e2e.sqlite3'}")
        with Session(engine) as session:
            register(
                session=session, data=CustomerCreate(email=EMAIL, name="Otto Ops", password=PASSWORD), role="operations"
            )
        first = seed_order(engine, name="Ada First")
        second = seed_order(engine, name="Bob Second")
        yield url, engine, first, second
        engine.dispose()


def state(engine, token: str) -> tuple[str, list[str], list[str]]:
    """(status, names of the done steps, notes of the timeline) of one order, from the database."""
    with Session(engine) as session:
        order = session.exec(select(Order).where(Order.token == token)).one()
        done = session.exec(
            select(ProductionStep.name).where(ProductionStep.order_id == order.id, ProductionStep.status == "done")
        ).all()
        events = session.exec(select(OrderEvent.message).where(OrderEvent.order_id == order.id)).all()
        return order.status, sorted(done), list(events)


def first_open_step(page):  # type: ignore[no-untyped-def]
    """The first production step checkbox that can still be ticked, and its label."""
    box = page.locator('[class*="st-key-ops-step-"] label:has(input:not([disabled]):not(:checked))').first
    return box, box.inner_text().split(" · ", 1)[1]


def open_order(page, number: int) -> None:  # type: ignore[no-untyped-def]
    box = page.locator('.st-key-ops-order input[role="combobox"]')
    box.click()
    box.fill(f"#{number}")
    page.locator(f'[role="option"]:has-text("#{number} ·")').first.click()
    settle(page)
    page.locator(f'h3:has-text("Order #{number}")').wait_for(timeout=30_000)


def on_screen(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator('h3:has-text("Order #")').first.inner_text()


def act(page, label: str, note: str | None = None) -> None:  # type: ignore[no-untyped-def]
    if note is not None:
        box = page.locator('[class*="st-key-ops-note-"] input')
        box.fill(note)
        box.press("Tab")
        settle(page)
    click(page, f'[data-testid="stButton"] button:has-text("{label}")')


def test_every_action_lands_on_the_order_on_screen(live):
    url, engine, first, second = live
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
        open_page(page, f"{url}/staff-sign-in")
        page.locator(".st-key-staff-email input").fill(EMAIL)
        page.locator(".st-key-staff-password input").fill(PASSWORD)
        click(page, '[data-testid="stFormSubmitButton"] button')
        page.get_by_text("Signed in as").wait_for(timeout=30_000)
        wait_for_session_cookie(page)
        open_page(page, f"{url}/staff-orders")

        open_order(page, 1)
        act(page, "Start production", note="Fabric cut today")
        assert "Order #1" in on_screen(page)
        assert state(engine, first)[0] == "in_production"
        assert state(engine, second)[0] == "paid"

        box, name = first_open_step(page)
        box.click()
        settle(page)
        assert "Order #1" in on_screen(page)
        assert name in state(engine, first)[1]
        assert state(engine, second)[1] == []

        act(page, "Mark as shipped", note="Tracking 1Z999")
        assert "Order #1" in on_screen(page)
        act(page, "Mark as delivered")
        assert "Order #1" in on_screen(page)
        status, _, events = state(engine, first)
        assert status == "delivered"
        assert any("Tracking 1Z999" in e for e in events) and any("Fabric cut today" in e for e in events)

        open_order(page, 2)
        box, name = first_open_step(page)
        box.click()
        settle(page)
        assert "Order #2" in on_screen(page)
        assert state(engine, second)[:2] == ("in_production", [name])
        act(page, "Mark as shipped", note="Second parcel")
        assert "Order #2" in on_screen(page)
        assert state(engine, second)[0] == "shipped"
        assert state(engine, first)[0] == "delivered"
        assert any("Second parcel" in e for e in state(engine, second)[2])
