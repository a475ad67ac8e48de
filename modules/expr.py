"""A small, safe expression language for rules and price formulas (no `eval`).

Expressions use Python syntax, parsed with `ast` and then checked against a whitelist:
numbers (exact decimals), strings, `true`/`false`/`none`, module codes (`width`, `colour`),
option attributes (`psu.watts`: the chosen option's attribute; for a multi-choice module the sum
over the picked options), arithmetic `+ - * /`, comparisons (`== != < <= > >= in not in`),
`and`/`or`/`not`, `x if cond else y`, tuples of constants for `in`, and the functions
`len min max abs ceil floor round`. Anything else is refused with the column where it stands.

Evaluation is bounded: a number written in an expression has at most 30 digits and lies within
+-10^15 (no `ceil(1e999999)`, which would build a million-digit integer), and every result of
`+ - * /` and of the functions must stay within the same range, so no evaluation can freeze a
process or overflow `Decimal`: it is an `EvaluationError` instead.

>>> e = parse_expression("width * depth / 10000 * 2")
>>> e.evaluate({"width": Decimal(120), "depth": Decimal(80)}, {})
Decimal('1.92')
>>> sorted(parse_expression("colour in ('red', 'blue') and len(engraving) <= 10").modules)
['colour', 'engraving']
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

Value = Decimal | str | bool | frozenset[str] | None
Env = Mapping[str, Value]
# (module, option) -> attribute name -> value
Attributes = Mapping[tuple[str, str], Mapping[str, Decimal | str]]

MAX_SOURCE = 1_000
MAX_NODES = 300
MAX_DIGITS = 30  # digits of a number written in an expression
MAX_EXPONENT = 15  # |numbers| < 10**15, both written and computed
MIN_EXPONENT = -15  # smaller non-zero numbers written in an expression are refused
MAX_PLACES = 12  # round(x, places): 0 <= places <= 12
CONSTANT_NAMES = {"true": True, "false": False, "none": None}
FUNCTIONS = frozenset({"len", "min", "max", "abs", "ceil", "floor", "round"})


class ExpressionError(ValueError):
    """A syntax or whitelist error; `offset` is the 0-based column in the expression text."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class EvaluationError(ValueError):
    """An expression could not be evaluated for a selection (e.g. division by zero)."""


@dataclass(frozen=True, slots=True)
class Reference:
    """A place where an expression names a module, an attribute or an option code."""

    module: str
    offset: int
    attribute: str | None = None
    option: str | None = None  # a string constant compared with / tested against the module


Fn = Callable[[Env, Attributes], Value]


@dataclass(frozen=True)
class Expression:
    source: str
    references: tuple[Reference, ...]
    _fn: Fn = field(repr=False, compare=False)

    @property
    def modules(self) -> frozenset[str]:
        return frozenset(r.module for r in self.references)

    def evaluate(self, env: Env, attributes: Attributes) -> Value:
        try:
            return self._fn(env, attributes)
        except OutOfRangeError as exc:
            raise EvaluationError(f"cannot evaluate '{self.source}': {exc}") from None
        except ArithmeticError as exc:  # DivisionByZero, InvalidOperation, Overflow...
            raise EvaluationError(f"cannot evaluate '{self.source}': {exc.__class__.__name__}") from None
        except TypeError as exc:
            raise EvaluationError(f"cannot evaluate '{self.source}': {exc}") from None

    def holds(self, env: Env, attributes: Attributes) -> bool:
        return bool(self.evaluate(env, attributes))


class OutOfRangeError(ArithmeticError):
    """A value outside the range expressions work in."""


def _bounded(value: Decimal) -> Decimal:
    """`value` if it lies within +-10^MAX_EXPONENT (a finite number), else OutOfRangeError."""
    if not value.is_finite() or (value and value.adjusted() >= MAX_EXPONENT):
        raise OutOfRangeError(f"a value is outside +-10^{MAX_EXPONENT}")
    return value


def _num(value: Value) -> Decimal:
    if isinstance(value, bool) or value is None:
        return Decimal(int(bool(value)))
    if isinstance(value, Decimal):
        return _bounded(value)
    if isinstance(value, frozenset):
        return Decimal(len(value))
    raise TypeError(f"'{value}' is not a number")


def _attribute(module: str, name: str) -> Fn:
    def get(env: Env, attrs: Attributes) -> Value:
        chosen = env.get(module)
        picks: frozenset[str] = (
            chosen if isinstance(chosen, frozenset) else frozenset([chosen]) if isinstance(chosen, str) else frozenset()
        )
        values = [attrs.get((module, pick), {}).get(name) for pick in picks]
        if isinstance(chosen, str) and values and isinstance(values[0], str):
            return values[0]
        return sum((v for v in values if isinstance(v, Decimal)), Decimal(0))

    return get


def _compare(op: ast.cmpop, left: Value, right: Value) -> bool:
    if isinstance(op, ast.In | ast.NotIn):
        if isinstance(right, frozenset | tuple) or (isinstance(right, str) and isinstance(left, str)):
            found = left in right
        else:
            found = left == right
        return found if isinstance(op, ast.In) else not found
    if isinstance(op, ast.Eq):
        return left == right
    if isinstance(op, ast.NotEq):
        return left != right
    a, b = _num(left), _num(right)
    if isinstance(op, ast.Lt):
        return a < b
    if isinstance(op, ast.LtE):
        return a <= b
    if isinstance(op, ast.Gt):
        return a > b
    return a >= b


def _call(name: str, args: list[Value]) -> Value:
    if name == "len":
        (arg,) = args
        return Decimal(len(arg)) if isinstance(arg, str | frozenset) else Decimal(0)
    if name == "min":
        return min(_num(a) for a in args)
    if name == "max":
        return max(_num(a) for a in args)
    if name == "abs":
        return abs(_num(args[0]))
    if name == "ceil":
        return Decimal(math.ceil(_num(args[0])))  # bounded by _num: at most 15 digits
    if name == "floor":
        return Decimal(math.floor(_num(args[0])))
    places = _num(args[1]) if len(args) > 1 else Decimal(0)
    if places != int(places) or not 0 <= places <= MAX_PLACES:
        raise OutOfRangeError(f"round() takes 0 to {MAX_PLACES} places")
    return _num(args[0]).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


def _bounded_value(value: Value) -> Value:
    return _bounded(value) if isinstance(value, Decimal) else value


class _Compiler:
    def __init__(self, source: str) -> None:
        self.source = source
        self.references: list[Reference] = []
        self.count = 0

    def fail(self, node: ast.AST, message: str) -> ExpressionError:
        return ExpressionError(message, getattr(node, "col_offset", 0))

    def constant_tuple(self, node: ast.expr) -> tuple[Value, ...] | None:
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            values: list[Value] = []
            for elt in node.elts:
                if not isinstance(elt, ast.Constant):
                    raise self.fail(elt, "only constants may be listed here")
                values.append(self.constant(elt))
            return tuple(values)
        return None

    def constant(self, node: ast.Constant) -> Value:
        value = node.value
        if isinstance(value, bool) or value is None:
            raise self.fail(node, "write true, false and none in lower case")
        if isinstance(value, int | float):
            text = (ast.get_source_segment(self.source, node) or "").replace("_", "")
            digits = sum(c.isdigit() for c in text.lower().partition("e")[0])
            if not text or digits > MAX_DIGITS:
                raise self.fail(node, f"a number has at most {MAX_DIGITS} digits")
            number = Decimal(text)  # exponent digits are bounded by MAX_SOURCE
            if not number.is_finite() or (
                number and not MIN_EXPONENT <= number.adjusted() < MAX_EXPONENT  # checked before any use
            ):
                bounds = f"10^{MIN_EXPONENT} and 10^{MAX_EXPONENT}"
                raise self.fail(node, f"{text} is out of range: a number lies between {bounds} in size")
            return number
        if isinstance(value, str):
            return value
        raise self.fail(node, f"constant {value!r} is not allowed")

    def note_options(self, module_node: ast.expr, other: ast.expr) -> None:
        """Record option codes compared with a module, so the loader can check they exist."""
        if not isinstance(module_node, ast.Name) or module_node.id in CONSTANT_NAMES:
            return
        nodes: list[ast.expr] = []
        if isinstance(other, ast.Constant) and isinstance(other.value, str):
            nodes = [other]
        elif isinstance(other, ast.Tuple | ast.List | ast.Set):
            nodes = [e for e in other.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        for n in nodes:
            assert isinstance(n, ast.Constant)
            self.references.append(Reference(module_node.id, n.col_offset, option=str(n.value)))

    def compile(self, node: ast.expr) -> Fn:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, f"expression too long (more than {MAX_NODES} parts)")
        if isinstance(node, ast.Constant):
            value = self.constant(node)
            return lambda env, attrs: value
        if isinstance(node, ast.Name):
            if node.id in CONSTANT_NAMES:
                const = CONSTANT_NAMES[node.id]
                return lambda env, attrs: const
            name = node.id
            self.references.append(Reference(name, node.col_offset))
            return lambda env, attrs: env.get(name)
        if isinstance(node, ast.Attribute):
            if not isinstance(node.value, ast.Name) or node.value.id in CONSTANT_NAMES:
                raise self.fail(node, "attributes are written module.attribute")
            self.references.append(Reference(node.value.id, node.value.col_offset, attribute=node.attr))
            return _attribute(node.value.id, node.attr)
        if isinstance(node, ast.UnaryOp):
            operand = self.compile(node.operand)
            if isinstance(node.op, ast.Not):
                return lambda env, attrs: not operand(env, attrs)
            if isinstance(node.op, ast.USub):
                return lambda env, attrs: -_num(operand(env, attrs))
            if isinstance(node.op, ast.UAdd):
                return lambda env, attrs: _num(operand(env, attrs))
            raise self.fail(node, "operator not allowed")
        if isinstance(node, ast.BinOp):
            left, right = self.compile(node.left), self.compile(node.right)
            ops: dict[type[ast.operator], Callable[[Decimal, Decimal], Decimal]] = {
                ast.Add: lambda a, b: a + b,
                ast.Sub: lambda a, b: a - b,
                ast.Mult: lambda a, b: a * b,
                ast.Div: lambda a, b: a / b,
            }
            op = ops.get(type(node.op))
            if op is None:
                raise self.fail(node, "only + - * / are allowed")
            fn = op
            return lambda env, attrs: _bounded(fn(_num(left(env, attrs)), _num(right(env, attrs))))
        if isinstance(node, ast.BoolOp):
            parts = [self.compile(v) for v in node.values]
            if isinstance(node.op, ast.And):
                return lambda env, attrs: all(p(env, attrs) for p in parts)
            return lambda env, attrs: any(p(env, attrs) for p in parts)
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.IfExp):
            test, body, orelse = self.compile(node.test), self.compile(node.body), self.compile(node.orelse)
            return lambda env, attrs: body(env, attrs) if test(env, attrs) else orelse(env, attrs)
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                raise self.fail(node, f"unknown function; allowed: {', '.join(sorted(FUNCTIONS))}")
            if node.keywords or not node.args or (node.func.id == "len" and len(node.args) != 1):
                raise self.fail(node, f"wrong arguments for {node.func.id}()")
            fname = node.func.id
            args = [self.compile(a) for a in node.args]
            return lambda env, attrs: _bounded_value(_call(fname, [a(env, attrs) for a in args]))
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            raise self.fail(node, "a list of values may only follow 'in'")
        raise self.fail(node, f"'{ast.get_source_segment(self.source, node)}' is not allowed here")

    def compare(self, node: ast.Compare) -> Fn:
        first = self.compile(node.left)
        steps: list[tuple[ast.cmpop, Fn]] = []
        left_node = node.left
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, ast.Is | ast.IsNot):
                raise self.fail(node, "use == and != instead of 'is'")
            constants = self.constant_tuple(comparator)
            if constants is not None:
                if not isinstance(op, ast.In | ast.NotIn):
                    raise self.fail(comparator, "a list of values may only follow 'in'")
                frozen = frozenset(constants)
                steps.append((op, lambda env, attrs, v=frozen: v))  # type: ignore[misc]
            else:
                steps.append((op, self.compile(comparator)))
            self.note_options(left_node, comparator)
            if isinstance(op, ast.In | ast.NotIn):
                self.note_options(comparator, left_node)
            else:
                self.note_options(comparator, left_node)
            left_node = comparator

        def run(env: Env, attrs: Attributes) -> Value:
            left = first(env, attrs)
            for op, fn in steps:
                right = fn(env, attrs)
                if not _compare(op, left, right):
                    return False
                left = right
            return True

        return run


def parse_expression(source: str) -> Expression:
    """Parse and check an expression; raise ExpressionError with the offending column."""
    if not isinstance(source, str) or not source.strip():
        raise ExpressionError("the expression is empty")
    if len(source) > MAX_SOURCE:
        raise ExpressionError(f"expression longer than {MAX_SOURCE} characters")
    if "\n" in source.strip():
        raise ExpressionError("an expression must fit on one line")
    text = source.strip()
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"syntax error: {exc.msg}", max((exc.offset or 1) - 1, 0)) from None
    compiler = _Compiler(text)
    fn = compiler.compile(tree.body)
    return Expression(text, tuple(compiler.references), fn)
