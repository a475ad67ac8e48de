"""Price lines and discounts as a buyer reads them, in the buyer's language.

A `Line` keeps its English label (what the API, stored quotes and the staff see); a page, an
e-mail or a PDF for a buyer names the line again from its kind and code: module, option and print
zone names and the labels of surcharges, setup fees and price formulas from the catalog's
translations (falling back to the catalog's own text), the words around them from the message
catalogs. A coupon or an offer reads as the merchant named it in the buyer's language (`labels`
in the shop settings); in a language the merchant left out it is worded from its terms, with the
amounts in the quote's currency the language's way; an English buyer reads the merchant's `label`
(worded too when the quote is in another currency than the shop's and the discount has amounts).

>>> from modules.loader import load_catalog
>>> from pricing.money import Money
>>> tee = load_catalog("catalogs/tshirt.yaml")
>>> cut = Line(0, LineKind.OPTION, "cut.tee", "Cut: Classic tee", Money("0", "EUR"), 1,
...     Money("0", "EUR"), Money("0", "EUR"), "cut")
>>> line_label(cut, tee, "en"), line_label(cut, tee, "es")
('Cut: Classic tee', 'Corte: Camiseta clásica')
>>> fee = Line(0, LineKind.SETUP_FEE, "screen-setup", "Screen preparation", Money("25", "EUR"), 1,
...     Money("25", "EUR"), Money("0", "EUR"))
>>> line_label(fee, tee, "en"), line_label(fee, tee, "es")
('Screen preparation', 'Preparación de pantalla')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from i18n import DEFAULT_LANGUAGE, gettext, language
from modules.catalog import Catalog
from modules.kinds import QuantityModule, TextModule
from modules.price_rules import Formula, SetupFee, Surcharge
from modules.translations import translated
from pricing.formatting import date, minor, money, number, percent, round_money
from pricing.lines import Line, LineKind, tier_percent
from pricing.model import Shipping, recorded_discounts, recorded_shipping
from pricing.money import Money
from pricing.promotions import Discount, DiscountKind, Refusal, RefusalCode


def N_(message: str) -> str:  # mark for extraction only
    return message


TIER = N_("Quantity discount {percent}% (from {count} items)")
MEMBER = N_("Member price −{percent}%")  # no "% o": gettext tools would read a %-format
TEXT_ONE = N_("{module}: 1 character")
TEXT_MANY = N_("{module}: {count} characters")
DISCOUNT = N_("Discount: {label}")
DISCOUNTS = N_("Discounts")
POINTS = N_("{points} loyalty points")
REFUSALS: dict[RefusalCode, str] = {
    RefusalCode.UNKNOWN_COUPON: N_("we do not know this coupon code"),
    RefusalCode.NOT_YET_VALID: N_("this coupon is valid from {date}"),
    RefusalCode.EXPIRED: N_("this coupon expired on {date}"),
    RefusalCode.MINIMUM_SPEND: N_("this coupon needs a minimum of {minimum} (add {missing} more)"),
    RefusalCode.NOT_APPLICABLE: N_("this coupon does not apply to your cart"),
    RefusalCode.USED_UP: N_("this coupon has been used up"),
    RefusalCode.CUSTOMER_LIMIT: N_("this coupon can be used {times} times per customer"),
    RefusalCode.MEMBERS_ONLY: N_("this coupon is for members: sign in to use it"),
    RefusalCode.SIGN_IN_REQUIRED: N_("sign in to use this coupon (it is limited per customer)"),
    RefusalCode.MEMBER_PRICE_BETTER: N_(
        "your member price already saves {member}, more than this coupon ({coupon}); they do not combine"
    ),
    RefusalCode.COUPON_BETTER: N_("coupon {coupon} saves more than your member price; they do not combine"),
    RefusalCode.LOYALTY_SIGN_IN: N_("sign in to spend loyalty points"),
    RefusalCode.LOYALTY_BALANCE: N_("you have {balance} points, not {wanted}"),
    RefusalCode.LOYALTY_CAPPED: N_("only {usable} of your {wanted} points can be spent on this order"),
}
ONCE = N_("this coupon can be used once per customer")
FREE_FROM = N_("free from {amount}")
# A coupon's or an offer's name worded from its terms, when the merchant gave none in a language.
OFFER_NAME = N_("{amount} off orders from {threshold}")
PERCENT_OFF = N_("{percent} off")  # the percent comes with its sign: "10%", "10 %"
AMOUNT_OFF = N_("{amount} off")
# A free-shipping coupon the merchant left unnamed in a language (the buyer typed its code).
FREE_COUPON = N_("free delivery with coupon {coupon}")
DELIVERY = N_("Delivery")
DELIVERY_BY = N_("Delivery: {mode}")
FREE = N_("free")


_PRICE_RULES = {LineKind.FORMULA: "formulas", LineKind.SURCHARGE: "surcharges", LineKind.SETUP_FEE: "setup_fees"}


def _percent(value: Decimal, lang: str | None) -> str:
    return number(value.normalize(), lang)


def line_label(line: Line, catalog: Catalog | None, lang: str | None) -> str:
    """The label of `line` in `lang`; `catalog` is the product's catalog as priced (None: the
    line's own label, for a line whose catalog is gone)."""
    if catalog is None:
        return line.label
    shown = translated(catalog, lang)
    module = shown.module(line.module) if line.module else None
    if line.kind is LineKind.BASE:
        return shown.base.name
    if line.kind is LineKind.OPTION and module is not None:
        option_code = line.code.split(".", 1)[1] if "." in line.code else line.code
        option = getattr(module, "option", lambda _code: None)(option_code)
        return f"{module.name}: {option.name if option is not None else option_code}"
    if line.kind is LineKind.TEXT and isinstance(module, TextModule) and line.value is not None:
        message = TEXT_ONE if line.value == 1 else TEXT_MANY
        return gettext(message, lang).format(module=module.name, count=number(line.value, lang))
    if line.kind is LineKind.QUANTITY and isinstance(module, QuantityModule) and line.value is not None:
        return f"{module.name} × {number(line.value, lang)}"
    if line.kind is LineKind.PRINT_ZONE and (zone := shown.print_zone(line.code.removeprefix("zone."))) is not None:
        return zone.name
    if line.kind in _PRICE_RULES:
        rules: tuple[Formula | Surcharge | SetupFee, ...] = getattr(shown.pricing, _PRICE_RULES[line.kind])
        return next((rule.label for rule in rules if rule.code == line.code), line.label)
    if line.kind is LineKind.TIER:
        percent = tier_percent(catalog, line.quantity)
        least = max((t.min_quantity for t in catalog.pricing.tiers if line.quantity >= t.min_quantity), default=0)
        return gettext(TIER, lang).format(percent=_percent(percent, lang), count=least)
    return line.label


def discount_label(discount: Discount, lang: str | None) -> str:
    """A discount's label in `lang`: the member price and loyalty points in words of the message
    catalogs; a coupon or an offer as the merchant named it in `lang`, else worded from its terms.

    An English buyer reads the merchant's `label`, unless the quote is in another currency than
    the shop's and the discount has amounts (an offer, a fixed coupon): the label would say them
    in the shop's currency, so it is worded from the converted terms too. A language without
    wording for the terms (no translation) reads the merchant's label.

    >>> from pricing.promotions import Discount, DiscountKind
    >>> offer = Discount(DiscountKind.OFFER, "spend-500", "€60 off orders from €500", Money("60", "EUR"),
    ...     terms=(("amount", Money("60", "EUR")), ("threshold", Money("500", "EUR"))))
    >>> discount_label(offer, "en"), discount_label(offer, "es")
    ('€60 off orders from €500', '60\xa0€ de descuento en pedidos desde 500\xa0€')
    """
    if discount.kind is DiscountKind.MEMBER_PRICE and discount.value is not None:
        return gettext(MEMBER, lang).format(percent=_percent(discount.value, lang))
    if discount.kind is DiscountKind.LOYALTY and discount.value is not None:
        return gettext(POINTS, lang).format(points=number(discount.value, lang))
    code = language(lang)
    if code == DEFAULT_LANGUAGE:
        amounts = any(isinstance(value, Money) for _name, value in discount.terms)
        return (_worded(discount, code) if discount.converted and amounts else None) or discount.label
    named = dict(discount.labels).get(code)
    return named if named is not None else _worded(discount, code) or discount.label


def _worded(discount: Discount, lang: str) -> str | None:
    """A coupon's or an offer's name from its terms in `lang` (None: no wording for them)."""
    terms = dict(discount.terms)
    amount, threshold, off = terms.get("amount"), terms.get("threshold"), terms.get("percent")
    if discount.kind is DiscountKind.OFFER and isinstance(amount, Money) and isinstance(threshold, Money):
        template, figures = OFFER_NAME, {"amount": round_money(amount, lang), "threshold": round_money(threshold, lang)}
    elif discount.kind is DiscountKind.COUPON and isinstance(off, Decimal):
        template, figures = PERCENT_OFF, {"percent": percent(off, lang)}
    elif discount.kind is DiscountKind.COUPON and isinstance(amount, Money):
        template, figures = AMOUNT_OFF, {"amount": round_money(amount, lang)}
    else:
        return None
    words = gettext(template, lang)
    if words == template and lang != DEFAULT_LANGUAGE:
        return None  # not translated: the merchant's label
    return words.format(**figures)


def order_discounts(recorded: Mapping[str, Any], discount_minor: int, lang: str | None) -> list[tuple[str, int]]:
    """An order's discounts as rows (name in `lang`, minor units) from the quote it recorded at
    sale (`recorded`: its `pricing`), named as the cart named them; one "Discounts" row for
    `discount_minor` when the record does not name them (an order placed before it did) or they
    do not add up to it (a replacement's discount is the item exchanged). No row without a discount.

    >>> from pricing.model import discount_json
    >>> points = Discount(DiscountKind.LOYALTY, "loyalty", "300 loyalty points", Money("3", "EUR"), Decimal(300))
    >>> order_discounts({"currency": "EUR", "discounts": [discount_json(points)]}, 300, "es")
    [('300 puntos de fidelidad', 300)]
    >>> order_discounts({"currency": "EUR", "discounts": [{"code": "loyalty", "amount": "3.00"}]}, 300, "es")
    [('Descuentos', 300)]
    """
    if not discount_minor:
        return []
    discounts = recorded_discounts(recorded)
    try:
        rows = [(discount_label(d, lang), d.amount.to_minor()) for d in discounts or ()]
    except ValueError:
        rows = []
    if not rows or sum(amount for _label, amount in rows) != discount_minor:
        return [(gettext(DISCOUNTS, lang), discount_minor)]
    return rows


def order_free_reason(recorded: Mapping[str, Any], lang: str | None) -> str | None:
    """The free-shipping coupon that made an order's delivery free, named in `lang` as the cart
    named it, from the quote the order recorded (None: no coupon did, or the record does not keep
    its names: an order placed before it did)."""
    shipping = recorded_shipping(recorded)
    return None if shipping is None else free_coupon_name(shipping, lang)


def order_delivery_label(recorded: Mapping[str, Any], shipping_minor: int, lang: str | None) -> str:
    """An order's delivery row named in `lang` as the cart named it, from the quote it recorded at
    sale (`recorded`: its `pricing`): "Delivery: <method>", with the free-shipping coupon that made
    it free (`shipping_minor` 0) in brackets; "Delivery" alone for an order placed before it
    recorded its delivery.

    >>> sold = {"currency": "EUR", "shipping": {"mode": "standard", "label": "Standard ground", "amount": "4.90",
    ...     "free_coupon": None}}
    >>> order_delivery_label(sold, 490, "en"), order_delivery_label(sold, 490, "es")
    ('Delivery: Standard ground', 'Envío: Terrestre estándar')
    >>> order_delivery_label({"currency": "EUR", "shipping": {"mode": "standard", "amount": "4.90"}}, 490, "es")
    'Envío'
    """
    shipping = recorded_shipping(recorded)
    if shipping is None:
        return gettext(DELIVERY, lang)
    label = gettext(DELIVERY_BY, lang).format(mode=gettext(shipping.label, lang))
    reason = free_coupon_name(shipping, lang) if shipping_minor == 0 else None
    return label + (f" ({reason})" if reason else "")


def order_delivery(
    recorded: Mapping[str, Any], shipping_minor: int, currency: str, lang: str | None
) -> tuple[str, str]:
    """An order's delivery row for a buyer, in `lang`: its label (`order_delivery_label`) and its
    amount, "free" when nothing was charged for it.

    >>> sold = {"currency": "EUR", "shipping": {"mode": "standard", "label": "Standard ground", "amount": "0",
    ...     "free_coupon": "SHIPFREE", "free_coupon_label": "Delivery on us"}}
    >>> order_delivery(sold, 0, "EUR", "en")
    ('Delivery: Standard ground (Delivery on us)', 'free')
    >>> order_delivery({}, 490, "EUR", "en")
    ('Delivery', '€4.90')
    """
    label = order_delivery_label(recorded, shipping_minor, lang)
    amount = gettext(FREE, lang) if shipping_minor == 0 else minor(shipping_minor, currency, lang)
    return label, amount


def _figure(value: Any, lang: str | None) -> str:
    if isinstance(value, Money):
        return money(value, lang)
    if isinstance(value, dt.date):
        return date(value, lang)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return number(value, lang)
    return str(value)


def refusal_text(refusal: Refusal, lang: str | None) -> str:
    """Why a coupon, the member price or loyalty points did not apply, in `lang`.

    >>> from pricing.promotions import Refusal, RefusalCode
    >>> no = Refusal("loyalty", RefusalCode.LOYALTY_BALANCE, "you have 1,200 points, not 5,000",
    ...     (("balance", 1200), ("wanted", 5000)))
    >>> refusal_text(no, "en"), refusal_text(no, "es")
    ('you have 1,200 points, not 5,000', 'tienes 1.200 puntos, no 5.000')
    """
    params = dict(refusal.params)
    if refusal.code is RefusalCode.CUSTOMER_LIMIT and params.get("times") == 1:
        return gettext(ONCE, lang)
    template = REFUSALS.get(refusal.code)
    if template is None:
        return refusal.message
    try:
        return gettext(template, lang).format(**{key: _figure(value, lang) for key, value in params.items()})
    except (KeyError, IndexError):  # a refusal made without its figures: the English sentence
        return refusal.message


def free_reason_text(shipping: Shipping, lang: str | None) -> str | None:
    """Why delivery is free, in `lang` (None when it is not).

    >>> from pricing.model import Shipping
    >>> free = Shipping("standard", "Standard ground", Money("0", "EUR"), "free from €80.00", Decimal("1"),
    ...     Money("80", "EUR"))
    >>> free_reason_text(free, "en"), free_reason_text(free, "pt")
    ('free from €80.00', 'grátis a partir de 80,00\xa0€')
    """
    if shipping.free_from is not None:
        return gettext(FREE_FROM, lang).format(amount=money(shipping.free_from, lang))
    if shipping.free_coupon is not None:
        return free_coupon_name(shipping, lang)
    return shipping.free_reason


def free_coupon_name(shipping: Shipping, lang: str | None) -> str | None:
    """The free-shipping coupon that made delivery free, named like a discount: as the merchant
    named it in `lang` (in English its `label`), else "free delivery with coupon <code>" in `lang`.

    >>> from pricing.model import Shipping
    >>> free = Shipping("standard", "Standard ground", Money("0", "EUR"), "coupon FREESHIP", Decimal("1"),
    ...     free_coupon="FREESHIP", free_coupon_label="Free shipping", free_coupon_labels=(("es", "Envío gratis"),))
    >>> free_coupon_name(free, "en"), free_coupon_name(free, "es"), free_coupon_name(free, "pt")
    ('Free shipping', 'Envío gratis', 'portes grátis com o cupão FREESHIP')
    """
    if shipping.free_coupon is None:
        return None
    code = language(lang)
    named = shipping.free_coupon_label if code == DEFAULT_LANGUAGE else dict(shipping.free_coupon_labels).get(code)
    return named or gettext(FREE_COUPON, code).format(coupon=shipping.free_coupon)
