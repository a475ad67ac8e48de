"""`MDD.best_path(..., below=...)`: starting the sweep at the deepest restricted level from the
unrestricted costs-to-go gives exactly the answer of the full sweep (cost, path, ties alike), as
the repairs of every "why not?" answer rely on."""

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
        to_go = mdd.costs_to_go(costs)
        for _ in range(4):
            keep = {v: rng.randrange(sizes[v]) for v in rng.sample(range(mdd.n), rng.randint(1, min(3, mdd.n)))}
            allowed = mdd.allowed_mask(keep)
            deepest = max(int(mdd.level_of[v]) for v in keep)
            assert mdd.best_path(allowed, costs, below=(deepest, to_go)) == mdd.best_path(allowed, costs)
            compared += 1
    assert compared == 240
