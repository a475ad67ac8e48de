"""Compatibility tables in the draft editor: a table rule's rows (inline or its CSV file) <-> editor rows.

Pure (unit-tested): the page shows the rows in a `st.data_editor` and saves them through
`store.drafts.save_draft`, which runs the real loader over the YAML and the CSV files together.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from ui.draft_edit import dump, parse


@dataclass(frozen=True)
class TableSource:
    code: str  # the rule's code
    modules: tuple[str, ...]  # the columns
    csv: str | None  # the CSV file's name, or None for rows written in the catalog file
    mode: str  # allowed | forbidden


def tables(data: dict[str, Any]) -> list[TableSource]:
    """The draft's table rules, in file order."""
    out = []
    for rule in data.get("rules") or []:
        if isinstance(rule, dict) and rule.get("kind") == "table" and isinstance(rule.get("modules"), list):
            name = rule.get("csv")
            out.append(
                TableSource(
                    code=str(rule.get("code")),
                    modules=tuple(str(m) for m in rule["modules"]),
                    csv=name if isinstance(name, str) else None,
                    mode=str(rule.get("mode", "allowed")),
                )
            )
    return out


def cell_choices(data: dict[str, Any], module_code: str) -> list[str]:
    """What a table cell of a module may hold: its option codes, `*`, and `none` if it is optional."""
    module: dict[str, Any] = next((m for m in data.get("modules", []) if m.get("code") == module_code), {})
    codes = [str(o.get("code")) for o in module.get("options", []) if isinstance(o, dict)]
    return [*codes, "*", *(["none"] if module.get("required") is False else [])]


def table_rows(data: dict[str, Any], csv_files: dict[str, str], table: TableSource) -> list[dict[str, str]]:
    """One editor row per table row, keyed by module code (the CSV header is not a row)."""
    if table.csv is not None:
        parsed = list(csv.reader(io.StringIO(csv_files.get(table.csv, ""))))[1:]
    else:
        rule = next(r for r in data.get("rules") or [] if isinstance(r, dict) and r.get("code") == table.code)
        parsed = [[str(c) for c in row] for row in rule.get("rows") or []]
    return [
        {m: (row[i].strip() if i < len(row) else "") for i, m in enumerate(table.modules)}
        for row in parsed
        if any(c.strip() for c in row)
    ]


def _cells(table: TableSource, rows: list[dict[str, Any]]) -> list[list[str]]:
    out = []
    for row in rows:
        cells = [str(row.get(m) or "").strip() for m in table.modules]
        if any(cells):  # an empty row added and left blank is not a row
            out.append(cells)
    return out


def rows_csv(table: TableSource, rows: list[dict[str, Any]]) -> str:
    """The CSV file of the table: its modules as the header, then the rows.

    >>> rows_csv(TableSource("t", ("cpu", "board"), "t.csv", "allowed"), [{"cpu": "a", "board": "b"}])
    'cpu,board\\na,b\\n'
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.modules)
    writer.writerows(_cells(table, rows))
    return out.getvalue()


def apply_table_rows(
    data: dict[str, Any], csv_files: dict[str, str], table: TableSource, rows: list[dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Copies of the catalog data and the CSV files with the table's rows replaced by `rows`."""
    files = dict(csv_files)
    out = parse(dump(data))
    if table.csv is not None:
        files[table.csv] = rows_csv(table, rows)
        return out, files
    for rule in out.get("rules") or []:
        if isinstance(rule, dict) and rule.get("code") == table.code:
            rule["rows"] = _cells(table, rows)
    return out, files
