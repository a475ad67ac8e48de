"""The hosted payment page adapter: the buyer is redirected with a signed URL, the card goes to the
provider's page only, a signed webhook places the order (once), forged or stale webhooks change
nothing, and a webhook that never comes is caught by the reconciler through the provider's API."""

from __future__ import annotations

import datetime as dt
import json
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from sqlmodel import Session, func, select

from store.carts import add_to_cart, checkout_key, view_cart
from store.errors import ErrorCode, StoreError
from store.hosted_payments import HostedPaymentPage, handle_webhook, sign, start_checkout
from store.payments import TEST_CARD_DECLINED, TEST_CARD_OK
from store.reconcile import reconcile
from store.tables import CartLineCreate, Order, PaymentIntent
from tests.store_helpers import GUEST, HOME, MUG, fill_cart
from tests.test_store.fake_hosted_page import API_KEY, SECRET, FakeHostedPage

RETURN = "https://shop.example/checkout"


@pytest.fixture
def page():
    fake = FakeHostedPage()
    yield fake
    fake.close()


@pytest.fixture
def provider(page):
    return HostedPaymentPage(base_url=page.url, api_key=API_KEY, webhook_secret=SECRET, test_mode=True)


def begin(session, provider, cart):
    amount = view_cart(session=session, cart=cart, delivery=HOME).quote.total.to_minor()
    return start_checkout(
        session=session,
        provider=provider,
        return_url=RETURN,
        cart_token=cart,
        buyer=GUEST,
        delivery=HOME,
        amount_minor=amount,
        currency="EUR",
        redeem_points=None,
        key=checkout_key(session=session, cart=cart),
        on=None,
    )


def buyer_pays(url: str, card: str) -> dict:
    """The buyer's browser on the provider's page (the shop never sees this request)."""
    split = urllib.parse.urlsplit(url)
    request = urllib.request.Request(
        f"{split.scheme}://{split.netloc}{split.path}?{split.query}",
        data=json.dumps({"card": card}).encode(),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def state(session):
    session.commit()
    orders = session.exec(select(func.count()).select_from(Order)).one()
    return orders, [i.status for i in session.exec(select(PaymentIntent)).all()]


def test_a_signed_webhook_after_the_hosted_page_places_the_order_once(shop, page, provider):
    with Session(shop) as session:
        cart = fill_cart(session)
        url = begin(session, provider, cart)
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
        assert url.startswith(page.url + "/pay?") and "card" not in query and query["return"] == RETURN
        assert state(session) == (0, ["pending"])  # committed before the buyer leaves for the page
        assert buyer_pays(url, TEST_CARD_OK) == {"redirect": RETURN}
        ((payload, signature),) = page.webhooks
        assert handle_webhook(session=session, provider=provider, payload=payload, signature=signature) == "captured"
        assert handle_webhook(session=session, provider=provider, payload=payload, signature=signature) == "captured"
        assert state(session) == (1, ["captured"])
        again = start_checkout(  # the same key again (a reload): the order, not another page
            session=session,
            provider=provider,
            return_url=RETURN,
            cart_token=cart,
            buyer=GUEST,
            delivery=HOME,
            amount_minor=int(query["amount"]),
            currency="EUR",
            redeem_points=None,
            key=query["key"],
            on=None,
        )
        assert again.status == "paid" and len(page.charges) == 1


def test_an_edited_amount_is_refused_by_the_page(shop, page, provider):
    with Session(shop) as session:
        url = begin(session, provider, fill_cart(session))
    with pytest.raises(urllib.error.HTTPError) as caught:
        buyer_pays(url.replace("amount=", "amount=1"), TEST_CARD_OK)
    assert caught.value.code == 400 and page.charges == {}


def test_unsigned_forged_stale_or_mismatched_webhooks_change_nothing(shop, page, provider):
    with Session(shop) as session:
        url = begin(session, provider, fill_cart(session))
        buyer_pays(url, TEST_CARD_OK)
        ((payload, good),) = page.webhooks
        event = json.loads(payload)
        cheaper = json.dumps({**event, "amount_minor": 1}).encode()
        attempts = {
            "no signature": (payload, None),
            "does not match": (payload, sign("not-the-secret", payload, int(time.time()))),
            "too old": (payload, sign(SECRET, payload, int(time.time()) - 3600)),
            "not the amount": (cheaper, sign(SECRET, cheaper, int(time.time()))),
            "signature does not match": (cheaper, good),  # a valid signature of another body
        }
        for why, (body, signature) in attempts.items():
            with pytest.raises(StoreError) as caught:
                handle_webhook(session=session, provider=provider, payload=body, signature=signature)
            assert caught.value.code == ErrorCode.BAD_INPUT and why in caught.value.message
        assert state(session) == (0, ["pending"])


def test_a_lost_webhook_is_caught_by_the_reconciler(shop, page, provider):
    with Session(shop) as session:
        buyer_pays(begin(session, provider, fill_cart(session)), TEST_CARD_OK)
        session.commit()
        assert reconcile(engine=shop, provider=provider, older_than=dt.timedelta(0)) == {"captured": 1}
        assert state(session) == (1, ["captured"])


def test_a_webhook_for_a_cart_that_changed_refunds_through_the_api_once(shop, page, provider):
    with Session(shop) as session:
        cart = fill_cart(session)
        buyer_pays(begin(session, provider, cart), TEST_CARD_OK)
        add_to_cart(session=session, cart=cart, line=CartLineCreate(product_code="mug", selection=MUG), delivery=HOME)
        ((payload, signature),) = page.webhooks
        assert handle_webhook(session=session, provider=provider, payload=payload, signature=signature) == "refunded"
        assert handle_webhook(session=session, provider=provider, payload=payload, signature=signature) == "refunded"
        assert state(session) == (0, ["refunded"])
    (refund,) = page.refunds.values()
    assert refund["charge"] == json.loads(payload)["reference"]


def test_a_declined_card_on_the_page_declines_the_intent(shop, page, provider):
    with Session(shop) as session:
        cart = fill_cart(session)
        key = checkout_key(session=session, cart=cart)
        buyer_pays(begin(session, provider, cart), TEST_CARD_DECLINED)
        ((payload, signature),) = page.webhooks
        assert handle_webhook(session=session, provider=provider, payload=payload, signature=signature) == "declined"
        assert state(session) == (0, ["declined"])
        assert checkout_key(session=session, cart=cart) != key  # the next attempt gets a new key
