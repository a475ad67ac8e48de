"""Where an API replica's time goes, without py-spy: a sampling profiler in the process.

    python bench/scale_profile.py --out REPORT [--interval-ms 5] -- -m api --host H --port P

Runs the module like `python -m`, and a thread that every few milliseconds reads the stack of
every other thread (`sys._current_frames`). cProfile would see only the main thread, while the
API's routes run in a thread pool. A thread waiting for work (the event loop in `select`, a pool
thread in `queue.get`) counts as idle; every other sample is busy: running Python, holding or
waiting for the GIL, or waiting for PostgreSQL. When the process ends (SIGTERM), REPORT says,
per function, the share of busy samples it was on the stack (inclusive) and on top (self),
the process's CPU time against its wall time, and how many threads were busy on average; per
route, where its time went. SIGUSR1 starts the sampling afresh (sent once the warm-up is done).
"""

from __future__ import annotations

import argparse
import os
import resource
import runpy
import signal
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from types import FrameType

IDLE_LEAVES = {
    ("selectors.py", "select"),
    ("threading.py", "wait"),
    ("queue.py", "get"),
    ("threading.py", "_wait_for_tstate_lock"),
}
DB = "psycopg/"  # a thread inside the PostgreSQL driver: mostly waiting for the server's answer
ROUTES = "/api/routes/"
OWN = ("/api/", "/store/", "/configurator/", "/pricing/", "/modules/", "/render/")


def _label(frame: FrameType) -> str:
    path = frame.f_code.co_filename
    for marker in ("site-packages/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    else:
        path = path.rsplit("/", 2)[-2] + "/" + path.rsplit("/", 1)[-1] if path.count("/") >= 2 else path
    return f"{path}:{frame.f_code.co_name}"


class Sampler(threading.Thread):
    def __init__(self, interval: float) -> None:
        super().__init__(name="scale-profile", daemon=True)
        self.interval = interval
        self.inclusive: Counter[str] = Counter()
        self.own: Counter[str] = Counter()  # the innermost frame of the project's own code
        self.leaf: Counter[str] = Counter()
        self.routes: dict[str, Counter[str]] = defaultdict(Counter)  # route -> innermost project function
        self.busy = 0
        self.db_wait = 0
        self.ticks = 0
        self.stopped = threading.Event()
        self.started_at = time.monotonic()
        self.cpu_at_start = _cpu()

    def reset(self) -> None:
        """Forget what was sampled so far (start-up and warm-up): the report covers the load only."""
        self.inclusive, self.own, self.leaf = Counter(), Counter(), Counter()
        self.routes = defaultdict(Counter)
        self.busy = self.db_wait = self.ticks = 0
        self.started_at = time.monotonic()
        self.cpu_at_start = _cpu()

    def run(self) -> None:
        me = threading.get_ident()
        while not self.stopped.wait(self.interval):
            self.ticks += 1
            for ident, frame in sys._current_frames().items():
                if ident != me:
                    self.sample(frame)

    def sample(self, frame: FrameType) -> None:
        code = frame.f_code
        if (os.path.basename(code.co_filename), code.co_name) in IDLE_LEAVES:
            return
        self.busy += 1
        self.leaf[_label(frame)] += 1
        stack: list[str] = []
        own: str | None = None
        route: str | None = None
        walker: FrameType | None = frame
        while walker is not None:
            stack.append(_label(walker))
            if own is None and any(m in walker.f_code.co_filename for m in OWN):
                own = stack[-1]
            if ROUTES in walker.f_code.co_filename:
                route = stack[-1]
            walker = walker.f_back
        in_db = any(label.startswith(DB) for label in stack)
        self.db_wait += in_db
        if own:
            self.own[own] += 1
        if route:
            self.routes[route][f"PostgreSQL, from {own}" if in_db else own or "?"] += 1
        for label in set(stack):
            self.inclusive[label] += 1

    def report(self) -> str:
        wall = time.monotonic() - self.started_at
        cpu = _cpu() - self.cpu_at_start
        busy = max(self.busy, 1)
        lines = [
            f"wall {wall:.1f} s, CPU {cpu:.1f} s ({100 * cpu / max(wall, 1e-9):.0f}% of one core); "
            f"{self.ticks} ticks, busy threads on average {self.busy / max(self.ticks, 1):.2f}; "
            f"{100 * self.db_wait / busy:.1f}% of busy samples are in the PostgreSQL driver",
            "",
            "inclusive % of busy samples (on the stack):",
        ]
        lines += [f"  {100 * n / busy:5.1f}  {label}" for label, n in self.inclusive.most_common(40)]
        lines += ["", "innermost project function % (time spent in or below it, outside the project):"]
        lines += [f"  {100 * n / busy:5.1f}  {label}" for label, n in self.own.most_common(25)]
        lines += ["", "per route: share of busy samples, and where its time went (innermost project function):"]
        for route, spent in sorted(self.routes.items(), key=lambda kv: -sum(kv[1].values())):
            total = sum(spent.values())
            lines.append(f"  {100 * total / busy:5.1f}  {route}")
            lines += [f"         {100 * n / total:5.1f}% {label}" for label, n in spent.most_common(6)]
        lines += ["", "self % (top of the stack):"]
        lines += [f"  {100 * n / busy:5.1f}  {label}" for label, n in self.leaf.most_common(25)]
        return "\n".join(lines) + "\n"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _exit(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--interval-ms", type=float, default=5.0)
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="-- -m MODULE ARGS...")
    args = parser.parse_args()
    rest = args.rest[1:] if args.rest[:1] == ["--"] else args.rest
    if len(rest) < 2 or rest[0] != "-m":
        parser.error("give the program as -- -m MODULE [ARGS...]")
    # uvicorn handles SIGTERM itself, then raises it again for the handler it found: ours ends
    # the process through `finally` (the default one would end it before the report is written).
    signal.signal(signal.SIGTERM, _exit)
    sampler = Sampler(args.interval_ms / 1000)
    signal.signal(signal.SIGUSR1, lambda _s, _f: sampler.reset())  # the bench's "warm-up done"
    sampler.start()
    sys.argv = [rest[1], *rest[2:]]
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, as `python -m` from it
    try:
        runpy.run_module(rest[1], run_name="__main__", alter_sys=True)
    except SystemExit:
        pass
    finally:
        sampler.stopped.set()
        sampler.join()
        args.out.write_text(sampler.report(), encoding="utf-8")


if __name__ == "__main__":
    main()
