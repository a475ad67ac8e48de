"""Importers of standard configuration-model formats into :class:`Problem`.

* :mod:`configurator.importers.xcsp`: XCSP 2.1 extensional (table) instances.
* :mod:`configurator.importers.dimacs`: DIMACS CNF, variable names from ``c i name`` or
  ``c N name`` comments.
* :mod:`configurator.importers.uvl`: UVL feature models (Boolean part).
"""

from __future__ import annotations

from pathlib import Path


def read_text_safely(path: str | Path) -> str:
    """Read a model file as text (UTF-8, BOM tolerated)."""
    return Path(path).read_text(encoding="utf-8-sig")
