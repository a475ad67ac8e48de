"""The Engine façade: structured errors, unsatisfiable detection, fallback, caching."""

from __future__ import annotations

import json

import numpy as np
import pytest

from configurator.cli import main
from configurator.compile import Budget
from configurator.engine import Engine
from configurator.errors import (
    CompileBudgetExceeded,
    InconsistentAssignmentError,
    UnavailableValueError,
    UnknownValueError,
    UnknownVariableError,
    UnsatisfiableProblemError,
    UnsupportedOperationError,
)
from configurator.mdd import MDD
from configurator.problem import Clause, Problem, Table, Variable


@pytest.fixture
def problem() -> Problem:
    finish = Variable("finish", ("matte", "gloss"))
    engraving = Variable("engraving", ("no", "yes"))
    strap = Variable("strap", ("leather", "steel", "nylon"))
    return Problem(
        (finish, engraving, strap),
        (
            Table((0, 1), [(0, 1)], rule="NO-ENGRAVE-MATTE", negative=True),
            Clause(((2, 2, False), (1, 0, True)), rule="NYLON-NO-ENGRAVE"),
        ),
    )


def test_bad_input_raises_structured_errors_and_changes_nothing(problem):
    engine = Engine(problem)
    chosen = {0: 0}
    with pytest.raises(UnknownVariableError) as e1:
        engine.valid_choices({7: 0})
    assert e1.value.variable == 7
    with pytest.raises(UnknownValueError) as e2:
        engine.choose(chosen, 2, 5)
    assert (e2.value.variable, e2.value.value) == ("strap", 5)
    with pytest.raises(UnavailableValueError) as e3:
        engine.choose(chosen, 1, 1)
    assert (e3.value.variable, e3.value.value) == ("engraving", "yes")
    assert chosen == {0: 0}
    assert engine.choose(chosen, 2, 1) == {0: 0, 2: 1}
    with pytest.raises(InconsistentAssignmentError):
        engine.valid_choices({0: 0, 1: 1})
    with pytest.raises(UnknownVariableError):
        problem.index("colour")


def test_forced_choices_are_reported(problem):
    choices = Engine(problem).valid_choices({0: 0})
    assert choices.forced == {1: 0}
    assert choices.values[2] == (0, 1, 2)


def test_unsatisfiable_problem_is_detected_at_compile():
    p = Problem(
        (Variable("a", ("x", "y")),),
        (Clause(((0, 0, True),), rule="R1"), Clause(((0, 1, True),), rule="R2")),
    )
    for backend in ("mdd", "sat"):
        with pytest.raises(UnsatisfiableProblemError):
            Engine(p, backend=backend)  # type: ignore[arg-type]


def test_budget_blow_up_falls_back_to_sat_and_says_why(problem):
    engine = Engine(problem, budget=Budget(max_bits=1))
    assert engine.backend == "sat"
    assert "exceed" in (engine.fallback_reason or "")
    assert engine.valid_choices({0: 0}).values[1] == (0,)
    with pytest.raises(UnsupportedOperationError):
        engine.count()
    with pytest.raises(CompileBudgetExceeded):
        Engine(problem, budget=Budget(max_bits=1), backend="mdd")


def test_fingerprint_is_stable_and_content_sensitive(problem):
    same = Problem(problem.variables, problem.constraints)
    assert problem.fingerprint() == same.fingerprint()
    renamed = Problem(
        problem.variables,
        (problem.constraints[0], Clause(problem.constraints[1].literals, rule="OTHER")),
    )
    assert renamed.fingerprint() != problem.fingerprint()


def test_compiled_model_is_saved_and_reused_per_fingerprint(problem, tmp_path):
    first = Engine(problem, cache_dir=tmp_path)
    files = list(tmp_path.glob("*.npz"))
    assert [f.stem for f in files] == [problem.fingerprint()]
    loaded = MDD.load(files[0])
    assert first.mdd is not None
    assert np.array_equal(loaded.src, first.mdd.src)
    second = Engine(problem, cache_dir=tmp_path)
    assert second.count() == first.count() == 8


def test_cli_count_explain_and_bench(tmp_path, capsys):
    model = tmp_path / "m.cnf"
    model.write_text("c 1 base\nc 2 extra\nc 3 other\np cnf 3 2\n1 0\n-2 -3 0\n")
    assert main(["count", str(model)]) == 0
    assert capsys.readouterr().out.strip() == "3"
    assert main(["explain", str(model), "--choose", "extra=1", "--why", "other=1"]) == 0
    out = capsys.readouterr().out
    assert "extra=1" in out and "c2" in out and "repair: change extra=1" in out
    assert main(["bench", str(model), "--clicks", "5"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["count"] == "3" and summary["backend"] == "mdd"
    for key in ("choices_ms", "bounds_ms"):
        assert set(summary[key]) == {"median", "p90", "max"}
    assert {"compile_s", "peak_mb"} <= set(summary)


def test_malformed_problems_are_refused_at_build():
    from configurator.errors import ModelError

    a = Variable("a", ("x", "y"))
    with pytest.raises(ModelError, match="out-of-range"):
        Problem((a,), (Table((0,), [(2,)], rule="R"),))
    with pytest.raises(ModelError, match="out of range"):
        Problem((a,), (Clause(((1, 0, True),), rule="R"),))
    with pytest.raises(ModelError, match="duplicate"):
        Problem((a, a), ())
    with pytest.raises(ModelError, match="duplicate values"):
        Variable("b", ("x", "x"))


def _portfolio(capsys, *args: str) -> tuple[int, list[str]]:
    code = main(["portfolio", *args])
    return code, capsys.readouterr().out.splitlines()


def test_cli_portfolio_takes_every_count_budget(tmp_path, capsys):
    model = tmp_path / "chain.cnf"
    clauses = [f"-{i} {i + 1} 0" for i in range(1, 9)] + ["1 5 9 0", "-3 -7 0"]
    model.write_text(f"p cnf 9 {len(clauses)}\n" + "\n".join(clauses) + "\n")
    code, lines = _portfolio(capsys, str(model), "--enough-nodes", "0")
    assert code == 0
    name = lines[0].lstrip("* ").split()[0]
    ops = int(lines[0].split("ops")[1].split()[0].replace(",", ""))
    # the lead may spend --lead-ops: one fewer than it needs stops it
    code, lines = _portfolio(
        capsys, str(model), "--enough-nodes", "0", "--max-ops", str(ops - 1), "--lead-ops", str(ops - 1)
    )
    assert name in lines[0] and f"over {ops - 1:,} operations" in lines[0]
    # exactly what it needs: it compiles, and with no runner-up every other candidate is skipped
    code, lines = _portfolio(
        capsys,
        str(model),
        *("--enough-nodes", "0", "--max-ops", str(ops - 1), "--lead-ops", str(ops), "--runner-ups", "0"),
    )
    assert code == 0 and lines[0].startswith("*") and name in lines[0]
    others = [line.split(maxsplit=1)[1] if line.startswith("*") else line for line in lines[1:-1]]
    assert all("skipped: same as" in line or f"skipped: {name} needed the lead budget" in line for line in others)
    assert any("needed the lead budget" in line for line in others)
    assert lines[-1].startswith(f"pick {name}:")


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--lead-ops", "0", "--lead-ops must be positive, not 0"),
        ("--runner-ups", "-1", "--runner-ups must be zero or more, not -1"),
        ("--max-memory-mb", "0", "--max-memory-mb must be positive, not 0"),
    ],
)
def test_cli_portfolio_refuses_a_budget_out_of_range(tmp_path, capsys, flag, value, message):
    model = tmp_path / "m.cnf"
    model.write_text("p cnf 2 1\n1 2 0\n")
    assert main(["portfolio", str(model), flag, value]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip() == f"error: {message}"
