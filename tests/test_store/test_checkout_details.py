"""place_order checks the buyer and delivery details itself: any hostile value in any field is
refused with BAD_INPUT naming that field, on SQLite and PostgreSQL alike, before anything is
charged or written; valid details (any letters, any delivery country) still place the order."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from pricing.shop import shop_settings
from store.carts import view_cart
from store.errors import ErrorCode, StoreError
from store.lifecycle import get_order
from store.orders import Buyer, PaymentDetails, place_order
from store.payments import TEST_CARD_OK, TestPaymentProvider
from tests.store_helpers import GUEST, HOME, fill_cart
from tests.test_store.hostile_text import BLANK, PLAIN, hostile, row_counts, with_bad_character

COUNTRIES = sorted(shop_settings().vat_rates)
MODES = [m.code for m in shop_settings().delivery_modes]
LIMITS = {"name": 120, "line1": 200, "line2": 200, "postal_code": 20, "city": 120}
HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]


class CountingProvider(TestPaymentProvider):
    """The test provider, counting the charges it was asked for."""

    __test__ = False

    def __init__(self) -> None:
        super().__init__()
        self.charges = 0

    def charge(self, **kwargs):  # type: ignore[no-untyped-def]
        self.charges += 1
        return super().charge(**kwargs)


def not_an_email() -> st.SearchStrategy[str]:
    return st.one_of(
        hostile(254),
        PLAIN.filter(lambda s: "@" not in s),
        st.builds(lambda a, b: f"{a}@{b}", PLAIN, PLAIN).filter(lambda s: "." not in s.split("@", 1)[1]),
        st.just("a b@example.org"),
    )


def not_a_phone() -> st.SearchStrategy[str]:
    return st.one_of(
        with_bad_character(),
        st.text(st.characters(categories=["L"]), min_size=1, max_size=10).filter(lambda s: s.strip()),
        st.text(st.sampled_from("0123456789"), min_size=41, max_size=60),
        st.text(st.sampled_from("0123456789"), min_size=1, max_size=4),
    )


def unknown_country() -> st.SearchStrategy[str]:
    return st.one_of(hostile(2), st.text(max_size=4)).filter(lambda c: c.strip().upper() not in COUNTRIES)


def unknown_mode() -> st.SearchStrategy[str]:
    return st.one_of(with_bad_character(), PLAIN).filter(lambda m: m.strip() and m.strip() not in MODES)


# (which object, field, bad value)
BAD_DETAILS = st.one_of(
    st.tuples(st.just("buyer"), st.just("email"), not_an_email()),
    st.tuples(st.just("buyer"), st.just("name"), hostile(120)),
    st.tuples(st.just("buyer"), st.just("phone"), not_a_phone()),
    st.tuples(st.just("delivery"), st.just("country"), unknown_country()),
    st.tuples(st.just("delivery"), st.just("mode"), unknown_mode()),
    st.tuples(st.just("delivery"), st.just("line2"), hostile(200, required=False)),
    st.tuples(st.just("delivery"), st.just("postal_code"), st.just("--")),
    *(
        st.tuples(st.just("delivery"), st.just(field), hostile(limit))
        for field, limit in LIMITS.items()
        if field != "line2"
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=HEALTH)
@given(bad=BAD_DETAILS)
def test_hostile_details_are_refused_and_nothing_is_charged_or_written(shop, bad):
    which, field, value = bad
    provider = CountingProvider()
    with Session(shop) as session:
        cart = fill_cart(session)
        total = view_cart(session=session, cart=cart, delivery=HOME).quote.total.to_minor()
    before = row_counts(shop)
    buyer, delivery = GUEST, HOME
    if which == "buyer":
        buyer = dataclasses.replace(GUEST, **{field: value})
    else:
        delivery = dataclasses.replace(HOME, **{field: value})
    with Session(shop) as session, pytest.raises(StoreError) as refused:
        place_order(
            session=session,
            cart=cart,
            buyer=buyer,
            delivery=delivery,
            payment=PaymentDetails(card=TEST_CARD_OK, amount_minor=total),
            idempotency_key=f"hostile-{cart}",
            provider=provider,
        )
    assert refused.value.code is ErrorCode.BAD_INPUT
    assert field in refused.value.data["problems"], refused.value.data
    assert refused.value.data["field"] == field
    assert provider.charges == 0
    assert row_counts(shop) == before
    with Session(shop) as session:  # the cart is still open and can be ordered
        assert view_cart(session=session, cart=cart, delivery=HOME).cart.status == "open"


def some_text(limit: int) -> st.SearchStrategy[str]:
    """Printable text with at least one letter or digit, padded with blanks, within `limit`."""
    core = st.text(st.characters(categories=["L", "N", "P", "Zs", "S", "M"], exclude_characters="\x85"), max_size=40)
    return st.builds(
        lambda pad1, letter, text, pad2: (pad1 + letter + text)[: limit - len(pad2)] + pad2,
        BLANK,
        st.characters(categories=["L", "N"]),
        core,
        BLANK,
    )


VALID = st.fixed_dictionaries(
    {
        "email": st.emails().filter(lambda e: len(e) <= 254),
        "name": some_text(120),
        "phone": st.one_of(st.none(), st.just(""), st.from_regex(r"\A\+?[0-9]{5,12}( [0-9]{2,6})?\Z")),
        "line1": some_text(200),
        "line2": st.one_of(st.just(""), some_text(200)),
        "postal_code": some_text(20),
        "city": some_text(120),
        "country": st.sampled_from(COUNTRIES).flatmap(lambda c: st.sampled_from([c, c.lower(), f" {c} "])),
        "mode": st.one_of(st.none(), st.sampled_from(MODES)),
    }
)


@settings(max_examples=12, deadline=None, suppress_health_check=HEALTH)
@given(details=VALID)
def test_valid_details_place_the_order_as_typed(shop, details):
    buyer = Buyer(email=details["email"], name=details["name"], phone=details["phone"])
    delivery = dataclasses.replace(
        HOME, **{k: details[k] for k in ("name", "line1", "line2", "postal_code", "city", "country", "mode")}
    )
    with Session(shop) as session:
        cart = fill_cart(session)
        estimate = dataclasses.replace(delivery, country=details["country"].strip().upper())
        total = view_cart(session=session, cart=cart, delivery=estimate).quote.total.to_minor()
        placed = place_order(
            session=session,
            cart=cart,
            buyer=buyer,
            delivery=delivery,
            payment=PaymentDetails(card=TEST_CARD_OK, amount_minor=total),
            idempotency_key=f"valid-{cart}",
        )
        order = get_order(session=session, order=placed.token).order
    assert order.contact_email == details["email"].strip().lower()
    assert order.contact_name == details["name"].strip()
    assert order.contact_phone == ((details["phone"] or "").strip() or None)
    assert (order.ship_line1, order.ship_line2) == (details["line1"].strip(), details["line2"].strip())
    assert (order.ship_postal_code, order.ship_city) == (details["postal_code"].strip(), details["city"].strip())
    assert order.ship_country == details["country"].strip().upper()


def test_an_empty_address_lists_every_missing_field(shop):
    with Session(shop) as session:
        cart = fill_cart(session)
        empty = dataclasses.replace(HOME, name=" ", line1="", postal_code="", city="\t", country="")
        with pytest.raises(StoreError) as refused:
            place_order(
                session=session,
                cart=cart,
                buyer=GUEST,
                delivery=empty,
                payment=PaymentDetails(card=TEST_CARD_OK, amount_minor=1),
                idempotency_key="empty-address",
            )
    assert set(refused.value.data["problems"]) == {"name", "line1", "postal_code", "city", "country"}
    assert "Street and number: please fill this in" in refused.value.message
