"""The figures of a scale run: per-kind latency and rate from the load generator's final stats,
the table printed after the runs, and the section kept in bench/RESULTS.md."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

KINDS = ("state", "quote", "checkout")  # the kinds with a latency target
TARGETS_MS = {"state": 300, "quote": 300, "checkout": 500}  # p95, from the spec
FEW = 20  # fewer samples of a kind than this, and its p95 says little
SECTION = "## Scale: 2 API replicas behind nginx on PostgreSQL (`bench/scale.py`)"


@dataclass
class KindStats:
    count: int
    failures: int
    rps: float
    p50: float
    p95: float
    p99: float
    max: float


@dataclass
class RunFigures:
    replicas: int
    users: int
    run_time: str
    rps: float
    requests: int
    errors: int
    kinds: dict[str, KindStats]
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    journeys: int = 0
    invariants_ok: bool = False
    invariants: list[str] = field(default_factory=list)
    server_times: str = ""
    pg_activity: str = ""
    schema: str = ""

    def p95_ok(self) -> bool:
        return all(k in self.kinds and self.kinds[k].p95 <= t for k, t in TARGETS_MS.items())


def read_stats(path: Path) -> tuple[dict[str, KindStats], KindStats]:
    """Per-name stats and the total, as the locustfile wrote them when the test stopped."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    kinds = {name: KindStats(**values) for name, values in data["kinds"].items()}
    return kinds, KindStats(**data["total"])


def _ms(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def _load(values: tuple[float, float, float]) -> str:
    return "/".join(f"{v:.2f}" for v in values)


def table(runs: list[RunFigures]) -> str:
    head = (
        "| replicas | users | req/s | state p50/p95/p99 ms | quote p50/p95/p99 ms | checkout p50/p95/p99 ms "
        "| checkouts | errors | load before | load after |"
    )
    rows = [head, "|---:|---:|---:|---|---|---|---:|---:|---|---|"]
    for run in runs:
        cells = []
        for kind in KINDS:
            s = run.kinds.get(kind)
            cells.append("-" if s is None else f"{_ms(s.p50)} / {_ms(s.p95)} / {_ms(s.p99)}")
        checkout = run.kinds.get("checkout")
        rows.append(
            f"| {run.replicas} | {run.users} | {run.rps:.1f} | {' | '.join(cells)} "
            f"| {checkout.count - checkout.failures if checkout else 0} | {run.errors} "
            f"| {_load(run.load_before)} | {_load(run.load_after)} |"
        )
    return "\n".join(rows)


def kinds_table(run: RunFigures) -> str:
    rows = [
        f"Every kind, {run.replicas} replica(s):",
        "",
        "| kind | requests | failures | req/s | p50 | p95 | p99 | max |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in sorted(run.kinds.items()):
        rows.append(
            f"| {name} | {s.count} | {s.failures} | {s.rps:.1f} | {_ms(s.p50)} | {_ms(s.p95)} | {_ms(s.p99)} "
            f"| {_ms(s.max)} |"
        )
    return "\n".join(rows)


def growth(runs: list[RunFigures]) -> str:
    """How throughput (and the latency of the kinds with targets) changes from the first run to each next."""
    if len(runs) < 2:
        return ""
    base = runs[0]
    lines = []
    for run in runs[1:]:
        ratio = run.rps / base.rps if base.rps else 0.0
        parts = [
            f"{base.replicas} -> {run.replicas} replicas: {base.rps:.1f} -> {run.rps:.1f} req/s (x{ratio:.2f})",
        ]
        for kind in KINDS:
            if kind in base.kinds and kind in run.kinds:
                parts.append(f"{kind} p95 {_ms(base.kinds[kind].p95)} -> {_ms(run.kinds[kind].p95)} ms")
        lines.append("; ".join(parts))
    return "\n".join(lines)


def targets(runs: list[RunFigures]) -> str:
    lines = []
    for run in runs:
        missed = [
            f"{k} p95 {_ms(run.kinds[k].p95)} > {t} ms"
            for k, t in TARGETS_MS.items()
            if k in run.kinds and run.kinds[k].p95 > t
        ]
        if run.errors:
            missed.append(f"{run.errors} errors")
        few = [f"{k} ({run.kinds[k].count})" for k in KINDS if k in run.kinds and run.kinds[k].count < FEW]
        verdict = "all targets met" if not missed else "missed: " + ", ".join(missed)
        if few:
            verdict += "; too few samples to judge " + ", ".join(few)
        lines.append(f"{run.replicas} replica(s), {run.users} users: {verdict}")
    return "\n".join(lines)


def render(runs: list[RunFigures]) -> str:
    """Everything printed after the runs (and recorded): the table, growth, targets, per-kind
    figures, server-side times, PostgreSQL activity and the invariants."""
    parts = [table(runs), growth(runs), targets(runs)]
    parts += [kinds_table(r) for r in runs]
    parts += [f"{r.replicas} replica(s). {r.server_times}\n\n{r.pg_activity}" for r in runs if r.server_times]
    parts += ["Invariants:\n" + "\n".join(f"- {r.replicas} replica(s): {line}" for r in runs for line in r.invariants)]
    return "\n\n".join(p for p in parts if p)


def seconds(run_time: str) -> float:
    """locust's run time ('90s', '1m30s', '2h') in seconds.

    >>> seconds("1m30s"), seconds("45")
    (90.0, 45.0)
    """
    units = {"h": 3600, "m": 60, "s": 1}
    total, number = 0.0, ""
    for ch in run_time:
        if ch.isdigit() or ch == ".":
            number += ch
        else:
            total, number = total + float(number or 0) * units[ch], ""
    return total + float(number or 0)


def as_json(runs: list[RunFigures], extra: dict[str, Any]) -> str:
    kept = [{k: v for k, v in asdict(r).items() if k not in ("server_times", "pg_activity")} for r in runs]
    return json.dumps({"bench": "scale", **extra, "runs": kept}, separators=(",", ":"))


BEGIN, END = "<!-- scale.py --record: figures -->", "<!-- /figures -->"


def record(results: Path, body: str) -> None:
    """Put `body` in the figures block of SECTION in RESULTS.md (the section is added if missing);
    what is written around the block by hand stays."""
    text = results.read_text(encoding="utf-8") if results.exists() else ""
    block = f"{BEGIN}\n{body.strip()}\n{END}"
    if SECTION not in text:
        text = text.rstrip() + f"\n\n{SECTION}\n\n{block}\n"
    elif BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.replace(SECTION, f"{SECTION}\n\n{block}", 1)
    results.write_text(text, encoding="utf-8")
