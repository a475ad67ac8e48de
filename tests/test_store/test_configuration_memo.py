"""The in-process memos behind the configure view (shared by the page and the API): each value is
built once however many requests ask at the same moment, the least recently used goes first, an
expired one is rebuilt, a failure is not remembered; and the view is the one the engine and
pricing give for the selection."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from configurator.catalog_engine import CatalogEngine, InconsistentSelectionError
from modules.loader import load_catalog
from pricing.bounds import PriceBounds
from store.configuration import compiled_engine, configuration_view, selection_key, selection_of
from store.memo import Memo
from tests.conftest import ROOT


def test_concurrent_requests_build_a_value_once():
    memo: Memo[str, object] = Memo(size=4)
    started, release = threading.Event(), threading.Event()
    builds: list[int] = []

    def build() -> object:
        builds.append(1)
        started.set()
        release.wait(5)
        return object()

    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(memo.get("engine", build))) for _ in range(8)]
    for thread in threads:
        thread.start()
    started.wait(5)
    release.set()
    for thread in threads:
        thread.join(5)
    assert len(builds) == 1 and len(results) == 8 and len({id(r) for r in results}) == 1


def test_the_least_recently_used_entry_goes_first_and_failures_are_not_kept():
    memo: Memo[int, int] = Memo(size=3)
    for key in (1, 2, 3):
        memo.get(key, lambda key=key: key * 10)
    memo.get(1, lambda: -1)  # 1 is used again: 2 is now the oldest
    memo.get(4, lambda: 40)
    assert [k in memo for k in (1, 2, 3, 4)] == [True, False, True, True]

    def fail() -> int:
        raise RuntimeError("compile failed")

    with pytest.raises(RuntimeError):
        memo.get(5, fail)
    assert 5 not in memo and memo.get(5, lambda: 50) == 50


def test_an_expired_entry_is_built_again():
    memo: Memo[str, int] = Memo(size=2, ttl_seconds=0)
    counter = iter(range(100))
    first = memo.get("popularity", lambda: next(counter))
    assert memo.get("popularity", lambda: next(counter)) == first + 1


def test_the_view_is_what_the_engine_and_pricing_say():
    catalog = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
    fingerprint = catalog.fingerprint()
    selection = {"fabric": "linen", "cut": "tee"}
    day = dt.date(2026, 11, 6)
    view = configuration_view(catalog=catalog, fingerprint=fingerprint, selection=selection, day=day, quantity=3)
    engine = CatalogEngine(catalog)
    bounds = PriceBounds(engine.model, engine.engine, date=day, quantity=3)
    assert view.state == engine.state(selection)
    assert view.info == bounds.info_at(engine.assignment(selection))
    assert view.effects == bounds.effects(engine.assignment(selection))
    assert view.full == engine.complete(selection) and view.quote is None
    again = configuration_view(catalog=catalog, fingerprint=fingerprint, selection=dict(selection), day=day, quantity=3)
    assert again is view  # the same selection, in any order, is computed once
    assert compiled_engine(catalog=catalog, fingerprint=fingerprint) is compiled_engine(
        catalog=catalog, fingerprint=fingerprint
    )
    assert selection_of(selection_key({"placement": frozenset({"back", "front"})})) == {
        "placement": frozenset({"back", "front"})
    }
    with pytest.raises(InconsistentSelectionError):
        configuration_view(
            catalog=catalog,
            fingerprint=fingerprint,
            selection={"fabric": "linen", "colour": "black"},
            day=day,
            quantity=1,
        )
