"""The catalog proof: compile, count, model checks and the cheapest and dearest quotes, in and out of process."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from configurator.catalog_engine import CatalogEngine
from configurator.model_checks import check_catalog
from modules.errors import ProblemCode
from modules.loader import load_catalog, load_catalog_text
from pricing.bounds import PriceBounds
from pricing.proof import prove_text
from pricing.proof_report import ProofLimits
from pricing.proof_runner import run_proof
from tests.conftest import ROOT
from tests.factories import SMALL_CATALOG

SAMPLES = sorted((ROOT / "catalogs").glob("*.yaml"))
CSV = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "catalogs").glob("*.csv")}
DAY = dt.date(2026, 11, 30)
NEVER = SMALL_CATALOG + "  - {kind: constraint, code: never, expr: 'false'}\n"
CLASH = SMALL_CATALOG + (
    "  - {kind: requires, code: blue-always, if: {size: [small, large]}, then: {glaze: blue}}\n"
    "  - {kind: requires, code: white-always, if: {size: [small, large]}, then: {glaze: white}}\n"
)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_catalog_is_proven_with_its_count_and_price_range(path):
    report = prove_text(path.read_text(encoding="utf-8"), file=str(path), csv_files=CSV, date=DAY)
    assert report.ok, [str(p) for p in report.problems]
    catalog = load_catalog(path)
    engine = CatalogEngine(catalog)
    assert report.count == engine.count() > 0
    info = PriceBounds(engine.model, engine.engine, date=DAY).info({})
    assert (report.cheapest, report.dearest) == (
        info.cheapest.display(),
        info.dearest.display(),
    )


def test_a_rule_that_never_holds_is_refused_at_its_line():
    report = prove_text(NEVER, file="mug.yaml")
    ((problem),) = report.problems
    assert (problem.file, problem.line, problem.code) == (
        "mug.yaml",
        line_of(NEVER, "code: never"),
        ProblemCode.INCONSISTENT,
    )
    assert problem.message == "no valid product: rule 'never' never holds"
    assert report.count == 0


def test_expr_false_compiles_and_the_model_checks_name_the_rule():
    # used to raise a raw ValueError from the compiler (an empty table of no variables)
    report = check_catalog(load_catalog_text(NEVER, file="mug.yaml"))
    assert report.count == 0
    assert [f.rules for f in report.of_kind("contradiction")] == [("never",)]


def test_rules_that_clash_are_all_named_each_at_its_own_line():
    report = prove_text(CLASH, file="mug.yaml")
    assert not report.ok
    assert {p.line for p in report.problems} == {line_of(CLASH, "blue-always"), line_of(CLASH, "white-always")}
    assert all("'blue-always', 'white-always'" in p.message for p in report.problems)


def test_a_catalog_the_shop_cannot_quote_is_refused():
    text = SMALL_CATALOG.replace("category: kitchen\n", "category: kitchen\ncurrency: USD\n")
    report = prove_text(text, file="mug.yaml")
    ((problem),) = report.problems
    assert "cannot be quoted" in problem.message and "USD" in problem.message


def test_load_problems_come_back_located():
    report = prove_text(SMALL_CATALOG.replace("{extras: lid}", "{extras: lidd}"), file="mug.yaml")
    assert [p.code for p in report.problems] == [ProblemCode.UNKNOWN_REFERENCE]


def test_the_runner_proves_in_a_separate_process():
    report = run_proof(file="mug.yaml", text=SMALL_CATALOG)
    local = prove_text(SMALL_CATALOG, file="mug.yaml")
    assert report.ok and (report.count, report.cheapest, report.dearest) == (local.count, local.cheapest, local.dearest)
    refused = run_proof(file="mug.yaml", text=NEVER)
    assert [str(p) for p in refused.problems] == [str(p) for p in prove_text(NEVER, file="mug.yaml").problems]


def test_the_runner_refuses_cleanly_past_its_time_and_memory_limits():
    table = (ROOT / "catalogs" / "table.yaml").read_text(encoding="utf-8")
    slow = run_proof(file="table.yaml", text=table, limits=ProofLimits(seconds=0.2))
    ((problem),) = slow.problems
    assert (problem.file, problem.line, problem.column) == ("table.yaml", 1, 1)
    assert "did not finish within 0.2 s" in problem.message
    small = run_proof(file="table.yaml", text=table, limits=ProofLimits(memory_bytes=64 * 1024 * 1024))
    ((problem),) = small.problems
    assert "more than 64 MB" in problem.message


def test_configurator_check_runs_the_proof_and_fails_on_no_valid_product(tmp_path):
    path = tmp_path / "mug.yaml"
    path.write_text(NEVER, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "configurator", "check", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert f"{path}:{line_of(NEVER, 'code: never')}:5: no valid product: rule 'never' never holds" in result.stderr
    assert "1 of 1 catalogs have problems" in result.stderr


def test_a_catalog_past_the_node_budget_is_proven_on_the_sat_fallback_without_a_count():
    # a busy machine can push a compile past its budget too: the proof used to crash on count()
    path = ROOT / "catalogs" / "tshirt.yaml"
    report = prove_text(path.read_text(encoding="utf-8"), file=str(path), limits=ProofLimits(max_bits=1), date=DAY)
    assert report.ok, [str(p) for p in report.problems]
    assert (report.backend, report.count) == ("sat", None)
    assert report.cheapest and report.dearest
    assert any("exact count unavailable" in note for note in report.notes)
    never = prove_text(NEVER, file="mug.yaml", limits=ProofLimits(max_bits=1))
    assert [p.message for p in never.problems] == ["no valid product: rule 'never' never holds"]


def test_a_price_list_in_a_currency_the_shop_does_not_sell_in_is_noted_as_never_used():
    lists = (
        "pricing:\n  price_lists:\n"
        "    - {code: yen, label: Yen prices, currency: JPY, valid_from: 2026-01-01, base_price: 1500}\n"
        "    - {code: dollars, label: Dollar prices, currency: USD, valid_from: 2026-01-01}\n"
        "rules:\n"
    )
    assert SMALL_CATALOG.count("rules:\n") == 1
    report = prove_text(SMALL_CATALOG.replace("rules:\n", lists), file="mug.yaml", date=DAY)
    assert report.ok, [str(p) for p in report.problems]
    unused = [note for note in report.notes if "never used" in note]
    assert unused == ["price list 'yen' is in JPY, which the shop does not sell in: it is never used"]
