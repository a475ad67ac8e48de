"""The synthetic model generator of bench/: seeded, the asked shape, readable by the importer,
satisfiable, and compiled alike by every candidate of the portfolio."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np

from configurator.compile import Budget, compile_report
from configurator.importers.xcsp import load_xcsp
from configurator.portfolio import CANDIDATES
from configurator.problem import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from synthetic_models import PRESETS, Spec, _domains, _modules, _scopes, generate, write_xcsp

TINY = Spec(variables=16, tables=14, tuples=900, big_table=300, max_domain=12, max_arity=5, core=20, seed=5)


def test_same_seed_same_model_other_seed_other_model():
    assert generate(TINY).fingerprint() == generate(TINY).fingerprint()
    assert generate(dataclasses.replace(TINY, seed=6)).fingerprint() != generate(TINY).fingerprint()


def test_the_model_has_the_asked_shape():
    spec = PRESETS["synth-small"]
    problem = generate(spec)
    tables = [c for c in problem.constraints if isinstance(c, Table)]
    assert len(problem.variables) == spec.variables
    assert len(tables) >= spec.tables
    assert max(problem.domain_sizes) <= spec.max_domain
    assert max(len(c.scope) for c in tables) == spec.max_arity
    assert max(c.tuples.shape[0] for c in tables) >= spec.big_table
    assert {v for c in tables for v in c.scope} == set(range(spec.variables))


def test_written_file_reads_back_as_the_same_problem(tmp_path):
    problem = generate(TINY)
    path = tmp_path / "tiny.xml"
    write_xcsp(problem, path)
    back = load_xcsp(path)
    assert [v.values for v in back.variables] == [v.values for v in problem.variables]
    for a, b in zip(back.constraints, problem.constraints, strict=True):
        assert isinstance(a, Table) and isinstance(b, Table)
        assert (a.scope, a.rule, a.negative) == (b.scope, b.rule, b.negative)
        assert np.array_equal(a.tuples, b.tuples)


def test_every_candidate_compiles_the_same_satisfiable_model():
    problem = generate(TINY)
    counts = set()
    for candidate in CANDIDATES:
        mdd = compile_report(problem, Budget(candidates=(candidate,))).mdd
        counts.add(mdd.count(mdd.allowed_mask({})))
    assert len(counts) == 1 and counts.pop() > 0


def _links(spec: Spec) -> tuple[int, int, list[list[int]], list[range]]:
    rng = np.random.default_rng(spec.seed)
    dom = _domains(rng, spec.variables, spec.max_domain)
    modules = _modules(rng, spec.variables)
    scopes, links = _scopes(rng, spec, modules, dom)
    return links, len(scopes), scopes, modules


def test_the_share_of_distant_links_is_the_one_the_spec_asks():
    spec = PRESETS["synth-268"]
    shares = {}
    for links in (0.0, 0.05, 0.3):
        n_links, n_tables, scopes, _ = _links(dataclasses.replace(spec, links=links))
        shares[links] = n_links / n_tables
        # outside the links, a table stays within the window of its centre
        local = sum(1 for s in scopes if max(s) - min(s) <= 2 * spec.window)
        assert local >= n_tables - n_links
        if links == 0.0:
            assert n_links == 0 and all(max(s) - min(s) <= 2 * spec.window for s in scopes)
    assert abs(shares[0.05] - 0.05) < 0.04 and abs(shares[0.3] - 0.3) < 0.08
