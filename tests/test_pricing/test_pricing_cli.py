"""`python -m pricing quote`: the full breakdown as JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

from pricing.cli import main
from tests.conftest import ROOT


def run(capsys, *args: str) -> tuple[int, dict]:
    code = main(["quote", *args])
    return code, json.loads(capsys.readouterr().out)


def test_quote_with_choices_coupon_and_delivery(capsys):
    code, q = run(
        capsys,
        str(ROOT / "catalogs/tshirt.yaml"),
        "--choose", "cut=hoodie", "--choose", "print_method=screen", "--choose", "placement=front,sleeve",
        "--choose", "print_text=HELLO", "--complete", "default", "--quantity", "12",
        "--country", "DE", "--date", "2026-11-06", "--delivery", "express",
    )  # fmt: skip
    assert code == 0
    assert q["currency"] == "EUR" and q["total"] == "522.46"
    assert q["items"][0]["selection"]["placement"] == ["front", "sleeve"]
    assert q["items"][0]["selection"]["colour"] == "white"  # the default
    assert q["shipping"]["mode"] == "express" and q["shipping"]["amount"] == "0.00"
    assert q["tax"] == {"country": "DE", "rate": "19", "amount": "83.42", "included": True}
    assert q["delivery"]["earliest"] == "2026-11-16" and q["delivery"]["latest"] == "2026-11-17"
    parts = Decimal(q["subtotal"]) - Decimal(q["discount_total"]) + Decimal(q["shipping"]["amount"])
    assert parts == Decimal(q["total"])
    assert all(line["label"] for line in q["lines"])


def test_cheapest_completion_and_refused_coupon(capsys):
    code, q = run(
        capsys, str(ROOT / "catalogs/pc.yaml"), "--complete", "cheapest", "--coupon", "NOPE", "--date", "2026-11-04"
    )
    assert code == 0
    assert q["refusals"] == [
        {"promotion": "NOPE", "code": "unknown-coupon", "message": "we do not know this coupon code"}
    ]


def test_forbidden_or_incomplete_selection_is_refused(capsys):
    code, q = run(capsys, str(ROOT / "catalogs/tshirt.yaml"), "--choose", "cut=hoodie", "--date", "2026-11-04")
    assert code == 1 and q["error"] == "invalid-selection"
    assert {v["rule"] for v in q["violations"]} >= {"module:fabric", "module:size"}
    code, q = run(
        capsys,
        str(ROOT / "catalogs/tshirt.yaml"),
        "--choose", "fabric=linen", "--choose", "cut=hoodie", "--complete", "cheapest", "--date", "2026-11-04",
    )  # fmt: skip
    assert code == 1 and q["error"] == "invalid-selection"
    assert "no-linen-hoodie" in {v["rule"] for v in q["violations"]}


def test_runs_as_a_module():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pricing",
            "quote",
            "catalogs/sneaker.yaml",
            "--complete",
            "default",
            "--date",
            "2026-11-04",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"]
