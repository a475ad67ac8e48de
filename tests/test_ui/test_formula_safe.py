"""Tables staff can download (Streamlit's toolbar "Download as CSV") carry no spreadsheet formula; staff data
editors offer no such download (tests/test_e2e/test_safe_rendering.py shows it in a browser)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ui.safe import formula_safe

ROOT = Path(__file__).resolve().parents[2]
PAYLOADS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_formula_cells_are_made_inert_and_other_cells_left_alone():
    rows = formula_safe([{"name": p, "n": -5, "plain": "Ana"} for p in PAYLOADS])
    assert [r["name"] for r in rows] == ["'" + p for p in PAYLOADS]
    assert {(r["n"], r["plain"]) for r in rows} == {(-5, "Ana")}
    columns = formula_safe({"name": PAYLOADS, "n": [1] * len(PAYLOADS)})
    assert all(v.startswith("'") for v in columns["name"]) and columns["n"] == [1] * len(PAYLOADS)
    frame = formula_safe(pd.DataFrame({"name": PAYLOADS}))
    assert all(v.startswith("'") for v in frame["name"])


def test_staff_pages_show_tables_and_editors_only_through_the_safe_helpers():
    staff = [
        *ROOT.glob("pages/admin/*.py"),
        *ROOT.glob("pages/merchant/*.py"),
        *ROOT.glob("pages/operations/*.py"),
        *ROOT.glob("ui/ops_*.py"),
        *ROOT.glob("ui/crm_*.py"),
        *ROOT.glob("ui/staff*.py"),
    ]
    assert len(staff) > 10
    raw = re.compile(r"st\.(dataframe|data_editor)\(")  # ui.safe.staff_table and ui.safe.staff_editor instead
    offenders = [str(p.relative_to(ROOT)) for p in staff if raw.search(p.read_text("utf-8"))]
    assert offenders == []
