"""Catalog drafts: optimistic locking, validation by the loader, audit rows, publish and withdraw."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from modules.errors import CatalogError
from store.catalogs import current_version
from store.customers import register
from store.drafts import (
    changes,
    draft_catalog,
    import_catalog,
    open_draft,
    publish_draft,
    save_draft,
    withdraw_version,
)
from store.errors import ErrorCode, StoreError
from store.tables import AuditEntry, CustomerCreate
from tests.factories import SMALL_CATALOG


def account(session, email, role):
    data = CustomerCreate(email=email, name=email.split("@")[0], password="long-enough-1")
    return register(session=session, data=data, role=role).id


@pytest.fixture
def staff(shop):
    with Session(shop) as s:
        return {
            "mia": account(s, "mia@example.org", "merchandiser"),
            "max": account(s, "max@example.org", "merchandiser"),
            "bob": account(s, "bob@example.org", "buyer"),
            "ops": account(s, "ops@example.org", "operations"),
        }


def test_only_merchandisers_and_admins_open_drafts(shop, staff):
    with Session(shop) as s:
        for who in ("bob", "ops"):
            with pytest.raises(StoreError) as err:
                open_draft(session=s, product_code="mug", actor_id=staff[who])
            assert err.value.code is ErrorCode.FORBIDDEN
        draft = open_draft(session=s, product_code="mug", actor_id=staff["mia"])
    assert draft.version == 1 and draft_catalog(draft).code == "mug"


def test_the_second_save_of_a_stale_draft_is_refused(shop, staff):
    with Session(shop) as s:
        draft = open_draft(session=s, product_code="mug", actor_id=staff["mia"])
        mine = draft.source_yaml.replace("Custom mug", "Custom mug by Mia")
        theirs = draft.source_yaml.replace("Custom mug", "Custom mug by Max")
        saved = save_draft(
            session=s,
            product_code="mug",
            source_yaml=mine,
            csv_files={},
            expected_version=1,
            actor_id=staff["mia"],
            what="name",
        )
        assert saved.version == 2
        with pytest.raises(StoreError) as err:
            save_draft(
                session=s,
                product_code="mug",
                source_yaml=theirs,
                csv_files={},
                expected_version=1,
                actor_id=staff["max"],
                what="name",
            )
        assert err.value.code is ErrorCode.STALE_DRAFT
        assert "reload" in err.value.message
        assert open_draft(session=s, product_code="mug", actor_id=staff["max"]).source_yaml == mine


def test_an_invalid_draft_is_not_saved_and_errors_are_located(shop, staff):
    with Session(shop) as s:
        draft = open_draft(session=s, product_code="mug", actor_id=staff["mia"])
        broken = draft.source_yaml.replace(
            "conditions: [{size: small}, {extras: lid}]", "conditions: [{size: tiny}, {extras: lid}]"
        )
        with pytest.raises(CatalogError) as err:
            save_draft(
                session=s,
                product_code="mug",
                source_yaml=broken,
                csv_files={},
                expected_version=1,
                actor_id=staff["mia"],
                what="rule",
            )
        assert err.value.problems[0].line > 0
        assert open_draft(session=s, product_code="mug", actor_id=staff["mia"]).version == 1


def test_every_save_writes_who_what_before_and_after(shop, staff):
    with Session(shop) as s:
        draft = open_draft(session=s, product_code="mug", actor_id=staff["mia"])
        after = draft.source_yaml.replace("price: 3.00", "price: 3.50")
        save_draft(
            session=s,
            product_code="mug",
            source_yaml=after,
            csv_files={},
            expected_version=1,
            actor_id=staff["mia"],
            what="options of size",
        )
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "draft.save")).one()
    assert entry.actor == f"customer:{staff['mia']}"
    assert entry.data["what"] == "options of size"
    [change] = entry.data["changes"]
    assert change["path"] == "modules.size"
    assert change["before"]["options"][1]["price"] == 3.0 and change["after"]["options"][1]["price"] == 3.5


def test_publish_makes_a_new_version_and_removes_the_draft(shop, staff):
    with Session(shop) as s:
        draft = open_draft(session=s, product_code="mug", actor_id=staff["mia"])
        after = draft.source_yaml.replace("price: 3.00", "price: 3.50")
        draft = save_draft(
            session=s,
            product_code="mug",
            source_yaml=after,
            csv_files={},
            expected_version=1,
            actor_id=staff["mia"],
            what="price",
        )
        with pytest.raises(StoreError) as err:
            publish_draft(session=s, product_code="mug", expected_version=1, actor_id=staff["mia"])
        assert err.value.code is ErrorCode.STALE_DRAFT
        version = publish_draft(session=s, product_code="mug", expected_version=2, actor_id=staff["mia"])
        assert version.version == 2
        assert current_version(session=s, product_code="mug").version == 2
        assert open_draft(session=s, product_code="mug", actor_id=staff["mia"]).based_on_id == version.id


def test_a_scheduled_version_goes_on_sale_at_its_time_and_a_withdrawn_one_stops(shop, staff):
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    with Session(shop) as s:
        draft = open_draft(session=s, product_code="mug", actor_id=staff["mia"])
        save_draft(
            session=s,
            product_code="mug",
            source_yaml=draft.source_yaml.replace("12.00", "13.00"),
            csv_files={},
            expected_version=1,
            actor_id=staff["mia"],
            what="base price",
        )
        scheduled = publish_draft(
            session=s, product_code="mug", expected_version=2, actor_id=staff["mia"], effective_from=later
        )
        assert current_version(session=s, product_code="mug").version == 1
        first = current_version(session=s, product_code="mug")
        withdraw_version(session=s, version_id=first.id, actor_id=staff["mia"])
        assert current_version(session=s, product_code="mug") is None
        assert scheduled.version == 2


def test_publishing_unchanged_content_is_refused(shop, staff):
    with Session(shop) as s:
        open_draft(session=s, product_code="mug", actor_id=staff["mia"])
        with pytest.raises(StoreError) as err:
            publish_draft(session=s, product_code="mug", expected_version=1, actor_id=staff["mia"])
        assert "already" in err.value.message


def test_import_validates_first_and_never_replaces_a_draft_silently(shop, staff):
    with Session(shop) as s:
        with pytest.raises(CatalogError):
            import_catalog(session=s, source_yaml="format: 1\ncode: mug\n", csv_files={}, actor_id=staff["mia"])
        open_draft(session=s, product_code="mug", actor_id=staff["max"])
        text = SMALL_CATALOG.replace("Custom mug", "Imported mug")
        with pytest.raises(StoreError) as err:
            import_catalog(session=s, source_yaml=text, csv_files={}, actor_id=staff["mia"])
        assert err.value.code is ErrorCode.STALE_DRAFT
        draft = import_catalog(session=s, source_yaml=text, csv_files={}, actor_id=staff["mia"], replace_version=1)
        assert draft_catalog(draft).name == "Imported mug"


def test_changes_lists_each_changed_section():
    assert changes("a: 1\nb: 2", "a: 1\nb: 3\nc: 4") == [
        {"path": "b", "before": 2, "after": 3},
        {"path": "c", "before": None, "after": 4},
    ]
