"""The configure page's "why not?" panel asks the store (`why_unavailable`, memoised per catalog
version and choices, the answer the API's state gives), not the engine directly: the page shows the
store's reason, and its first repair button makes the store's repaired design."""

from __future__ import annotations

import pytest

from modules.selection import dump_selection, parse_selection
from store import configuration_checks as checks
from store.catalogs import catalog_of, current_version
from store.configuration import selection_key
from store.db import transaction
from tests.test_ui.buyer_app import app_at


@pytest.fixture(autouse=True)
def _empty_memos():
    checks._REASONS.clear()
    checks._OPTIONS.clear()


def _published(engine, product):
    with transaction(engine) as session:
        version = current_version(session=session, product_code=product)
        return catalog_of(version), version.fingerprint


def _page_selection(at, catalog):
    return parse_selection(catalog, dict(at.session_state[f"selection:{catalog.code}"]))


def _why_text(at) -> str:
    return " ".join(m.value for m in at.markdown).replace("\\", "")


def _asked_the_store(catalog, fingerprint, selection, module, option) -> bool:
    """Whether the store's memo holds this option's answer (keyed without the module's own choice)."""
    base = tuple(item for item in selection_key(selection) if item[0] != module)
    return (catalog.code, fingerprint, module, option, base) in checks._OPTIONS


def test_the_page_shows_the_stores_reason_and_repair(db):
    # given a linen T-shirt, where black is not available
    catalog, fingerprint = _published(db, "tshirt")
    at = app_at("pages/buyer/configure.py", product="tshirt").run()
    at.button(key="opt:fabric:linen").click().run()
    selection = _page_selection(at, catalog)
    # when the buyer asks why black is unavailable
    at.button(key="opt:colour:black").click().run()
    assert not at.exception
    # then the page asked the store, and shows its reason and repair
    assert _asked_the_store(catalog, fingerprint, selection, "colour", "black")
    why = checks.why_unavailable(
        catalog=catalog, fingerprint=fingerprint, selection=selection, module="colour", option="black"
    )
    assert why.repair is not None and why.repair.change == ("fabric",)
    chosen = ", ".join(f"{c.name}: {c.value}" for c in why.reason.conflicts)
    assert f"because you chose {chosen}." in _why_text(at)
    assert at.button(key="repair:0").label == "Change Fabric and take Black"
    at.button(key="repair:0").click().run()
    assert not at.exception
    assert at.session_state["selection:tshirt"] == dump_selection(why.repair.selection)


def test_leaving_a_module_empty_is_explained_by_the_store_too(db):
    # given a PC whose processor needs a graphics card
    catalog, fingerprint = _published(db, "pc")
    at = app_at("pages/buyer/configure.py", product="pc").run()
    at.button(key="opt:cpu:i5-14400f").click().run()
    selection = _page_selection(at, catalog)
    # when the buyer asks why "None" is unavailable for the card
    at.button(key="opt:gpu:none").click().run()
    assert not at.exception
    # then the store answered, and the page's repair is the store's
    assert _asked_the_store(catalog, fingerprint, selection, "gpu", None)
    why = checks.why_unavailable(
        catalog=catalog, fingerprint=fingerprint, selection=selection, module="gpu", option=None
    )
    assert why.repair is not None
    at.button(key="repair:0").click().run()
    assert not at.exception
    assert at.session_state["selection:pc"] == dump_selection(why.repair.selection)
