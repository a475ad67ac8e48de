"""Hypothesis: on random small problems, every engine answer matches brute force."""

from __future__ import annotations

import itertools

import numpy as np
from engine_oracle import extending, solutions, supported
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from configurator.engine import Engine
from configurator.problem import Clause, Problem, Table, Variable

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def problems(draw: st.DrawFn, min_vars: int = 1, min_size: int = 1) -> Problem:
    n = draw(st.integers(min_vars, 4))
    sizes = [draw(st.integers(min_size, 3)) for _ in range(n)]
    variables = tuple(Variable(f"v{i}", tuple(f"a{j}" for j in range(d))) for i, d in enumerate(sizes))
    constraints: list[Table | Clause] = []
    for k in range(draw(st.integers(min_vars - 1, 4))):
        if draw(st.booleans()):
            width = draw(st.integers(1, min(3, n)))
            scope = tuple(draw(st.permutations(range(n)))[:width])
            space = list(itertools.product(*(range(sizes[v]) for v in scope)))
            rows = draw(st.lists(st.sampled_from(space), unique=True, max_size=len(space)))
            constraints.append(Table(scope, rows, rule=f"T{k}", negative=draw(st.booleans())))
        else:
            lits = draw(
                st.lists(
                    st.tuples(st.integers(0, n - 1), st.integers(0, 2), st.booleans()),
                    min_size=1,
                    max_size=3,
                )
            )
            lits = [(v, a % sizes[v], p) for v, a, p in lits]
            constraints.append(Clause(tuple(lits), rule=f"C{k}"))
    return Problem(variables, tuple(constraints))


def _partial(draw: st.DrawFn, sols: list[tuple[int, ...]], n: int, min_size: int = 0) -> dict[int, int]:
    sol = draw(st.sampled_from(sols))
    keep = draw(st.lists(st.integers(0, n - 1), unique=True, min_size=min(min_size, n)))
    return {v: sol[v] for v in keep}


@SETTINGS
@given(problem=problems(), data=st.data())
def test_choices_count_bounds_complete_match_brute_force(problem, data):
    sols = solutions(problem)
    assume(sols)
    n = len(problem.variables)
    assignment = _partial(data.draw, sols, n)
    ext = extending(sols, assignment)
    costs = [[data.draw(st.integers(0, 9)) for _ in range(v.size)] for v in problem.variables]

    def total(s):
        return sum(costs[v][s[v]] for v in range(n))

    mdd = Engine(problem, backend="mdd")
    sat = Engine(problem, backend="sat")
    expected = supported(problem, ext)
    assert mdd.valid_choices(assignment).values == expected
    assert sat.valid_choices(assignment).values == expected
    assert mdd.count(assignment) == len(ext)

    bounds = mdd.bounds(assignment, costs)
    for v in range(n):
        for a in range(problem.variables[v].size):
            through = [total(s) for s in ext if s[v] == a]
            assert bounds.low[v][a] == (min(through) if through else np.inf)
            assert bounds.high[v][a] == (max(through) if through else -np.inf)

    for engine in (mdd, sat):
        done = engine.complete(assignment, costs)
        assert done is not None and tuple(done[v] for v in range(n)) in ext
    cheapest = mdd.complete(assignment, costs)
    dearest = mdd.complete(assignment, costs, maximize=True)
    assert cheapest is not None and dearest is not None
    assert total(cheapest) == min(map(total, ext))
    assert total(dearest) == max(map(total, ext))


def _consistent(sols, assignment):
    return bool(extending(sols, assignment))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(problem=problems(min_vars=2, min_size=2), data=st.data())
def test_explanations_are_minimal_conflicts_and_repairs_free_the_value(problem, data):
    sols = solutions(problem)
    assume(sols)
    n = len(problem.variables)
    assignment = _partial(data.draw, sols, n, min_size=1)
    blocked = [
        (v, a)
        for v in range(n)
        if v not in assignment
        for a in range(problem.variables[v].size)
        if not _consistent(sols, {**assignment, v: a}) and _consistent(sols, {v: a})
    ]
    assume(blocked)
    var, value = data.draw(st.sampled_from(blocked))
    target = {var: value}
    for backend in ("mdd", "sat"):
        engine = Engine(problem, backend=backend)
        why = engine.explain(assignment, var, value)
        conflict = why.conflict
        assert conflict.items() <= assignment.items()
        assert not _consistent(sols, {**conflict, **target})
        for v in conflict:  # minimal: dropping any one choice frees the value
            rest = {u: a for u, a in conflict.items() if u != v}
            assert _consistent(sols, {**rest, **target})
        # the named rules alone already exclude the value under the conflict
        assert why.rules
        sub = Problem(problem.variables, tuple(c for c in problem.constraints if c.rule in why.rules))
        assert not _consistent(solutions(sub), {**conflict, **target})

        fixes = engine.repairs(assignment, var, value)
        assert fixes
        sizes = [len(f) for f in fixes]
        assert sizes == sorted(sizes)
        for fix in fixes:
            kept = {u: a for u, a in assignment.items() if u not in fix}
            assert _consistent(sols, {**kept, **target})
            for u in fix:  # minimal: keeping any one of them again blocks the value
                assert not _consistent(sols, {**kept, u: assignment[u], **target})
        if backend == "mdd":  # the first repair is a smallest one
            smallest = min(
                k
                for k in range(len(assignment) + 1)
                for drop in itertools.combinations(assignment, k)
                if _consistent(sols, {**{u: a for u, a in assignment.items() if u not in drop}, **target})
            )
            assert len(fixes[0]) == smallest


@SETTINGS
@given(problem=problems(), data=st.data())
def test_bounds_and_choices_along_a_click_path_match_brute_force(problem, data):
    # one engine answers a sequence of assignments and cost vectors: the sweeps it keeps from
    # one call to the next (restarted at the levels a click changed) give the brute-force figures
    sols = solutions(problem)
    assume(sols)
    n = len(problem.variables)
    mdd = Engine(problem, backend="mdd")
    tables = [[[data.draw(st.integers(-9, 9)) for _ in range(v.size)] for v in problem.variables]]
    tables.append([[-c for c in row] for row in tables[0]])  # zeros and negatives alike
    for _ in range(data.draw(st.integers(1, 5))):
        assignment = _partial(data.draw, sols, n)
        costs = tables[data.draw(st.integers(0, 1))]
        ext = extending(sols, assignment)
        assert mdd.valid_choices(assignment).values == supported(problem, ext)
        bounds = mdd.bounds(assignment, costs)
        for v in range(n):
            for a in range(problem.variables[v].size):
                through = [sum(costs[u][s[u]] for u in range(n)) for s in ext if s[v] == a]
                low, high = bounds.low[v][a], bounds.high[v][a]
                assert low == (min(through) if through else np.inf)
                assert high == (max(through) if through else -np.inf)
                assert not (high == 0 and np.signbit(high))
