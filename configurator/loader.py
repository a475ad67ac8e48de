"""``load_problem(path)``: pick an importer by file extension.

Catalog YAML files (``.yaml``/``.yml``) are loaded with ``modules.loader`` and compiled by
``configurator.catalog_model``; other formats can be added with :func:`register_loader`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from configurator.errors import ModelError
from configurator.importers.dimacs import load_dimacs
from configurator.importers.uvl import load_uvl
from configurator.importers.xcsp import load_xcsp
from configurator.problem import Problem

Loader = Callable[[Path], Problem]

LOADERS: dict[str, Loader] = {
    ".xml": load_xcsp,
    ".xcsp": load_xcsp,
    ".dimacs": load_dimacs,
    ".cnf": load_dimacs,
    ".uvl": load_uvl,
}


def _load_catalog_problem(path: Path) -> Problem:
    from configurator.catalog_model import compile_catalog
    from modules.loader import load_catalog

    return compile_catalog(load_catalog(path)).problem


LOADERS[".yaml"] = _load_catalog_problem
LOADERS[".yml"] = _load_catalog_problem


def register_loader(suffix: str, loader: Loader) -> None:
    """Make ``load_problem`` handle files ending in ``suffix`` (e.g. ``".yaml"``)."""
    LOADERS[suffix.lower()] = loader


def load_problem(path: str | Path) -> Problem:
    p = Path(path)
    loader = LOADERS.get(p.suffix.lower())
    if loader is None:
        known = ", ".join(sorted(LOADERS))
        raise ModelError(f"{p}: unknown model format {p.suffix!r} (known: {known})")
    return loader(p)
