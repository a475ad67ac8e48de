"""The embeddable configurator in Chromium, on a shop page served from another origin than the API
(the shop's origin listed in API_CORS_ORIGINS), over a real SQLite database with the shipped
catalogs published: the shopper picks, sees why an option is unavailable and applies the change
that frees it, finishes the design, adds it to the cart; the cart holds that line at the server's
price, and the price the widget showed is the API's. Then every shipped product, finished and
added; answers arriving out of order; errors in plain words; an origin that is not listed.

Screenshots (a phone's 390 px and a desktop) are left in the test's tmp dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_e2e.journey import shipped_products
from tests.test_e2e.live_server import chromium, missing_browser
from tests.test_e2e.widget_server import HOST_PAGE, Rig, live_rig, serve_page
from tests.test_e2e.widget_steps import (
    WIDGET,
    act,
    add_to_cart,
    api_state,
    cart_key,
    choose,
    finish,
    open_widget,
    option,
    selection,
    shown_price,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rig]:
    reason = missing_browser()
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")
    with live_rig(tmp_path_factory.mktemp("widget")) as rig:
        yield rig


@pytest.fixture(scope="module")
def browser(rig: Rig) -> Iterator[Any]:
    with chromium() as browser:
        yield browser


def first_repairable(state: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(module, option) of the first unavailable option the API offers a repair for."""
    for module in state["modules"]:
        for opt in module["options"]:
            if not opt["available"] and (opt.get("unavailable") or {}).get("repair"):
                return module["code"], opt
    raise AssertionError("no unavailable option with a repair")


def check_cart_line(rig: Rig, page: Any, product: str, detail: dict[str, Any], quantity: int = 1) -> None:
    """The cart the widget made holds the widget's design at the server's price."""
    chosen = selection(page)
    state = api_state(rig, product, chosen, quantity)
    assert state["complete"]
    cart = rig.get(f"/v1/carts/{detail['token']}")
    line = next(line for line in cart["lines"] if line["id"] == detail["line"]["id"])
    assert line["product"] == product and line["quantity"] == quantity and line["valid"]
    assert api_state(rig, product, line["selection"])["selection"] == state["selection"]
    assert line["line_total"]["amount"] == state["quote"]["items"][0]["subtotal"]["amount"]
    amount, text = shown_price(page)
    assert amount == state["quote"]["total"]["amount"]
    assert text == state["quote"]["total"]["display"]
    assert page.evaluate(f"localStorage.getItem('{cart_key(rig)}')") == detail["token"]


def test_a_shopper_designs_repairs_finishes_and_adds_to_cart_on_a_phone(rig: Rig, browser: Any, tmp_path: Path) -> None:
    page = open_widget(browser, rig, "tshirt", width=390)
    opening = api_state(rig, "tshirt", {})["price"]
    assert shown_price(page)[1] == f"{opening['cheapest']['display']} – {opening['dearest']['display']}"  # a range

    # Given a choice that rules out other options...
    choose(page, "fabric", "linen")
    state = api_state(rig, "tshirt", selection(page))
    module, blocked = first_repairable(state)
    row = page.locator(option(module, blocked["code"]))
    # ...the widget greys them, with the API's reason and its repair.
    assert "unavailable" in (row.get_attribute("class") or "")
    assert row.locator("input").is_disabled()
    assert row.locator(".why p").inner_text() == blocked["unavailable"]["message"]
    repair = row.locator("button.repair")
    assert repair.inner_text() == blocked["unavailable"]["repair"]["label"]

    # When the shopper applies the repair with the keyboard, the option is chosen and focused.
    repair.focus()
    act(page, lambda: page.keyboard.press("Enter"))
    expected = api_state(rig, "tshirt", blocked["unavailable"]["repair"]["selection"])["selection"]
    assert selection(page) == expected
    assert row.locator("input").is_checked()
    assert page.evaluate(f"document.querySelector('{WIDGET}').shadowRoot.activeElement?.value") == blocked["code"]

    # "Finish for me" completes the rest; the total replaces the range.
    finish(page, "cheapest")
    assert page.locator(f"{WIDGET} button.primary").is_enabled()
    assert page.locator(f"{WIDGET} .todo").inner_text() == "Your design is complete."
    page.screenshot(path=str(tmp_path / "widget-390-complete.png"), full_page=True)

    detail = add_to_cart(page)
    check_cart_line(rig, page, "tshirt", detail)
    assert detail["count"] == 1
    assert page.locator(f"{WIDGET} [data-testid=cart]").inner_text() == "Your cart: 1 item"

    # A second item goes to the same cart, kept in the page's localStorage.
    page.reload()
    page.wait_for_selector(f'{WIDGET} [data-testid=cart]:has-text("1 item")')
    assert selection(page) == expected | selection(page)  # the design survived the reload
    quantity = page.locator(f"{WIDGET} .buy input")
    act(page, lambda: (quantity.fill("2"), quantity.press("Tab")))  # re-priced for two
    second = add_to_cart(page)
    assert second["token"] == detail["token"] and second["count"] == 3
    check_cart_line(rig, page, "tshirt", second, quantity=2)
    assert page.locator(f"{WIDGET} [data-testid=cart]").inner_text() == "Your cart: 3 items"
    page.screenshot(path=str(tmp_path / "widget-390-added.png"), full_page=True)


@pytest.mark.parametrize(("catalog", "product"), shipped_products())
def test_every_product_finishes_and_goes_to_the_cart(rig: Rig, browser: Any, catalog: str, product: str) -> None:
    page = open_widget(browser, rig, product)
    assert not page.locator(f"{WIDGET} button.primary").is_enabled()
    finish(page, "default")
    assert page.locator(f"{WIDGET} button.primary").is_enabled(), f"{catalog}: not complete after finishing"
    detail = add_to_cart(page)
    check_cart_line(rig, page, product, detail)
    page.context.close()


def test_an_older_answer_arriving_after_a_newer_one_is_ignored(rig: Rig, browser: Any) -> None:
    page = open_widget(browser, rig, "tshirt")
    held: list[Any] = []

    def hold_the_first_fleece(route: Any) -> None:
        body = route.request.post_data_json or {}
        if not held and body.get("selection", {}).get("fabric") == "fleece":
            held.append(route)  # answered later, after the newer request
        else:
            route.continue_()

    page.route("**/v1/products/tshirt/state", hold_the_first_fleece)
    page.locator(f"{option('fabric', 'fleece')} label").click()
    for _ in range(100):  # until the route handler has the request
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the first request was not held"
    choose(page, "fabric", "linen")
    assert selection(page)["fabric"] == "linen"
    with page.expect_response("**/v1/products/tshirt/state") as late:
        held[0].continue_()
    assert late.value.ok
    page.wait_for_timeout(300)  # let the page read the late answer (it must drop it)
    assert selection(page)["fabric"] == "linen"
    assert page.locator(f"{option('fabric', 'linen')} input").is_checked()


def test_a_refused_value_is_said_in_plain_words_under_its_field(rig: Rig, browser: Any) -> None:
    page = open_widget(browser, rig, "tshirt")
    choose(page, "print_method", "water")
    field = page.locator(f'{WIDGET} [data-module="print_text"] input')
    field.fill("\u2603 snowman")
    page.wait_for_selector(f"{WIDGET} .error:not([hidden])")
    error = page.locator(f"{WIDGET} .error").inner_text()
    under = page.locator(f'{WIDGET} [data-module="print_text"] .field-error').inner_text()
    assert under and under in error and "Print" in error
    assert "body." not in error and "{" not in error  # words, not the raw problem


def test_an_unknown_product_says_so(rig: Rig, browser: Any) -> None:
    page = browser.new_page()
    page.goto(f"{rig.shop}/?product=no-such-product")
    page.wait_for_selector(f"{WIDGET} .error:not([hidden])")
    assert page.locator(f"{WIDGET} .error").inner_text() == "This product is not available at the moment."
    page.close()


def test_a_shop_origin_that_is_not_listed_is_told_it_cannot_reach_the_api(rig: Rig, browser: Any) -> None:
    with serve_page(rig.workdir / "unlisted", HOST_PAGE.replace("__API__", rig.api)) as unlisted:
        page = browser.new_page()
        page.goto(f"{unlisted}/?product=tshirt")
        page.wait_for_selector(f"{WIDGET} .error:not([hidden])")
        assert "could not reach" in page.locator(f"{WIDGET} .error").inner_text()
        page.close()


def test_the_widget_is_usable_with_the_keyboard_alone_with_focus_always_visible(rig: Rig, browser: Any) -> None:
    page = open_widget(browser, rig, "tshirt")
    first = api_state(rig, "tshirt", {})["modules"][0]
    page.keyboard.press("Tab")  # the shop's page has nothing focusable before the widget
    focused = f"document.querySelector('{WIDGET}').shadowRoot.activeElement"
    assert page.evaluate(f"{focused}.name") == f"pc-m-{first['code']}"
    outline = f"getComputedStyle({focused}.closest('label')).outlineStyle"
    assert page.evaluate(outline) == "solid"  # the focused option's card shows a ring

    act(page, lambda: page.keyboard.press("ArrowDown"))  # the next option of the group, chosen
    assert selection(page)[first["code"]] == first["options"][1]["code"]

    page.locator(f'{WIDGET} .finish button[data-mode="default"]').focus()
    act(page, lambda: page.keyboard.press("Enter"))
    for _ in range(5):  # the other finish modes, the quantity, then "Add to cart"
        page.keyboard.press("Tab")
        if page.evaluate(f"{focused}.textContent") == "Add to cart":
            break
    assert page.evaluate(f"{focused}.textContent") == "Add to cart"
    assert page.evaluate(f"getComputedStyle({focused}).outlineStyle") == "solid"
    before = page.evaluate("window.cartEvents.length")
    page.keyboard.press("Enter")
    page.wait_for_function("n => window.cartEvents.length > n", arg=before)
    check_cart_line(rig, page, "tshirt", page.evaluate("window.cartEvents[window.cartEvents.length - 1]"))


def test_the_example_page_works_under_its_strict_content_security_policy(rig: Rig, browser: Any) -> None:
    page = browser.new_page()
    refused: list[str] = []
    page.on("console", lambda note: refused.append(note.text) if "Content Security Policy" in note.text else None)
    page.goto(f"{rig.api}/v1/embed/example")
    products = rig.get("/v1/products")["items"]
    page.wait_for_selector("#products a")
    assert page.locator("#products a").all_inner_texts() == [p["name"] for p in products]

    page.locator(f"#products a:text-is('{products[0]['name']}')").click()
    page.wait_for_selector(f'{WIDGET} aside.summary[aria-busy="false"]')
    page.locator(f'{WIDGET} .finish button[data-mode="default"]').click()
    page.wait_for_selector(f"{WIDGET} button.primary:enabled")
    page.locator(f"{WIDGET} button.primary").click()
    page.wait_for_selector("#log li")
    assert page.locator("#cart").inner_text() == "Cart: 1 item"
    swatches = page.locator(f"{WIDGET} .swatch")
    for n in range(swatches.count()):  # colours set through the CSSOM, which the policy allows
        assert swatches.nth(n).evaluate("s => getComputedStyle(s).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert page.evaluate(f"document.querySelector('{WIDGET}').shadowRoot.adoptedStyleSheets.length") == 1
    assert refused == []
    page.close()


def test_a_double_click_on_add_to_cart_adds_once(rig: Rig, browser: Any) -> None:
    page = open_widget(browser, rig, "sneaker")
    finish(page, "popular")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url.split("/v1/")[1]) if r.method == "POST" else None)
    page.locator(f"{WIDGET} button.primary").dblclick()
    page.wait_for_function("window.cartEvents.length === 1")
    detail = page.evaluate("window.cartEvents[0]")
    # A second add would have sent its first request (a cart, or the item) by now.
    assert sent == ["carts", f"carts/{detail['token']}/items"]
    assert len(rig.get(f"/v1/carts/{detail['token']}")["lines"]) == 1
