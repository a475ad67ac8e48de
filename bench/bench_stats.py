"""Figures the bench scripts share: time a call in milliseconds, read a percentile."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def percentile(values: list[float], share: float) -> float:
    """The sample at `share` (0-1) of the sorted values, by rank (no interpolation)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def timed(function: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Median and p90 in milliseconds of `runs` calls of `function`."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 0.9)
