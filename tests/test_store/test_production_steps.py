"""Production steps of an order line: each piece of work once, even when a shipped catalog names a
step both in its base and in a module (the sneaker's "Attach sole")."""

from __future__ import annotations

from pathlib import Path

import pytest

from configurator.catalog_engine import CatalogEngine
from modules.kinds import MultiChoice
from modules.loader import load_catalog
from store.products import production_steps

CATALOGS = sorted((Path(__file__).resolve().parents[2] / "catalogs").glob("*.yaml"))


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.stem)
def test_no_step_is_listed_twice(path: Path):
    catalog = load_catalog(path)
    engine = CatalogEngine(catalog)
    selection = engine.complete({})
    for module in catalog.modules:  # tick every box that still fits, so every module's steps count
        if isinstance(module, MultiChoice):
            for option in module.options:
                picks = selection.get(module.code) or frozenset()
                try:
                    selection = engine.choose(selection, module.code, sorted({*picks, option.code}))
                except Exception:
                    continue
    steps = production_steps(catalog, selection)
    names = [name.casefold() for _, name in steps]
    assert len(names) == len(set(names)), names
    assert [name for module, name in steps if module is None] == list(dict.fromkeys(catalog.base.production_steps))


def test_the_sneaker_attaches_its_sole_once_and_keeps_its_module_steps():
    catalog = load_catalog(CATALOGS[0].parent / "sneaker.yaml")
    selection = CatalogEngine(catalog).complete({})
    names = [name for _, name in production_steps(catalog, selection)]
    assert names.count("Attach sole") == 1 and names.count("Cut upper panels") == 1
    every_module_step = {n for m in catalog.modules for n in m.production_steps if selection.get(m.code)}
    assert every_module_step <= set(names)
