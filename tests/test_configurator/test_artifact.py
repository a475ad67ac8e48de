"""A compiled engine stored as bytes and loaded back answers exactly as a fresh compile, and a
blob that is not this content's, this build's, or intact is refused with the reason."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from configurator import artifact
from configurator.artifact import (
    ArtifactError,
    dump_catalog_engine,
    dump_engine,
    load_catalog_engine,
    load_engine,
    read_header,
)
from configurator.catalog_engine import CatalogEngine
from configurator.compile import Budget, compile_mdd
from configurator.engine import Engine
from configurator.problem import Problem, Table, Variable
from modules.catalog import Catalog
from modules.kinds import ChoiceModule, MultiChoice
from modules.loader import load_catalog
from tests.conftest import ROOT

SAMPLES = sorted((ROOT / "catalogs").glob("*.yaml"))
_PAIRS: dict[Path, tuple[Catalog, CatalogEngine, CatalogEngine]] = {}


def fresh_and_loaded(path: Path) -> tuple[Catalog, CatalogEngine, CatalogEngine]:
    if path not in _PAIRS:
        catalog = load_catalog(path)
        fresh = CatalogEngine(catalog)
        _PAIRS[path] = (catalog, fresh, load_catalog_engine(dump_catalog_engine(fresh), catalog=catalog))
    return _PAIRS[path]


def assert_same_answers(fresh: CatalogEngine, loaded: CatalogEngine, selection: dict[str, object]) -> None:
    assert loaded.state(selection) == fresh.state(selection)
    assert loaded.count(selection) == fresh.count(selection)
    assert loaded.complete(selection) == fresh.complete(selection)
    assignment = fresh.assignment(selection)
    assert loaded.assignment(selection) == assignment
    costs = fresh.engine.flat_costs(fresh.default_costs())
    low, high = fresh.engine.bounds(assignment, costs), loaded.engine.bounds(assignment, costs)
    for a, b in zip(low.low + low.high, high.low + high.high, strict=True):
        np.testing.assert_array_equal(a, b)
    state = fresh.state(selection)
    unavailable = [(m.code, o.code) for m in state.modules for o in m.options if not o.available]
    for module, option in unavailable[:4]:
        assert loaded.explain(selection, module, option) == fresh.explain(selection, module, option)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), steps=st.integers(0, 4))
def test_a_loaded_engine_answers_as_a_fresh_compile(path, seed, steps):
    catalog, fresh, loaded = fresh_and_loaded(path)
    assert loaded.engine.backend == fresh.engine.backend == "mdd"
    rng = random.Random(seed)
    selection: dict[str, object] = {}
    assert_same_answers(fresh, loaded, selection)
    for _ in range(steps):  # a buyer's walk: each step picks one option still available
        state = fresh.state(selection)
        open_choices = [
            (m.code, o.code)
            for m in state.modules
            if m.code not in selection and isinstance(catalog.module(m.code), ChoiceModule)
            for o in m.options
            if o.available
        ]
        if not open_choices:
            break
        module, option = rng.choice(open_choices)
        value = [option] if isinstance(catalog.module(module), MultiChoice) else option
        selection = fresh.choose(selection, module, value)
        assert_same_answers(fresh, loaded, selection)


@pytest.fixture(scope="module")
def tee() -> tuple[Catalog, bytes]:
    catalog = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
    return catalog, dump_catalog_engine(CatalogEngine(catalog))


def refusal(blob: bytes, catalog: Catalog) -> str:
    with pytest.raises(ArtifactError) as caught:
        load_catalog_engine(blob, catalog=catalog)
    return caught.value.reason


def test_the_header_names_format_engine_and_content(tee):
    catalog, blob = tee
    header = read_header(blob)
    assert (header.format, header.engine, header.kind) == (artifact.FORMAT, artifact.ENGINE_VERSION, "catalog")
    assert header.content_hash == catalog.fingerprint()
    assert header.backend == "mdd" and header.fallback_reason is None


def test_a_flipped_payload_byte_is_refused(tee):
    catalog, blob = tee
    corrupt = bytearray(blob)
    corrupt[-100] ^= 0xFF
    assert "checksum" in refusal(bytes(corrupt), catalog)


def test_a_truncated_or_foreign_blob_is_refused(tee):
    catalog, blob = tee
    assert "checksum" in refusal(blob[:-1], catalog)
    assert "truncated header" in refusal(blob[:20], catalog)
    assert "magic" in refusal(b"PK\x03\x04 a zip file", catalog)
    assert "magic" in refusal(b"", catalog)


def test_another_engine_version_or_format_is_refused(tee, monkeypatch):
    catalog, blob = tee
    monkeypatch.setattr(artifact, "ENGINE_VERSION", "999")
    assert "engine version '1'" in refusal(blob, catalog)
    monkeypatch.undo()
    monkeypatch.setattr(artifact, "FORMAT", 2)
    assert "format 1" in refusal(blob, catalog)


def test_another_catalogs_artifact_is_refused(tee):
    _, blob = tee
    other = load_catalog(ROOT / "catalogs" / "car.yaml")
    assert "not catalog" in refusal(blob, other)


def test_a_consistent_looking_but_wrong_problem_is_refused(tee):
    """A payload whose checksum was recomputed after tampering still fails the problem hash."""
    catalog, blob = tee
    header = read_header(blob)
    other = dump_catalog_engine(CatalogEngine(load_catalog(ROOT / "catalogs" / "sneaker.yaml")))
    start = len(artifact.MAGIC) + 4
    other_payload = other[start + int.from_bytes(other[len(artifact.MAGIC) : start], "little") :]
    import hashlib
    import json

    fields = {f: getattr(header, f) for f in artifact.ArtifactHeader.__slots__}
    fields["payload_sha256"] = hashlib.sha256(other_payload).hexdigest()
    head = json.dumps(fields).encode()
    forged = artifact.MAGIC + len(head).to_bytes(4, "little") + head + other_payload
    assert "problem does not match" in refusal(forged, catalog)


def small_problem() -> Problem:
    return Problem(
        (Variable("finish", ("matte", "gloss")), Variable("engraving", ("no", "yes"))),
        (Table((0, 1), [(0, 0), (1, 0), (1, 1)], rule="ENGRAVE-GLOSS"),),
    )


def test_a_sat_fallback_is_stored_as_such_and_loads_without_compiling(monkeypatch):
    problem = small_problem()
    engine = Engine(problem, budget=Budget(max_bits=1))
    assert engine.backend == "sat" and engine.fallback_reason
    blob = dump_engine(engine)
    assert read_header(blob).backend == "sat"

    def no_compile(*args: object, **kwargs: object) -> None:
        raise AssertionError("loading an artifact must not compile")

    monkeypatch.setattr("configurator.engine.compile_report", no_compile)
    loaded = load_engine(blob, content_hash=problem.fingerprint())
    assert loaded.backend == "sat" and loaded.fallback_reason == engine.fallback_reason
    assert loaded.valid_choices({0: 0}).values == engine.valid_choices({0: 0}).values


def test_a_problem_artifact_loads_only_for_its_problem():
    problem = small_problem()
    blob = dump_engine(Engine(problem))
    assert load_engine(blob, content_hash=problem.fingerprint()).count() == 3
    with pytest.raises(ArtifactError, match="not problem"):
        load_engine(blob, content_hash="0" * 64)


def test_compile_reports_progress_up_to_done():
    heard: list[tuple[float, str]] = []
    compile_mdd(small_problem(), progress=lambda fraction, message: heard.append((fraction, message)))
    fractions = [f for f, _ in heard]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert heard[-1][1].startswith("compiled")


def test_a_progress_hook_that_raises_abandons_the_compile():
    class Stop(Exception):
        pass

    def stop(fraction: float, message: str) -> None:
        raise Stop

    with pytest.raises(Stop):
        CatalogEngine(load_catalog(ROOT / "catalogs" / "tshirt.yaml"), progress=stop)


BENCH = ROOT.parent / "shared" / "benchmarks"


@pytest.mark.slow
@pytest.mark.skipif(not BENCH.is_dir(), reason=f"public models not found at {BENCH}")
@pytest.mark.parametrize("path", ["renault-medium/medium.xml", "feature-models/e-shop.dimacs"])
def test_a_public_model_loaded_from_bytes_counts_and_propagates_as_compiled(path):
    from configurator.loader import load_problem

    problem = load_problem(BENCH / path)
    fresh = Engine(problem)
    loaded = load_engine(dump_engine(fresh), content_hash=problem.fingerprint())
    assert loaded.count() == fresh.count()
    rng = random.Random(7)
    assignment: dict[int, int] = {}
    for var in rng.sample(range(len(problem.variables)), 12):  # a click path over random variables
        choices = fresh.valid_choices(assignment).values[var]
        assert loaded.valid_choices(assignment).values == fresh.valid_choices(assignment).values
        assert loaded.count(assignment) == fresh.count(assignment)
        assignment[var] = rng.choice(choices)
