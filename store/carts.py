"""Carts: several configured items, kept in the database (session state is lost on reload).

A cart is reached by its private token; an account's cart also carries its customer id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from i18n.words import N_
from pricing.model import Quote
from pricing.shop import shop_settings
from store.buyer_artwork import checked_placements
from store.catalogs import catalog_of, current_version
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.idempotency import bind_key
from store.input_checks import coupon_code, plausible_token, validated
from store.quotes import (
    Delivery,
    PricedLine,
    loyalty_balance,
    price_lines,
    sale_currency,
    sort_lines,
    usable_coupon,
)
from store.tables import Cart, CartLine, CartLineCreate, CartLinePublic, CartPublic, new_token, now


@dataclass(frozen=True, slots=True)
class CartView:
    """A cart as its page shows it: every line, and the quote of the lines that can be sold.

    A line that no longer makes a valid product (a new catalog version, a product withdrawn) is
    listed in `problems` with the reasons and left out of the quote; checkout refuses while any
    line has a problem."""

    cart: CartPublic
    lines: list[CartLinePublic]
    quote: Quote | None  # None when no line can be sold (or the cart is empty or ordered)
    problems: dict[int, list[str]] = field(default_factory=dict)  # line id -> reasons
    points_balance: int = 0  # the signed-in buyer's loyalty points
    points_usable: int = 0  # the most points this cart can take now (balance and pricing's cap)

    @property
    def priced_lines(self) -> list[CartLinePublic]:
        """The lines the quote covers, in the order of `quote.items`."""
        return [line for line in self.lines if line.id not in self.problems]

    @property
    def can_check_out(self) -> bool:
        return self.quote is not None and not self.problems


def open_cart(*, session: Session, cart: str, customer_id: int | None = None, lock: bool = False) -> Cart:
    """The cart with this token, if it belongs to this buyer; NOT_FOUND otherwise."""
    if not plausible_token(cart):
        raise StoreError(ErrorCode.NOT_FOUND, "no such cart")
    query = select(Cart).where(Cart.token == cart).execution_options(populate_existing=True)
    row = session.exec(query.with_for_update() if lock else query).first()
    if row is None or (row.customer_id is not None and row.customer_id != customer_id):
        raise StoreError(ErrorCode.NOT_FOUND, "no such cart")
    return row


def _writable(session: Session, cart: str, customer_id: int | None) -> Cart:
    row = open_cart(session=session, cart=cart, customer_id=customer_id, lock=True)
    if row.status != "open":
        raise StoreError(ErrorCode.CART_CLOSED, N_("this cart has been ordered"))
    row.updated_at = now()
    row.checkout_key = None  # other content, another payment: the next checkout gets a new key
    return row


def checkout_key(*, session: Session, cart: str, customer_id: int | None = None) -> str:
    """The idempotency key of this cart's next payment attempt, kept in the database so a reload or
    a retry pays at most once. It changes when the cart's content changes and when an attempt
    ends without an order (declined, refunded, abandoned: `store.intents`)."""
    with atomic(session):
        row = open_cart(session=session, cart=cart, customer_id=customer_id, lock=True)
        if row.checkout_key is None:
            row.checkout_key = new_token()
            session.add(row)
        return row.checkout_key


def create_cart(*, session: Session, customer_id: int | None = None, currency: str | None = None) -> CartPublic:
    """An empty cart priced in `currency` (None: the shop currency, until the buyer or the delivery
    country chooses another with `set_currency`)."""
    with atomic(session):
        cart = Cart(customer_id=customer_id, currency=currency or shop_settings().currency)
        session.add(cart)
        session.flush()
        return CartPublic.model_validate(cart)


def add_to_cart(
    *, session: Session, cart: str, line: CartLineCreate, delivery: Delivery, customer_id: int | None = None
) -> CartLinePublic:
    """Add a configured item; it must be sellable now (INVALID_LINE says why not).

    `quoted_unit_minor` records the unit price shown at this moment (for "price changed" notes).
    """
    line = validated(CartLineCreate, line.model_dump() if isinstance(line, CartLineCreate) else line)
    with atomic(session):
        return _add_line(session, _writable(session, cart, customer_id), line, delivery, customer_id)


def add_to_cart_once(
    *,
    session: Session,
    cart: str,
    line: CartLineCreate,
    delivery: Delivery,
    idempotency_key: str,
    customer_id: int | None = None,
) -> tuple[CartLinePublic, bool]:
    """`add_to_cart` under an idempotency key: the same key with the same item gives back the line
    it added (and True: a replay), not a second one; the same key with another item is refused
    (BAD_INPUT on `idempotency_key`). The key is bound in the line's own transaction, under the
    cart's lock: a refused item leaves the key free, and concurrent retries add one line."""
    line = validated(CartLineCreate, line.model_dump() if isinstance(line, CartLineCreate) else line)
    request = {"cart": cart, **line.model_dump(mode="json")}
    with atomic(session):
        row = _writable(session, cart, customer_id)
        since = bind_key(session=session, key=idempotency_key, scope=f"cart-items:{cart}", request=request)
        if since is None:
            return _add_line(session, row, line, delivery, customer_id), False
        earlier = session.exec(
            select(CartLine)
            .where(
                CartLine.cart_id == row.id,
                CartLine.product_code == line.product_code,
                CartLine.quantity == line.quantity,
                col(CartLine.added_at) >= since,
            )
            .order_by(col(CartLine.id))
        ).all()
        found = next((r for r in earlier if r.selection == line.selection and r.artwork == line.artwork), None)
        if found is None:
            raise StoreError(
                ErrorCode.BAD_INPUT,
                "the line this Idempotency-Key added has been changed or removed since: send a new key",
                field="idempotency_key",
            )
        public = CartLinePublic.model_validate(found)
        session.rollback()  # nothing to write: the cart's timestamp and checkout key stay as they were
        return public, True


def _add_line(
    session: Session, row: Cart, line: CartLineCreate, delivery: Delivery, customer_id: int | None
) -> CartLinePublic:
    version = current_version(session=session, product_code=line.product_code)
    if version is None or version.id is None:
        raise StoreError(ErrorCode.PRODUCT_UNAVAILABLE, f"'{line.product_code}' is not sold")
    catalog = catalog_of(version)
    artwork = checked_placements(session=session, catalog=catalog, selection=line.selection, placements=line.artwork)
    data = {**line.model_dump(), "artwork": artwork}
    new = CartLine(cart_id=row.id, catalog_version_id=version.id, quoted_unit_minor=0, **data)  # type: ignore[arg-type]
    quote = price_lines(
        session=session,
        lines=[PricedLine(new, version, catalog)],
        delivery=delivery,
        coupon_code=None,
        customer_id=customer_id,
        currency=row.currency,
    )
    new.quoted_unit_minor = quote.items[0].subtotal.rounded().to_minor() // line.quantity
    session.add(new)
    session.flush()
    return CartLinePublic.model_validate(new)


def remove_from_cart(*, session: Session, cart: str, line_id: int, customer_id: int | None = None) -> None:
    with atomic(session):
        row = _writable(session, cart, customer_id)
        line = session.get(CartLine, line_id)
        if line is None or line.cart_id != row.id:
            raise StoreError(ErrorCode.NOT_FOUND, "no such cart line")
        session.delete(line)


def set_quantity(*, session: Session, cart: str, line_id: int, quantity: int, customer_id: int | None = None) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= 10_000:
        raise StoreError(ErrorCode.BAD_INPUT, N_("quantity must be from 1 to 10,000"), field="quantity")
    with atomic(session):
        row = _writable(session, cart, customer_id)
        line = session.get(CartLine, line_id)
        if line is None or line.cart_id != row.id:
            raise StoreError(ErrorCode.NOT_FOUND, "no such cart line")
        line.quantity = quantity


def set_coupon(*, session: Session, cart: str, code: str | None, customer_id: int | None = None) -> None:
    """Keep the coupon code the buyer typed (upper-case; blank removes it); BAD_INPUT if it cannot
    be a code (over 32 characters, or anything but letters, digits, - and _)."""
    checked = coupon_code(code)
    with atomic(session):
        _writable(session, cart, customer_id).coupon_code = checked


def set_currency(
    *, session: Session, cart: str, currency: str | None, delivery: Delivery, customer_id: int | None = None
) -> str:
    """Price the cart in `currency` (None: the one the delivery country pays in); returns it.

    BAD_INPUT unless the shop sells in it. The lines' "price when added" are re-stated in the new
    currency, so changing currency is never reported as a price change."""
    chosen = sale_currency(currency, country=delivery.country)
    with atomic(session):
        row = _writable(session, cart, customer_id)
        if row.currency == chosen:
            return chosen
        row.currency = chosen
        assert row.id is not None
        sellable, _ = sort_lines(session=session, cart_id=row.id)
        for priced in sellable:
            quote = price_lines(
                session=session,
                lines=[priced],
                delivery=delivery,
                coupon_code=None,
                customer_id=customer_id,
                currency=chosen,
            )
            priced.line.quoted_unit_minor = quote.items[0].subtotal.rounded().to_minor() // priced.line.quantity
            session.add(priced.line)
        session.add(row)
    return chosen


def set_redeem_points(*, session: Session, cart: str, points: int, customer_id: int | None) -> None:
    """Keep the number of loyalty points the buyer wants to spend on this cart.

    Only a signed-in buyer spends points, never more than they hold; pricing may still use fewer
    (it never takes the goods below zero), and `place_order` checks the balance again."""
    if isinstance(points, bool) or not isinstance(points, int) or points < 0:
        raise StoreError(ErrorCode.BAD_INPUT, "points are a whole number, not negative", field="redeem_points")
    if points and customer_id is None:
        raise StoreError(ErrorCode.BAD_INPUT, N_("sign in to spend loyalty points"), field="redeem_points")
    with atomic(session):
        row = _writable(session, cart, customer_id)
        balance = loyalty_balance(session=session, customer_id=customer_id) if customer_id is not None else 0
        if points > balance:
            raise StoreError.worded(
                ErrorCode.BAD_INPUT,
                N_("you have {balance} points, not {points}"),
                {"balance": balance, "points": points},
                field="redeem_points",
                balance=balance,
            )
        row.redeem_points = points


def view_cart(
    *,
    session: Session,
    cart: str,
    delivery: Delivery,
    customer_id: int | None = None,
    redeem_points: int | None = None,
) -> CartView:
    """The cart and its server quote: the total shown here is the one checkout expects.

    The quote covers the lines that can be sold; the others come back in `problems`. Loyalty
    points are the cart's stored choice (`set_redeem_points`) unless `redeem_points` is given."""
    with atomic(session):
        row = open_cart(session=session, cart=cart, customer_id=customer_id)
        lines = session.exec(select(CartLine).where(CartLine.cart_id == row.id).order_by(col(CartLine.id))).all()
        quote = None
        problems: dict[int, list[str]] = {}
        balance = usable = 0
        if lines and row.status == "open":
            assert row.id is not None
            sellable, problems = sort_lines(session=session, cart_id=row.id)
            points = row.redeem_points if redeem_points is None else redeem_points
            if customer_id is None:
                points = 0
            else:
                balance = loyalty_balance(session=session, customer_id=customer_id)
            if sellable:

                def priced(redeem: int) -> Quote:
                    return price_lines(
                        session=session,
                        lines=sellable,
                        delivery=delivery,
                        coupon_code=row.coupon_code,
                        customer_id=customer_id,
                        redeem_points=redeem,
                        currency=row.currency,
                    )

                quote = priced(points)
                if balance > 0:
                    usable = quote.points_redeemed if points == balance else priced(balance).points_redeemed
        return CartView(
            CartPublic.model_validate(row, update={"coupon_code": usable_coupon(row.coupon_code)}),
            [CartLinePublic.model_validate(line) for line in lines],
            quote,
            problems,
            balance,
            usable,
        )
