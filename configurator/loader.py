"""``load_problem(path)``: pick an importer by file extension.

Extension point: the catalog compiler registers ``.yaml``/``.yml`` with
:func:`register_loader` (``register_loader(".yaml", compile_catalog_file)``), so this
package never imports ``modules`` itself (dependencies point ``modules -> configurator``).
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


def register_loader(suffix: str, loader: Loader) -> None:
    """Make ``load_problem`` handle files ending in ``suffix`` (e.g. ``".yaml"``)."""
    LOADERS[suffix.lower()] = loader


def load_problem(path: str | Path) -> Problem:
    p = Path(path)
    loader = LOADERS.get(p.suffix.lower())
    if loader is None:
        if p.suffix.lower() in (".yaml", ".yml"):
            raise ModelError(
                f"{p}: catalog YAML is compiled by the catalog layer; it has not registered "
                "a loader (configurator.loader.register_loader('.yaml', ...))"
            )
        known = ", ".join(sorted(LOADERS))
        raise ModelError(f"{p}: unknown model format {p.suffix!r} (known: {known})")
    return loader(p)
