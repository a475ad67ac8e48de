"""The merchandiser journey in a real browser: sign in, open the T-shirt draft, add an option and
a rule that makes it dead, see the model check flag it with the rule, fix the rule, re-check,
publish; a buyer then sees the new option on the configure page. Screenshots go to
test-artifacts/e2e/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from store.customers import register
from store.db import make_engine
from store.tables import CustomerCreate
from tests.test_e2e.live_server import ROOT, app_or_skip, chromium, click, open_page, settle

pytestmark = pytest.mark.browser
SHOTS = ROOT / "test-artifacts" / "e2e"
EMAIL, PASSWORD = "merch@example.org", "a-long-merch-password"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("e2e-merch")
    with app_or_skip(workdir) as url:
        engine = make_engine(f"sqlite:///{workdir / 'e2e.sqlite3'}")
        with Session(engine) as session:
            data = CustomerCreate(email=EMAIL, name="Mia Merch", password=PASSWORD)
            register(session=session, data=data, role="merchandiser")
        engine.dispose()
        yield url


@pytest.fixture
def browser():
    with chromium() as browser:
        yield browser


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"merch-{name}.png"), full_page=True)


def css_key(key: str) -> str:
    """The class Streamlit gives a widget's container for its key."""
    return ".st-key-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in key)


def fill(page, key: str, value: str, *, kind: str = "input") -> None:
    box = page.locator(f"{css_key(key)} {kind}")
    box.fill(value)
    box.press("Tab")
    settle(page)


def choose(page, key: str, *labels: str) -> None:
    """Pick `labels` in a selectbox or multiselect (a combobox): type each, click its option."""
    for label in labels:
        box = page.locator(f'{css_key(key)} input[role="combobox"]')
        box.click()
        box.fill(label)
        page.locator(f'[role="option"]:has-text("{label}")').first.click()
        settle(page)
    page.keyboard.press("Escape")


def tab(page, title: str) -> None:
    page.locator(f'[role="tab"]:has-text("{title}")').click()
    page.wait_for_timeout(300)


def findings(page) -> str:
    return " | ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())


def test_merchandiser_adds_fixes_and_publishes_an_option_a_buyer_then_sees(base_url: str, browser):
    page = browser.new_context(viewport={"width": 1400, "height": 1100}).new_page()
    open_page(page, f"{base_url}/staff-sign-in")
    fill(page, "staff:email", EMAIL)
    page.locator(f"{css_key('staff:password')} input").fill(PASSWORD)
    click(page, '[data-testid="stFormSubmitButton"] button')
    page.get_by_text("Signed in as").wait_for(timeout=30_000)

    click(page, '[data-testid="stSidebarNav"] a:has-text("Catalogs")')
    page.locator("h1:has-text('Catalogs')").wait_for(timeout=30_000)
    choose(page, "catalogs:product", "Custom T-shirt")
    click(page, f"{css_key('draft:open')} button")
    page.get_by_text("Draft version 1, last saved").wait_for(timeout=30_000)

    # A new colour, Ochre, +2.00 EUR.
    choose(page, "draft:module", "Colour")
    page.locator(f"{css_key('draft:new-option-code:tshirt:1')} input").fill("ochre")
    page.locator(f"{css_key('draft:new-option-name:tshirt:1')} input").fill("Ochre")
    page.locator(f"{css_key('draft:new-option-price:tshirt:1')} input").fill("2")
    click(page, f"{css_key('draft:add-option')} button")
    page.get_by_text("Draft version 2, last saved").wait_for(timeout=30_000)
    shot(page, "1-option-added")

    # A rule that keeps Ochre away from every fabric: the option is dead.
    tab(page, "Rules and pricing")
    choose(page, "draft:new-rule-a:tshirt:2-module", "Colour")
    choose(page, "draft:new-rule-a:tshirt:2-options:colour", "Ochre")
    choose(page, "draft:new-rule-b:tshirt:2-module", "Fabric")
    choose(page, "draft:new-rule-b:tshirt:2-options:fabric", "Organic", "Heavy", "Linen", "Brushed")
    fill(page, "draft:new-rule-code:tshirt:2", "ochre-fabrics")
    fill(page, "draft:new-rule-message:tshirt:2", "Ochre is not dyed on this fabric.")
    shot(page, "2-rule-form")
    click(page, f"{css_key('draft:add-rule')} button")
    page.get_by_text("Draft version 3, last saved").wait_for(timeout=30_000)

    tab(page, "Check and publish")
    click(page, f"{css_key('draft:check')} button")
    page.get_by_text("Valid products").wait_for(timeout=60_000)
    shot(page, "3-dead-option")
    text = findings(page)
    assert "Ochre can never be chosen" in text and "ochre-fabrics" in text

    # Fix: Ochre is only kept away from fleece.
    tab(page, "Rules and pricing")
    choose(page, "draft:edit-rule", "ochre-fabrics")
    fill(
        page,
        "draft:rule-text:ochre-fabrics:tshirt:3",
        "kind: excludes\ncode: ochre-fabrics\nmessage: Ochre is not dyed on fleece.\n"
        "conditions: [{colour: ochre}, {fabric: fleece}]\n",
        kind="textarea",
    )
    click(page, f"{css_key('draft:save-rule')} button")
    page.get_by_text("Draft version 4, last saved").wait_for(timeout=30_000)

    tab(page, "Check and publish")
    click(page, f"{css_key('draft:check')} button")
    page.get_by_text("Valid products").wait_for(timeout=60_000)
    assert "can never be chosen" not in findings(page)
    assert page.get_by_text("colour.ochre").count() >= 1  # the diff lists the added option
    shot(page, "4-fixed")
    click(page, f"{css_key('draft:publish')} button")
    page.get_by_text("Published version 2").wait_for(timeout=30_000)
    shot(page, "5-published")
    # The new version's rules engine compiles in the background (no worker here: the shop's own
    # thread): its progress bar gives way to the outcome without a reload, and nothing failed.
    expect(page.get_by_text("Rules engine: compiled in")).to_have_count(2, timeout=60_000)
    assert "could not be compiled" not in findings(page)

    buyer = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    open_page(buyer, f"{base_url}/configure?product=tshirt")
    buyer.locator(".st-key-opt-colour-ochre button").wait_for(timeout=30_000)
    click(buyer, ".st-key-opt-colour-ochre button")
    buyer.wait_for_selector('.st-key-opt-colour-ochre [data-testid="stBaseButton-primary"]', timeout=10_000)
    shot(buyer, "6-buyer-sees-ochre")
    settle(buyer)
