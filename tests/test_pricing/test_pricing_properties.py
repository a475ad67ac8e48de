"""Invariants of quotes over random valid (and invalid) configurations of every sample catalog."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pricing_factories import SAMPLES, all_assignments, catalog_named, compiled, context, shop

from modules.selection import violations
from pricing.bounds import concrete_selection
from pricing.errors import QuoteError
from pricing.money import Money
from pricing.quote import CartItem, quote, quote_cart

CATALOGS = [*SAMPLES, "mug", "net-mug"]


def examples(n: int) -> settings:
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def valid_selection(name: str, seed: int) -> dict:
    cp, engine = compiled(name)
    costs = np.random.default_rng(seed).random(int(engine.val_off[-1]))
    found = engine.complete({}, costs)
    assert found is not None
    return concrete_selection(cp, found)


contexts = st.builds(
    lambda country, delivery, coupon, signed_in, points, redeem: context(
        country=country,
        delivery=delivery,
        coupon=coupon,
        signed_in=signed_in,
        loyalty_balance=points,
        redeem_points=redeem,
    ),
    country=st.sampled_from(sorted(shop().vat_rates)),
    delivery=st.sampled_from([m.code for m in shop().delivery_modes]),
    coupon=st.sampled_from([None, "NOPE", *(c.code for c in shop().coupons)]),
    signed_in=st.booleans(),
    points=st.integers(0, 100_000),
    redeem=st.integers(0, 100_000),
)


def check_adds_up(q) -> None:
    zero = Money.zero(q.currency)
    assert q.subtotal == Money.total((line.amount for line in q.lines), q.currency)
    assert q.discount_total == Money.total((d.amount for d in q.discounts), q.currency)
    assert q.total == q.subtotal - q.discount_total + q.shipping.amount + q.tax.added
    for figure in (q.subtotal, q.total, q.shipping.amount, q.tax.amount, q.discount_total):
        assert figure.is_rounded and figure >= zero
    assert all(d.amount > zero for d in q.discounts)
    assert q.discount_total <= q.subtotal
    assert q.delivery.ships_on <= q.delivery.earliest <= q.delivery.latest
    snap = q.to_minor_units()
    assert snap["total"] == snap["subtotal"] - snap["discount_total"] + snap["shipping"] + (
        0 if snap["tax_included"] else snap["tax"]
    )


@examples(800)
@given(st.sampled_from(CATALOGS), st.integers(0, 2**32 - 1), st.integers(1, 150), contexts)
def test_total_is_the_sum_of_its_parts_and_never_negative(name, seed, quantity, ctx):
    q = quote(catalog=catalog_named(name), selection=valid_selection(name, seed), quantity=quantity, context=ctx)
    check_adds_up(q)


@examples(300)
@given(
    st.lists(
        st.tuples(st.sampled_from(SAMPLES), st.integers(0, 2**32 - 1), st.integers(1, 30)), min_size=1, max_size=4
    ),
    contexts,
)
def test_carts_add_up_and_ship_once(entries, ctx):
    items = [CartItem(catalog_named(n), valid_selection(n, s), q) for n, s, q in entries]
    cart = quote_cart(items=items, context=ctx)
    check_adds_up(cart)
    assert cart.subtotal == Money.total((i.subtotal for i in cart.items), cart.currency)
    assert cart.delivery.production_days == max(i.production_days for i in cart.items)


@examples(400)
@given(st.sampled_from(CATALOGS), st.integers(0, 2**32 - 1), st.integers(1, 60), st.randoms(use_true_random=False))
def test_independent_of_the_order_of_choices_and_deterministic(name, seed, quantity, rnd: random.Random):
    selection = valid_selection(name, seed)
    keys = list(selection)
    rnd.shuffle(keys)
    shuffled = {
        k: (rnd.sample(sorted(v), len(v)) if isinstance(v, frozenset) else v)
        for k, v in ((k, selection[k]) for k in keys)
    }
    ctx = context(signed_in=True, coupon="WELCOME10", loyalty_balance=50, redeem_points=50)
    first = quote(catalog=catalog_named(name), selection=selection, quantity=quantity, context=ctx)
    again = quote(catalog=catalog_named(name), selection=selection, quantity=quantity, context=ctx)
    other = quote(catalog=catalog_named(name), selection=shuffled, quantity=quantity, context=ctx)
    assert first.as_json() == again.as_json() == other.as_json()
    assert first.to_minor_units() == other.to_minor_units()


@pytest.mark.parametrize("name", ["mug", "tshirt.yaml"])
def test_forbidden_configurations_are_never_priced_exhaustive_sample(name):
    cp, _ = compiled(name)
    catalog = catalog_named(name)
    checked = 0
    for assignment in all_assignments(cp) if name == "mug" else []:
        selection = concrete_selection(cp, assignment)
        check_forbidden(catalog, selection)
        checked += 1
    assert checked == (1440 if name == "mug" else 0)


def check_forbidden(catalog, selection) -> None:
    broken = violations(catalog, selection)
    try:
        quote(catalog=catalog, selection=selection, quantity=1, context=context())
    except QuoteError as exc:
        assert broken and exc.violations, exc
    else:
        assert not broken


@examples(600)
@given(st.sampled_from(CATALOGS), st.data())
def test_a_rule_forbidden_configuration_never_gets_a_price(name, data):
    cp, _ = compiled(name)
    module_vars = sorted({*cp.module_var.values(), *cp.option_var.values()})
    assignment = {v: data.draw(st.integers(0, cp.problem.variables[v].size - 1)) for v in module_vars}
    check_forbidden(catalog_named(name), concrete_selection(cp, assignment))
