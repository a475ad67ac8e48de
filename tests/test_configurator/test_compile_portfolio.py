"""The compile portfolio: every candidate compiles the same solutions; budgets are counts.

Given a problem, when each (variable order, schedule) candidate compiles it alone, then the
count and the valid choices agree with brute force / the SAT backend and with each other;
given a budget too small for some candidates, the same candidates stop, with the same
figures, on every run.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
import sys
from pathlib import Path

import numpy as np
import pytest
from engine_oracle import extending, solutions, supported
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from configurator.backends import MddBackend
from configurator.compile import Budget, compile_report
from configurator.engine import Engine
from configurator.errors import CompileBudgetExceeded
from configurator.loader import load_problem
from configurator.portfolio import CANDIDATES, Candidate, CompileReport
from configurator.problem import Clause, Problem, Table, Variable
from configurator.sat import SatBackend

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from synthetic_models import Spec, generate

BENCH = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks"


def _alone(candidate: Candidate) -> Budget:
    return Budget(candidates=(candidate,))


def _values(supported_mask: np.ndarray, problem: Problem) -> tuple[tuple[int, ...], ...]:
    off = np.concatenate([[0], np.cumsum(problem.domain_sizes)])
    return tuple(
        tuple(int(a) for a in np.flatnonzero(supported_mask[off[v] : off[v + 1]])) for v in range(len(off) - 1)
    )


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    n = draw(st.integers(2, 6))
    sizes = [draw(st.integers(1, 5)) for _ in range(n)]
    variables = tuple(Variable(f"v{i}", tuple(f"a{j}" for j in range(d))) for i, d in enumerate(sizes))
    constraints: list[Table | Clause] = []
    for k in range(draw(st.integers(1, 6))):
        if draw(st.integers(0, 3)):
            width = draw(st.integers(1, min(4, n)))
            scope = tuple(draw(st.permutations(range(n)))[:width])
            space = list(itertools.product(*(range(sizes[v]) for v in scope)))
            rows = draw(st.lists(st.sampled_from(space), unique=True, max_size=len(space)))
            constraints.append(Table(scope, rows, rule=f"T{k}", negative=draw(st.booleans())))
        else:
            lits = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, 4), st.booleans()), min_size=1))
            constraints.append(Clause(tuple((v, a % sizes[v], p) for v, a, p in lits[:3]), rule=f"C{k}"))
    return Problem(variables, tuple(constraints))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(), data=st.data())
def test_every_candidate_compiles_the_brute_force_solutions(problem, data):
    sols = solutions(problem)
    assume(sols)
    partial = dict(data.draw(st.lists(st.sampled_from(list(enumerate(data.draw(st.sampled_from(sols))))), max_size=3)))
    expected = supported(problem, extending(sols, partial))
    sat = SatBackend(problem)
    assert _values(sat.supported(partial), problem) == expected
    for candidate in CANDIDATES:
        report = compile_report(problem, _alone(candidate))
        assert report.pick == candidate.name
        mdd = MddBackend(report.mdd)
        assert mdd.count({}) == len(sols), candidate.name
        assert mdd.count(partial) == len(extending(sols, partial)), candidate.name
        assert _values(mdd.supported(partial), problem) == expected, candidate.name


def _click_paths(problem: Problem, seed: int, clicks: int) -> list[dict[int, int]]:
    """Assignments along random click paths, each click a value SAT says is available."""
    rng = random.Random(seed)
    sat = SatBackend(problem)
    out: list[dict[int, int]] = [{}]
    assignment: dict[int, int] = {}
    for _ in range(clicks):
        free = [v for v in range(len(problem.variables)) if v not in assignment]
        if not free:
            assignment = {}
            continue
        var = rng.choice(free)
        choices = _values(sat.supported(assignment), problem)[var]
        assignment = {**assignment, var: rng.choice(choices)}
        out.append(assignment)
    return out


@pytest.mark.slow
@pytest.mark.skipif(not BENCH.is_dir(), reason=f"public models not found at {BENCH}")
@pytest.mark.parametrize(
    ("path", "count"),
    [
        ("renault-medium/medium.xml", 278_744),
        ("feature-models/berkeleydb.dimacs", 32),
        ("feature-models/e-shop.dimacs", 247_496_437_923_840),
    ],
)
def test_every_candidate_agrees_with_sat_on_public_models(path, count):
    problem = load_problem(BENCH / path)
    sat = SatBackend(problem)
    paths = _click_paths(problem, seed=3, clicks=25)
    expected = [_values(sat.supported(a), problem) for a in paths]
    compiled = set()
    for candidate in CANDIDATES:
        try:
            mdd = MddBackend(compile_report(problem, _alone(candidate)).mdd)
        except CompileBudgetExceeded:  # e.g. the file order conjoined bottom-up on medium.xml
            continue
        compiled.add(candidate.order)
        assert mdd.count({}) == count, candidate.name
        got = [_values(mdd.supported(a), problem) for a in paths]
        assert got == expected, candidate.name
    assert compiled == {c.order for c in CANDIDATES}  # every order, with some schedule


@pytest.mark.slow
@pytest.mark.skipif(not BENCH.is_dir(), reason=f"public models not found at {BENCH}")
def test_cudd_memory_cap_stops_a_candidate_and_counts_its_operations():
    problem = load_problem(BENCH / "renault-medium/medium.xml")
    with pytest.raises(CompileBudgetExceeded) as exc:
        compile_report(problem, Budget(max_memory_bytes=8 << 20))
    assert "force/bottom-up: over CUDD's memory cap (8 MB)" in exc.value.reason
    engine = Engine(problem, budget=Budget(max_memory_bytes=8 << 20))
    assert engine.backend == "sat"


def _chain(n: int = 14, d: int = 4) -> Problem:
    """A chain of binary 'differ by at most one' tables: compiles, with some work."""
    variables = tuple(Variable(f"x{i}", tuple(str(a) for a in range(d))) for i in range(n))
    rows = [(a, b) for a in range(d) for b in range(d) if abs(a - b) <= 1]
    tables = tuple(Table((i, (i * 5 + 3) % n), rows, rule=f"R{i}") for i in range(n) if (i * 5 + 3) % n != i)
    return Problem(variables, tables)


FULL = Budget(enough_nodes=0)  # every candidate runs, however small the first diagram


def test_once_a_diagram_is_small_enough_the_other_candidates_are_skipped():
    report = compile_report(_chain())
    first = report.candidates[0]
    assert first.ok and first.bdd_nodes <= Budget().enough_nodes
    assert [c.reason for c in report.candidates[1:]] == [f"skipped: {first.name} is small enough"] * (
        len(CANDIDATES) - 1
    )
    assert report.pick == first.name


def _figures(budget: Budget) -> list[tuple[str, bool, int, int, str | None]]:
    report = compile_report(_chain(), budget)
    return [(c.name, c.ok, c.bdd_nodes, c.ops, c.reason) for c in report.candidates]


def test_the_pick_is_the_smallest_diagram_and_identical_on_a_rerun():
    first = compile_report(_chain(), FULL)
    again = compile_report(_chain(), FULL)
    done = [c for c in first.candidates if c.ok]
    assert done
    smallest = min(done, key=lambda c: c.bdd_nodes).bdd_nodes
    assert next(c for c in first.candidates if c.name == first.pick).bdd_nodes == smallest
    assert first.pick == again.pick
    assert [(c.name, c.ok, c.bdd_nodes, c.ops) for c in first.candidates] == [
        (c.name, c.ok, c.bdd_nodes, c.ops) for c in again.candidates
    ]


def test_budget_exhaustion_stops_the_same_candidates_with_the_same_figures():
    full = {
        c.name: c.ops
        for c in compile_report(_chain(), Budget(op_ratio=1e9, node_ratio=1e9, enough_nodes=0)).candidates
        if c.ok
    }
    # an operation budget between the cheapest and the dearest candidate
    limit = sorted(full.values())[len(full) // 2]
    budget = Budget(max_ops=limit, lead_ops=limit, op_ratio=1e9, node_ratio=1e9, enough_nodes=0)
    first, second = _figures(budget), _figures(budget)
    assert first == second
    stopped = {name for name, ok, _, _, reason in first if not ok and not (reason or "").startswith("skipped")}
    assert stopped == {name for name, ops in full.items() if ops > limit}
    assert stopped and len(stopped) < len(full)
    for name, ok, _, ops, reason in first:
        if name in stopped:
            assert not ok and ops > limit and reason == f"over {limit:,} operations"


def test_a_later_candidate_stops_at_the_cost_of_the_best_so_far():
    report = compile_report(_chain(), FULL)
    first = report.candidates[0]
    assert first.ok
    for c in report.candidates[1:]:
        if c.ok:
            assert c.ops <= first.ops
        elif not (c.reason or "").startswith("skipped"):
            assert c.reason is not None and (c.ops > first.ops or "live nodes" in c.reason)


def test_once_the_total_operations_are_spent_the_remaining_candidates_are_skipped():
    # the first candidate's operations come on top of the total: here it is all there is
    first = compile_report(_chain(), FULL).candidates[0]
    report = compile_report(_chain(), Budget(max_total_ops=0, enough_nodes=0))
    assert (report.candidates[0].name, report.candidates[0].ok, report.candidates[0].ops) == (
        first.name,
        True,
        first.ops,
    )
    assert [c.reason for c in report.candidates[1:]] == ["skipped: operations budget spent"] * (len(CANDIDATES) - 1)


def test_the_first_candidate_may_spend_the_lead_budget_and_then_the_others_are_skipped():
    first = compile_report(_chain(), FULL).candidates[0]
    assert first.ok and first.ops > 1
    budget = Budget(max_ops=first.ops - 1, lead_ops=first.ops, enough_nodes=0, runner_ups=0)
    report = compile_report(_chain(), budget)
    lead = report.candidates[0]
    assert (lead.name, lead.ok, lead.ops, report.pick) == (first.name, True, first.ops, first.name)
    assert [c.reason for c in report.candidates[1:]] == [f"skipped: {first.name} needed the lead budget"] * (
        len(CANDIDATES) - 1
    )
    held = compile_report(_chain(), Budget(max_ops=first.ops - 1, lead_ops=first.ops - 1, enough_nodes=0))
    assert held.candidates[0].name == first.name and not held.candidates[0].ok
    assert held.candidates[0].reason == f"over {first.ops - 1:,} operations"


def _runner_up(report: CompileReport) -> str:
    """The first candidate after the lead with the lead's schedule and another order."""
    lead = report.candidates[0].name.split("/")
    return next(
        c.name
        for c in report.candidates[1:]
        if c.name.split("/")[1] == lead[1] and c.name.split("/")[0] != lead[0] and c.reason is None
    )


def _linked() -> Problem:
    """A small generated model where the order of smallest span is not the smallest diagram."""
    return generate(Spec(16, 14, 900, 300, max_domain=12, max_arity=5, core=20, links=0.3, seed=4))


def test_after_a_lead_that_needed_the_lead_budget_the_next_order_still_runs_and_the_smaller_diagram_wins():
    problem = _linked()
    full = compile_report(problem, Budget(enough_nodes=0, op_ratio=1e9, node_ratio=1e9))
    lead, name = full.candidates[0], _runner_up(full)
    other = next(c for c in full.candidates if c.name == name)
    assert lead.ok and other.ok and other.bdd_nodes < lead.bdd_nodes and other.ops <= lead.ops
    budget = Budget(max_ops=lead.ops - 1, lead_ops=lead.ops, enough_nodes=0)
    report = compile_report(problem, budget)
    assert report.pick == name
    assert report.mdd.count(report.mdd.allowed_mask({})) == full.mdd.count(full.mdd.allowed_mask({}))
    figures = {c.name: (c.ok, c.bdd_nodes, c.ops, c.reason) for c in report.candidates}
    assert figures[lead.name] == (True, lead.bdd_nodes, lead.ops, None)
    assert figures[name] == (True, other.bdd_nodes, other.ops, None)
    skipped = f"skipped: {lead.name} needed the lead budget"
    assert all(figures[c.name][3] == skipped for c in report.candidates if c.name not in (lead.name, name))
    # without runner-ups the lead's diagram is kept, however large
    alone = compile_report(problem, dataclasses.replace(budget, runner_ups=0))
    assert alone.pick == lead.name
    assert all(c.reason == skipped for c in alone.candidates[1:])


def test_a_runner_up_stops_at_the_operations_of_the_lead_times_op_ratio():
    full = compile_report(_linked(), Budget(enough_nodes=0, op_ratio=1e9, node_ratio=1e9))
    lead, name = full.candidates[0], _runner_up(full)
    limit = int(0.5 * lead.ops)
    assert next(c for c in full.candidates if c.name == name).ops > limit
    budget = Budget(max_ops=lead.ops - 1, lead_ops=lead.ops, enough_nodes=0, op_ratio=0.5, node_ratio=1e9)
    report = compile_report(_linked(), budget)
    got = next(c for c in report.candidates if c.name == name)
    assert not got.ok and got.reason == f"over {limit:,} operations"
    assert report.pick == lead.name


def test_no_candidate_within_budget_falls_back_to_sat_with_every_reason():
    problem = _chain()
    with pytest.raises(CompileBudgetExceeded) as exc:
        compile_report(problem, Budget(max_nodes=5))
    assert "no variable order compiled within budget" in exc.value.reason
    assert "greedy/top-down: over 5 live nodes" in exc.value.reason
    engine = Engine(problem, budget=Budget(max_nodes=5))
    assert engine.backend == "sat" and engine.fallback_reason == exc.value.reason


def test_the_engine_keeps_the_report_of_its_compile():
    engine = Engine(_chain(), budget=FULL)
    report = engine.compile_report
    assert report is not None and engine.backend == "mdd"
    assert sorted(c.name for c in report.candidates) == sorted(c.name for c in CANDIDATES)
    assert engine.count() == MddBackend(report.mdd).count({})


def test_a_variable_the_diagram_does_not_test_gets_every_value_of_its_domain():
    # v1 (5 values, 3 bits) is free: the diagram skips its bits, the MDD still lists 0..4
    variables = tuple(Variable(f"v{i}", tuple(str(a) for a in range(d))) for i, d in enumerate((3, 5, 6)))
    problem = Problem(variables, (Table((0, 2), [(0, 1), (1, 5), (2, 0), (2, 3)], "T"),))
    for candidate in CANDIDATES:
        mdd = MddBackend(compile_report(problem, _alone(candidate)).mdd)
        assert mdd.count({}) == 4 * 5, candidate.name
        assert mdd.count({1: 4}) == 4 and mdd.count({0: 2, 1: 3}) == 2, candidate.name
        assert _values(mdd.supported({0: 1}), problem) == ((1,), (0, 1, 2, 3, 4), (5,)), candidate.name
