"""How a cart reads: item descriptions, tier prices, the totals block (cart and checkout) and the
list of what is being bought (checkout)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from modules.catalog import Catalog
from modules.selection import SelectionError, parse_selection
from pricing.formatting import country as country_name
from pricing.labels import discount_label, free_reason_text, refusal_text
from pricing.model import ItemSummary, Quote
from pricing.money import Money
from store.carts import CartView
from store.products import describe
from store.snapshots import modules_text
from store.tables import CartLinePublic
from ui.format import day, money, number
from ui.language import _, current
from ui.line_picture import line_picture, picture_alt, shown_width
from ui.resources import catalog_engine_in, product_row, shop
from ui.safe import md_escape


def catalog_for(product: str) -> Catalog | None:
    row = product_row(product)
    return catalog_engine_in(product, str(row["fingerprint"]), current()).catalog if row else None


def choices_text(catalog: Catalog, raw: dict[str, Any], artwork: dict[str, Any] | None = None) -> str:
    """'Colour: Black · Size: M · Print text: hello · Front picture' (plain text: show with st.text /
    st.caption escaped); the print zones holding the buyer's pictures come last."""
    try:
        selection = parse_selection(catalog, raw)
    except SelectionError:
        return _("(these choices no longer fit the product)")
    zones = [zone.name for code in sorted(artwork or {}) if (zone := catalog.print_zone(code)) is not None]
    return " · ".join([modules_text(describe(catalog, selection)), *zones])


@dataclass(frozen=True)
class LineLook:
    """How a cart line is named and drawn: its catalog (None when the product is gone), its name,
    its choices as one line of plain text and its preview (SVG text, None without a drawing)."""

    catalog: Catalog | None
    name: str
    choices: str
    picture: str | None


def line_look(line: CartLinePublic) -> LineLook:
    catalog = catalog_for(line.product_code)
    if catalog is None:
        return LineLook(None, line.product_code, "", None)
    return LineLook(
        catalog,
        catalog.name,
        choices_text(catalog, line.selection, line.artwork),
        line_picture(catalog, line.selection, line.artwork),
    )


def priced_items(view: CartView) -> dict[int, ItemSummary]:
    """The server quote's item of each line it prices, by line id."""
    if view.quote is None:
        return {}
    return dict(zip((line.id for line in view.priced_lines), view.quote.items, strict=True))


def tier_text(catalog: Catalog) -> str:
    tiers = catalog.pricing.tiers
    if not tiers:
        return ""
    steps = ", ".join(
        _("from {count} pcs −{percent}%").format(count=t.min_quantity, percent=number(t.discount_percent.normalize()))
        for t in tiers
    )
    return _("Quantity prices: {steps}").format(steps=steps)


def totals(quote: Quote, *, coupon: str | None = None) -> None:
    """Subtotal, discounts, shipping, VAT, total and the delivery window of a server quote."""
    rows = [(_("Items"), money(quote.subtotal))]
    rows += [(discount_label(d, current()), "−" + money(d.amount)) for d in quote.discounts]
    shipping = quote.shipping
    fee = _("free") if shipping.amount.amount == 0 else money(shipping.amount)
    label = _("Delivery: {mode}").format(mode=_(shipping.label))
    free = free_reason_text(shipping, current())
    rows.append((label + (f" ({free})" if free else ""), fee))
    tax = quote.tax
    if not tax.included:
        rows.append((_("VAT {rate}% ({country})").format(rate=tax.rate, country=tax.country), money(tax.amount)))
    for label, amount in rows:
        left, right = st.columns([3, 1], wrap=False)  # an amount stays beside its label on a phone
        left.text(label)
        right.text(amount)
    st.metric(_("Total"), money(quote.total))
    if tax.included:
        st.caption(
            _("Includes VAT {rate}% ({country}): {amount}.").format(
                rate=tax.rate, country=tax.country, amount=money(tax.amount)
            )
        )
    estimate = quote.delivery
    st.text(
        _("Delivery between {earliest} and {latest} (ships {ships}).").format(
            earliest=day(estimate.earliest), latest=day(estimate.latest), ships=day(estimate.ships_on)
        )
    )
    for refusal in quote.refusals:
        if coupon and refusal.promotion.upper() == coupon.upper():
            st.warning(_("Coupon not applied:") + " " + md_escape(refusal_text(refusal, current())))
        elif refusal.promotion == "loyalty":
            st.warning(_("Loyalty points:") + " " + md_escape(refusal_text(refusal, current())))
    if quote.points_earned:
        st.caption(_("You earn {points} points with this order.").format(points=number(quote.points_earned)))


SUMMARY_PICTURE = 56  # pixels across one view of a line's picture in checkout's list


def order_summary(view: CartView) -> None:
    """Checkout's list of what is being bought: each line the server's quote prices, with its
    quantity, name, choices, picture and line total. Nothing here changes the cart: a link leads
    back to the cart page for that."""
    items = priced_items(view)
    st.subheader(_("Your items"))
    with st.container(border=True, key="co-items"):
        for line in view.priced_lines:
            item = items[line.id]
            look = line_look(line)
            with st.container(key=f"co-item-{line.id}"):
                # picture, name and total stay on one row on a phone too; the choices go under them
                row = st.container(horizontal=True, vertical_alignment="center", key=f"co-row-{line.id}")
                if look.picture:
                    shown = shown_width(look.picture, SUMMARY_PICTURE)
                    row.image(look.picture, width=shown, alt=picture_alt(look.picture, look.name))
                row.text(f"{item.quantity} × {look.name}", width="stretch")
                amount = row.container(width="content", gap=None)
                amount.text(money(item.subtotal), width="content", text_alignment="right")
                if item.quantity > 1:
                    amount.caption(
                        _("{price} each").format(price=unit_price(item.subtotal, item.quantity)),
                        text_alignment="right",
                    )
                if look.choices:
                    st.caption(md_escape(look.choices))
        st.page_link("pages/buyer/cart.py", label=_("Change in cart"))


def points_choice(view: CartView, *, signed_in: bool) -> int | None:
    """The loyalty points field of the cart: at most what the buyer holds and what this cart can
    take. Returns the new number when the buyer changed it (the caller stores it), else None."""
    if not signed_in:
        st.caption(_("Members earn loyalty points on every order and spend them here: sign in on the Account page."))
        return None
    balance, usable = view.points_balance, view.points_usable
    if balance <= 0:
        st.caption(_("You have no loyalty points yet; this order earns some."))
        return None
    chosen = min(view.cart.redeem_points, usable)
    value = shop().in_currency(view.cart.currency).loyalty.point_value
    picked = st.number_input(
        _("Loyalty points to spend (you have {balance}; up to {usable} on this order)").format(
            balance=number(balance), usable=number(usable)
        ),
        min_value=0,
        max_value=usable,
        value=chosen,
        step=100,
        key=f"points:{chosen}:{usable}",  # a new widget whenever the server's figures move
        help=_("One point is worth {amount}.").format(amount=money(Money(value, view.cart.currency))),
    )
    return int(picked) if int(picked) != chosen else None


def unit_price(subtotal: Money, quantity: int) -> str:
    return money(Money(subtotal.amount / quantity, subtotal.currency))


def _keep(widget: str, target: str) -> None:
    st.session_state[target] = st.session_state[widget]


def delivery_choice() -> None:
    """Delivery mode and destination country for the cart's estimate. The values live under
    keys of their own: a widget's state is dropped when another page shows the same widget."""
    from ui.session_keys import COUNTRY_KEY, CURRENCY_KEY, MODE_KEY

    settings = shop()
    modes = [m.code for m in settings.delivery_modes]
    labels = {m.code: m for m in settings.delivery_modes}
    countries = sorted(settings.vat_rates)
    mode = st.session_state.setdefault(MODE_KEY, settings.default_delivery)
    country = st.session_state.setdefault(COUNTRY_KEY, settings.home_country)
    left, right, third = st.columns([2, 1, 1])
    left.selectbox(
        _("Delivery"),
        modes,
        index=modes.index(mode) if mode in modes else 0,
        key=f"w:{MODE_KEY}",
        on_change=_keep,
        args=(f"w:{MODE_KEY}", MODE_KEY),
        format_func=lambda c: _("{mode} ({low}–{high} days)").format(
            mode=_(labels[c].label), low=labels[c].transit_days_min, high=labels[c].transit_days_max
        ),
    )
    right.selectbox(
        _("Country"),
        countries,
        index=countries.index(country) if country in countries else 0,
        key=f"w:{COUNTRY_KEY}",
        on_change=_keep,
        args=(f"w:{COUNTRY_KEY}", COUNTRY_KEY),
        format_func=lambda code: country_name(code, current()),
    )
    currencies = list(settings.sale_currencies)
    chosen = st.session_state.get(CURRENCY_KEY)
    shown = chosen if chosen in currencies else settings.currency_for(str(st.session_state.get(COUNTRY_KEY)))
    st.session_state[f"w:{CURRENCY_KEY}"] = shown if shown in currencies else currencies[0]  # follows the country
    third.selectbox(
        _("Currency"),
        currencies,
        key=f"w:{CURRENCY_KEY}",
        on_change=_keep,
        args=(f"w:{CURRENCY_KEY}", CURRENCY_KEY),
    )
