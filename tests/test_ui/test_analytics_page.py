"""The analytics page: KPIs and charts from the database, filters, any staff role."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from store.customers import register
from store.db import transaction
from store.funnel import record_configure_started
from store.tables import CustomerCreate
from tests.conftest import ROOT
from tests.test_ui.buyer_app import seed_order, sign_in_as

PAGE = "pages/merchant/analytics.py"


def staff(engine, role):
    with transaction(engine) as s:
        data = CustomerCreate(email=f"{role}@example.org", name=role, password="long-enough-1")
        return register(session=s, data=data, role=role).id


def page(user_id):
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=60)
    sign_in_as(at, user_id)
    return at.run()


def metrics(at):
    return {m.label: m.value for m in at.metric}


def charts(at):
    return [c.proto.spec for c in at.get("plotly_chart")]


def test_operations_staff_see_kpis_and_every_chart(db):
    seed_order(db)
    seed_order(db)
    with transaction(db) as s:
        record_configure_started(session=s, product_code="tshirt", visit="visit-0001-a")
    at = page(staff(db, "operations"))
    assert not at.exception
    shown = metrics(at)
    assert shown["Orders"] == "2" and shown["Customers"] == "1" and shown["On time"] == "-"
    note = "Amounts in EUR; a sale in another currency counts at the rate it was sold at."
    assert any(note in c.value for c in at.caption)
    specs = charts(at)
    assert len(specs) == 6
    assert sum("No data yet" in spec for spec in specs) == 3  # lead times, reviews, returns: none yet
    assert "Started configuring" in specs[1]


def test_revenue_grouped_by_week_draws_week_wide_bars_on_a_date_axis(db):
    seed_order(db)
    at = page(staff(db, "merchandiser"))
    at.radio(key="an:bucket").set_value("week").run()
    assert not at.exception
    revenue = json.loads(charts(at)[0])
    assert revenue["layout"]["xaxis"]["type"] == "date"
    assert revenue["data"][0]["width"] == [0.8 * 7 * 86_400_000]


def test_a_family_without_sales_shows_no_data_yet(db):
    seed_order(db)
    at = page(staff(db, "merchandiser"))
    at.selectbox(key="an:family").set_value("bicycle").run()
    assert not at.exception
    assert metrics(at)["Orders"] == "0"
    assert all("No data yet" in spec for spec in charts(at))


def test_buyers_are_refused(db):
    with transaction(db) as s:
        buyer = register(session=s, data=CustomerCreate(email="b@example.org", name="B", password="long-enough-1")).id
    at = page(buyer)
    assert any("staff only" in e.value for e in at.error)
    assert not charts(at)
