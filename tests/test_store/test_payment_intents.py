"""Payment intents: written before the charge, finished or refunded by the reconciler whatever
happened to the checkout, and keyed by a checkout key that the cart keeps across reloads."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlmodel import Session, func, select

from store import intents
from store.carts import add_to_cart, checkout_key, view_cart
from store.errors import ErrorCode, StoreError
from store.payments import TEST_CARD_DECLINED, TEST_CARD_OK, TestPaymentProvider
from store.reconcile import reconcile
from store.tables import Cart, CartLineCreate, Order, Payment, PaymentIntent
from tests.store_helpers import GUEST, HOME, MUG, checkout, fill_cart

NOW = dt.timedelta(0)


def total(session, cart) -> int:
    return view_cart(session=session, cart=cart, delivery=HOME).quote.total.to_minor()


def charged_then_killed(session, cart, provider, key=None):
    """What a checkout leaves when its process dies right after the provider charged."""
    key = key or checkout_key(session=session, cart=cart)
    intent = intents.begin(
        session,
        cart_token=cart,
        buyer=GUEST,
        delivery=HOME,
        amount_minor=total(session, cart),
        currency="EUR",
        redeem_points=None,
        key=key,
        provider=provider,
        on=None,
    )
    charge = intents.pay(provider, intent, TEST_CARD_OK)
    assert charge.approved
    return intent, charge


def settle_all(session, engine, provider, older_than=NOW):
    """Run the reconciler while the test's own session holds no transaction (SQLite locks)."""
    session.commit()
    return reconcile(engine=engine, provider=provider, older_than=older_than)


def intent_of(session, key) -> PaymentIntent:
    session.expire_all()
    return session.exec(select(PaymentIntent).where(PaymentIntent.key == key)).one()


def orders(session) -> int:
    return session.exec(select(func.count()).select_from(Order)).one()


def test_the_intent_is_committed_before_the_provider_is_asked_to_charge(shop):
    seen = []

    class Watching(TestPaymentProvider):
        def charge(self, *, card, amount_minor, currency, idempotency_key):
            with Session(shop) as other:  # another connection sees only what is committed
                row = other.exec(select(PaymentIntent).where(PaymentIntent.key == idempotency_key)).one()
                seen.append((row.status, row.amount_minor, amount_minor))
            return super().charge(
                card=card, amount_minor=amount_minor, currency=currency, idempotency_key=idempotency_key
            )

    with Session(shop) as session:
        cart = fill_cart(session)
        amount = total(session, cart)
        order = checkout(session, cart, key="watched-key-1", provider=Watching())
        intent = intent_of(session, "watched-key-1")
        assert seen == [("pending", amount, amount)]
        row = session.exec(select(Order).where(Order.token == order.token)).one()
        assert intent.status == "captured" and intent.order_id == row.id
        assert session.exec(select(Payment)).one().reference == intent.charge_reference


def test_a_checkout_killed_after_the_charge_is_finished_by_the_reconciler(shop):
    provider = TestPaymentProvider()
    with Session(shop) as session:
        cart = fill_cart(session)
        intent, charge = charged_then_killed(session, cart, provider)
        assert orders(session) == 0
        assert settle_all(session, shop, provider) == {"captured": 1}
        assert settle_all(session, shop, provider) == {}  # idempotent
        assert orders(session) == 1
        assert session.exec(select(Payment)).one().reference == charge.reference
        assert session.exec(select(Cart)).one().status == "ordered"
        assert intent_of(session, intent.key).status == "captured"
    assert provider.ledger()[1] == []  # nothing refunded


def test_a_charge_whose_cart_changed_meanwhile_is_refunded_and_the_cart_gets_a_new_key(shop):
    provider = TestPaymentProvider()
    with Session(shop) as session:
        cart = fill_cart(session)
        intent, charge = charged_then_killed(session, cart, provider)
        add_to_cart(session=session, cart=cart, line=CartLineCreate(product_code="mug", selection=MUG), delivery=HOME)
        assert settle_all(session, shop, provider) == {"refunded": 1}
        assert orders(session) == 0
        row = intent_of(session, intent.key)
        assert row.outcome["message"].startswith("the cart or its products changed")
        (refund,) = provider.ledger()[1]
        assert (refund.charge_reference, refund.amount_minor) == (charge.reference, intent.amount_minor)
        new_key = checkout_key(session=session, cart=cart)
        assert new_key != intent.key
        order = checkout(session, cart, key=new_key, provider=provider)  # the buyer pays again, once
        assert order.total_minor == total_after(session, order)


def total_after(session, order) -> int:
    return session.exec(select(Order.total_minor).where(Order.token == order.token)).one()


def test_an_attempt_the_provider_never_charged_is_abandoned(shop):
    provider = TestPaymentProvider()
    with Session(shop) as session:
        cart = fill_cart(session)
        key = checkout_key(session=session, cart=cart)
        intents.begin(
            session,
            cart_token=cart,
            buyer=GUEST,
            delivery=HOME,
            amount_minor=total(session, cart),
            currency="EUR",
            redeem_points=None,
            key=key,
            provider=provider,
            on=None,
        )
        assert settle_all(session, shop, provider) == {"abandoned": 1}
        assert provider.ledger() == ([], [])
        assert checkout_key(session=session, cart=cart) != key


def test_recent_attempts_are_left_to_the_checkout_still_running(shop):
    provider = TestPaymentProvider()
    with Session(shop) as session:
        intent, _ = charged_then_killed(session, fill_cart(session), provider)
        assert settle_all(session, shop, provider, dt.timedelta(minutes=10)) == {}
        assert intent_of(session, intent.key).status == "pending"


def test_two_reconcilers_at_once_make_each_order_once(shop):
    provider = TestPaymentProvider()
    with Session(shop) as session:
        for _ in range(4):
            charged_then_killed(session, fill_cart(session, MUG), provider)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(reconcile(engine=shop, provider=provider, older_than=NOW)))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r["captured"] for r in results) >= 4  # both may report the same intent as captured
    with Session(shop) as session:
        assert orders(session) == 4
        assert len(set(session.exec(select(Order.cart_id)).all())) == 4
    assert provider.ledger()[1] == []


def test_a_refusal_after_the_charge_refunds_it_and_the_same_key_repeats_the_refusal(shop):
    from store.carts import set_coupon
    from store.coupons import create_coupon
    from store.tables import CouponCreate

    provider = TestPaymentProvider()
    with Session(shop) as session:
        create_coupon(
            session=session,
            data=CouponCreate(code="once", label="5% off", kind="percent", percent=5, max_uses=1),
            actor="merchant",
        )
        first, second = fill_cart(session), fill_cart(session)
        set_coupon(session=session, cart=first, code="once")
        set_coupon(session=session, cart=second, code="once")
        intent, charge = charged_then_killed(session, first, provider)  # priced with the coupon
        checkout(session, second, provider=provider)  # meanwhile, another buyer uses it up
        with pytest.raises(StoreError) as caught:
            intents.capture(session, intent.id, charge, provider)
        assert caught.value.code == ErrorCode.PRICE_CHANGED  # the coupon no longer applies
        assert intent_of(session, intent.key).status == "refunded"
        assert [r.charge_reference for r in provider.ledger()[1]] == [charge.reference]
        with pytest.raises(StoreError) as again:
            checkout(session, first, key=intent.key, provider=provider, amount=intent.amount_minor)
        assert again.value.code == ErrorCode.PRICE_CHANGED
        assert again.value.data["total_minor"] == caught.value.data["total_minor"]  # what the page shows
        assert len(provider.ledger()[0]) == 2 and orders(session) == 1  # no new charge, no order


def test_the_checkout_key_is_kept_with_the_cart_until_its_content_or_a_decline_changes_it(shop):
    provider = TestPaymentProvider()
    with Session(shop) as session:
        cart = fill_cart(session)
        key = checkout_key(session=session, cart=cart)
        assert checkout_key(session=session, cart=cart) == key  # a reload reads the same key
        add_to_cart(session=session, cart=cart, line=CartLineCreate(product_code="mug", selection=MUG), delivery=HOME)
        key = checkout_key(session=session, cart=cart)
        assert key != checkout_key(session=session, cart=fill_cart(session))
        with pytest.raises(StoreError) as caught:
            checkout(session, cart, key=key, card=TEST_CARD_DECLINED, provider=provider)
        assert caught.value.code == ErrorCode.PAYMENT_DECLINED
        with pytest.raises(StoreError) as again:  # the same key: the same answer, no new charge
            checkout(session, cart, key=key, card=TEST_CARD_OK, provider=provider)
        assert again.value.code == ErrorCode.PAYMENT_DECLINED and len(provider.ledger()[0]) == 1
        new_key = checkout_key(session=session, cart=cart)
        assert new_key != key
        assert checkout(session, cart, key=new_key, provider=provider).status == "paid"


def test_a_pending_key_cannot_pay_for_other_items(shop):
    provider = TestPaymentProvider()
    with Session(shop) as session:
        cart = fill_cart(session)
        intent, _ = charged_then_killed(session, cart, provider, key="pending-key-1")
        session.exec(select(Cart)).one()  # the cart is unchanged: a retry with the key resumes
        order = checkout(session, cart, key="pending-key-1", provider=provider)
        assert intent_of(session, intent.key).order_id is not None and order.status == "paid"
        assert len(provider.ledger()[0]) == 1  # the retry did not charge twice


def test_the_test_ledger_outlives_the_process(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    first = TestPaymentProvider(path)
    charge = first.charge(card=TEST_CARD_OK, amount_minor=500, currency="EUR", idempotency_key="ledger-key-1")
    again = TestPaymentProvider(path)  # another process, after a crash
    assert again.find_charge(idempotency_key="ledger-key-1") == charge
    assert again.charge(card=TEST_CARD_OK, amount_minor=500, currency="EUR", idempotency_key="ledger-key-1") == charge
    again.refund(reference=charge.reference, amount_minor=500, currency="EUR", idempotency_key="r-1")
    again.refund(reference=charge.reference, amount_minor=500, currency="EUR", idempotency_key="r-1")
    charges, refunds = TestPaymentProvider(path).ledger()
    assert len(charges) == 1 and len(refunds) == 1


def test_store_init_settles_the_attempts_older_than_the_setting(shop, database_url, tmp_path, monkeypatch):
    from sqlalchemy import update

    from settings import get_settings
    from store.__main__ import main
    from store.orders import set_default_provider
    from store.tables import now

    provider = TestPaymentProvider()
    with Session(shop) as session:
        stale, _ = charged_then_killed(session, fill_cart(session), provider)
        fresh, _ = charged_then_killed(session, fill_cart(session), provider)
        session.exec(
            update(PaymentIntent)
            .where(PaymentIntent.id == stale.id)
            .values(created_at=now() - dt.timedelta(minutes=11))
        )
        session.commit()
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("CATALOGS_DIR", str(tmp_path / "catalogs"))  # the mug, already published
    monkeypatch.setenv("PAYMENT_RECONCILE_MINUTES", "10")
    get_settings.cache_clear()
    set_default_provider(provider)
    try:
        assert main(["init"]) == 0
    finally:
        set_default_provider(None)
        get_settings.cache_clear()
    with Session(shop) as session:
        assert intent_of(session, stale.key).status == "captured"
        assert intent_of(session, fresh.key).status == "pending"  # its checkout may still be running


def test_a_provider_that_does_not_answer_leaves_the_attempt_to_a_retry_that_charges_once(shop):
    from store.payments import PaymentError

    class Flaky(TestPaymentProvider):
        calls = 0

        def charge(self, **kwargs):
            Flaky.calls += 1
            result = super().charge(**kwargs)
            if Flaky.calls == 1:
                raise PaymentError("timed out after charging")
            return result

    provider = Flaky()
    with Session(shop) as session:
        cart = fill_cart(session)
        key = checkout_key(session=session, cart=cart)
        with pytest.raises(StoreError) as caught:
            checkout(session, cart, key=key, provider=provider)
        assert caught.value.data["pending"] is True and intent_of(session, key).status == "pending"
        assert checkout_key(session=session, cart=cart) == key  # the retry keeps the key
        assert checkout(session, cart, key=key, provider=provider).status == "paid"
        assert len(provider.ledger()[0]) == 1 and provider.ledger()[1] == []


def test_a_crashed_attempt_for_another_total_is_settled_at_once_and_the_next_click_pays(shop):
    from store.orders import PaymentDetails, place_order
    from store.quotes import Delivery

    provider = TestPaymentProvider()
    abroad = Delivery(name="Ana", line1="Str 1", postal_code="10115", city="Berlin", country="DE", mode="express")
    with Session(shop) as session:
        cart = fill_cart(session)
        key = checkout_key(session=session, cart=cart)
        intents.begin(  # the first click wrote its intent, then the process died before charging
            session,
            cart_token=cart,
            buyer=GUEST,
            delivery=HOME,
            amount_minor=total(session, cart),
            currency="EUR",
            redeem_points=None,
            key=key,
            provider=provider,
            on=None,
        )
        amount = view_cart(session=session, cart=cart, delivery=abroad).quote.total.to_minor()
        assert amount != total(session, cart)  # express costs more

        def pay(key):
            return place_order(
                session=session,
                cart=cart,
                buyer=GUEST,
                delivery=abroad,
                payment=PaymentDetails(card=TEST_CARD_OK, amount_minor=amount),
                idempotency_key=key,
                provider=provider,
            )

        with pytest.raises(StoreError) as caught:
            pay(key)
        assert "place the order again" in caught.value.message
        assert intent_of(session, key).status == "abandoned"  # never charged: nothing to refund
        order = pay(checkout_key(session=session, cart=cart))
        assert order.total_minor == amount and order.ship_country == "DE"
        assert len(provider.ledger()[0]) == 1


def test_erasing_a_customer_erases_the_contact_kept_in_their_payment_attempts(shop):
    import json

    from store.crm_privacy import erase_customer
    from tests.store_helpers import staff_accounts

    staff = staff_accounts(shop, roles=("merchandiser",))["merchandiser"]
    provider = TestPaymentProvider()
    with Session(shop) as session:
        checkout(session, fill_cart(session), provider=provider)  # an order, its intent captured
        other = fill_cart(session)
        charged_then_killed(session, other, provider)  # an attempt refunded later: no order
        add_to_cart(session=session, cart=other, line=CartLineCreate(product_code="mug", selection=MUG), delivery=HOME)
        assert settle_all(session, shop, provider) == {"refunded": 1}
        kept = json.dumps([i.request for i in session.exec(select(PaymentIntent)).all()])
        assert GUEST.email in kept and HOME.line1 in kept
        erase_customer(session=session, actor_id=staff, key=f"guest:{GUEST.email}", confirm_email=GUEST.email)
        session.expire_all()
        kept = json.dumps([i.request for i in session.exec(select(PaymentIntent)).all()])
        assert GUEST.email not in kept and GUEST.name not in kept and HOME.line1 not in kept


def test_a_charge_landing_after_the_reconciler_gave_up_is_refunded(shop):
    provider = TestPaymentProvider()
    with Session(shop) as session:
        cart = fill_cart(session)
        intent = intents.begin(
            session,
            cart_token=cart,
            buyer=GUEST,
            delivery=HOME,
            amount_minor=total(session, cart),
            currency="EUR",
            redeem_points=None,
            key=checkout_key(session=session, cart=cart),
            provider=provider,
            on=None,
        )
        assert settle_all(session, shop, provider) == {"abandoned": 1}
        charge = intents.pay(provider, intent, TEST_CARD_OK)  # a very slow charge lands after all
        with pytest.raises(StoreError) as caught:
            intents.capture(session, intent.id, charge, provider)
        assert "expired" in caught.value.message
        assert intent_of(session, intent.key).status == "refunded" and orders(session) == 0
        assert [r.charge_reference for r in provider.ledger()[1]] == [charge.reference]
