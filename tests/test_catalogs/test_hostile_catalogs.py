"""Fuzz: generated hostile catalogs through the proof (in process and via `configurator check`).

No exception escapes, every problem is located, every accepted catalog compiles, counts and
quotes, and each run stays inside the proof's own limits (runs over 2 s are counted and shown).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from pricing.proof import prove_text
from pricing.proof_report import ProofLimits
from tests.conftest import ROOT
from tests.hostile_catalogs import MUTATIONS, hostile_catalogs

SEED = 20261130
LIMITS = ProofLimits()
LOCATED = re.compile(r"^\S.*:\d+:\d+: \S")


def check_report(hostile, report) -> None:
    known_files = {hostile.name, *hostile.csv_files}
    for problem in report.problems:
        assert problem.line >= 1 and problem.column >= 1, (hostile.mutations, str(problem))
        assert problem.file.rsplit("/", 1)[-1] in known_files, (hostile.mutations, str(problem))
        assert "\n" not in problem.message
    if report.ok:
        assert report.count > 0 if report.backend == "mdd" else report.count is None
        assert report.cheapest and report.dearest and report.backend


def test_the_generator_is_seeded_and_uses_every_mutation():
    first = list(hostile_catalogs(SEED, 200))
    assert first == list(hostile_catalogs(SEED, 200))
    assert {m for h in first for m in h.mutations} == set(MUTATIONS)


@pytest.mark.slow
def test_a_thousand_hostile_catalogs_through_the_proof():
    durations: list[tuple[float, str, tuple[str, ...]]] = []
    accepted = 0
    for hostile in hostile_catalogs(SEED, 1_000):
        started = time.perf_counter()
        report = prove_text(hostile.text, file=hostile.name, csv_files=hostile.csv_files, limits=LIMITS)
        durations.append((time.perf_counter() - started, hostile.name, hostile.mutations))
        check_report(hostile, report)
        accepted += report.ok
    slow = sorted(d for d in durations if d[0] > 2.0)
    print(f"\n{accepted} of {len(durations)} accepted; {len(slow)} runs over 2 s: {slow[-5:]}")
    assert 50 <= accepted < len(durations)  # the generator reaches the compiler and the quotes
    assert max(d[0] for d in durations) < LIMITS.seconds


def test_hostile_catalogs_through_configurator_check(tmp_path):
    picked = [h for h in hostile_catalogs(SEED + 1, 60)][::12]
    for hostile in picked:
        path = tmp_path / hostile.name
        path.write_text(hostile.text, encoding="utf-8", errors="surrogatepass")
        for name, body in hostile.csv_files.items():
            (tmp_path / name).write_text(body, encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "configurator", "check", str(path)],
            cwd=ROOT, capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
        expected = prove_text(hostile.text, file=str(path), csv_files=hostile.csv_files)
        assert "Traceback" not in result.stderr
        assert result.returncode == (0 if expected.ok else 1), (hostile.mutations, result.stderr[-500:])
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        problems = [line for line in lines if LOCATED.match(line)]
        assert len(problems) == len(expected.problems), (hostile.mutations, lines)
        for line in set(lines) - set(problems):
            assert line.endswith(("problem)", "problems)", "catalogs have problems")), line
