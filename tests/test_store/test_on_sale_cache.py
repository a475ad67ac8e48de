"""The versions on sale as the API reads them (`store.on_sale`): kept per process for at most
CATALOG_CACHE_SECONDS, so a version another replica publishes is served once that bound has
passed; served at once by the process that publishes or withdraws; and an order keeps the version
it was sold under whatever is published after it."""

from __future__ import annotations

import time

import pytest
from sqlmodel import Session, select

from modules.loader import load_catalog_text
from settings import get_settings
from store.catalog_releases import withdraw_version
from store.catalogs import catalog_of, sync_folder
from store.on_sale import on_sale_version, on_sale_versions
from store.tables import CatalogVersion, Order, OrderLine
from tests.factories import SMALL_CATALOG
from tests.store_helpers import checkout, fill_cart, staff_accounts

DEARER = SMALL_CATALOG.replace("price: 12.00", "price: 13.00")


@pytest.fixture
def bound(monkeypatch):
    def set_bound(seconds: float) -> None:
        monkeypatch.setenv("CATALOG_CACHE_SECONDS", str(seconds))
        get_settings.cache_clear()

    return set_bound


def publish_elsewhere(engine, text: str) -> None:
    """What another replica's publication looks like from here: a new row, and nothing forgotten."""
    catalog = load_catalog_text(text, file="mug.yaml")
    with Session(engine) as session:
        latest = session.exec(select(CatalogVersion).where(CatalogVersion.product_code == "mug")).all()
        session.add(
            CatalogVersion(
                product_code="mug",
                name=catalog.name,
                category=catalog.category,
                fingerprint=catalog.fingerprint(),
                version=max(v.version for v in latest) + 1,
                content=catalog.model_dump_json(by_alias=True),
                source_yaml=text,
            )
        )
        session.commit()


def price_on_sale(engine) -> str:
    with Session(engine) as session:
        found = on_sale_version(session=session, product_code="mug")
        assert found is not None
        return str(found.catalog.base.price)


def test_another_replicas_publication_is_served_once_the_bound_has_passed(shop, bound):
    bound(0.4)
    assert price_on_sale(shop) == "12.00"
    publish_elsewhere(shop, DEARER)
    assert price_on_sale(shop) == "12.00"  # read less than the bound ago: not read again
    time.sleep(0.5)
    assert price_on_sale(shop) == "13.00"
    with Session(shop) as session:
        assert [v.version for v in on_sale_versions(session=session)] == [2]


def test_the_cache_can_be_turned_off(shop, bound):
    bound(0)
    assert price_on_sale(shop) == "12.00"
    publish_elsewhere(shop, DEARER)
    assert price_on_sale(shop) == "13.00"


def test_the_publishing_process_serves_its_publication_and_withdrawal_at_once(shop, tmp_path, bound):
    bound(60)
    assert price_on_sale(shop) == "12.00"
    with Session(shop) as session:
        assert [v.version for v in on_sale_versions(session=session)] == [1]
    folder = tmp_path / "dearer"
    folder.mkdir()
    (folder / "mug.yaml").write_text(DEARER)
    sync_folder(engine=shop, folder=folder)
    assert price_on_sale(shop) == "13.00"
    with Session(shop) as session:
        assert [v.version for v in on_sale_versions(session=session)] == [2]
        newest = on_sale_version(session=session, product_code="mug")
    assert newest is not None
    admin = staff_accounts(shop, roles=("admin",))["admin"]
    with Session(shop) as session:
        withdraw_version(session=session, version_id=newest.id, actor_id=admin)
    assert price_on_sale(shop) == "12.00"  # version 1 is on sale again


def test_an_order_keeps_the_version_it_was_sold_under(shop, tmp_path, bound):
    bound(60)
    assert price_on_sale(shop) == "12.00"
    with Session(shop) as session:
        order = checkout(session, fill_cart(session))
    folder = tmp_path / "dearer"
    folder.mkdir()
    (folder / "mug.yaml").write_text(DEARER)
    sync_folder(engine=shop, folder=folder)
    assert price_on_sale(shop) == "13.00"
    with Session(shop) as session:
        placed = session.exec(select(Order).where(Order.token == order.token)).one()
        (line,) = session.exec(select(OrderLine).where(OrderLine.order_id == placed.id)).all()
        sold = session.get(CatalogVersion, line.catalog_version_id)
        assert sold is not None and sold.version == 1 and str(catalog_of(sold).base.price) == "12.00"
