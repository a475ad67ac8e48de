"""Every store service that keeps typed text takes any text at all: it either keeps it (trimmed,
readable back) or refuses it with BAD_INPUT naming the field and writes nothing, on SQLite and
PostgreSQL alike (no raw DataError for NUL or over-long text, no cart that can no longer be
shown because of a 5,000-character coupon)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from store.aftersales import messages, post_message, request_return
from store.carts import add_to_cart, set_coupon, view_cart
from store.customers import authenticate, get_customer, register
from store.designs import get_design, save_design
from store.errors import ErrorCode, StoreError
from store.lifecycle import get_order
from store.tables import CartLineCreate, CustomerCreate, DesignCreate, ReturnRequestCreate, SupportMessageCreate
from tests.store_helpers import HOME, MUG, checkout, fill_cart
from tests.test_store.hostile_text import anything, hostile, row_counts

HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
_emails = itertools.count()


def kept_or_refused(engine, field: str, action):  # type: ignore[no-untyped-def]
    """Run `action`; on a refusal, check it is BAD_INPUT on `field` and that no row changed."""
    before = row_counts(engine)
    try:
        return action()
    except StoreError as refusal:
        assert refusal.code is ErrorCode.BAD_INPUT, refusal
        assert refusal.data.get("field") == field, refusal.data
        assert row_counts(engine) == before
        return None


@settings(max_examples=40, deadline=None, suppress_health_check=HEALTH)
@given(code=st.one_of(anything(32), st.text(st.characters(codec="ascii"), max_size=40)))
def test_any_coupon_code_is_kept_or_refused_and_the_cart_stays_viewable(shop, code):
    with Session(shop) as session:
        cart = fill_cart(session)
        before = view_cart(session=session, cart=cart, delivery=HOME).cart.coupon_code
        kept = kept_or_refused(shop, "coupon", lambda: set_coupon(session=session, cart=cart, code=code) or True)
        view = view_cart(session=session, cart=cart, delivery=HOME)  # never unviewable
    if kept:
        assert view.cart.coupon_code == (code.strip().upper() or None)
    else:
        assert view.cart.coupon_code == before
    assert view.quote is not None


@settings(max_examples=30, deadline=None, suppress_health_check=HEALTH)
@given(name=anything(120))
def test_any_design_name_is_kept_or_refused(shop, name):
    with Session(shop) as session:
        data = DesignCreate.model_construct(name=name, product_code="mug", selection=MUG)
        design = kept_or_refused(shop, "name", lambda: save_design(session=session, data=data))
        if design is not None:
            assert get_design(session=session, token=design.token).name == name.strip() != ""


@pytest.fixture
def order(shop):
    with Session(shop) as session:
        return checkout(session, fill_cart(session)).token


@settings(max_examples=30, deadline=None, suppress_health_check=HEALTH)
@given(body=anything(4_000))
def test_any_message_is_kept_or_refused(shop, order, body):
    with Session(shop) as session:
        data = SupportMessageCreate.model_construct(body=body)
        sent = kept_or_refused(
            shop, "body", lambda: post_message(session=session, order=order, data=data, author="buyer")
        )
        if sent is not None:
            assert messages(session=session, order=order)[-1].body == body.strip() != ""


@settings(max_examples=25, deadline=None, suppress_health_check=HEALTH)
@given(name=anything(120), phone=st.one_of(st.none(), anything(40)))
def test_any_account_name_and_phone_are_kept_or_refused(engine, name, phone):
    email = f"someone{next(_emails)}@example.org"
    with Session(engine) as session:
        data = CustomerCreate.model_construct(email=email, name=name, phone=phone, password="long-enough-1")
        before = row_counts(engine)
        try:
            account = register(session=session, data=data)
        except StoreError as refusal:
            assert refusal.code is ErrorCode.BAD_INPUT and refusal.data["field"] in ("name", "phone")
            assert row_counts(engine) == before
            return
        assert get_customer(session=session, customer_id=account.id).name == name.strip() != ""


@settings(max_examples=25, deadline=None, suppress_health_check=HEALTH)
@given(email=anything(254))
def test_signing_in_with_any_address_is_a_clean_refusal(engine, email):
    with Session(engine) as session, pytest.raises(StoreError) as refused:
        authenticate(session=session, email=email, password="whatever-it-is")
    assert refused.value.code in (ErrorCode.BAD_CREDENTIALS, ErrorCode.TOO_MANY_ATTEMPTS)


@settings(max_examples=25, deadline=None, suppress_health_check=HEALTH)
@given(reason=hostile(2_000))
def test_a_hostile_return_reason_is_refused_before_anything_else(shop, order, reason):
    before = row_counts(shop)
    with Session(shop) as session, pytest.raises(StoreError) as refused:
        data = ReturnRequestCreate.model_construct(kind="return", reason=reason)
        request_return(session=session, order=order, data=data)
    assert (refused.value.code, refused.value.data["field"]) == (ErrorCode.BAD_INPUT, "reason")
    assert row_counts(shop) == before


@settings(max_examples=30, deadline=None, suppress_health_check=HEALTH)
@given(token=st.one_of(anything(64), st.text(max_size=300)))
def test_a_tampered_private_reference_is_not_found(shop, order, token):
    """Order, cart and design links come from URLs: anything there is "not found", never a crash."""
    assume(token != order)
    with Session(shop) as session:
        for lookup in (
            lambda: get_order(session=session, order=token),
            lambda: messages(session=session, order=token),
            lambda: view_cart(session=session, cart=token, delivery=HOME),
            lambda: get_design(session=session, token=token),
        ):
            with pytest.raises(StoreError) as refused:
                lookup()
            assert refused.value.code is ErrorCode.NOT_FOUND


@settings(max_examples=25, deadline=None, suppress_health_check=HEALTH)
@given(code=st.one_of(anything(64), st.text(max_size=80)))
def test_any_product_code_in_a_request_is_refused_cleanly(shop, code):
    assume(code != "mug")
    with Session(shop) as session:
        cart = fill_cart(session)
        before = row_counts(shop)
        line = CartLineCreate.model_construct(product_code=code, selection=MUG, quantity=1)
        with pytest.raises(StoreError) as refused:
            add_to_cart(session=session, cart=cart, line=line, delivery=HOME)
        assert refused.value.code in (ErrorCode.PRODUCT_UNAVAILABLE, ErrorCode.BAD_INPUT)
        assert row_counts(shop) == before
