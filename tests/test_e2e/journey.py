"""A buyer's whole journey, as a new buyer clicks it in Chromium: open a product, click a few
options the page offers as available, tick one box where the product has boxes, let "Finish for
me" complete the rest, add the design to the cart (`design`); then from the cart, check out as a
guest and open the order page (`checkout_as_guest`). Texts are looked for in the page's language
(`lang`, English unless told), through the same message catalogs the pages use.

Shared by tests/test_e2e/test_every_product.py, test_a11y.py, test_small_screen.py,
test_languages.py and bench/journey_bench.py. Options are found the
way a buyer sees them: the page draws an available option as a normal (secondary) button, the
chosen or included one as a primary button and an unavailable one as a struck-through tertiary
button; an unavailable box is a disabled checkbox with a "why?" button beside it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import i18n
from tests.test_e2e.live_server import ROOT, click, open_page, settle

CATALOGS = ROOT / "catalogs"
MODES = {"default": "Defaults", "cheapest": "Lowest price", "popular": "Most popular"}
COMPLETE = "Complete: a valid product."
PLACED = "Thank you: your order is placed."
GUEST = {
    "co-email": "ada@example.com",
    "co-name": "Ada Buyer",
    "co-line1": "Rua Augusta 1",
    "co-postal": "1100-048",
    "co-city": "Lisboa",
    "co-card": "4242 4242 4242 4242",
}
Check = Callable[[Any, str], None]  # called with the page and the step's name at every page of a walk


def tr(message: str, lang: str) -> str:
    """`message` as the pages show it in `lang`."""
    return i18n.gettext(message, lang)


# Every option button and checkbox of the page, with what the buyer can see of it:
# [key class, kind ("secondary" | "primary" | "tertiary" | "checkbox"), checked, disabled].
_WIDGETS_JS = """
() => Array.from(document.querySelectorAll('[class*="st-key-opt-"], [class*="st-key-chk-"]')).map(el => {
  const key = Array.from(el.classList).find(c => c.startsWith('st-key-'));
  const box = el.querySelector('input[type="checkbox"]');
  if (box) return [key, 'checkbox', box.checked, box.disabled];
  const button = el.querySelector('button');
  const kind = button ? (button.getAttribute('data-testid') || '').replace('stBaseButton-', '') : '';
  return [key, kind, false, button ? button.disabled : true];
})
"""


def shipped_products() -> list[tuple[str, str]]:
    """(catalog file name, product code) of every catalog in catalogs/, read when tests are collected:
    a catalog added there is covered without editing any test. A file that does not load keeps its
    file stem as code, so its test fails with the loader's located error instead of vanishing."""
    from modules.loader import load_catalog

    found = []
    for path in sorted(CATALOGS.glob("*.yaml")):
        try:
            code = load_catalog(path).code
        except Exception:  # reported by the test that opens it
            code = path.stem
        found.append((path.name, code))
    return found


@dataclass
class Journey:
    """What one journey did, and how long its parts took (seconds)."""

    product: str
    mode: str
    clicked: list[str] = field(default_factory=list)  # key classes of the options clicked, in order
    ticked: str | None = None  # key class of the box ticked (unticked state), if the product has boxes
    timings: dict[str, float] = field(default_factory=dict)

    def describe(self) -> str:
        return f"product={self.product} mode={self.mode} clicked={self.clicked} ticked={self.ticked}"


def wait_drawn(page, timeout: float = 60_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until the configure page's widgets are drawn: on a busy machine a fresh page shows grey
    placeholders until the browser has loaded the widgets' code, and they cannot be clicked yet."""
    page.wait_for_selector(".st-key-cart-add button", timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid^=\"stSkeleton\"]')", timeout=timeout, polling=100
    )


def widgets(page) -> list[tuple[str, str, bool, bool]]:  # type: ignore[no-untyped-def]
    return [tuple(w) for w in page.evaluate(_WIDGETS_JS)]  # type: ignore[misc]


def available_options(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Key classes of the option buttons a buyer may click to choose something new: not greyed
    out (tertiary) and not already chosen (primary). "None" of an optional module counts too."""
    return [key for key, kind, _, disabled in widgets(page) if kind == "secondary" and not disabled]


def tickable_boxes(page) -> list[str]:  # type: ignore[no-untyped-def]
    shown = widgets(page)
    return [key for key, kind, checked, disabled in shown if kind == "checkbox" and not checked and not disabled]


def has_boxes(page) -> bool:  # type: ignore[no-untyped-def]
    return any(kind == "checkbox" for _, kind, _, _ in widgets(page))


def status_text(page, lang: str = "en") -> str:  # type: ignore[no-untyped-def]
    """What the design panel says about completeness, for failure messages."""
    for text in (tr(COMPLETE, lang), "valid products match your choices so far", "valid product matches"):
        found = page.get_by_text(text)
        if found.count():
            return str(found.first.inner_text())
    warnings = page.locator('[data-testid="stAlert"]')
    return " | ".join(warnings.nth(i).inner_text() for i in range(warnings.count())) or "(no status shown)"


def _widget(key: str) -> str:
    """A box's key class names its ticked state: the same box, ticked or not."""
    return key.removesuffix("-True").removesuffix("-False") if key.startswith("st-key-chk-") else key


def shown_as_chosen(page) -> set[str]:  # type: ignore[no-untyped-def]
    """Key classes of every option drawn as chosen or included, and of every ticked box. (A module
    whose every option the other choices exclude is no longer drawn: its "None" stands.)"""
    return {key for key, kind, checked, _ in widgets(page) if kind == "primary" or checked}


def is_chosen(page, key: str, timeout: float = 10_000) -> bool:  # type: ignore[no-untyped-def]
    """The option's button is drawn as chosen (primary), or the box with this key's option is ticked
    (waiting a little: the page may still be drawing the click's result)."""
    if key.startswith("st-key-chk-"):
        selector = f".{key.rsplit('-', 1)[0]}-True input[type='checkbox']:checked"
    else:
        selector = f'.{key} [data-testid="stBaseButton-primary"]'
    try:
        page.wait_for_selector(selector, timeout=timeout)
    except Exception:  # playwright's TimeoutError: not chosen
        return False
    return True


def is_complete(page, timeout: float = 15_000, lang: str = "en") -> bool:  # type: ignore[no-untyped-def]
    try:
        page.get_by_text(tr(COMPLETE, lang)).wait_for(timeout=timeout)
    except Exception:  # playwright's TimeoutError
        return False
    return True


def design(  # type: ignore[no-untyped-def]
    page,
    base_url: str,
    product: str,
    rng: random.Random,
    mode: str,
    shots: Path | None = None,
    *,
    lang: str = "en",
    opened: bool = False,
) -> Journey:
    """Open `product` (unless the page is `opened` on it already), click 2-4 available options,
    tick one box, finish with `mode`, add to the cart. Raises AssertionError saying what the buyer
    saw when a step cannot be done, with the journey so far (options clicked, box ticked) in its
    notes. `lang`: the language the page is in (a reload would lose it: use `opened`)."""
    journey = Journey(product=product, mode=mode)
    try:
        _walk(page, base_url, journey, rng, shots, lang, opened)
    except BaseException as exc:
        exc.add_note(journey.describe())
        raise
    return journey


def _walk(  # type: ignore[no-untyped-def]
    page, base_url: str, journey: Journey, rng: random.Random, shots: Path | None, lang: str, opened: bool
) -> None:
    product, mode = journey.product, journey.mode
    start = time.perf_counter()
    if not opened:
        open_page(page, f"{base_url}/configure?product={product}")
    wait_drawn(page)
    journey.timings["open"] = time.perf_counter() - start

    mark = time.perf_counter()
    for _ in range(rng.randint(2, 4)):
        offered = available_options(page)
        if not offered:
            break
        key = rng.choice(offered)
        click(page, f".{key} button")
        journey.clicked.append(key)
        assert is_chosen(page, key), f"{key} was clicked as available but is not shown as chosen"
    boxes = tickable_boxes(page)
    if boxes:
        journey.ticked = rng.choice(boxes)
        click(page, f".{journey.ticked} label")
        assert is_chosen(page, journey.ticked), f"box {journey.ticked} does not stay ticked"
    journey.timings["clicks"] = time.perf_counter() - mark
    if shots is not None:
        page.screenshot(path=str(shots / f"{product}-1-chosen.png"), full_page=True)

    mark = time.perf_counter()
    before = shown_as_chosen(page)
    if page.get_by_text(tr(COMPLETE, lang)).count() == 0:  # the clicks alone may have decided everything
        shown_mode = tr(MODES[mode], lang)
        finish_with = f'.st-key-finish-{product} button:has-text("{shown_mode}")'
        try:
            page.wait_for_selector(finish_with, timeout=10_000)
        except Exception as exc:  # playwright's TimeoutError
            raise AssertionError(f"no '{shown_mode}' finish mode ({status_text(page, lang)})") from exc
        click(page, finish_with)
        click(page, f'button:visible:has-text("{tr("Finish for me", lang)}")')  # a phone also draws a hidden copy
    journey.timings["finish"] = time.perf_counter() - mark
    if shots is not None:
        page.screenshot(path=str(shots / f"{product}-2-finished.png"), full_page=True)
    assert is_complete(page, lang=lang), f"after Finish for me ({MODES[mode]}): {status_text(page, lang)}"
    drawn = {_widget(key) for key, _, _, _ in widgets(page)}
    dropped = sorted(key for key in before - shown_as_chosen(page) if _widget(key) in drawn)
    assert not dropped, f"Finish for me dropped choices shown as made before it: {dropped}"
    add = page.locator(".st-key-cart-add button")
    assert add.is_enabled(), "the design is complete but 'Add to cart' is disabled"

    mark = time.perf_counter()
    click(page, ".st-key-cart-add button")
    page.get_by_text(tr("In your cart.", lang)).wait_for(timeout=30_000)
    journey.timings["add"] = time.perf_counter() - mark
    journey.timings["total"] = time.perf_counter() - start
    settle(page)


def fill(page, key: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the text box with widget key class `key` and leave it (the page reruns)."""
    box = page.locator(f".st-key-{key} input")
    box.fill(value)
    box.press("Tab")
    settle(page)


def checkout_as_guest(  # type: ignore[no-untyped-def]
    page, guest: Mapping[str, str] = GUEST, check: Check | None = None, lang: str = "en"
) -> str:
    """From the cart page: go to checkout, fill in `guest` (widget key -> text), place the order,
    see the confirmation and follow the link to the order page. `check(page, step)` runs on the
    checkout form ("checkout"), the confirmation ("confirmation") and the order page ("order").
    Returns the order's private reference (its token)."""
    click(page, ".st-key-to-checkout button")
    for key, value in guest.items():
        fill(page, key, value)
    if check is not None:
        check(page, "checkout")
    click(page, ".st-key-co-place button")
    page.get_by_text(tr(PLACED, lang)).wait_for(timeout=30_000)
    follow = f'a:has-text("{tr("Follow your order", lang)}")'
    page.locator(follow).first.wait_for(timeout=30_000)  # the confirmation is drawn down to its link
    settle(page)
    if check is not None:
        check(page, "confirmation")
    click(page, follow)
    page.get_by_text(tr("Timeline", lang), exact=True).wait_for(timeout=30_000)
    if check is not None:
        check(page, "order")
    return str(page.url).split("order=", 1)[1].split("&", 1)[0]
