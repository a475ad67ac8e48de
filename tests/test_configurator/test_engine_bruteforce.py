"""Given small hand-written problems, when every reachable partial assignment is queried,
then both backends agree with brute-force enumeration on valid choices and counts."""

from __future__ import annotations

import itertools

import pytest
from engine_oracle import extending, solutions, supported

from configurator.engine import Engine
from configurator.problem import Clause, Problem, Table, Variable


def _shirt() -> Problem:
    colour = Variable("colour", ("white", "black", "red", "navy"))
    size = Variable("size", ("S", "M", "L"))
    print_ = Variable("print", ("none", "logo", "photo"))
    fabric = Variable("fabric", ("cotton", "poly"))
    return Problem(
        (colour, size, print_, fabric),
        (
            Table((0, 2), [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (2, 0), (3, 2)], rule="INK"),
            Table((2, 3), [(2, 1)], rule="PHOTO-COTTON", negative=True),
            Clause(((1, 0, False), (3, 0, True)), rule="S-ONLY-COTTON"),
            Table((0, 1, 3), [(3, 2, 1)], rule="NO-NAVY-L-POLY", negative=True),
        ),
    )


def _chain() -> Problem:
    vs = tuple(Variable(f"x{i}", ("a", "b", "c")) for i in range(5))
    cons = tuple(
        Table((i, i + 1), [(a, b) for a in range(3) for b in range(3) if a <= b], rule=f"LE{i}") for i in range(4)
    )
    return Problem(vs, (*cons, Clause(((0, 2, False), (4, 2, True)), rule="C")))


def _reachable(problem: Problem, sols: list[tuple[int, ...]]) -> list[dict[int, int]]:
    """Every partial assignment extendable to a solution (sub-assignments of solutions)."""
    n = len(problem.variables)
    out = {
        tuple((v, s[v]) for v in subset)
        for s in sols
        for k in range(n + 1)
        for subset in itertools.combinations(range(n), k)
    }
    return [dict(a) for a in sorted(out)]


@pytest.mark.parametrize("make", [_shirt, _chain])
@pytest.mark.parametrize("backend", ["mdd", "sat"])
def test_choices_and_counts_match_enumeration(make, backend):
    problem = make()
    sols = solutions(problem)
    engine = Engine(problem, backend=backend)
    assert engine.backend == backend
    for assignment in _reachable(problem, sols):
        ext = extending(sols, assignment)
        assert engine.valid_choices(assignment).values == supported(problem, ext), assignment
        if backend == "mdd":
            assert engine.count(assignment) == len(ext)


@pytest.mark.parametrize("make", [_shirt, _chain])
def test_check_reports_exactly_the_violated_rules(make):
    problem = make()
    engine = Engine(problem)
    sols = set(solutions(problem))
    for full in itertools.product(*(range(v.size) for v in problem.variables)):
        violations = engine.check(dict(enumerate(full)))
        assert (not violations) == (full in sols)
        for v in violations:
            assert problem.constraints[v.constraint].rule == v.rule
