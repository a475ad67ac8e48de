"""`python -m configurator check|schema`, and the committed JSON Schema staying current."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import jsonschema
import pytest

from configurator.commands.schema import catalog_schema
from modules.yaml_source import parse_yaml
from tests.conftest import ROOT
from tests.factories import SMALL_CATALOG

SAMPLES = sorted((ROOT / "catalogs").glob("*.yaml"))


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "configurator", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_check_passes_on_the_sample_catalogs():
    result = cli("check", *map(str, SAMPLES))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": ok (") == len(SAMPLES)


def test_check_fails_with_located_problems(write_catalog):
    good = write_catalog(SMALL_CATALOG, "good.yaml")
    bad = write_catalog(SMALL_CATALOG.replace("{extras: lid}", "{extras: lidd}"), "bad.yaml")
    result = cli("check", str(good), str(bad))
    assert result.returncode == 1
    assert f"{bad}:" in result.stderr and "option 'lidd' is not an option of module 'extras'" in result.stderr
    assert "1 of 2 catalogs have problems" in result.stderr


def test_help_lists_the_commands():
    result = cli("--help")
    assert result.returncode == 0
    assert "check" in result.stdout and "schema" in result.stdout


def test_committed_schema_is_current():
    committed = json.loads((ROOT / "docs" / "catalog.schema.json").read_text())
    assert committed == json.loads(json.dumps(catalog_schema())), "run `make schema` and commit the result"


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_sample_catalogs_validate_against_the_schema(path):
    data, _ = parse_yaml(path.read_text(), str(path))
    jsonschema.validate(_jsonable(data), catalog_schema())


def test_schema_rejects_unknown_keys():
    data, _ = parse_yaml(SMALL_CATALOG.replace("category: kitchen", "category: kitchen\ncolour: red"), "x")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_jsonable(data), catalog_schema())
