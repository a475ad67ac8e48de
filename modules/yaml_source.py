"""YAML to plain data, remembering where every value stood (line and column).

PyYAML's composer gives nodes with marks; we build the Python values ourselves so that we can
refuse what a catalog never needs and an attacker might use: duplicate keys (silently
overwritten by plain `yaml.safe_load`), anchors/aliases (exponential "billion laughs"
expansion), non-string keys, and floats (read as exact `Decimal` from their source text).
Numbers are bounded (at most 18 digits, magnitudes within 10^-15..10^15) and checked before
conversion; impossible dates, control and bidirectional characters are located where they stand.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from modules.errors import Problem, ProblemCode

Path = tuple[str | int, ...]

MAX_DEPTH = 64
# libyaml (the C parser) recurses per nesting level and crashes the process past ~30,000 levels;
# a node's block nesting is bounded by its column and its flow nesting by the open brackets, so
# these two limits keep it under 5,000 levels (the Python loader would be 20x slower).
MAX_LINE = 4_000
MAX_BRACKETS = 1_000
MAX_VALUES = 20_000  # keys, items and scalars in one file (the shipped catalogs have < 2,500)
MAX_INT_DIGITS = 18
MAX_FLOAT_DIGITS = 30
MAX_EXPONENT = 15
# C0/C1 controls other than tab, newline and carriage return; bidirectional controls (Trojan
# Source); zero-width and other invisible format characters are checked per value by the schema.
HOSTILE_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


@dataclass(frozen=True, slots=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based
    file: str | None = None  # set when the value came from another file (a CSV table)


@dataclass(slots=True)
class SourceMap:
    """Where each value of a parsed document stood; keys are paths like ('modules', 0, 'code')."""

    file: str
    positions: dict[Path, Position] = field(default_factory=dict)
    key_positions: dict[Path, Position] = field(default_factory=dict)
    scalar_styles: dict[Path, str | None] = field(default_factory=dict)

    def at(self, path: Path, *, key: bool = False) -> Position:
        """The position of `path`, or of its nearest located ancestor."""
        table = self.key_positions if key else self.positions
        for cut in range(len(path), -1, -1):
            found = table.get(path[:cut]) or self.positions.get(path[:cut])
            if found is not None:
                return found
        return Position(1, 1)

    def problem(self, path: Path, code: ProblemCode, message: str, *, key: bool = False) -> Problem:
        pos = self.at(path, key=key)
        return Problem(pos.file or self.file, pos.line, pos.column, code, message)

    def problem_in_text(self, path: Path, offset: int, code: ProblemCode, message: str) -> Problem:
        """A problem `offset` characters into the scalar at `path` (an expression)."""
        pos = self.at(path)
        quoted = 1 if self.scalar_styles.get(path) in {"'", '"'} else 0
        column = pos.column + quoted + offset if path in self.positions else pos.column
        return Problem(pos.file or self.file, pos.line, column, code, message)


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


_SCALAR = yaml.constructor.SafeConstructor()
# libyaml composes 10-20x faster than the pure-Python parser (the prescan keeps it safe)
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _pos(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


_DIGIT = re.compile(r"\d")


def _digits(text: str) -> int:
    return len(_DIGIT.findall(text.lower().partition("e")[0]))


def _float(node: yaml.ScalarNode, source: SourceMap, path: Path) -> Decimal:
    text = node.value.replace("_", "")
    if text.lower().lstrip("+-") in {".inf", ".nan"}:
        raise _Refused(source.problem(path, ProblemCode.TYPE, "infinite or NaN numbers are not allowed"))
    if ":" in text or _digits(text) > MAX_FLOAT_DIGITS or len(text) > 2 * MAX_FLOAT_DIGITS:
        raise _Refused(source.problem(path, ProblemCode.TYPE, f"a number has at most {MAX_FLOAT_DIGITS} digits"))
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _Refused(source.problem(path, ProblemCode.TYPE, f"'{node.value}' is not a number")) from None
    if number and not -MAX_EXPONENT <= number.adjusted() < MAX_EXPONENT:
        raise _Refused(
            source.problem(
                path,
                ProblemCode.TYPE,
                f"{node.value} is out of range: a number lies between 10^-{MAX_EXPONENT} and 10^{MAX_EXPONENT} in size",
            )
        )
    return number


def _scalar(node: yaml.ScalarNode, source: SourceMap, path: Path) -> Any:
    tag = node.tag
    if tag == "tag:yaml.org,2002:float":
        return _float(node, source, path)
    if tag == "tag:yaml.org,2002:int" and (_digits(node.value) > MAX_INT_DIGITS or ":" in node.value):
        # checked before conversion: int() of thousands of digits is slow or refused by Python
        raise _Refused(source.problem(path, ProblemCode.TYPE, f"a whole number has at most {MAX_INT_DIGITS} digits"))
    try:
        value = _SCALAR.construct_object(node)
    except yaml.YAMLError as exc:
        raise _Refused(source.problem(path, ProblemCode.SYNTAX, str(exc).splitlines()[0])) from None
    except (ValueError, OverflowError) as exc:  # e.g. a date 2024-13-45: "month must be in 1..12"
        kind = "date" if tag == "tag:yaml.org,2002:timestamp" else "value"
        raise _Refused(source.problem(path, ProblemCode.TYPE, f"'{node.value}' is not a valid {kind}: {exc}")) from None
    if isinstance(value, bool) and node.value.lower() not in {"true", "false"}:
        return node.value  # YAML 1.1 reads yes/no/on/off as booleans; option codes need them as text
    if isinstance(value, dt.datetime | dt.date | str | int | bool) or value is None:
        return value
    raise _Refused(source.problem(path, ProblemCode.TYPE, f"unsupported value type {type(value).__name__}"))


_SCALAR_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _build(node: yaml.Node, source: SourceMap, path: Path, seen: set[int], depth: int) -> Any:
    if id(node) in seen:
        raise _Refused(source.problem(path, ProblemCode.ALIAS, "YAML anchors and aliases are not allowed", key=True))
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise _Refused(source.problem(path, ProblemCode.TOO_LARGE, f"nesting deeper than {MAX_DEPTH} levels"))
    source.positions[path] = _pos(node)
    if len(source.positions) > MAX_VALUES:
        raise _Refused(source.problem(path, ProblemCode.TOO_LARGE, f"more than {MAX_VALUES:,} values in one file"))
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            raise _Refused(source.problem(path, ProblemCode.TYPE, f"YAML tag {_shown_tag(node.tag)} is not allowed"))
        source.scalar_styles[path] = node.style
        return _scalar(node, source, path)
    if isinstance(node, yaml.SequenceNode | yaml.MappingNode) and node.tag not in _COLLECTION_TAGS:
        # a tag on a collection (`!!python/object/apply:os.system [...]`) would otherwise be dropped silently
        raise _Refused(source.problem(path, ProblemCode.TYPE, f"YAML tag {_shown_tag(node.tag)} is not allowed"))
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, source, (*path, i), seen, depth + 1) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                pos = _pos(key_node)
                raise _Refused(Problem(source.file, pos.line, pos.column, ProblemCode.TYPE, "keys must be plain text"))
            key = str(key_node.value)
            if key == "<<":
                raise _Refused(source.problem(path, ProblemCode.ALIAS, "YAML merge keys (<<) are not allowed"))
            child = (*path, key)
            if key in result:
                line, column = _pos(key_node).line, _pos(key_node).column
                first = source.key_positions[child]
                raise _Refused(
                    Problem(
                        source.file,
                        line,
                        column,
                        ProblemCode.DUPLICATE_KEY,
                        f"key '{key}' appears twice (first at line {first.line})",
                    )
                )
            source.key_positions[child] = _pos(key_node)
            result[key] = _build(value_node, source, child, seen, depth + 1)
        return result
    raise _Refused(source.problem(path, ProblemCode.SYNTAX, "unsupported YAML node"))


def _located(text: str, index: int, file: str, code: ProblemCode, message: str) -> Problem:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Problem(file, line, column, code, message)


def _prescan(text: str, file: str) -> Problem | None:
    """What must be refused before the YAML parser sees the text, located where it stands."""
    hostile = HOSTILE_CHARACTERS.search(text)
    if hostile is not None:
        char = hostile.group()
        name = unicodedata.name(char, "control character")
        message = f"character U+{ord(char):04X} ({name}) is not allowed in a catalog file"
        return _located(text, hostile.start(), file, ProblemCode.TEXT, message)
    long_line = re.search(f"[^\n]{{{MAX_LINE + 1}}}", text)
    if long_line is not None:
        message = f"line longer than {MAX_LINE:,} characters"
        return _located(text, long_line.start(), file, ProblemCode.TOO_LARGE, message)
    depth = 0
    for bracket in re.finditer(r"[\[\]{}]", text):
        depth = depth + 1 if bracket.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_BRACKETS:
            message = f"more than {MAX_BRACKETS:,} nested brackets"
            return _located(text, bracket.start(), file, ProblemCode.TOO_LARGE, message)
    return None


def parse_yaml(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain data plus its source map; raise CatalogError."""
    from modules.errors import CatalogError

    source = SourceMap(file)
    text = text.removeprefix("\ufeff")
    hostile = _prescan(text, file)
    if hostile is not None:
        raise CatalogError([hostile])
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or exc.context or "invalid YAML"
        raise CatalogError([Problem(file, line, column, ProblemCode.SYNTAX, f"invalid YAML: {reason}")]) from None
    except yaml.YAMLError as exc:
        raise CatalogError([Problem(file, 1, 1, ProblemCode.SYNTAX, f"invalid YAML: {exc}")]) from None
    except RecursionError:
        raise CatalogError([Problem(file, 1, 1, ProblemCode.TOO_LARGE, "YAML nested too deeply")]) from None
    if node is None:
        raise CatalogError([Problem(file, 1, 1, ProblemCode.EMPTY, "the file is empty")])
    try:
        return _build(node, source, (), set(), 0), source
    except _Refused as refused:
        raise CatalogError([refused.problem]) from None
