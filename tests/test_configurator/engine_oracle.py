"""Brute-force reference for the engine tests: enumerate every complete assignment."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from configurator.problem import Clause, Problem


def satisfies(problem: Problem, full: tuple[int, ...]) -> bool:
    for c in problem.constraints:
        if isinstance(c, Clause):
            if not any((full[v] == a) == pos for v, a, pos in c.literals):
                return False
        else:
            row = tuple(full[v] for v in c.scope)
            hit = row in {tuple(int(x) for x in r) for r in c.tuples}
            if hit == c.negative:
                return False
    return True


def solutions(problem: Problem) -> list[tuple[int, ...]]:
    domains = [range(v.size) for v in problem.variables]
    return [s for s in itertools.product(*domains) if satisfies(problem, s)]


def extending(sols: list[tuple[int, ...]], assignment: Mapping[int, int]) -> list[tuple[int, ...]]:
    return [s for s in sols if all(s[v] == a for v, a in assignment.items())]


def supported(problem: Problem, sols: list[tuple[int, ...]]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(sorted({s[v] for s in sols})) for v in range(len(problem.variables)))
