"""Every shipped catalog compiles, has valid products, and no dead option or dead value."""

from __future__ import annotations

import pytest

from configurator.catalog_model import compile_catalog
from configurator.engine import Engine
from modules.loader import load_catalog
from tests.conftest import ROOT

SAMPLES = sorted((ROOT / "catalogs").glob("*.yaml"))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_no_contradiction_and_no_dead_option(path):
    model = compile_catalog(load_catalog(path))
    engine = Engine(model.problem)
    assert engine.count() > 0
    choices = engine.valid_choices({})
    dead = [
        f"{variable.name}={label}"
        for var, variable in enumerate(model.problem.variables)
        if not variable.name.startswith("price:")
        for index, label in enumerate(variable.values)
        if index not in choices.values[var]
    ]
    assert dead == [], f"dead options in {path.name}: {dead}"


def test_count_cli_reads_catalog_yaml():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "configurator", "count", "catalogs/car.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    model = compile_catalog(load_catalog(ROOT / "catalogs" / "car.yaml"))
    assert int(result.stdout.strip().splitlines()[-1]) == Engine(model.problem).count()
