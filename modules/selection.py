"""A buyer's selection and what it means for a catalog: parsing and rule semantics.

This module is the reference meaning of every module and rule kind. The rules engine in
`configurator/` compiles the same meaning for speed, and its tests compare the two.

Values per module kind: single -> option code or None; multi -> frozenset of option codes;
numeric and quantity -> Decimal; text -> str (NFC, checked). A module whose `visible_if` does not
hold has no value (None), and so counts as "not applicable".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from modules.catalog import Catalog
from modules.checks import NONE
from modules.expr import Attributes, EvaluationError, Value
from modules.fields import compile_expression
from modules.kinds import ChoiceModule, Module, MultiChoice, NumericModule, QuantityModule, SingleChoice, TextModule
from modules.rules import WILDCARD, Constraint, Excludes, Requires, Table
from modules.text import check_allowed, clean_text

Selection = Mapping[str, Value]
ConditionData = dict[str, str | list[str]] | str


class SelectionErrorCode(StrEnum):
    UNKNOWN_MODULE = "unknown-module"
    UNKNOWN_OPTION = "unknown-option"
    OUT_OF_RANGE = "out-of-range"
    BAD_TEXT = "bad-text"
    BAD_TYPE = "bad-type"
    TOO_MANY_PICKS = "too-many-picks"


@dataclass(frozen=True, slots=True)
class SelectionProblem:
    module: str
    code: SelectionErrorCode
    message: str

    def __str__(self) -> str:
        return f"{self.module}: {self.message}"


class SelectionError(ValueError):
    """The buyer's input does not fit the catalog (before any rule is considered)."""

    def __init__(self, problems: list[SelectionProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in problems))


@dataclass(frozen=True, slots=True)
class Violation:
    """A rule (or a module's own constraint) that a complete selection breaks."""

    rule: str  # rule code, or "module:<code>" / "visible:<module>[.<option>]" for built-in ones
    kind: str
    message: str


def attributes_of(catalog: Catalog) -> Attributes:
    """Option attributes for expressions: (module, option) -> {name: value}."""
    return {(m.code, o.code): o.attributes for m in catalog.modules if isinstance(m, ChoiceModule) for o in m.options}


MAX_NUMBER_TEXT = 40  # characters of a number a buyer may send
MAX_EXPONENT = 15  # |numbers| < 10**15: far beyond any module's range, checked before converting


def parse_value(module: Module, raw: Any) -> Value:
    """Check one raw value from a buyer (a form, a URL, a CLI); raise SelectionError."""

    def fail(code: SelectionErrorCode, message: str) -> SelectionError:
        return SelectionError([SelectionProblem(module.code, code, message)])

    if isinstance(module, SingleChoice):
        if raw is None or raw == NONE or raw == "":
            # A required module that may not apply (visible_if) has no value when it does not:
            # whether it applies is for the rules to say, not for parsing.
            if module.required and module.visible_if is None:
                raise fail(SelectionErrorCode.UNKNOWN_OPTION, f"'{module.name}' needs a choice")
            return None
        if not isinstance(raw, str) or module.option(raw) is None:
            raise fail(SelectionErrorCode.UNKNOWN_OPTION, f"'{raw}' is not an option of '{module.name}'")
        return raw
    if isinstance(module, MultiChoice):
        if raw is None:
            items: list[Any] = []
        elif isinstance(raw, str):
            items = [raw]
        elif isinstance(raw, list | tuple | set | frozenset):
            items = list(raw)
        else:  # a number, a mapping...: not picks (a float is not even iterable)
            raise fail(SelectionErrorCode.BAD_TYPE, f"'{module.name}' takes a list of option codes")
        unknown = [i for i in items if not isinstance(i, str) or module.option(i) is None]
        if unknown:
            raise fail(SelectionErrorCode.UNKNOWN_OPTION, f"'{unknown[0]}' is not an option of '{module.name}'")
        picks = frozenset(items)
        if module.max_picks is not None and len(picks) > module.max_picks:
            raise fail(SelectionErrorCode.TOO_MANY_PICKS, f"at most {module.max_picks} picks in '{module.name}'")
        return picks
    if isinstance(module, NumericModule | QuantityModule):
        if raw is None or raw == "":
            return None
        if isinstance(raw, bool | float):
            raise fail(SelectionErrorCode.BAD_TYPE, "give the number as text or an integer, not a float")
        if isinstance(raw, int) and raw.bit_length() > 64:  # str() of 4,301 digits raises ValueError
            raise fail(SelectionErrorCode.OUT_OF_RANGE, f"the number is out of range for '{module.name}'")
        text = str(raw).strip()
        if len(text) > MAX_NUMBER_TEXT:
            raise fail(SelectionErrorCode.BAD_TYPE, f"a number has at most {MAX_NUMBER_TEXT} characters")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise fail(SelectionErrorCode.BAD_TYPE, f"'{raw}' is not a number") from None
        if not number.is_finite():
            raise fail(SelectionErrorCode.BAD_TYPE, f"'{raw}' is not a number")
        if number and not -MAX_EXPONENT <= number.adjusted() < MAX_EXPONENT:
            # before any int() or grid arithmetic: int(Decimal("1e999999")) builds a million digits
            raise fail(SelectionErrorCode.OUT_OF_RANGE, f"{text} is out of range for '{module.name}'")
        if isinstance(module, NumericModule) and not module.allows(number):
            raise fail(
                SelectionErrorCode.OUT_OF_RANGE,
                f"{number} is not one of {module.min}..{module.max} {module.unit} in steps of {module.step}",
            )
        if isinstance(module, QuantityModule) and (number != int(number) or not module.min <= number <= module.max):
            raise fail(
                SelectionErrorCode.OUT_OF_RANGE, f"{number} is not a whole number from {module.min} to {module.max}"
            )
        return number
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise fail(SelectionErrorCode.BAD_TYPE, "text expected")
    try:
        text = clean_text(raw, max_length=module.max_length)
        if module.uppercase:
            text = text.upper()
        check_allowed(text, module.allowed_characters)
    except ValueError as exc:
        raise fail(SelectionErrorCode.BAD_TEXT, str(exc)) from None
    if text and len(text) < module.min_length:
        raise fail(SelectionErrorCode.BAD_TEXT, f"at least {module.min_length} characters")
    return text


def dump_value(value: Value) -> Any:
    """A parsed value as plain JSON data that `parse_value` reads back: sets become sorted lists,
    numbers exact text.

    >>> dump_value(frozenset({"b", "a"})), dump_value(Decimal("2.50")), dump_value(Decimal("120.0"))
    (['a', 'b'], '2.5', '120')
    """
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def dump_selection(selection: Mapping[str, Value]) -> dict[str, Any]:
    return {code: dump_value(value) for code, value in selection.items()}


def parse_selection(catalog: Catalog, raw: Mapping[str, Any]) -> dict[str, Value]:
    """Check every value of a (partial) selection; collect all problems in one SelectionError."""
    problems: list[SelectionProblem] = []
    result: dict[str, Value] = {}
    for code, value in raw.items():
        module = catalog.module(code)
        if module is None:
            problems.append(
                SelectionProblem(code, SelectionErrorCode.UNKNOWN_MODULE, f"'{code}' is not a module of {catalog.name}")
            )
            continue
        try:
            result[code] = parse_value(module, value)
        except SelectionError as exc:
            problems += exc.problems
    if problems:
        raise SelectionError(problems)
    return result


def holds(condition: ConditionData, selection: Selection, attributes: Attributes) -> bool:
    """Whether a catalog condition holds for a selection (missing modules have no value)."""
    if isinstance(condition, str):
        try:
            return compile_expression(condition).holds(selection, attributes)
        except EvaluationError:
            return False
    for code, options in condition.items():
        wanted = {None if o == NONE else o for o in (options if isinstance(options, list) else [options])}
        value = selection.get(code)
        if isinstance(value, frozenset):
            if not value & {w for w in wanted if w is not None}:
                return False
        elif value not in wanted:
            return False
    return True


def visible(module: Module, selection: Selection, attributes: Attributes) -> bool:
    return module.visible_if is None or holds(module.visible_if, selection, attributes)


def _empty(value: Value) -> bool:
    return value is None or value == "" or value == frozenset()


def violations_of_module(module: Module, selection: Selection, attributes: Attributes) -> list[Violation]:
    """What a complete selection breaks of one module's own constraints and visibility."""
    found: list[Violation] = []
    value = selection.get(module.code)
    if not visible(module, selection, attributes):
        if not _empty(value):
            found.append(Violation(f"visible:{module.code}", "visibility", f"'{module.name}' does not apply here"))
        return found
    if isinstance(module, SingleChoice):
        if value is None and module.required:
            found.append(Violation(f"module:{module.code}", "required", f"'{module.name}' needs a choice"))
    elif isinstance(module, MultiChoice):
        count = len(value) if isinstance(value, frozenset) else 0
        most = module.max_picks if module.max_picks is not None else len(module.options)
        if not module.min_picks <= count <= most:
            found.append(
                Violation(f"module:{module.code}", "picks", f"'{module.name}' takes {module.min_picks} to {most} picks")
            )
    elif isinstance(module, NumericModule | QuantityModule) and value is None:
        found.append(Violation(f"module:{module.code}", "required", f"'{module.name}' needs a value"))
    elif isinstance(module, TextModule) and (len(value) if isinstance(value, str) else 0) < module.least_characters:
        found.append(Violation(f"module:{module.code}", "required", f"'{module.name}' needs text"))
    if isinstance(module, ChoiceModule):
        chosen = value if isinstance(value, frozenset) else {value} if isinstance(value, str) else set()
        for option in module.options:
            if (
                option.code in chosen
                and option.visible_if is not None
                and not holds(option.visible_if, selection, attributes)
            ):
                found.append(
                    Violation(
                        f"visible:{module.code}.{option.code}",
                        "visibility",
                        f"'{option.name}' is not offered with these choices",
                    )
                )
    return found


def module_violations(catalog: Catalog, selection: Selection, attributes: Attributes) -> list[Violation]:
    """What a complete selection breaks of the modules' own constraints and visibility."""
    return [v for module in catalog.modules for v in violations_of_module(module, selection, attributes)]


def _row_matches(row: tuple[str, ...], values: tuple[Value, ...]) -> bool:
    return all(
        cell == WILDCARD or (None if cell == NONE else cell) == value for cell, value in zip(row, values, strict=True)
    )


def rule_violations(catalog: Catalog, selection: Selection, attributes: Attributes) -> list[Violation]:
    """The catalog rules a complete selection breaks."""
    found: list[Violation] = []
    for rule in catalog.rules:
        broken = False
        if isinstance(rule, Requires):
            broken = holds(rule.if_, selection, attributes) and not holds(rule.then, selection, attributes)
        elif isinstance(rule, Excludes):
            broken = all(holds(c, selection, attributes) for c in rule.conditions)
        elif isinstance(rule, Constraint):
            broken = (rule.when is None or holds(rule.when, selection, attributes)) and not holds(
                rule.expr, selection, attributes
            )
        elif isinstance(rule, Table):
            values = tuple(selection.get(m) for m in rule.modules)
            listed = any(_row_matches(row, values) for row in rule.rows or ())
            broken = listed if rule.mode == "forbidden" else not listed
        if broken:
            found.append(Violation(rule.code, rule.kind, rule.message or f"breaks rule '{rule.code}'"))
    return found


def violations(catalog: Catalog, selection: Selection) -> list[Violation]:
    """Everything a complete selection breaks; empty means it is a valid product."""
    attributes = attributes_of(catalog)
    return module_violations(catalog, selection, attributes) + rule_violations(catalog, selection, attributes)
