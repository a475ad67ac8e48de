"""An order keeps the shop's rate it was sold at: revenue, KPIs, refunds by reason and customer
spend add up a sale in another currency at that rate, so a rate the merchant changes later leaves
past figures as they were; an order placed before orders kept their rate counts at today's."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sqlmodel import Session, select

from pricing.shop import shop_settings
from store.aftersales import request_return, resolve_return
from store.analytics import returns_by_reason, revenue_over_time
from store.analytics_kpis import kpis
from store.carts import set_currency, view_cart
from store.crm_rules import summaries
from store.customers import register
from store.lifecycle import change_status
from store.orders import PaymentDetails, place_order
from store.payments import TEST_CARD_OK
from store.states import OrderStatus
from store.tables import CustomerCreate, Order, ReturnRequestCreate
from tests.store_helpers import GUEST, HOME, MUG, checkout, fill_cart

SOLD_RATE = Decimal("98.5")  # roubles per euro in pricing/shop.yaml
LATER_RATE = Decimal("150")


def change_rouble_rate(shop_file, rate: Decimal) -> None:
    """The merchant sets a new rouble rate in shop.yaml."""
    shop_file((f"RUB: {{rate: {SOLD_RATE},", f"RUB: {{rate: {rate},"))
    assert shop_settings().currencies["RUB"].rate == rate


def staff(session) -> int:
    data = CustomerCreate(email="operations@example.org", name="Ops", password="long-enough-1")
    return register(session=session, data=data, role="operations").id  # type: ignore[return-value]


def in_roubles(session, key: str):
    cart = fill_cart(session, MUG)
    set_currency(session=session, cart=cart, currency="RUB", delivery=HOME)
    total = view_cart(session=session, cart=cart, delivery=HOME).quote.total
    payment = PaymentDetails(card=TEST_CARD_OK, amount_minor=total.to_minor(), currency="RUB")
    placed = place_order(session=session, cart=cart, buyer=GUEST, delivery=HOME, payment=payment, idempotency_key=key)
    assert placed.currency == "RUB"
    return placed


def pricing_of(session, token: str) -> dict:
    return session.exec(select(Order).where(Order.token == token)).one().pricing


def cents(kopecks: int, rate: Decimal) -> int:
    return int((Decimal(kopecks) / rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def figures(session, ops: int) -> tuple[int, int, int, int]:
    """Revenue (KPIs), the day's revenue (chart), the buyer's spend and the refunds by reason."""
    numbers = kpis(session=session, actor_id=ops)
    [day] = revenue_over_time(session=session, actor_id=ops, bucket="day")
    [buyer] = [row for row in summaries(session=session) if row.email == GUEST.email]
    refunds = sum(r.refund_minor for r in returns_by_reason(session=session, actor_id=ops))
    return numbers.revenue_minor, day.revenue_minor, buyer.spend_minor, refunds


def test_an_order_keeps_the_rate_it_was_sold_at(shop):
    with Session(shop) as s:
        euros = pricing_of(s, checkout(s, fill_cart(s, MUG)).token)
        roubles = pricing_of(s, in_roubles(s, "rouble-sale-kept").token)
    assert roubles["exchange"] == {"shop_currency": "EUR", "rate": "98.5"}
    assert euros["exchange"] == {"shop_currency": "EUR", "rate": "1"}


def test_changing_a_rate_leaves_past_revenue_spend_and_refunds_as_they_were(shop, shop_file):
    with Session(shop) as s:
        ops = staff(s)
        euros = checkout(s, fill_cart(s, MUG))
        kept = in_roubles(s, "rouble-sale-1")
        refunded = in_roubles(s, "rouble-sale-2")
        for status in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            change_status(session=s, order=refunded.token, to=status, actor="merchant")
        request = request_return(session=s, order=refunded.token, data=ReturnRequestCreate(kind="return", reason="x"))
        resolve_return(session=s, return_id=request.id, outcome="refund", actor="merchant")
        before = figures(s, ops)
        change_rouble_rate(shop_file, LATER_RATE)
        after = figures(s, ops)
    revenue = euros.total_minor + cents(kept.total_minor, SOLD_RATE)
    assert before == (revenue, revenue, revenue, cents(refunded.total_minor, SOLD_RATE))
    assert after == before


def test_an_order_placed_before_rates_were_kept_counts_at_todays_rate(shop, shop_file):
    with Session(shop) as s:
        ops = staff(s)
        kept = in_roubles(s, "rouble-sale-1")
        older = in_roubles(s, "rouble-sale-2")
        row = s.exec(select(Order).where(Order.token == older.token)).one()
        row.pricing = {key: value for key, value in row.pricing.items() if key != "exchange"}
        s.add(row)
        s.commit()
        change_rouble_rate(shop_file, LATER_RATE)
        revenue, day, spend, _ = figures(s, ops)
    assert revenue == cents(kept.total_minor, SOLD_RATE) + cents(older.total_minor, LATER_RATE)
    assert day == spend == revenue
