"""A seeded generator of hostile catalogs: mutations of the shipped catalogs in `catalogs/`.

`hostile_catalogs(seed, count)` yields `Hostile(name, text, csv_files, mutations)`; the same seed
always gives the same catalogs. Each is one to three mutations of a shipped catalog (and of its
CSV table): deleted, duplicated and swapped lines, type changes, huge numbers, unicode, control
and bidi characters, deep nesting, alias bombs, python tags, formula cells in CSV, unknown
references, contradictions, expression and price bombs, impossible dates and oversized tables.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

CATALOGS = Path(__file__).resolve().parent.parent / "catalogs"
# heavier catalogs (the table compiles in about a second) are mutated less often
WEIGHTS = {"tshirt": 5, "sneaker": 4, "bicycle": 4, "pc": 4, "car": 3, "table": 1}


@dataclass(frozen=True)
class Hostile:
    name: str  # e.g. "tshirt-0042.yaml"
    text: str
    csv_files: dict[str, str]
    mutations: tuple[str, ...]


Text = list[str]
Mutation = Callable[[random.Random, Text, dict[str, str]], None]

HUGE_NUMBERS = [
    "1e999999",
    "1.0e+999999",
    "-1.0e+999999",
    "9" * 4301,
    "9" * 40,
    "99999999999999.9999",
    "0.0000000000000000001",
    ".inf",
    "-.nan",
    "0x7fffffffffffffff",
    "1_000_000_000_000_000_000",
    "190:20:30",
]
STRANGE_TEXT = [
    "\u202e",
    "\u2066",
    "\u200b",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x85",
    "\ufeff",
    "\ud7ff",
    "\U0001f600",
    "e\u0301",
    "\u0000",
    "\t",
    "\r",
    "'",
    '"',
    "#",
    ": ",
    "- ",
    "{",
    "[",
    "&a",
    "*a",
    "%",
    "@",
    "`",
    "|",
    ">",
]
TYPE_VALUES = ["[]", "{}", "[1, 2]", "{a: 1}", "null", "true", "~", "''", "42", "-1", "2024-01-01", "yes", "'x' * 3"]
EXPRESSIONS = [
    "ceil(1e999999) > 0",
    "floor(-1e999999) < 0",
    "1e14 * 1e14 > 1",
    "round(1, 999999) > 0",
    "1 / 0 > 0",
    "false",
    "true and false",
    "__import__('os').system('true')",
    "(lambda: 1)()",
    "len(len) > 0",
    "x" * 1200,
    "+".join(["1"] * 400) + " > 0",
    "not " * 200 + "true",
    "'a' * 10**9",
    "[i for i in range(10**9)]",
    "9" * 40 + " > 1",
]
FORMULA_CELLS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)", '=HYPERLINK("http://x")', "\t=1"]
PYTHON_TAGS = [
    "!!python/object/apply:os.system ['true']",
    "!!python/name:os.system",
    "!!python/object/new:dict {}",
    "!!binary aGVsbG8=",
    "!custom x",
    "!!set {a, b}",
    "!!omap [a: 1]",
]


def _billion_laughs() -> str:
    lines = ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        lines.append(f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]")
    return "\n".join(lines)


def _scalar_lines(text: Text) -> list[int]:
    return [i for i, line in enumerate(text) if re.search(r":\s+\S", line) and not line.lstrip().startswith("#")]


def _replace_value(rng: random.Random, text: Text, value: str) -> None:
    candidates = _scalar_lines(text)
    if not candidates:
        return
    i = rng.choice(candidates)
    key, _, _ = text[i].partition(": ")
    text[i] = f"{key}: {value}"


def delete_line(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    if len(text) > 1:
        del text[rng.randrange(len(text))]


def duplicate_line(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    i = rng.randrange(len(text))
    text.insert(i, text[i])


def swap_lines(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    i, j = rng.randrange(len(text)), rng.randrange(len(text))
    text[i], text[j] = text[j], text[i]


def change_type(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    _replace_value(rng, text, rng.choice(TYPE_VALUES))


def huge_number(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    numeric = [i for i, line in enumerate(text) if re.search(r":\s+-?\d", line)]
    if numeric:
        i = rng.choice(numeric)
        text[i] = re.sub(r"(:\s+)-?\d[\d.]*", lambda m: m.group(1) + rng.choice(HUGE_NUMBERS), text[i], count=1)
    else:
        _replace_value(rng, text, rng.choice(HUGE_NUMBERS))


def strange_text(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    i = rng.randrange(len(text))
    line = text[i]
    at = rng.randrange(len(line) + 1)
    text[i] = line[:at] + rng.choice(STRANGE_TEXT) + line[at:]


def deep_nesting(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    depth = rng.choice([70, 1_100, 5_000, 60_000])
    if rng.random() < 0.5:
        text.append("deep: " + "[" * depth + "]" * depth)
    else:
        text.append("deep:")
        text.extend(" " * (k + 1) + "- x:" for k in range(min(depth, 3_000)))


def alias_bomb(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    if rng.random() < 0.5:
        text.extend(_billion_laughs().splitlines())
    else:
        i = rng.choice(_scalar_lines(text) or [0])
        key, _, value = text[i].partition(": ")
        text[i] = f"{key}: &anchor {value}"
        text.append("again: *anchor")


def python_tag(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    _replace_value(rng, text, rng.choice(PYTHON_TAGS))


def formula_cell(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    for name, table in csv.items():
        rows = table.splitlines()
        r = rng.randrange(len(rows))
        cells = rows[r].split(",")
        cells[rng.randrange(len(cells))] = rng.choice(FORMULA_CELLS)
        rows[r] = ",".join(cells)
        csv[name] = "\n".join(rows) + "\n"
        return
    _replace_value(rng, text, repr(rng.choice(FORMULA_CELLS)))


def oversized_csv(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    for name, table in csv.items():
        rows = table.splitlines()
        csv[name] = "\n".join(rows[:1] + rows[1:] * rng.choice([2, 600, 3_000])) + "\n"
        return
    text.extend(f"k{i}: {i}" for i in range(rng.choice([500, 25_000])))


def unknown_reference(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    codes = [i for i, line in enumerate(text) if re.search(r"\{\s*\w+:\s*[\w-]+", line) or "expr:" in line]
    if not codes:
        return
    i = rng.choice(codes)
    text[i] = re.sub(r"([a-z][a-z0-9_-]*)", lambda m: m.group(1) + "zz" if rng.random() < 0.3 else m.group(1), text[i])


def contradiction(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    try:
        at = text.index("rules:") + 1
    except ValueError:
        text.append("rules:")
        at = len(text)
    expr = rng.choice(EXPRESSIONS)
    rule = rng.choice(
        [
            f"  - {{kind: constraint, code: hostile-{rng.randrange(99)}, expr: {expr!r}}}",
            f"  - {{kind: constraint, code: hostile-{rng.randrange(99)}, when: 'true', expr: {expr!r}}}",
            "  - {kind: excludes, code: hostile-x, conditions: ['true', 'true']}",
        ]
    )
    text.insert(at, rule)


def price_bomb(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    prices = [i for i, line in enumerate(text) if re.search(r"(price|amount|unit_price|base_price): ", line)]
    if prices:
        i = rng.choice(prices)
        big = rng.choice(["99999999999999.9999", "1.0e+14", "9" * 30, "0.00001", "'1e999999'"])
        text[i] = re.sub(r"(price|amount|unit_price|base_price): [^,}]+", lambda m: f"{m.group(1)}: {big}", text[i])


def impossible_date(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    date = rng.choice(["2024-13-45", "2024-02-30", "0000-01-01", "9999-99-99", "2024-1-1T25:61:61"])
    _replace_value(rng, text, date)


def reprice(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    """A plausible edit: a price at the edges of what the format allows (often accepted)."""
    prices = [i for i, line in enumerate(text) if re.search(r"\b(price|amount|unit_price): \d", line)]
    if prices:
        i = rng.choice(prices)
        new = rng.choice(["0", "0.01", "9999999999.9999", "123.45", "0.0001"])
        text[i] = re.sub(r"\b(price|amount|unit_price): [\d.]+", lambda m: f"{m.group(1)}: {new}", text[i], count=1)


def tweak_expression(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    """Numbers and comparisons in expressions changed (often accepted, sometimes no product)."""
    exprs = [i for i, line in enumerate(text) if re.search(r"(expr|amount|when): ['\"]", line)]
    if exprs:
        i = rng.choice(exprs)
        number = rng.choice(["0", "1", "99999999999999", "0.000000000000001", "123456789012345678901234567890"])
        text[i] = re.sub(r"\b\d+(\.\d+)?\b", number, text[i], count=1)
        text[i] = text[i].replace(rng.choice(["<=", ">=", "=="]), rng.choice(["<", ">", "!=", "=="]), 1)


def drop_rule(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    """One rule block removed (always loadable; may change the count)."""
    starts = [i for i, line in enumerate(text) if re.match(r"  - (\{)?kind: ", line)]
    if starts:
        i = rng.choice(starts)
        j = i + 1
        while j < len(text) and text[j].startswith("    "):
            j += 1
        del text[i:j]


def flip_default(rng: random.Random, text: Text, csv: dict[str, str]) -> None:
    defaults = [i for i, line in enumerate(text) if "default: true" in line]
    if defaults:
        i = rng.choice(defaults)
        text[i] = text[i].replace("default: true", "default: false")


MUTATIONS: dict[str, Mutation] = {
    "reprice": reprice,
    "tweak-expression": tweak_expression,
    "drop-rule": drop_rule,
    "flip-default": flip_default,
    "delete-line": delete_line,
    "duplicate-line": duplicate_line,
    "swap-lines": swap_lines,
    "change-type": change_type,
    "huge-number": huge_number,
    "strange-text": strange_text,
    "deep-nesting": deep_nesting,
    "alias-bomb": alias_bomb,
    "python-tag": python_tag,
    "formula-cell": formula_cell,
    "oversized-csv": oversized_csv,
    "unknown-reference": unknown_reference,
    "contradiction": contradiction,
    "price-bomb": price_bomb,
    "impossible-date": impossible_date,
}


def _bases() -> dict[str, tuple[str, dict[str, str]]]:
    tables = {p.name: p.read_text(encoding="utf-8") for p in CATALOGS.glob("*.csv")}
    out: dict[str, tuple[str, dict[str, str]]] = {}
    for stem in WEIGHTS:
        text = (CATALOGS / f"{stem}.yaml").read_text(encoding="utf-8")
        out[stem] = (text, {name: body for name, body in tables.items() if name in text})
    return out


def hostile_catalogs(seed: int, count: int) -> Iterator[Hostile]:
    """`count` hostile catalogs, the same for the same seed."""
    rng = random.Random(seed)
    bases = _bases()
    stems = list(WEIGHTS)
    weights = [WEIGHTS[s] for s in stems]
    names = list(MUTATIONS)
    for n in range(count):
        stem = rng.choices(stems, weights)[0]
        text, tables = bases[stem]
        lines = text.splitlines()
        csv = dict(tables)
        applied = tuple(rng.choice(names) for _ in range(rng.choice([1, 1, 1, 2, 3])))
        for name in applied:
            MUTATIONS[name](rng, lines, csv)
        yield Hostile(f"{stem}-{n:04d}.yaml", "\n".join(lines) + "\n", csv, applied)
