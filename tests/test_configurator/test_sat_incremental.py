"""The SAT backend stays exact while it reuses state between queries: remembered models,
models repaired by propagation, retired batch clauses. One backend answers a whole
sequence of queries (click paths, jumps back, inconsistent selections) and every answer is
checked against brute force and against the MDD backend."""

from __future__ import annotations

import numpy as np
from engine_oracle import extending, solutions, supported
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_engine_properties import problems

from configurator.engine import Engine
from configurator.problem import Clause, Problem, Variable
from configurator.sat import SatBackend
from configurator.sat_witness import WitnessPool


@st.composite
def boolean_cnfs(draw: st.DrawFn) -> Problem:
    """Random CNF feature models: Boolean variables, clauses of width 1 to 4."""
    n = draw(st.integers(2, 9))
    variables = tuple(Variable(f"f{i}", ("0", "1")) for i in range(n))
    clauses = []
    for k in range(draw(st.integers(0, 3 * n))):
        width = draw(st.integers(1, min(4, n)))
        scope = draw(st.permutations(range(n)))[:width]
        signs = draw(st.lists(st.booleans(), min_size=width, max_size=width))
        clauses.append(Clause(tuple((v, 1, s) for v, s in zip(scope, signs, strict=True)), rule=f"C{k}"))
    return Problem(variables, tuple(clauses))


def _flat(problem: Problem, values: tuple[tuple[int, ...], ...]) -> np.ndarray:
    out = np.zeros(sum(problem.domain_sizes), dtype=bool)
    off = 0
    for var, vals in zip(problem.variables, values, strict=True):
        for a in vals:
            out[off + a] = True
        off += var.size
    return out


def _replay(problem: Problem, data: st.DataObject) -> None:
    """One backend, twelve queries: clicks, undos and jumps, each checked."""
    sols = solutions(problem)
    n = len(problem.variables)
    sat = SatBackend(problem)
    assert sat.solvable == bool(sols)
    if not sols:
        return
    mdd = Engine(problem, backend="mdd")
    assignment: dict[int, int] = {}
    for _ in range(12):
        move = data.draw(st.sampled_from(["click", "click", "click", "undo", "jump"]))
        if move == "undo" and assignment:
            assignment.pop(data.draw(st.sampled_from(sorted(assignment))))
        elif move == "jump":  # any selection, possibly a dead end
            keep = data.draw(st.lists(st.integers(0, n - 1), unique=True, max_size=n))
            assignment = {v: data.draw(st.integers(0, problem.variables[v].size - 1)) for v in keep}
        else:
            ext = extending(sols, assignment)
            free = [v for v in range(n) if v not in assignment]
            if not ext or not free:
                assignment = {}
                continue
            var = data.draw(st.sampled_from(free))
            assignment[var] = data.draw(st.sampled_from(sorted({s[var] for s in ext})))
        ext = extending(sols, assignment)
        got = sat.supported(dict(assignment))
        if not ext:
            assert not got.any(), assignment
            continue
        expected = _flat(problem, supported(problem, ext))
        assert np.array_equal(got, expected), assignment
        assert np.array_equal(got, mdd.supported_mask(assignment)), assignment


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=boolean_cnfs(), data=st.data())
def test_one_sat_backend_answers_a_query_sequence_on_cnfs_like_brute_force_and_mdd(problem, data):
    _replay(problem, data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(), data=st.data())
def test_one_sat_backend_answers_a_query_sequence_on_tables_like_brute_force_and_mdd(problem, data):
    # multi-valued domains (one-hot) and positive tables (trie auxiliaries) in the repairs
    _replay(problem, data)


def test_a_remembered_model_is_repaired_by_the_implied_literals_when_every_clause_holds():
    # given f1 -> f2 and not (f2 and f3), and the remembered model (-1, -2, 3)
    pool = WitnessPool([[-1, 2], [-2, -3]], n_vars=3, capacity=4)
    pool.add(np.asarray([-1, -2, 3]))
    # when the buyer picks f1, propagation implies f2 and not f3
    pos, neg = pool.witnessed(np.asarray([1, 2, -3]))
    # then the repaired model (1, 2, -3) witnesses exactly its own literals
    assert pos.tolist() == [False, True, True, False]
    assert neg.tolist() == [False, False, False, True]
    # and it replaced the original, so it now agrees with the query as it is
    assert pool.witnessed(np.asarray([1]))[0].tolist() == [False, True, True, False]


def test_a_remembered_model_is_not_repaired_when_the_overwrite_breaks_a_clause():
    # given the same rules and model, but a partial set of implied literals (f1, f2)
    pool = WitnessPool([[-1, 2], [-2, -3]], n_vars=3, capacity=4)
    pool.add(np.asarray([-1, -2, 3]))
    # when the overwrite gives (1, 2, 3), which breaks not (f2 and f3)
    pos, neg = pool.witnessed(np.asarray([1, 2]))
    # then nothing is witnessed, and the remembered model is kept as it was
    assert not pos.any() and not neg.any()
    assert pool.witnessed(np.asarray([-1]))[0].tolist() == [False, False, False, True]


def test_a_click_on_a_large_model_is_answered_from_repaired_witnesses():
    # given a chain f0 -> f1 -> ... -> f39 and pairwise exclusions among 30 optional extras
    n, extras = 40, 30
    variables = tuple(Variable(f"f{i}", ("0", "1")) for i in range(n + extras))
    rules = [Clause(((i, 1, False), (i + 1, 1, True)), rule="CHAIN") for i in range(n - 1)]
    rules += [
        Clause(((n + i, 1, False), (n + j, 1, False)), rule="ONE-EXTRA")
        for i in range(extras)
        for j in range(i + 1, extras)
    ]
    sat = SatBackend(Problem(variables, tuple(rules)))
    before = sat.calls
    # when the buyer switches on the start of the chain
    got = sat.supported({0: 1})
    # then every extra is still possible, the chain is forced on, and the only call made
    # is the propagation: the remembered models were repaired, not searched again
    assert got[[2 * (n + i) + 1 for i in range(extras)]].all()
    assert not got[[2 * i for i in range(n)]].any()
    assert sat.calls - before == 1


def _group(parent: int, members: list[int], rule: str) -> list[Clause]:
    """Alternative group: the parent needs exactly one member; a member needs the parent."""
    out = [Clause(((parent, 1, False), *((m, 1, True) for m in members)), rule=rule)]
    out += [Clause(((m, 1, False), (parent, 1, True)), rule=rule) for m in members]
    out += [Clause(((a, 1, False), (b, 1, False)), rule=rule) for i, a in enumerate(members) for b in members[i + 1 :]]
    return out


def test_a_click_that_opens_a_group_repairs_the_remembered_models_with_one_new_choice():
    # given a root with a 30-way alternative group (each remembered model picks a different
    # member) and an optional feature that opens a second, 2-way group
    root, opt, firsts, seconds = 0, 1, list(range(2, 32)), [32, 33]
    variables = tuple(Variable(f"f{i}", ("0", "1")) for i in range(34))
    rules = [Clause(((root, 1, True),), rule="ROOT"), Clause(((opt, 1, False), (root, 1, True)), rule="OPT")]
    rules += _group(root, firsts, "G1") + _group(opt, seconds, "G2")
    sat = SatBackend(Problem(variables, tuple(rules)))
    before = sat.calls
    # when the buyer switches the optional feature on
    got = sat.supported({opt: 1})
    # then every member of both groups stays available, and the remembered models (none of
    # which had a member of the new group, so the group's clause broke) were repaired with
    # the new group's choice of one solution instead of being searched again one by one
    assert got[[2 * m + 1 for m in firsts + seconds]].all()
    assert sat.calls - before < 10
