"""Routes: carts. A cart is reached by its private token; every price in an answer is the
server's quote of the cart (`store.carts.view_cart`), re-priced on each request: for the shop's
home country and default shipping after a change, for a country and shipping option on request
(`GET .../carts/{token}?country=&shipping=`), for a full address with `POST .../quote`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response, status

from api.deps import DbSession
from api.responses import Link, links, merged, money, problems
from api.routes.checkout import router as checkout_router
from api.schemas_carts import (
    ADDRESS_EXAMPLE,
    ITEM_EXAMPLE,
    CartItemIn,
    CartOut,
    CartWithLineOut,
    CouponIn,
    QuantityIn,
    QuoteIn,
    ShippingOptionOut,
    cart_out,
    window_of,
)
from api.schemas_checkout import CHECKOUT_EXAMPLE
from api.schemas_common import Language
from pricing.shop import shop_settings
from store.cart_lines import describe_lines
from store.carts import (
    add_to_cart,
    add_to_cart_once,
    create_cart,
    remove_from_cart,
    set_coupon,
    set_currency,
    set_quantity,
    view_cart,
)
from store.checkout_details import LABELS, DeliveryDetails, as_delivery
from store.errors import StoreError
from store.funnel import cart_visit, record_configure_started
from store.input_checks import validated
from store.quotes import Delivery, sale_currency
from store.tables import CartLineCreate

router = APIRouter(tags=["carts"])

CartToken = Annotated[str, Path(max_length=64, description="the cart's private token")]
LineId = Annotated[int, Path(ge=1, le=2**31 - 1, description="a line of the cart")]
Country = Annotated[
    str | None, Query(max_length=2, description="estimate for this country (ISO alpha-2); default: the shop's")
]
Shipping = Annotated[str | None, Query(max_length=64, description="shipping option code; default: the shop's")]
ItemKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=200,
        pattern=r"^[\x20-\x7e]+$",
        description=(
            "Optional, a unique value per item added (a UUID): a retry with the same key and the same item "
            "gives back the line it added (header Idempotent-Replayed: true), not a second line; the same key "
            "with another item is refused"
        ),
    ),
]

_TOKEN = {"token": "$response.body#/token"}
_LINE = {"token": "$response.body#/token", "line_id": "$response.body#/line_id"}
_QUOTE = Link(
    "quoteCart",
    _TOKEN,
    {"address": ADDRESS_EXAMPLE, "shipping": "standard"},
    "price the cart for an address (e.g. this one)",
    whole_body=True,
)
_CART_LINKS = {
    "getCart": Link("getCart", _TOKEN),
    "addCartItem": Link(
        "addCartItem", _TOKEN, ITEM_EXAMPLE, "add a configured product (e.g. this one)", whole_body=True
    ),
    "quoteCart": _QUOTE,
}
_CHECKOUT = Link(
    "checkoutCart",
    _TOKEN,
    {
        "contact": CHECKOUT_EXAMPLE["contact"],
        "address": ADDRESS_EXAMPLE,
        "shipping": "standard",
        "payment": CHECKOUT_EXAMPLE["payment"],
        "expected_total": {
            "amount": "$response.body#/totals/total/amount",
            "currency": "$response.body#/totals/total/currency",
        },
    },
    "check out at the total just priced (the cart's estimate is for the shop's country and default shipping)",
    whole_body=True,
)
_LINE_LINKS = {
    "updateCartItem": Link("updateCartItem", _LINE),
    "removeCartItem": Link("removeCartItem", _LINE),
    "quoteCart": _QUOTE,
    "checkoutCart": _CHECKOUT,
}


def estimate(country: str | None, shipping: str | None) -> Delivery:
    """Where prices are estimated for before the buyer gives an address."""
    return Delivery(
        name="-",
        line1="-",
        postal_code="-",
        city="-",
        country=(country or shop_settings().home_country).upper(),
        mode=shipping or None,
    )


def read_cart(session: DbSession, token: str, delivery: Delivery, language: str | None = None) -> CartOut:
    view = view_cart(session=session, cart=token, delivery=delivery)
    texts = describe_lines(session=session, lines=view.lines, language=language)
    return cart_out(view, texts, country=delivery.country)


@router.post(
    "/carts",
    operation_id="createCart",
    status_code=status.HTTP_201_CREATED,
    response_model=CartOut,
    responses=merged(problems(), links(201, **_CART_LINKS)),
    summary="Open a new cart",
)
def create(session: DbSession, response: Response) -> CartOut:
    cart = create_cart(session=session)
    response.headers["Location"] = f"/v1/carts/{cart.token}"
    return read_cart(session, cart.token, estimate(None, None))


@router.get(
    "/carts/{token}",
    operation_id="getCart",
    response_model=CartOut,
    responses=problems(404, 422),
    summary="The cart, re-priced now",
)
def get(
    session: DbSession, token: CartToken, country: Country = None, shipping: Shipping = None, language: Language = None
) -> CartOut:
    """Amounts are in the cart's currency (`currency`: the one chosen when it was last quoted)."""
    return read_cart(session, token, estimate(country, shipping), language)


@router.post(
    "/carts/{token}/items",
    operation_id="addCartItem",
    status_code=status.HTTP_201_CREATED,
    response_model=CartWithLineOut,
    responses=merged(problems(404, 409, 422), links(201, **_LINE_LINKS)),
    summary="Add a configured product (validated and priced by the store)",
    description=(
        "An impossible or incomplete selection is refused with a 422 problem (`invalid-line`) whose "
        "`violations` say which module (`where`) and why. `artwork` places uploaded pictures "
        "(`uploadArtwork`) in print zones; a zone that does not apply, an unknown picture or one that "
        "does not lie inside its zone is refused with a 422 problem (`bad-input`) naming the zone."
    ),
)
def add_item(
    session: DbSession, token: CartToken, item: CartItemIn, response: Response, idempotency_key: ItemKey = None
) -> CartWithLineOut:
    delivery = estimate(None, None)
    artwork = {zone: placement.model_dump() for zone, placement in item.artwork.items()}
    line = CartLineCreate(product_code=item.product, selection=item.selection, quantity=item.quantity, artwork=artwork)
    if idempotency_key is None:
        added = add_to_cart(session=session, cart=token, line=line, delivery=delivery)
    else:
        added, replayed = add_to_cart_once(
            session=session, cart=token, line=line, delivery=delivery, idempotency_key=idempotency_key
        )
        if replayed:
            response.headers["Idempotent-Replayed"] = "true"
    note_started(session, token, added.product_code)
    return CartWithLineOut(**read_cart(session, token, delivery).model_dump(), line_id=added.id)


def note_started(session: DbSession, cart: str, product_code: str) -> None:
    """Count the cart as having started to configure the product, once (the funnel's first step,
    which the configure page records per browser visit)."""
    try:
        record_configure_started(session=session, product_code=product_code, visit=cart_visit(cart))
    except StoreError:
        return  # analytics never stand in the buyer's way


@router.patch(
    "/carts/{token}/items/{line_id}",
    operation_id="updateCartItem",
    response_model=CartOut,
    responses=problems(404, 409, 422),
    summary="Change a line's quantity",
)
def update_item(session: DbSession, token: CartToken, line_id: LineId, change: QuantityIn) -> CartOut:
    set_quantity(session=session, cart=token, line_id=line_id, quantity=change.quantity)
    return read_cart(session, token, estimate(None, None))


@router.delete(
    "/carts/{token}/items/{line_id}",
    operation_id="removeCartItem",
    response_model=CartOut,
    responses=problems(404, 409, 422),
    summary="Remove a line",
)
def remove_item(session: DbSession, token: CartToken, line_id: LineId) -> CartOut:
    remove_from_cart(session=session, cart=token, line_id=line_id)
    return read_cart(session, token, estimate(None, None))


@router.put(
    "/carts/{token}/coupon",
    operation_id="setCartCoupon",
    response_model=CartOut,
    responses=problems(404, 409, 422),
    summary="Use a coupon code (the cart's `coupon` says whether it applies, and why not)",
)
def put_coupon(session: DbSession, token: CartToken, coupon: CouponIn) -> CartOut:
    set_coupon(session=session, cart=token, code=coupon.code)
    return read_cart(session, token, estimate(None, None))


@router.delete(
    "/carts/{token}/coupon",
    operation_id="removeCartCoupon",
    response_model=CartOut,
    responses=problems(404, 409, 422),
    summary="Stop using the coupon",
)
def delete_coupon(session: DbSession, token: CartToken) -> CartOut:
    set_coupon(session=session, cart=token, code=None)
    return read_cart(session, token, estimate(None, None))


@router.get(
    "/carts/{token}/shipping-options",
    operation_id="listShippingOptions",
    response_model=list[ShippingOptionOut],
    responses=problems(404, 422),
    summary="Every shipping option with its price and delivery window for this cart",
)
def shipping_options(session: DbSession, token: CartToken, country: Country = None) -> list[ShippingOptionOut]:
    out = []
    for mode in shop_settings().delivery_modes:
        quote = view_cart(session=session, cart=token, delivery=estimate(country, mode.code)).quote
        out.append(
            ShippingOptionOut(
                code=mode.code,
                label=mode.label,
                transit_days_min=mode.transit_days_min,
                transit_days_max=mode.transit_days_max,
                price=money(quote.shipping.amount) if quote else None,
                total=money(quote.total) if quote else None,
                delivery=window_of(quote) if quote else None,
            )
        )
    return out


@router.post(
    "/carts/{token}/quote",
    operation_id="quoteCart",
    response_model=CartOut,
    responses=merged(
        problems(404, 422),
        links(200, checkoutCart=_CHECKOUT),
    ),
    summary="The cart priced for a delivery address and shipping option (the total checkout expects)",
)
def quote(session: DbSession, token: CartToken, body: QuoteIn) -> CartOut:
    """The buyer's `currency` wins; without one the cart is priced in the currency the address's
    country pays in. The cart keeps it: checkout charges in it."""
    details = validated(DeliveryDetails, {**body.address.model_dump(), "mode": body.shipping}, labels=LABELS)
    delivery = as_delivery(details)
    chosen = sale_currency(body.currency, country=delivery.country)
    view = view_cart(session=session, cart=token, delivery=delivery)
    if view.cart.status == "open" and view.cart.currency != chosen:
        set_currency(session=session, cart=token, currency=chosen, delivery=delivery)
    return read_cart(session, token, delivery, body.language)


router.include_router(checkout_router)
