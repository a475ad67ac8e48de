"""Every read-only staff service checks the role itself: anonymous (no account), a buyer and a
deactivated staff account are refused, whatever the page did."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from store import analytics, analytics_kpis, crm, drafts, funnel, materials, operations, order_detail, purchasing
from store.errors import ErrorCode, StoreError
from store.staff_accounts import list_accounts, set_active
from tests.store_helpers import staff_accounts

READS = {
    "option_popularity": lambda s, a: analytics.option_popularity(session=s, actor_id=a),
    "revenue_over_time": lambda s, a: analytics.revenue_over_time(session=s, actor_id=a),
    "lead_times": lambda s, a: analytics.lead_times(session=s, actor_id=a),
    "review_scores": lambda s, a: analytics.review_scores(session=s, actor_id=a),
    "returns_by_reason": lambda s, a: analytics.returns_by_reason(session=s, actor_id=a),
    "kpis": lambda s, a: analytics_kpis.kpis(session=s, actor_id=a),
    "funnel": lambda s, a: funnel.funnel(session=s, actor_id=a),
    "list_orders": lambda s, a: operations.list_orders(session=s, actor_id=a),
    "order_detail": lambda s, a: order_detail.order_detail(session=s, actor_id=a, order="x" * 32),
    "stock_levels": lambda s, a: materials.stock_levels(session=s, actor_id=a),
    "purchase_needs": lambda s, a: purchasing.purchase_needs(session=s, actor_id=a),
    "list_customers": lambda s, a: crm.list_customers(session=s, actor_id=a),
    "list_segments": lambda s, a: crm.list_segments(session=s, actor_id=a),
    "list_accounts": lambda s, a: list_accounts(session=s, actor_id=a),
    "families": lambda s, a: drafts.families(session=s, actor_id=a),
    "list_versions": lambda s, a: drafts.list_versions(session=s, actor_id=a, product_code="mug"),
    "version_catalog": lambda s, a: drafts.version_catalog(session=s, actor_id=a, version_id=1),
    "version_source": lambda s, a: drafts.version_source(session=s, actor_id=a, version_id=1),
    "get_draft": lambda s, a: drafts.get_draft(session=s, actor_id=a, product_code="mug"),
    "actor_name": lambda s, a: drafts.actor_name(session=s, actor_id=a, actor="customer:1"),
}
CATALOG_READS = ("list_versions", "version_catalog", "version_source", "get_draft", "actor_name")


@pytest.mark.parametrize("read", sorted(READS))
def test_anonymous_buyers_and_deactivated_staff_are_refused(engine, read):
    ids = staff_accounts(engine)
    with Session(engine) as s:
        set_active(session=s, actor_id=ids["admin"], customer_id=ids["merchandiser"], active=False)
        set_active(session=s, actor_id=ids["admin"], customer_id=ids["operations"], active=False)
        for actor in (10_000, ids["buyer"], ids["merchandiser"], ids["operations"]):
            with pytest.raises(StoreError) as err:
                READS[read](s, actor)
            assert err.value.code is ErrorCode.FORBIDDEN, (read, actor)


@pytest.mark.parametrize("read", CATALOG_READS)
def test_catalog_version_reads_are_for_merchandisers_and_admins(engine, read):
    ids = staff_accounts(engine)
    with Session(engine) as s:
        with pytest.raises(StoreError) as err:
            READS[read](s, ids["operations"])
        assert err.value.code is ErrorCode.FORBIDDEN
        for allowed in (ids["merchandiser"], ids["admin"]):
            try:
                READS[read](s, allowed)
            except StoreError as exc:  # nothing is published in this database
                assert exc.code is ErrorCode.NOT_FOUND, (read, exc)
