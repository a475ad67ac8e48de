"""The pairwise-consistency row filter run before compiling: it keeps every solution.

Given a problem, when the filter drops the table rows that an overlapping table does not
support, then the solutions are exactly those of the original problem, every kept row has a
partner in every overlapping positive table, only rows of positive tables go, and running it
again changes nothing; compiling with and without it gives the same diagram count.
"""

from __future__ import annotations

import dataclasses
import itertools
import sys
from pathlib import Path

import numpy as np
from engine_oracle import solutions
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from configurator.compile import Budget, compile_report
from configurator.filtering import pairwise_filter, row_count
from configurator.portfolio import CANDIDATES
from configurator.problem import Clause, Problem, Table, Variable

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from synthetic_models import Spec, generate

TINY = Spec(variables=16, tables=14, tuples=900, big_table=300, max_domain=12, max_arity=5, core=20, seed=5)


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    """Small problems of overlapping tables (some negative) and a clause now and then."""
    n = draw(st.integers(2, 6))
    sizes = [draw(st.integers(1, 4)) for _ in range(n)]
    variables = tuple(Variable(f"v{i}", tuple(f"a{j}" for j in range(d))) for i, d in enumerate(sizes))
    constraints: list[Table | Clause] = []
    for k in range(draw(st.integers(1, 6))):
        if draw(st.integers(0, 5)):
            width = draw(st.integers(1, min(4, n)))
            scope = tuple(draw(st.permutations(range(n)))[:width])
            space = list(itertools.product(*(range(sizes[v]) for v in scope)))
            rows = draw(st.lists(st.sampled_from(space), unique=True, max_size=len(space)))
            constraints.append(Table(scope, rows, rule=f"T{k}", negative=draw(st.integers(0, 4)) == 0))
        else:
            v, a = draw(st.integers(0, n - 1)), draw(st.integers(0, 3))
            constraints.append(Clause(((v, a % sizes[v], draw(st.booleans())),), rule=f"C{k}"))
    return Problem(variables, tuple(constraints))


def _rows(c: Table) -> set[tuple[int, ...]]:
    return {tuple(int(x) for x in r) for r in c.tuples}


def _pairwise_consistent(problem: Problem) -> bool:
    tables = [c for c in problem.constraints if isinstance(c, Table) and not c.negative]
    for a, b in itertools.permutations(tables, 2):
        shared = [v for v in a.scope if v in b.scope]
        if not shared:
            continue
        partners = {tuple(r[b.scope.index(v)] for v in shared) for r in _rows(b)}
        if any(tuple(r[a.scope.index(v)] for v in shared) not in partners for r in _rows(a)):
            return False
    return True


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems())
def test_the_filter_keeps_the_solutions_and_leaves_only_supported_rows(problem):
    filtered = pairwise_filter(problem)
    assert sorted(solutions(filtered)) == sorted(solutions(problem))
    assert _pairwise_consistent(filtered)
    assert filtered.variables == problem.variables
    for before, after in zip(problem.constraints, filtered.constraints, strict=True):
        if isinstance(before, Clause) or before.negative:
            assert after is before
        else:
            assert isinstance(after, Table)
            assert (after.scope, after.rule, after.negative) == (before.scope, before.rule, before.negative)
            assert _rows(after) <= _rows(before)
    assert pairwise_filter(filtered) is filtered


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems())
def test_every_candidate_counts_the_same_with_and_without_the_filter(problem):
    count = len(solutions(problem))
    if count == 0:
        return
    for candidate in CANDIDATES:
        for on in (True, False):
            mdd = compile_report(problem, Budget(candidates=(candidate,), pairwise_filter=on)).mdd
            assert mdd.count(mdd.allowed_mask({})) == count, (candidate.name, on)


def test_a_row_without_partner_goes_and_the_loss_travels_along_a_chain():
    variables = tuple(Variable(f"v{i}", ("a", "b", "c")) for i in range(4))
    problem = Problem(
        variables,
        (
            Table((0, 1), [(0, 0), (1, 1), (2, 2)], "A"),
            Table((1, 2), [(0, 0), (1, 1), (2, 2)], "B"),
            Table((2, 3), [(0, 0), (1, 1)], "C"),  # no row with v2 = c
        ),
    )
    filtered = pairwise_filter(problem)
    assert [sorted(_rows(c)) for c in filtered.constraints if isinstance(c, Table)] == [
        [(0, 0), (1, 1)],
        [(0, 0), (1, 1)],
        [(0, 0), (1, 1)],
    ]


def test_a_table_that_loses_rows_after_its_keys_were_reused_filters_by_its_new_rows():
    # v1's table is filtered twice by (v0, v1) on v1 (its keys are then kept), then
    # (v0, v1) loses its rows with v0 = a, and v1's table must lose v1 = a with them
    variables = tuple(Variable(f"v{i}", ("a", "b")) for i in range(3))
    problem = Problem(
        variables,
        (
            Table((1,), [(0,), (1,)], "A"),
            Table((1, 2), [(0, 1), (1, 0)], "B"),
            Table((0,), [(1,)], "C"),
            Table((0, 1), [(0, 0), (0, 1), (1, 1)], "D"),
            Table((0,), [(0,), (1,)], "E"),
        ),
    )
    filtered = pairwise_filter(problem)
    assert [sorted(_rows(c)) for c in filtered.constraints if isinstance(c, Table)] == [
        [(1,)],
        [(1, 0)],
        [(1,)],
        [(1, 1)],
        [(1,)],
    ]


def test_wide_shared_scopes_beyond_64_bit_keys_are_compared_exactly():
    # 12 shared variables of 300 values: the mixed-radix key would overflow
    variables = tuple(Variable(f"v{i}", tuple(str(a) for a in range(300))) for i in range(13))
    rng = np.random.default_rng(1)
    rows = rng.integers(0, 300, (50, 12))
    a = Table(tuple(range(12)), rows, "A")
    b = Table(tuple(range(13)), np.column_stack([rows[:30], np.zeros(30, dtype=np.int64)]), "B")
    filtered = pairwise_filter(Problem(variables, (a, b)))
    kept = filtered.constraints[0]
    assert isinstance(kept, Table)
    assert _rows(kept) == {tuple(int(x) for x in r) for r in rows[:30]}


def test_the_synthetic_model_compiles_to_the_same_diagram_count_with_and_without_the_filter():
    problem = generate(dataclasses.replace(TINY, seed=11))
    filtered = pairwise_filter(problem)
    assert row_count(filtered) < row_count(problem)
    counts = set()
    for candidate in CANDIDATES:
        for on in (True, False):
            mdd = compile_report(problem, Budget(candidates=(candidate,), pairwise_filter=on)).mdd
            counts.add(mdd.count(mdd.allowed_mask({})))
            assert mdd.fingerprint == problem.fingerprint()
    assert len(counts) == 1 and counts.pop() > 0
