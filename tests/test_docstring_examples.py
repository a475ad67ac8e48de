"""Every docstring example of every package runs as a test."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("i18n", "modules", "configurator", "pricing", "store", "render", "ui", "api")


def _modules() -> list[str]:
    names: list[str] = []
    for package in PACKAGES:
        module = importlib.import_module(package)
        names.append(package)
        if hasattr(module, "__path__"):
            names += [
                info.name
                for info in pkgutil.walk_packages(module.__path__, package + ".")
                if not info.name.endswith("__main__")
            ]
    return names


def _with_examples() -> list[str]:
    finder = doctest.DocTestFinder()
    return [name for name in _modules() if any(t.examples for t in finder.find(importlib.import_module(name)))]


@pytest.mark.parametrize("name", _with_examples())
def test_examples(name, monkeypatch):
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)  # examples load catalogs/ by relative path
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0


def test_the_engines_have_examples():
    assert {"modules.expr", "modules.text", "configurator.catalog_engine"} <= set(_with_examples())


def test_examples_of_store_and_ui_run_too():
    found = set(_with_examples())
    assert {"store.funnel", "store.payments", "render.preview.svg", "ui.staff_table_edit"} <= found
