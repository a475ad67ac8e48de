"""Server-side time per kind of request, read from the replicas' JSON access logs (one line per
request with its `ms`, written by the API's middleware). Set against what the load generator
measured, it tells time spent handling a request from time spent waiting for a replica
(queueing in nginx, the thread pool or the GIL)."""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from pathlib import Path

WORDS = {"v1", "products", "state", "finish", "quote", "carts", "items", "checkout", "orders", "staff", "tokens"}


def pattern(method: str, path: str) -> str:
    """`POST /v1/carts/Zx9.../items` -> `POST /v1/carts/*/items`: one row per kind of request."""
    parts = [p if p in WORDS else "*" for p in path.strip("/").split("/")]
    return f"{method} /" + "/".join(parts)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def server_times(logs: list[tuple[Path, int]]) -> str:
    """The table of server-side times in `logs`, each read from its byte offset (past the warm-up)."""
    times: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, set[int]] = defaultdict(set)
    for log, offset in logs:
        if not log.exists():
            continue
        with log.open("rb") as f:
            f.seek(offset)
            text = f.read().decode("utf-8", errors="replace")
        for line in text.splitlines():
            if not line.startswith("{"):
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("message") != "request" or "ms" not in entry:
                continue
            key = pattern(str(entry.get("method")), str(entry.get("path")))
            times[key].append(float(entry["ms"]))
            statuses[key].add(int(entry.get("status", 0)))
    if not times:
        return ""
    rows = [
        "Server-side time per request (the replicas' access logs, ms):",
        "",
        "| request | count | statuses | median | p95 | p99 | total s |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for key, values in sorted(times.items(), key=lambda kv: -sum(kv[1])):
        rows.append(
            f"| `{key}` | {len(values)} | {','.join(map(str, sorted(statuses[key])))} "
            f"| {statistics.median(values):.1f} | {_pct(values, 0.95):.1f} | {_pct(values, 0.99):.1f} "
            f"| {sum(values) / 1000:.1f} |"
        )
    return "\n".join(rows)
