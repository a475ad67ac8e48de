"""Load errors: every problem in a catalog file, each located at file:line:column.

User errors (a broken catalog) are `CatalogError`; programmer errors stay ordinary exceptions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class ProblemCode(StrEnum):
    """What kind of problem a catalog has; stable codes for tools and tests."""

    FILE = "file"  # unreadable, too large, not UTF-8
    SYNTAX = "syntax"  # not YAML / not CSV
    DUPLICATE_KEY = "duplicate-key"
    ALIAS = "alias"  # YAML anchors/aliases are refused
    TYPE = "type"  # wrong type or value (from the schema)
    UNKNOWN_KEY = "unknown-key"
    MISSING_KEY = "missing-key"
    DUPLICATE_CODE = "duplicate-code"
    UNKNOWN_REFERENCE = "unknown-reference"
    EXPRESSION = "expression"
    CYCLE = "cycle"
    UNIT = "unit"
    NEGATIVE_PRICE = "negative-price"
    EMPTY = "empty"
    TOO_LARGE = "too-large"
    TEXT = "text"  # hostile or invalid text (control / bidi characters)
    INCONSISTENT = "inconsistent"  # e.g. two defaults in a single-choice module


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem. `line` and `column` are 1-based; 0 means unknown."""

    file: str
    line: int
    column: int
    code: ProblemCode
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class CatalogError(Exception):
    """A catalog could not be loaded; `problems` lists every problem found, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.message))
        )
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in catalog"
        super().__init__(head + ":\n" + "\n".join(str(p) for p in self.problems))

    @property
    def codes(self) -> set[ProblemCode]:
        return {p.code for p in self.problems}
