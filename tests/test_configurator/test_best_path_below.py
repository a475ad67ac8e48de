"""`MDD.best_path(..., below=...)`: starting the sweep at the deepest restricted level, from the
sweep of an earlier search with the same costs that restricted no deeper level, gives exactly the
answer of the full sweep (cost, path, ties alike), as the repairs of every "why not?" answer rely on."""

from __future__ import annotations

import random

import numpy as np
import pytest

from configurator.catalog_engine import CatalogEngine
from configurator.mdd import MDD
from modules.loader import load_catalog
from tests.conftest import ROOT


@pytest.mark.parametrize("name", ["tshirt", "bicycle", "car", "pc", "table", "sneaker"])
def test_starting_below_the_deepest_restriction_changes_nothing(name):
    engine = CatalogEngine(load_catalog(ROOT / "catalogs" / f"{name}.yaml"))
    mdd = engine.engine._impl.mdd
    assert isinstance(mdd, MDD)
    rng = random.Random(7)
    sizes = [int(s) for s in mdd.domain_sizes]
    compared = 0
    for _ in range(60):
        costs = np.asarray([float(rng.choice([0, 1, 1, 2])) for _ in range(mdd.n_values)])
        first = {v: rng.randrange(sizes[v]) for v in rng.sample(range(mdd.n), 1)}
        sweeps: list = []
        assert mdd.best_path(mdd.allowed_mask(first), costs, sweeps=sweeps) == mdd.best_path(
            mdd.allowed_mask(first), costs
        )
        level = max(int(mdd.level_of[v]) for v in first)
        for _ in range(6):
            keep = {v: rng.randrange(sizes[v]) for v in rng.sample(range(mdd.n), rng.randint(1, min(3, mdd.n)))}
            deepest = max(int(mdd.level_of[v]) for v in keep)
            if deepest < level:
                continue
            allowed = mdd.allowed_mask(keep)
            assert mdd.best_path(allowed, costs, below=(deepest, sweeps[0])) == mdd.best_path(allowed, costs)
            compared += 1
    assert compared > 60
