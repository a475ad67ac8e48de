"""Bounded evaluation and a loader that answers every hostile file with file:line:column."""

from __future__ import annotations

from decimal import Decimal

import pytest

from modules.errors import CatalogError, ProblemCode
from modules.expr import EvaluationError, ExpressionError, parse_expression
from modules.kinds import QuantityModule
from modules.loader import MAX_CSV_ROWS, load_catalog, load_catalog_text
from modules.selection import SelectionError, SelectionErrorCode, parse_value
from modules.yaml_source import MAX_BRACKETS, MAX_VALUES
from tests.factories import SMALL_CATALOG

RULE = "  - {kind: constraint, code: hostile, expr: 'EXPR'}\n"


def located(text: str, file: str = "c.yaml") -> list[tuple[int, int, ProblemCode, str]]:
    with pytest.raises(CatalogError) as caught:
        load_catalog_text(text, file=file)
    return [(p.line, p.column, p.code, p.message) for p in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_ceil_of_a_huge_constant_is_refused_at_load_where_it_stands():
    text = SMALL_CATALOG + RULE.replace("EXPR", "ceil(1e999999) > 0")
    ((line, column, code, message),) = located(text)
    assert (line, code) == (line_of(text, "ceil(1e"), ProblemCode.EXPRESSION)
    assert column == text.splitlines()[line - 1].index("1e999999") + 1
    assert "out of range" in message


def test_a_constant_with_too_many_digits_is_refused():
    with pytest.raises(ExpressionError, match="at most 30 digits") as caught:
        parse_expression("x > 1" + "0" * 40)
    assert caught.value.offset == 4


def test_results_that_leave_the_range_are_evaluation_errors_not_overflow():
    # 9e999998 * 10 overflows Decimal's exponent range (decimal.Overflow) without the bound
    with pytest.raises(EvaluationError, match="outside"):
        parse_expression("a * 10").evaluate({"a": Decimal("9e999998")}, {})
    cube = parse_expression("x * x * x")
    assert cube.evaluate({"x": Decimal(1000)}, {}) == Decimal(10) ** 9
    with pytest.raises(EvaluationError):
        cube.evaluate({"x": Decimal(10) ** 6}, {})
    with pytest.raises(EvaluationError, match="places"):
        parse_expression("round(x, 100000)").evaluate({"x": Decimal(1)}, {})


def test_an_impossible_date_is_located():
    text = SMALL_CATALOG.replace("format: 1\n", "format: 1\nvalid_from: 2024-13-45\n")
    ((line, column, code, message),) = located(text)
    assert (line, column, code) == (2, 13, ProblemCode.TYPE)
    assert "'2024-13-45' is not a valid date" in message


@pytest.mark.parametrize("digits", [19, 4_000, 4_301])
def test_huge_integers_are_refused_before_conversion(digits):
    text = SMALL_CATALOG.replace("quantity: 0.4}", "quantity: " + "9" * digits + "}")
    ((line, _column, code, _message),) = located(text)
    assert line == line_of(text, "9" * digits)
    assert code in {ProblemCode.TYPE, ProblemCode.TOO_LARGE}


def test_huge_decimal_in_an_attribute_is_refused():
    text = SMALL_CATALOG.replace("attributes: {ml: 450}", "attributes: {ml: 1.0e+999999}")
    ((line, _column, code, message),) = located(text)
    assert (line, code) == (line_of(text, "1.0e+999999"), ProblemCode.TYPE)
    assert "out of range" in message


@pytest.mark.parametrize("char", ["\x07", "\x00", "\x1b", "\u202e", "\u2066", "\x85"])
def test_control_and_bidi_characters_are_located_where_they_stand(char):
    text = SMALL_CATALOG.replace("name: Custom mug", f"name: Custom {char}mug").replace(
        "  - {code: clay,", f"  # note {char}\n  - {{code: clay,"
    )
    ((line, column, code, message),) = located(text)
    assert (line, column, code) == (3, 14, ProblemCode.TEXT)
    assert f"U+{ord(char):04X}" in message


def test_nesting_past_the_bracket_limit_is_located():
    text = SMALL_CATALOG + "extra: " + "[" * (MAX_BRACKETS + 5) + "]" * (MAX_BRACKETS + 5) + "\n"
    ((line, column, code, _),) = located(text)
    assert (line, column, code) == (line_of(text, "extra:"), 8 + MAX_BRACKETS, ProblemCode.TOO_LARGE)


def test_deep_block_nesting_is_refused_not_a_crash():
    text = SMALL_CATALOG + "extra:\n" + "".join(" " * (i + 1) + "- \n" for i in range(3_000))
    assert located(text)


def test_many_keys_are_answered_quickly_with_a_short_list():
    text = SMALL_CATALOG + "".join(f"k{i}: 1\n" for i in range(MAX_VALUES))
    problems = located(text)
    assert len(problems) == 1 and problems[0][2] == ProblemCode.TOO_LARGE
    text = SMALL_CATALOG + "".join(f"k{i}: 1\n" for i in range(3_000))
    problems = located(text)
    assert len(problems) <= 101 and "more problems not listed" in " ".join(p[3] for p in problems)


TABLE_RULE = "  - {kind: table, code: size-glaze, modules: [size, glaze], csv: size-glaze.csv}\n"


def test_csv_tables_have_a_row_limit_and_located_hostile_cells(write_catalog):
    path = write_catalog(SMALL_CATALOG + TABLE_RULE)
    csv_path = write_catalog("size,glaze\n" + "small,white\n" * (MAX_CSV_ROWS + 1), "size-glaze.csv")
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    ((problem),) = caught.value.problems
    assert (problem.file, problem.line, problem.code) == (str(csv_path), MAX_CSV_ROWS + 2, ProblemCode.TOO_LARGE)
    write_catalog("size,glaze\nsmall,white\nlarge,wh\u202eite\n", "size-glaze.csv")
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    ((problem),) = caught.value.problems
    assert (problem.line, problem.column, problem.code) == (3, 9, ProblemCode.TEXT)
    write_catalog("size,glaze\nsmall,white,extra\n", "size-glaze.csv")
    with pytest.raises(CatalogError, match="row has 3 cells; the header has 2"):
        load_catalog(path)


def test_a_quantity_of_1e999999_is_refused_before_conversion():
    module = QuantityModule(code="count", name="Count", kind="quantity", max=10)
    for raw in ["1e999999", "-1e999999", "9" * 50, 10**5000]:
        with pytest.raises(SelectionError) as caught:
            parse_value(module, raw)
        assert caught.value.problems[0].code in {SelectionErrorCode.OUT_OF_RANGE, SelectionErrorCode.BAD_TYPE}
    assert parse_value(module, "7") == 7


@pytest.mark.parametrize(
    "tagged",
    ["!!python/object/apply:os.system ['true']", "!!python/name:os.system x", "!custom {a: 1}", "!!set {a, b}"],
)
def test_python_and_custom_tags_are_refused_where_they_stand(tagged):
    text = SMALL_CATALOG.replace("category: kitchen", f"category: {tagged}")
    ((line, column, code, message),) = located(text)
    assert (line, column, code) == (4, 11, ProblemCode.TYPE)
    assert "tag" in message


def test_the_largest_hostile_files_stay_far_below_200_mb(write_catalog):
    import tracemalloc

    from modules.loader import MAX_CSV_BYTES, MAX_FILE_BYTES

    keys = SMALL_CATALOG + "".join(f"k{i}: {i}\n" for i in range(MAX_VALUES // 2))
    nested = SMALL_CATALOG + "x: " + "[" * MAX_BRACKETS + "]" * MAX_BRACKETS + "\n"
    options = SMALL_CATALOG.replace(
        "      - {code: saucer, name: Saucer, price: 5.00}\n",
        "".join(f"      - {{code: o{i}, name: Option {i}}}\n" for i in range(4_000)),
    )
    row = "small,white\n"
    table = "size,glaze\n" + row * min(MAX_CSV_ROWS, MAX_CSV_BYTES // len(row) - 1)
    path = write_catalog(SMALL_CATALOG + TABLE_RULE)
    write_catalog(table, "size-glaze.csv")
    tracemalloc.start()
    try:
        for text in (keys, nested, options):
            assert len(text.encode()) <= MAX_FILE_BYTES
            with pytest.raises(CatalogError):
                load_catalog_text(text, file="big.yaml")
        load_catalog(path)  # 5,000 rows: accepted
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 200 * 1024 * 1024


def test_a_wide_csv_gets_one_short_located_problem(write_catalog):
    columns = 4_000
    header = ",".join(f"m{i}" for i in range(columns))
    row = ",".join("x" for _ in range(columns))
    write_catalog(header + "\n" + (row + "\n") * 100, "size-glaze.csv")
    with pytest.raises(CatalogError) as caught:
        load_catalog(write_catalog(SMALL_CATALOG + TABLE_RULE))
    ((problem),) = caught.value.problems
    assert (problem.line, problem.column, problem.code) == (1, 1, ProblemCode.INCONSISTENT)
    assert len(problem.message) < 200


@pytest.mark.parametrize("raw", [1.5, 7, True, {"lid": True}, b"lid"])
def test_picks_that_are_not_a_list_of_codes_are_refused_as_such(raw):
    """A float sent as the picks of a multiple choice was a server error ("'float' object is not
    iterable", found by the hostile cart fuzz); a mapping was read as its keys."""
    from modules.kinds import MultiChoice

    catalog = load_catalog("catalogs/tshirt.yaml")
    placement = next(m for m in catalog.modules if isinstance(m, MultiChoice))
    with pytest.raises(SelectionError) as caught:
        parse_value(placement, raw)
    ((problem),) = caught.value.problems
    assert problem.code == SelectionErrorCode.BAD_TYPE and problem.module == placement.code
    assert parse_value(placement, None) == frozenset()
    assert parse_value(placement, [placement.options[0].code]) == frozenset({placement.options[0].code})
