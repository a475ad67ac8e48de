"""XCSP 2.1 extensional instances (``<domains>``, ``<variables>``, ``<relations>``,
``<constraints>``) into a :class:`Problem`.

Values keep their textual form as labels (``-1``, the "not applicable" joker of optional
variables in the Renault instances, is an ordinary value). ``supports`` relations become
positive tables, ``conflicts`` relations negative ones; the constraint name is the rule code.
Intensional constraints (predicates, global constraints) are refused with a clear error.

XML safety: the standard library parser expands internal entities, so any document that
declares a DOCTYPE or ENTITY is refused before parsing (no ``defusedxml`` dependency).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # DOCTYPE/ENTITY are refused before parsing
from pathlib import Path

import numpy as np
import numpy.typing as npt

from configurator.errors import ImportFormatError
from configurator.importers import read_text_safely
from configurator.problem import Constraint, Problem, Table, Variable

_UNSAFE = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def parse_xml_safely(text: str, path: str) -> ET.Element:
    if _UNSAFE.search(text):
        raise ImportFormatError(path, None, "DOCTYPE/ENTITY declarations are refused")
    try:
        return ET.fromstring(text)  # noqa: S314
    except ET.ParseError as exc:
        raise ImportFormatError(path, exc.position[0], f"malformed XML: {exc}") from None


def _domain_values(text: str) -> list[int]:
    out: list[int] = []
    for tok in text.split():
        if ".." in tok:
            lo, hi = tok.split("..")
            out.extend(range(int(lo), int(hi) + 1))
        else:
            out.append(int(tok))
    return out


def load_xcsp(path: str | Path) -> Problem:
    spath = str(path)
    root = parse_xml_safely(read_text_safely(path), spath)
    domains: dict[str, list[int]] = {}
    for d in root.iter("domain"):
        try:
            domains[d.get("name", "")] = _domain_values(d.text or "")
        except ValueError as exc:
            raise ImportFormatError(spath, None, f"domain {d.get('name')}: {exc}") from None
    variables: list[Variable] = []
    var_values: list[npt.NDArray[np.int64]] = []
    index: dict[str, int] = {}
    for v in root.iter("variable"):
        name, dom = v.get("name", ""), v.get("domain", "")
        if dom not in domains:
            raise ImportFormatError(spath, None, f"variable {name}: unknown domain {dom}")
        vals = domains[dom]
        index[name] = len(variables)
        variables.append(Variable(name, tuple(str(x) for x in vals)))
        var_values.append(np.asarray(vals, dtype=np.int64))
    relations: dict[str, tuple[np.ndarray, bool]] = {}
    for r in root.iter("relation"):
        arity = int(r.get("arity", "0"))
        sem = r.get("semantics", "supports")
        if sem not in ("supports", "conflicts"):
            raise ImportFormatError(spath, None, f"relation {r.get('name')}: semantics {sem}")
        raw = (r.text or "").replace("|", " ").split()
        rows = np.asarray([int(x) for x in raw], dtype=np.int64).reshape(-1, arity)
        relations[r.get("name", "")] = (rows, sem == "conflicts")
    constraints: list[Constraint] = []
    for c in root.iter("constraint"):
        name, ref = c.get("name", ""), c.get("reference", "")
        if ref not in relations:
            raise ImportFormatError(spath, None, f"constraint {name}: unsupported {ref!r}")
        try:
            scope = [index[s] for s in (c.get("scope") or "").split()]
        except KeyError as exc:
            raise ImportFormatError(spath, None, f"constraint {name}: {exc}") from None
        rows, negative = relations[ref]
        cols: list[np.ndarray] = []
        keep = np.ones(rows.shape[0], dtype=bool)
        for j, var in enumerate(scope):
            dvals = var_values[var]
            order = np.argsort(dvals)
            pos = np.searchsorted(dvals[order], rows[:, j]).clip(0, len(dvals) - 1)
            ok = dvals[order][pos] == rows[:, j]
            keep &= ok
            cols.append(order[pos])
        idx = np.stack(cols, axis=1)[keep] if cols else np.zeros((0, 0))
        constraints.append(Table(scope, idx.astype(np.int32), rule=name, negative=negative))
    return Problem(tuple(variables), tuple(constraints))
