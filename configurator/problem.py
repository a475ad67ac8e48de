"""The generic finite-domain problem the engine works on.

A :class:`Problem` is a list of :class:`Variable` (a name and value labels; the engine works
on value *indices*) and constraints, each carrying a ``rule`` code used in explanations:

* :class:`Table`: the allowed rows (``negative=False``) or forbidden rows (``negative=True``)
  of a scope of variables, as an ``int32`` numpy array of value indices, shape
  ``(rows, len(scope))``.
* :class:`Clause`: a disjunction of literals ``(var, value_index, positive)`` meaning
  ``var == value`` (positive) or ``var != value`` (negative); CNF feature models map here.

Everything is frozen; ``Problem.fingerprint()`` is a stable sha256 of the content, the cache
key of compiled models.

Encoding advice for compilers (catalog -> Problem), best performance first:

* one variable per single-choice attribute, its options as values; "not applicable" (an
  optional module left out) is an ordinary extra value, as the Renault models do with -1;
  a Table then ties it to the choice that makes the module absent;
* a multi-choice attribute (pick any of n extras) is n two-valued variables ("0", "1");
  cardinality limits become Tables or Clauses over them;
* numeric options (sizes, lengths) are discretised to the values actually sold; a rule
  like "width <= 2 * depth" becomes a Table of the allowed (width, depth) pairs;
* prefer one Table over many Clauses for the same scope, keep scopes small, and give
  each constraint the merchandiser's rule code: it is what explanations show. Several
  constraints may share one rule code.

>>> colour = Variable("colour", ("red", "blue"))
>>> size = Variable("size", ("S", "M", "L"))
>>> p = Problem((colour, size), (Table((0, 1), [(0, 0), (1, 1), (1, 2)], rule="R1"),))
>>> p.index("size"), p.value_index(1, "L")
(1, 2)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from configurator.errors import ModelError, UnknownValueError, UnknownVariableError

IntArray = npt.NDArray[np.int32]
Literal = tuple[int, int, bool]


@dataclass(frozen=True)
class Variable:
    name: str
    values: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", tuple(str(v) for v in self.values))
        if not self.values:
            raise ModelError(f"variable {self.name!r} has an empty domain")
        if len(set(self.values)) != len(self.values):
            raise ModelError(f"variable {self.name!r} has duplicate values")

    @property
    def size(self) -> int:
        return len(self.values)


@dataclass(frozen=True, eq=False)
class Table:
    """Extensional constraint. ``tuples`` accepts any sequence of rows or a 2-D array."""

    scope: tuple[int, ...]
    tuples: IntArray
    rule: str
    negative: bool = False

    def __init__(
        self,
        scope: Sequence[int],
        tuples: Iterable[Sequence[int]] | npt.ArrayLike,
        rule: str,
        negative: bool = False,
    ) -> None:
        scope_t = tuple(int(v) for v in scope)
        rows = np.asarray(
            tuples if isinstance(tuples, np.ndarray) else list(tuples),  # type: ignore[arg-type]
            dtype=np.int32,
        )
        rows = rows.reshape(-1, len(scope_t)) if rows.size or not scope_t else rows
        if rows.size == 0:
            rows = np.zeros((0, len(scope_t)), dtype=np.int32)
        rows = np.ascontiguousarray(rows)
        rows.setflags(write=False)
        if len(set(scope_t)) != len(scope_t):
            raise ModelError(f"rule {rule}: repeated variable in scope {scope_t}")
        object.__setattr__(self, "scope", scope_t)
        object.__setattr__(self, "tuples", rows)
        object.__setattr__(self, "rule", str(rule))
        object.__setattr__(self, "negative", bool(negative))


@dataclass(frozen=True)
class Clause:
    """``OR`` of literals; a literal ``(var, value, True)`` means var == value."""

    literals: tuple[Literal, ...]
    rule: str

    def __post_init__(self) -> None:
        lits = tuple((int(v), int(a), bool(p)) for v, a, p in self.literals)
        object.__setattr__(self, "literals", lits)

    @property
    def scope(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(v for v, _, _ in self.literals))


Constraint = Table | Clause


@dataclass(frozen=True)
class Problem:
    variables: tuple[Variable, ...]
    constraints: tuple[Constraint, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "variables", tuple(self.variables))
        object.__setattr__(self, "constraints", tuple(self.constraints))
        n = len(self.variables)
        if len({v.name for v in self.variables}) != n:
            raise ModelError("duplicate variable names")
        sizes = self.domain_sizes
        for c in self.constraints:
            if isinstance(c, Table):
                if any(not 0 <= v < n for v in c.scope):
                    raise ModelError(f"rule {c.rule}: scope {c.scope} out of range")
                if c.tuples.shape[0]:
                    dom = np.array([sizes[v] for v in c.scope], dtype=np.int32)
                    if (c.tuples < 0).any() or (c.tuples >= dom).any():
                        raise ModelError(f"rule {c.rule}: a row has an out-of-range value")
            else:
                for v, a, _ in c.literals:
                    if not 0 <= v < n or not 0 <= a < sizes[v]:
                        raise ModelError(f"rule {c.rule}: literal ({v}, {a}) out of range")

    @property
    def domain_sizes(self) -> list[int]:
        return [v.size for v in self.variables]

    @cached_property
    def _names(self) -> dict[str, int]:
        return {v.name: i for i, v in enumerate(self.variables)}

    def index(self, name: str | int) -> int:
        """Variable index from a name (or a validated index)."""
        if not isinstance(name, str):
            if not isinstance(name, bool) and 0 <= name < len(self.variables):
                return int(name)
            raise UnknownVariableError(name)
        try:
            return self._names[name]
        except KeyError:
            raise UnknownVariableError(name) from None

    def value_index(self, var: int, value: str | int) -> int:
        """Value index of ``value`` (a label, or an index) for variable ``var``."""
        variable = self.variables[var]
        if isinstance(value, str):
            try:
                return variable.values.index(value)
            except ValueError:
                raise UnknownValueError(variable.name, value) from None
        if 0 <= value < variable.size:
            return int(value)
        raise UnknownValueError(variable.name, value)

    def resolve(self, assignment: dict[str, str] | dict[int, int] | dict[Any, Any]) -> dict[int, int]:
        """Validate a ``{name or index: label or index}`` mapping into indices."""
        out: dict[int, int] = {}
        for k, val in assignment.items():
            i = self.index(k)
            out[i] = self.value_index(i, val)
        return out

    def fingerprint(self) -> str:
        """Stable sha256 of the content (names, labels, constraints, rule codes)."""
        h = hashlib.sha256(b"configurator-problem-v1\0")
        for v in self.variables:
            h.update(b"V" + _enc(v.name))
            for label in v.values:
                h.update(b"v" + _enc(label))
        for c in self.constraints:
            if isinstance(c, Table):
                h.update(b"T-" if c.negative else b"T+")
                h.update(_enc(c.rule))
                h.update(np.asarray(c.scope, dtype="<i4").tobytes())
                h.update(np.asarray(c.tuples.shape, dtype="<i8").tobytes())
                h.update(c.tuples.astype("<i4").tobytes())
            else:
                h.update(b"C" + _enc(c.rule))
                for var, val, pos in c.literals:
                    h.update(np.asarray([var, val, int(pos)], dtype="<i4").tobytes())
        return h.hexdigest()


def _enc(s: str) -> bytes:
    b = s.encode()
    return len(b).to_bytes(4, "little") + b
