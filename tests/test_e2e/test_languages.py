"""The buyer journey once in each buyer language, in Chromium: the language is picked in the
sidebar of the shop, then the buyer designs a product, lets "Finish for me" complete it, adds it
to the cart, checks out as a guest and opens the order page, all by clicking (a reload would
start a new session in the default language). On every page:

- no English text of the interface is shown when the language is not English: no line of the
  page is an English message of the catalogs, no longer English sentence of the catalogs is in
  it, nor any of the English texts the pages used to show untranslated (`UNTRANSLATED`);
- the translations expected on that page are shown, and a Russian or Chinese page is written in
  Cyrillic or Han characters;
- no name or sentence of the product's catalog shows in English (every shipped catalog has its
  translations);
- amounts read the language's way ("14,90 €" in Spanish, "€14.90" in English) and never the
  other way, and the product carries its translated name where its catalog has one.

The confirmation e-mail (the store's outbox) and the invoice PDF are checked to be in the order's
language too; the order page names the delivery method and its invoice download is the one the
shop prints. One product per language; which product goes with which language turns with the
day (`E2E_LANG_OFFSET` fixes it), so every product is covered over a few runs.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import sqlite3
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import i18n
from modules.loader import load_catalog
from modules.translations import buyer_texts, translated
from pricing import formatting
from tests.test_e2e.journey import CATALOGS, COMPLETE, GUEST, PLACED, checkout_as_guest, design, shipped_products, tr
from tests.test_e2e.live_server import ROOT, app_or_skip, chromium, click, open_page, settle
from tests.test_render.pdf_text import pdf_text

pytestmark = pytest.mark.browser

LANGS = list(i18n.LANGUAGES)
PRODUCTS = shipped_products()
OFFSET = int(os.environ.get("E2E_LANG_OFFSET", dt.date.today().toordinal()))
CASES = [(lang, *PRODUCTS[(n + OFFSET) % len(PRODUCTS)]) for n, lang in enumerate(LANGS)]

# English the pages showed to every buyer before they were translated: none may come back.
UNTRANSLATED = (
    "Quantity prices:",
    "Members earn loyalty points",
    "Members pay ",
    "Create an account (optional)",
    "Password (12 characters",
    "Order placed",
    "Payment received",
    "Quantity discount",
    "Member price",
    "Discount: ",
    "working days)",  # the delivery line of the price panel named the mode by its code
)
UNTRANSLATED_LINES = ("None", "Create account")
# What each page must say in the buyer's language (message ids of the catalogs).
EXPECTED = {
    "shop": ("Design your own", "Design yours"),
    "configure": (COMPLETE, "In your cart.", "Finish for me"),
    "cart": ("Your cart", "Checkout"),
    "checkout": ("Full name", "Street and number"),
    "confirmation": (PLACED, "What you bought", "Follow your order"),
    "order": (
        "Timeline",
        "What you bought",
        "Order placed",
        "Payment received (test mode: no money was taken)",
        "Download invoice (PDF)",
    ),
}
SCRIPTS = {"ru": r"[а-яА-ЯёЁ]", "zh_Hans": r"[\u4e00-\u9fff]"}
LOCAL_MONEY = {
    "en": r"€\d{1,3}(,\d{3})*\.\d\d",
    "zh_Hans": r"€\d{1,3}(,\d{3})*\.\d\d",
    "es": r"\d,\d\d[\s\xa0]€",
    "pt": r"\d,\d\d[\s\xa0]€",
    "ru": r"\d,\d\d[\s\xa0]€",
}
FOREIGN_MONEY = {  # within a line: an amount may begin the line after one that ends "… €"
    "es": r"€[ \xa0]?\d",
    "pt": r"€[ \xa0]?\d",
    "ru": r"€[ \xa0]?\d",
    "en": r"\d,\d\d[\s\xa0]€",
    "zh_Hans": r"\d,\d\d[\s\xa0]€",
}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("e2e-languages")
    with app_or_skip(workdir) as url:
        yield url, workdir / "e2e.sqlite3"


@cache
def english_messages(lang: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The catalogs' English messages a page in `lang` must not show: whole lines (short
    messages), and sentences that are long enough to look for anywhere in the text."""
    with (ROOT / "locales" / "messages.pot").open("rb") as handle:
        ids = [m.id for m in read_po(handle) if m.id and isinstance(m.id, str)]
    shown = [m for m in ids if "{" not in m and i18n.gettext(m, lang) != m and m not in i18n.gettext(m, lang)]
    return frozenset(shown), tuple(m for m in shown if len(m) >= 25 and " " in m)


def main_text(page) -> str:  # type: ignore[no-untyped-def]
    return str(page.locator('[data-testid="stMain"]').inner_text())


def chart_labels(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The bar labels of the price breakdown chart, a wrapped label's lines joined by spaces."""
    found = page.locator('.st-key-price-breakdown [data-testid="stPlotlyChart"] .ytick text').evaluate_all(
        "nodes => nodes.map(n => Array.from(n.querySelectorAll('tspan')).map(t => t.textContent).join(' ')"
        " || n.textContent)"
    )
    return [str(label) for label in found]


def pick_language(page, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=i18n.LANGUAGES[lang], exact=True).click()
    page.locator("h1").get_by_text(tr("Design your own", lang), exact=True).wait_for(timeout=30_000)
    page.get_by_role("button", name=tr("Design yours", lang), exact=True).first.wait_for(timeout=30_000)
    settle(page)


def problems_in(
    text: str,
    lang: str,
    step: str,
    names: tuple[str, str],
    catalog_words: set[str],
    english: frozenset[str] = frozenset(),
) -> list[str]:
    """What on a page in `lang` is not in `lang` (empty: the page is in the language); `english`
    holds the catalog's own texts that its translation into `lang` replaces."""
    found: list[str] = []
    lines = {line.strip() for line in text.splitlines() if line.strip()}
    for message in EXPECTED[step]:
        if tr(message, lang) not in text:
            found.append(f"missing {tr(message, lang)!r} ({message!r})")
    # coupon and offer names too: they are in the language, their amounts written its way
    if not re.search(LOCAL_MONEY[lang], text):
        found.append(f"no amount written the {lang} way")
    found += [
        f"amount not written the {lang} way: {m.group()!r}"
        for m in re.finditer(".{0,30}" + FOREIGN_MONEY[lang] + ".{0,10}", text)
    ]
    if lang == i18n.DEFAULT_LANGUAGE:
        return found
    whole, sentences = english_messages(lang)
    found += [f"English catalog text {line!r}" for line in sorted(lines & english)]
    found += [f"English catalog text {s!r}" for s in sorted(english) if len(s) >= 25 and " " in s and s in text]
    lines -= catalog_words  # the merchant's own words, where the catalog has no translation of them
    found += [f"English line {line!r}" for line in sorted(lines & (whole | set(UNTRANSLATED_LINES)))]
    found += [f"English text {s!r}" for s in (*sentences, *UNTRANSLATED) if s in text]
    script = SCRIPTS.get(lang)
    if script and len(re.findall(script, text)) < 20:
        found.append(f"hardly any text in the {lang} script")
    default_name, shown_name = names
    if shown_name != default_name and step in ("configure", "cart", "confirmation", "order"):
        if shown_name not in text:
            found.append(f"the product is not called {shown_name!r}")
        if default_name in text:
            found.append(f"the product is called {default_name!r} (its default-language name)")
    return found


def operations_account(database: Path) -> int:
    from store.db import make_engine
    from tests.store_helpers import staff_accounts

    engine = make_engine(f"sqlite:///{database}")
    try:
        return int(staff_accounts(engine, ("operations",))["operations"])
    except Exception:  # made by an earlier language's run: find it
        with sqlite3.connect(database) as db:
            return int(db.execute("select id from customer where email = 'operations@shop.example.org'").fetchone()[0])
    finally:
        engine.dispose()


def invoice_text(database: Path, token: str) -> str:
    """The invoice the shop prints for the order (ui.ops_documents), as text."""
    from sqlmodel import Session

    from store.catalogs import catalog_of, published_version
    from store.db import make_engine
    from store.order_detail import order_detail
    from ui.ops_documents import invoice

    actor = operations_account(database)
    engine = make_engine(f"sqlite:///{database}")
    try:
        with Session(engine) as session:
            detail = order_detail(session=session, actor_id=actor, order=token)

            def sold(line):  # type: ignore[no-untyped-def]
                row = published_version(session=session, product_code=line.product_code, version=line.catalog_version)
                return catalog_of(row) if row is not None else None

            return pdf_text(invoice(detail, sold))
    finally:
        engine.dispose()


@pytest.mark.parametrize(("lang", "catalog_file", "product"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_the_buyer_journey_is_in_the_chosen_language(app, lang: str, catalog_file: str, product: str):
    base_url, database = app
    catalog = load_catalog(CATALOGS / catalog_file)
    shown = translated(catalog, lang)
    names = (catalog.name, shown.name)
    words = {shown.name, shown.category, *(m.name for m in shown.modules), *(m.group or "" for m in shown.modules)}
    words |= {o.name for m in shown.modules for o in getattr(m, "options", ())}
    # every shipped catalog is translated: none of its English names and sentences may show
    english = frozenset({text for _, text in buyer_texts(catalog)} - {text for _, text in buyer_texts(shown)} - {""})
    seen: dict[str, list[str]] = {}

    def check(page, step: str) -> None:  # type: ignore[no-untyped-def]
        text = main_text(page)
        if step == "configure":  # the price breakdown chart's bars (SVG text: not in the page's inner text)
            text += "\n" + "\n".join(chart_labels(page))
        seen[step] = problems_in(text, lang, step, names, words, english)

    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        open_page(page, f"{base_url}/")
        pick_language(page, lang)
        check(page, "shop")
        click(page, f".st-key-configure-{product} button")
        design(page, base_url, product, random.Random(len(lang)), "default", lang=lang, opened=True)
        check(page, "configure")
        click(page, '[data-testid="stMain"] a[href*="cart"]')
        page.get_by_text(tr("Your cart", lang), exact=True).wait_for(timeout=30_000)
        check(page, "cart")
        token = checkout_as_guest(page, {**GUEST, "co-name": f"Ada {lang}"}, check, lang)
        # The order page names the delivery method as the cart did and hands out the invoice.
        delivery_shown = main_text(page).splitlines()
        with page.expect_download(timeout=60_000) as fetched:
            click(page, ".st-key-order-invoice button")
        download = fetched.value
        downloaded = (download.suggested_filename, Path(download.path()).read_bytes())

    wrong = [f"{step}: {problem}" for step, found in seen.items() for problem in found]
    assert not wrong, f"pages not in {lang} ({product}):\n" + "\n".join(wrong)
    assert list(seen) == ["shop", "configure", "cart", "checkout", "confirmation", "order"]

    with sqlite3.connect(database) as db:
        order_language, total, currency, number = db.execute(
            "select language, total_minor, currency, id from orders where token = ?", (token,)
        ).fetchone()
        subject, body = db.execute(
            "select n.subject, n.body from notification_outbox n join orders o on o.id = n.order_id "
            "where o.token = ? order by n.id",
            (token,),
        ).fetchone()
    assert order_language == lang
    assert subject == tr("Your order #{number} is confirmed", lang).format(number=number)
    assert body.rstrip().endswith(f"/order?order={token}"), "the e-mail does not end with the order's link"
    assert tr("Thank you, {name}.", lang).format(name=f"Ada {lang}") in body
    assert tr("Total: {total}", lang).format(total=formatting.minor(total, currency, lang)) in body

    assert tr("Delivery: {mode}", lang).format(mode=tr("Standard ground", lang)) in delivery_shown
    document = invoice_text(database, token)
    assert downloaded[0] == f"invoice-{number}.pdf"
    assert pdf_text(downloaded[1]) == document, "the buyer's invoice is not the one the shop prints"
    assert tr("Invoice {number}", lang).split("{")[0].strip() in document
    assert formatting.minor(total, currency, lang) in document
    assert names[1] in document
    if names[1] != names[0]:
        assert names[0] not in document, "the invoice names the product in the default language"
    english = [
        word for word in ("Invoice", "Customer", "Subtotal", "Shipping", "Amount", "Paid") if tr(word, lang) != word
    ]
    assert not [word for word in english if word in document], "the invoice speaks English"
