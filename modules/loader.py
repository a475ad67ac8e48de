"""Load a catalog file: all or nothing, with every problem located at file:line:column.

>>> load_catalog("catalogs/tshirt.yaml").name
'Custom T-shirt'
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path as FilePath
from typing import Any

from pydantic import BaseModel, ValidationError

from modules.base import Frozen
from modules.catalog import Catalog
from modules.checks import Checker
from modules.errors import CatalogError, Problem, ProblemCode
from modules.expr import ExpressionError
from modules.yaml_source import HOSTILE_CHARACTERS, Path, Position, SourceMap, parse_yaml

MAX_FILE_BYTES = 256 * 1024  # the shipped catalogs are 8-21 kB
MAX_CSV_BYTES = 1024 * 1024
MAX_CSV_ROWS = 5_000
MAX_PROBLEMS = 100  # a file with 50,000 unknown keys lists the first ones, not all of them
PRICE_FIELDS = {"price", "amount", "unit_price", "base_price", "price_per_character", "price_if_present"}

CsvReader = Callable[[str], bytes | None]


def _read_limited(path: FilePath, limit: int, shown: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise CatalogError(
                [Problem(shown, 1, 1, ProblemCode.TOO_LARGE, f"file is {size:,} bytes; at most {limit:,}")]
            )
        return path.read_bytes()
    except OSError as exc:
        raise CatalogError([Problem(shown, 1, 1, ProblemCode.FILE, f"cannot read file: {exc.strerror}")]) from None


def _decode(raw: bytes, shown: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise CatalogError([Problem(shown, line, column, ProblemCode.FILE, "file is not valid UTF-8 text")]) from None


def load_catalog(path: str | FilePath) -> Catalog:
    """Load and check one catalog YAML file (CSV tables are read from its folder)."""
    file = FilePath(path)
    shown = str(path)
    raw = _read_limited(file, MAX_FILE_BYTES, shown)

    def read_csv(name: str) -> bytes | None:
        candidate = file.parent / name
        if not candidate.is_file():
            return None
        return _read_limited(candidate, MAX_CSV_BYTES, str(FilePath(shown).parent / name))

    return load_catalog_text(_decode(raw, shown), file=shown, read_csv=read_csv)


def load_catalog_text(text: str, *, file: str, read_csv: CsvReader | None = None) -> Catalog:
    """Load a catalog from text (an upload); `read_csv` returns a CSV table's bytes by name."""
    if len(text.encode()) > MAX_FILE_BYTES:
        raise CatalogError(
            [Problem(file, 1, 1, ProblemCode.TOO_LARGE, f"catalog is larger than {MAX_FILE_BYTES:,} bytes")]
        )
    data, source = parse_yaml(text, file)
    if not isinstance(data, dict):
        raise CatalogError(
            [
                source.problem(
                    (), ProblemCode.TYPE, "a catalog file is a mapping of keys (format, code, name, base, modules...)"
                )
            ]
        )
    _inline_csv_tables(data, source, read_csv)
    try:
        catalog = Catalog.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(_schema_problems(exc, data, source)) from None
    problems = Checker(catalog, source).run()
    if problems:
        raise CatalogError(problems)
    return catalog


# -- CSV compatibility tables -------------------------------------------------------------------
def _inline_csv_tables(data: dict[str, Any], source: SourceMap, read_csv: CsvReader | None) -> None:
    rules = data.get("rules")
    if not isinstance(rules, list):
        return
    problems: list[Problem] = []
    for ri, rule in enumerate(rules):
        if not isinstance(rule, dict) or rule.get("kind") != "table" or not isinstance(rule.get("csv"), str):
            continue
        path: Path = ("rules", ri)
        if "rows" in rule:
            problems.append(source.problem(path, ProblemCode.INCONSISTENT, "a table gives rows or csv, not both"))
            continue
        name = rule["csv"]
        if "/" in name or "\\" in name or name.startswith("."):
            continue  # the schema refuses such names with a located error
        raw = read_csv(name) if read_csv else None
        if raw is None:
            problems.append(
                source.problem((*path, "csv"), ProblemCode.FILE, f"CSV file '{name}' not found next to the catalog")
            )
            continue
        shown = str(FilePath(source.file).parent / name)
        rows, csv_problems = _parse_csv(_decode(raw, shown), shown, rule.get("modules"))
        problems += csv_problems
        rule["rows"] = [cells for _, cells in rows]
        for r, (line, cells) in enumerate(rows):
            source.positions[(*path, "rows", r)] = Position(line, 1, shown)
            column = 1
            for c, cell in enumerate(cells):
                source.positions[(*path, "rows", r, c)] = Position(line, column, shown)
                column += len(cell) + 1
    if problems:
        raise CatalogError(problems)


def _parse_csv(text: str, shown: str, modules: Any) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    rows: list[tuple[int, list[str]]] = []
    problems: list[Problem] = []
    hostile = HOSTILE_CHARACTERS.search(text)
    if hostile is not None:
        index = hostile.start()
        line, column = text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1
        message = f"character U+{ord(hostile.group()):04X} is not allowed in a CSV table"
        return [], [Problem(shown, line, column, ProblemCode.TEXT, message)]
    lines = text.splitlines()
    if len(lines) > MAX_CSV_ROWS + 1:
        message = f"a CSV table has at most {MAX_CSV_ROWS:,} rows"
        return [], [Problem(shown, MAX_CSV_ROWS + 2, 1, ProblemCode.TOO_LARGE, message)]
    try:
        parsed = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        return [], [Problem(shown, 1, 1, ProblemCode.SYNTAX, f"invalid CSV: {exc}")]
    if len(parsed) != len(lines):  # a quoted field spans lines: we cannot locate cells then
        return [], [Problem(shown, 1, 1, ProblemCode.SYNTAX, "CSV fields must not span lines")]
    if not parsed:
        return [], [Problem(shown, 1, 1, ProblemCode.EMPTY, "CSV file is empty")]
    header = [h.strip() for h in parsed[0]]
    if isinstance(modules, list) and header != [str(m) for m in modules]:
        # the rows cannot be read against the wrong columns (and a 10,000-column header is no table)
        head = ",".join(header[:10]) + (",..." if len(header) > 10 else "")
        wanted = ",".join(map(str, modules[:10])) + (",..." if len(modules) > 10 else "")
        message = f"CSV header {head} does not match the table's modules {wanted}"
        return [], [Problem(shown, 1, 1, ProblemCode.INCONSISTENT, message)]
    for number, cells in enumerate(parsed[1:], start=2):
        if cells and any(c.strip() for c in cells):
            if len(cells) != len(header):
                message = f"row has {len(cells)} cells; the header has {len(header)}"
                problems.append(Problem(shown, number, 1, ProblemCode.INCONSISTENT, message))
                if len(problems) >= MAX_PROBLEMS:
                    break
                continue
            rows.append((number, [c.strip() for c in cells]))
    return rows, problems


# -- schema errors -------------------------------------------------------------------------------
def _data_path(loc: tuple[int | str, ...], data: Any) -> Path:
    """Turn a pydantic error location into a path in the data, skipping union tag names."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and part == "if_" and "if" in node:
            node = node["if"]
            path.append("if")
    return tuple(path)


def _where(path: Path, data: Any) -> str:
    """'module 'frame', option 'carbon'' from a path, for messages."""
    words: list[str] = []
    node = data
    for index, part in enumerate(path):
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            node = node[part]
        else:
            node = None
        parent = path[index - 1] if index else None
        if isinstance(part, int) and isinstance(node, dict) and parent in {"modules", "options", "rules", "materials"}:
            noun = {"modules": "module", "options": "option", "rules": "rule", "materials": "material"}[str(parent)]
            code = node.get("code")
            words.append(f"{noun} '{code}'" if isinstance(code, str | int) else f"{noun} #{part + 1}")
    return ", ".join(words)


@lru_cache(maxsize=1)
def _known_fields() -> frozenset[str]:
    """Every key the catalog format knows, for "did you mean" hints."""
    models: list[type[BaseModel]] = [Catalog]
    stack: list[type[BaseModel]] = [Frozen]
    while stack:
        model = stack.pop()
        models.append(model)
        stack.extend(model.__subclasses__())
    return frozenset(field.alias or name for model in models for name, field in model.model_fields.items())


def _schema_problems(exc: ValidationError, data: Any, source: SourceMap) -> list[Problem]:
    problems: list[Problem] = []
    known = _known_fields()
    errors = exc.errors(include_url=False)
    if len(errors) > MAX_PROBLEMS:
        more = len(errors) - MAX_PROBLEMS
        problems.append(source.problem((), ProblemCode.TOO_LARGE, f"{more:,} more problems not listed"))
    for error in errors[:MAX_PROBLEMS]:
        loc = tuple(error["loc"])
        path = _data_path(loc, data)
        where = _where(path, data)
        prefix = f"{where}: " if where else ""
        kind = error["type"]
        field = str(loc[-1]) if loc else "catalog"
        message = str(error["msg"]).removeprefix("Value error, ")
        if kind == "extra_forbidden":
            close = difflib.get_close_matches(field, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                source.problem(path, ProblemCode.UNKNOWN_KEY, f"{prefix}unknown key '{field}'{hint}", key=True)
            )
        elif kind == "missing":
            problems.append(source.problem(path, ProblemCode.MISSING_KEY, f"{prefix}missing key '{field.rstrip('_')}'"))
        elif kind in {"greater_than_equal", "greater_than"} and field in PRICE_FIELDS:
            problems.append(
                source.problem(
                    path, ProblemCode.NEGATIVE_PRICE, f"{prefix}{field} must not be negative (got {error.get('input')})"
                )
            )
        elif message.startswith("unknown unit"):
            problems.append(source.problem(path, ProblemCode.UNIT, f"{prefix}{message}"))
        elif kind in {"union_tag_invalid", "union_tag_not_found"}:
            tags = error.get("ctx", {}).get("expected_tags", "")
            problems.append(source.problem(path, ProblemCode.TYPE, f"{prefix}'kind' must be one of {tags}"))
        elif kind == "too_short" and field == "modules":
            problems.append(source.problem(path, ProblemCode.EMPTY, "a catalog needs at least one module"))
        elif kind == "too_long":
            problems.append(source.problem(path, ProblemCode.TOO_LARGE, f"{prefix}{field}: {message}"))
        elif isinstance(error.get("ctx", {}).get("error"), ExpressionError):
            expr_error: ExpressionError = error["ctx"]["error"]
            problems.append(
                source.problem_in_text(path, expr_error.offset, ProblemCode.EXPRESSION, f"{prefix}{expr_error.message}")
            )
        elif "not allowed" in message and "character U+" in message:
            problems.append(source.problem(path, ProblemCode.TEXT, f"{prefix}{field}: {message}"))
        else:
            problems.append(source.problem(path, ProblemCode.TYPE, f"{prefix}{field}: {message}"))
    return problems
