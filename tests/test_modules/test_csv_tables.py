"""Compatibility tables in a CSV file next to the catalog, with errors located in the CSV."""

from __future__ import annotations

import pytest

from modules.errors import CatalogError
from modules.loader import load_catalog
from modules.rules import Table
from tests.factories import SMALL_CATALOG

TABLE_RULE = "  - {kind: table, code: size-glaze, modules: [size, glaze], csv: size-glaze.csv}\n"


def test_rows_are_read_from_the_csv(write_catalog):
    write_catalog("size,glaze\nsmall,white\nlarge,*\n", "size-glaze.csv")
    catalog = load_catalog(write_catalog(SMALL_CATALOG + TABLE_RULE))
    table = next(r for r in catalog.rules if isinstance(r, Table))
    assert table.rows == (("small", "white"), ("large", "*"))


def test_unknown_option_in_csv_is_located_in_the_csv(write_catalog):
    csv_path = write_catalog("size,glaze\nsmall,white\nlarge,bleu\n", "size-glaze.csv")
    with pytest.raises(CatalogError) as caught:
        load_catalog(write_catalog(SMALL_CATALOG + TABLE_RULE))
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"{csv_path}:3:7: option 'bleu' in rule 'size-glaze' is not an option")


def test_header_must_name_the_modules(write_catalog):
    write_catalog("glaze,size\nwhite,small\n", "size-glaze.csv")
    with pytest.raises(CatalogError, match="does not match the table's modules"):
        load_catalog(write_catalog(SMALL_CATALOG + TABLE_RULE))


def test_missing_csv(write_catalog):
    with pytest.raises(CatalogError, match=r"CSV file 'size-glaze\.csv' not found"):
        load_catalog(write_catalog(SMALL_CATALOG + TABLE_RULE))


def test_csv_paths_cannot_leave_the_folder(write_catalog):
    rule = TABLE_RULE.replace("csv: size-glaze.csv", "csv: ../secret.csv")
    with pytest.raises(CatalogError, match="csv"):
        load_catalog(write_catalog(SMALL_CATALOG + rule))
