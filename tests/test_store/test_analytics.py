"""Analytics read from orders, carts, funnel events, reviews and returns made by the real services."""

from __future__ import annotations

import datetime as dt
import doctest
from decimal import Decimal

import pytest
from sqlmodel import Session, select

import store.analytics
import store.analytics_filter
import store.funnel
from pricing.shop import load_shop
from store.aftersales import add_review, request_return, resolve_return
from store.analytics import (
    lead_times,
    option_popularity,
    returns_by_reason,
    revenue_over_time,
    review_scores,
)
from store.analytics_filter import AnalyticsFilter
from store.analytics_kpis import kpis
from store.carts import add_to_cart, create_cart, set_currency, view_cart
from store.crm_rules import summaries
from store.customers import register
from store.designs import save_design
from store.errors import ErrorCode, StoreError
from store.funnel import funnel, record_configure_started
from store.lifecycle import change_status
from store.orders import PaymentDetails, place_order
from store.payments import TEST_CARD_OK
from store.states import OrderStatus
from store.tables import (
    CartLineCreate,
    CustomerCreate,
    DesignCreate,
    Order,
    OrderLine,
    ReturnRequest,
    ReturnRequestCreate,
    ReviewCreate,
)
from tests.store_helpers import GUEST, HOME, MUG, checkout, fill_cart

BLUE_LARGE = {"size": "large", "glaze": "blue", "extras": ["lid", "saucer"]}


@pytest.mark.parametrize("module", [store.analytics, store.analytics_filter, store.funnel])
def test_docstring_examples(module):
    assert doctest.testmod(module).failed == 0


def staff(session, role="operations"):
    data = CustomerCreate(email=f"{role}@example.org", name=role, password="long-enough-1")
    return register(session=session, data=data, role=role).id


def deliver(session, token):
    for status in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        change_status(session=session, order=token, to=status, actor="merchant")


@pytest.fixture
def sales(shop):
    """Three orders (two small white mugs, one large blue with lid and saucer x2), one delivered,
    reviewed and returned; an abandoned cart; three configure visits."""
    with Session(shop) as s:
        ids = {"ops": staff(s), "buyer": staff(s, "buyer")}
        first = checkout(s, fill_cart(s, MUG))
        checkout(s, fill_cart(s, MUG))
        big = checkout(s, fill_cart(s, BLUE_LARGE, quantity=2))
        deliver(s, first.token)
        line = s.exec(select(OrderLine).join(Order).where(Order.token == first.token)).one()
        stars = ReviewCreate(overall=4, product_quality=5, delivery_speed=2, service=3)
        add_review(session=s, order=first.token, order_line_id=line.id, data=stars)
        request_return(session=s, order=first.token, data=ReturnRequestCreate(kind="return", reason="Too SMALL\nsorry"))
        cart = create_cart(session=s)
        add_to_cart(session=s, cart=cart.token, line=CartLineCreate(product_code="mug", selection=MUG), delivery=HOME)
        save_design(session=s, data=DesignCreate(name="Later", product_code="mug", selection=MUG))
        for visit in ("visit-aaaa-1", "visit-bbbb-2", "visit-cccc-3", "visit-dddd-4", "visit-eeee-5"):
            assert record_configure_started(session=s, product_code="mug", visit=visit)
        assert not record_configure_started(session=s, product_code="mug", visit="visit-aaaa-1")
        ids.update(first=first.token, big=big.token)
    # the day the sales were made, read when they were made: a run that crosses midnight must not
    # compare them with a date taken when the module was imported
    return ids | {"day": dt.datetime.now(dt.UTC).date()}


def test_option_popularity_counts_units_sold_per_option(shop, sales):
    with Session(shop) as s:
        rows = option_popularity(session=s, actor_id=sales["ops"])
    units = {(r.module_code, r.option_code): r.units for r in rows}
    assert units == {
        ("size", "small"): 2,
        ("size", "large"): 2,
        ("glaze", "white"): 2,
        ("glaze", "blue"): 2,
        ("extras", "lid"): 2,
        ("extras", "saucer"): 2,
    }
    assert {r.option_name for r in rows} >= {"Small", "Lid"}
    # modules come in the catalog's order (as the buyer met them), not by code
    assert list(dict.fromkeys(r.module_code for r in rows)) == ["size", "glaze", "extras"]


def test_the_funnel_shows_where_buyers_drop_off(shop, sales):
    with Session(shop) as s:
        result = funnel(session=s, actor_id=sales["ops"], filters=AnalyticsFilter(product_code="mug"))
        other = funnel(session=s, actor_id=sales["ops"], filters=AnalyticsFilter(product_code="bike"))
    assert [(step.stage, step.count, step.dropped) for step in result.steps] == [
        ("Started configuring", 5, 0),
        ("Added to cart", 4, 1),
        ("Ordered", 3, 1),
    ]
    assert result.steps[2].share == 0.6
    assert (result.designs_saved, result.open_carts) == (1, 1)
    assert [step.count for step in other.steps] == [0, 0, 0]


def test_revenue_and_average_order_value_per_period(shop, sales):
    with Session(shop) as s:
        totals = [o.total_minor for o in s.exec(select(Order).order_by(Order.id)).all()]
        first = s.exec(select(Order).where(Order.token == sales["big"])).one()
        first.placed_at = first.placed_at - dt.timedelta(days=2)  # spread the orders over three days
        s.add(first)
        s.commit()
        daily = revenue_over_time(session=s, actor_id=sales["ops"], bucket="day")
        monthly = revenue_over_time(session=s, actor_id=sales["ops"], bucket="month")
        with pytest.raises(StoreError) as err:
            revenue_over_time(session=s, actor_id=sales["ops"], bucket="year")  # type: ignore[arg-type]
        assert err.value.data["field"] == "bucket"
    assert [p.orders for p in daily] == [1, 0, 2]  # the empty day in between is shown as zero
    assert daily[0].revenue_minor == totals[2] and daily[2].revenue_minor == totals[0] + totals[1]
    assert daily[2].average_minor == round((totals[0] + totals[1]) / 2)
    assert sum(p.revenue_minor for p in monthly) == sum(totals)


def test_lead_times_compare_the_promise_with_the_delivery(shop, sales):
    with Session(shop) as s:
        rows = lead_times(session=s, actor_id=sales["ops"])
        promised = s.exec(select(Order).where(Order.token == sales["first"])).one().promised_delivery
    assert [(r.order_token, r.promised, r.delivered) for r in rows] == [(sales["first"], promised, sales["day"])]
    assert rows[0].late_days == (sales["day"] - promised).days < 0  # delivered the same day: early
    assert rows[0].actual_days == 0


def test_review_scores_per_dimension_and_returns_by_reason(shop, sales):
    with Session(shop) as s:
        scores = {d.dimension: d for d in review_scores(session=s, actor_id=sales["ops"])}
        request = s.exec(select(Order).where(Order.token == sales["first"])).one()
        returns = returns_by_reason(session=s, actor_id=sales["ops"])
        assert request.status == "return_requested"
    assert (scores["delivery_speed"].average, scores["delivery_speed"].stars) == (2.0, (0, 1, 0, 0, 0))
    assert scores["product_quality"].average == 5.0 and scores["overall"].count == 1
    assert [(r.reason, r.kind, r.count) for r in returns] == [("too small", "return", 1)]


def test_kpis_and_filters(shop, sales):
    with Session(shop) as s:
        everything = kpis(session=s, actor_id=sales["ops"])
        total = sum(o.total_minor for o in s.exec(select(Order)).all())
        assert (everything.orders, everything.revenue_minor, everything.units) == (3, total, 4)
        assert everything.customers == 1 and everything.return_rate == round(1 / 3, 4)
        assert everything.on_time_rate == 1.0 and everything.average_rating == 4.0
        tomorrow = AnalyticsFilter(since=sales["day"] + dt.timedelta(days=1))
        assert kpis(session=s, actor_id=sales["ops"], filters=tomorrow).orders == 0
        assert option_popularity(session=s, actor_id=sales["ops"], filters=AnalyticsFilter(product_code="bike")) == []
        with pytest.raises(StoreError) as err:
            backwards = AnalyticsFilter(since=sales["day"], until=sales["day"] - dt.timedelta(1))
            kpis(session=s, actor_id=sales["ops"], filters=backwards)
        assert err.value.code == ErrorCode.BAD_INPUT and err.value.data["field"] == "until"


def test_returned_orders_leave_the_sales_figures(shop, sales):
    with Session(shop) as s:
        [request] = s.exec(select(ReturnRequest)).all()
        resolve_return(session=s, return_id=request.id, outcome="refund", actor="merchant")
        after = kpis(session=s, actor_id=sales["ops"])
        assert after.orders == 2 and after.return_rate == round(1 / 3, 4)
        assert (
            sum(r.units for r in option_popularity(session=s, actor_id=sales["ops"])) == 2 + 2 * 4
        )  # the small white mug, and the large one's four options twice


def test_only_staff_read_analytics(shop, sales):
    with Session(shop) as s:
        with pytest.raises(StoreError) as err:
            kpis(session=s, actor_id=sales["buyer"])
        assert err.value.code == ErrorCode.FORBIDDEN
        with pytest.raises(StoreError) as err:
            record_configure_started(session=s, product_code="mug", visit="short")
        assert err.value.code == ErrorCode.BAD_INPUT


def test_sales_in_other_currencies_are_added_up_in_the_shop_currency(shop):
    """A rouble order counts at the shop's rate in revenue, the revenue chart and a customer's
    spend (its kopecks were added to euro cents)."""
    rub = load_shop().currencies["RUB"]
    with Session(shop) as s:
        ops = staff(s)
        in_euros = checkout(s, fill_cart(s, MUG))
        cart = fill_cart(s, MUG)
        set_currency(session=s, cart=cart, currency="RUB", delivery=HOME)
        total = view_cart(session=s, cart=cart, delivery=HOME).quote.total
        payment = PaymentDetails(card=TEST_CARD_OK, amount_minor=total.to_minor(), currency="RUB")
        in_roubles = place_order(
            session=s, cart=cart, buyer=GUEST, delivery=HOME, payment=payment, idempotency_key="rouble-sale-1"
        )
        assert (in_roubles.currency, in_euros.currency) == ("RUB", "EUR")
        worth = round(Decimal(in_roubles.total_minor) / rub.rate)  # kopecks / rate = euro cents
        assert abs(in_euros.total_minor - worth) <= 1  # the same mug, about the same in euros
        numbers = kpis(session=s, actor_id=ops)
        [day] = revenue_over_time(session=s, actor_id=ops, bucket="day")
        [buyer] = [row for row in summaries(session=s) if row.email == GUEST.email]
    assert numbers.currency == "EUR"
    assert abs(numbers.revenue_minor - (in_euros.total_minor + worth)) <= 1
    assert day.revenue_minor == numbers.revenue_minor and buyer.spend_minor == numbers.revenue_minor
