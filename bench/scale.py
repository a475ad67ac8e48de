"""Scale proof on one machine: N API replicas behind nginx on PostgreSQL, loaded by virtual
buyers (locust), then the order, stock and payment invariants checked in the database.

    .venv/bin/python bench/scale.py [--users 100] [--spawn-rate 20] [--run-time 60s] [--replicas 1,2]
                                    [--think 0.5-2.0] [--staff-share 0.1] [--profile] [--record] [--keep]

For each replica count: a fresh PostgreSQL schema (on SCALE_DATABASE_URL, else TEST_DATABASE_URL,
else the local server), `python -m store init`, every material stocked, one operations account;
N × `python -m api` (one process each) and nginx (round robin, kept-alive upstream connections)
on loopback ports; `/readyz` through nginx; each replica warmed (every catalog compiled); a
bounded headless locust run (`bench/locustfile.py`); everything stopped (also on an error,
Ctrl-C or SIGTERM); the invariants checked; the schema dropped. Then the table of figures and
how throughput grows with the replicas. Exit 1 if an invariant fails or any request errored.

`--record` writes the figures into bench/RESULTS.md. `--profile` runs each replica under the
sampling profiler (`bench/scale_profile.py`) and prints where its time went. The run's folder
(logs, CSV, profiles) is kept with `--keep` or when the run fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scale_client import pick_click  # noqa: E402
from scale_invariants import check_all  # noqa: E402
from scale_pgwatch import PgWatch, with_application  # noqa: E402
from scale_procs import HOST, Processes, free_port, replica_env, start_nginx, start_replica, wait_ready  # noqa: E402
from scale_report import RunFigures, as_json, read_stats, record, render, seconds  # noqa: E402
from scale_setup import STAFF_EMAIL, fresh_schema, initialise, schema_name, stock_and_staff  # noqa: E402
from scale_timing import server_times  # noqa: E402

LOCAL_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
RATE_LIMIT = 1_000_000  # per client and minute: all virtual buyers come from 127.0.0.1
STOP_TIMEOUT = 60  # seconds a stopping buyer may take to finish the request under way


@dataclass(frozen=True)
class Options:
    users: int
    spawn_rate: float
    run_time: str
    replicas: list[int]
    think: tuple[float, float]
    staff_share: float
    profile: bool
    seed: int


def parse(argv: list[str] | None) -> tuple[Options, argparse.Namespace]:
    p = argparse.ArgumentParser(prog="bench/scale.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--users", type=int, default=100, help="concurrent virtual users (buyers and staff)")
    p.add_argument("--spawn-rate", type=float, default=20, help="users started per second")
    p.add_argument("--run-time", default="60s", help="locust's -t: 20s, 1m...")
    p.add_argument("--replicas", default="1,2", help="replica counts to run one after the other")
    p.add_argument("--think", default="0.5-2.0", help="a buyer's pause between clicks, seconds: MIN-MAX")
    p.add_argument("--staff-share", type=float, default=0.1, help="share of the users who are staff readers")
    p.add_argument("--seed", type=int, default=1, help="seed of the buyers' random choices")
    p.add_argument("--profile", action="store_true", help="sample each replica's stacks; print where time went")
    p.add_argument("--record", action="store_true", help="write the figures into bench/RESULTS.md")
    p.add_argument("--keep", action="store_true", help="keep the run's folder (logs, CSV, profiles)")
    args = p.parse_args(argv)
    low, _, high = args.think.partition("-")
    think = (float(low), float(high or low))
    replicas = [int(n) for n in args.replicas.split(",") if n.strip()]
    if args.users < 1 or not replicas or min(replicas) < 1 or not 0 <= think[0] <= think[1]:
        p.error("give --users >= 1, --replicas as N[,M...] >= 1 and --think MIN-MAX with 0 <= MIN <= MAX")
    if not 0 <= args.staff_share < 1:
        p.error("--staff-share is a fraction in [0, 1)")
    options = Options(
        args.users, args.spawn_rate, args.run_time, replicas, think, args.staff_share, args.profile, args.seed
    )
    return options, args


def _terminate(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # unwinds through every `finally`: processes stopped, schema dropped


def _call(url: str, body: object = None, timeout: float = 120) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # loopback only
        return json.loads(response.read())


def warm(port: int, clicks: int = 3) -> int:
    """Open every product and make a few clicks on one replica (straight, not through nginx), so
    each replica has compiled every catalog and built its explanation solver before the
    measurement: what a deployment's warm-up does. Returns the number of products."""
    base = f"http://{HOST}:{port}/v1/products"
    codes = [p["code"] for p in _call(base)["items"]]
    rng = random.Random(0)
    for code in codes:
        product = _call(f"{base}/{code}")
        texts = {m["code"]: m["text"] for m in product["modules"] if m.get("text")}
        state = _call(f"{base}/{code}/state", {"selection": {}})
        for _ in range(clicks):
            click = pick_click(state, texts, rng)
            if click is None:
                break
            state = _call(f"{base}/{code}/state", {"selection": {**state["selection"], click[0]: click[1]}})
    return len(codes)


def locust_argv(options: Options, port: int, csv: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "-u",
        str(options.users),
        "-r",
        str(options.spawn_rate),
        "-t",
        options.run_time,
        "--stop-timeout",
        str(STOP_TIMEOUT),
        "--host",
        f"http://{HOST}:{port}",
        "--csv",
        str(csv),
        "--only-summary",
    ]


def run_once(options: Options, replicas: int, server: str, folder: Path) -> RunFigures:
    folder.mkdir(parents=True)
    schema = schema_name()
    with fresh_schema(server, schema) as url:
        print(f"\n== {replicas} replica(s), {options.users} users, {options.run_time}", flush=True)
        print(initialise(url, os.environ), flush=True)
        received, password = stock_and_staff(url)
        env = replica_env(database_url=with_application(url), folder=folder, rate_limit=RATE_LIMIT)
        procs = Processes(folder)
        try:
            ports = [free_port() for _ in range(replicas)]
            for index, port in enumerate(ports, start=1):
                start_replica(procs, index=index, port=port, env=env, profile=options.profile)
            for port in ports:
                wait_ready(procs, f"http://{HOST}:{port}/readyz")
            front = free_port()
            start_nginx(procs, port=front, upstreams=ports)
            wait_ready(procs, f"http://{HOST}:{front}/readyz")
            print(f"ready: nginx :{front} -> replicas {ports}; warmed {warm_all(ports)} products", flush=True)
            logs = [folder / f"replica-{i}.log" for i in range(1, replicas + 1)]
            measured = [(log, log.stat().st_size) for log in logs]  # the warm-up's lines are not measured
            if options.profile:
                for name, proc in procs.running:
                    if name.startswith("replica-"):
                        proc.send_signal(signal.SIGUSR1)  # profile the load only, not start-up and warm-up
            # At least one staff reader whenever there is a share and more than one user.
            share = round(options.users * options.staff_share)
            staff_users = max(share, 1) if options.staff_share > 0 and options.users > 1 else 0
            locust_env = {
                **os.environ,
                "SCALE_STAFF_EMAIL": STAFF_EMAIL,
                "SCALE_STAFF_PASSWORD": password,
                "SCALE_STAFF_USERS": str(staff_users),
                "SCALE_THINK": f"{options.think[0]}-{options.think[1]}",
                "SCALE_SEED": str(options.seed),
                "SCALE_CHECKOUTS": str(folder / "checkouts.jsonl"),
                "SCALE_STATS": str(folder / "stats.json"),
            }
            load_before = os.getloadavg()
            watch = PgWatch(server)
            watch.start()
            runner = procs.start("locust", locust_argv(options, front, folder / "locust"), locust_env)
            deadline = time.monotonic() + seconds(options.run_time) + STOP_TIMEOUT + 120
            while runner.poll() is None:
                if time.monotonic() > deadline:
                    raise RuntimeError("locust did not stop by itself in time")
                procs.check_alive()
                time.sleep(0.5)
            load_after = os.getloadavg()
            activity = watch.stop()
            print(procs.log_tail("locust", 40), flush=True)
            procs.running.remove(("locust", runner))
            procs.check_alive()  # every replica and nginx survived the run
        finally:
            procs.stop_all()
        if options.profile:
            for index in range(1, replicas + 1):
                path = folder / f"profile-replica-{index}.txt"
                print(f"\n-- where replica {index}'s time went --\n" + (path.read_text() if path.exists() else "none"))
        timing = server_times(measured)
        print(timing + "\n\n" + activity, flush=True)
        kinds, total = read_stats(folder / "stats.json")
        report = check_all(
            database_url=url,
            ledger=folder / "payment-ledger.sqlite3",
            checkouts=folder / "checkouts.jsonl",
            received=received,
        )
    print("invariants:\n" + report.render(), flush=True)
    return RunFigures(
        replicas=replicas,
        users=options.users,
        run_time=options.run_time,
        rps=round(total.rps, 2),
        requests=total.count,
        errors=total.failures,
        kinds=kinds,
        load_before=load_before,
        load_after=load_after,
        journeys=report.figures.get("orders", 0),
        invariants_ok=report.ok,
        invariants=[f"{'ok' if c.ok else 'FAIL'} {c.name}: {c.detail}" for c in report.checks],
        server_times=timing,
        pg_activity=activity,
        schema=schema,
    )


def warm_all(ports: list[int]) -> int:
    with ThreadPoolExecutor(len(ports)) as pool:  # the replicas warm up side by side
        return max(pool.map(warm, ports))


def main(argv: list[str] | None = None) -> int:
    options, args = parse(argv)
    signal.signal(signal.SIGTERM, _terminate)
    server = os.environ.get("SCALE_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or LOCAL_SERVER
    folder = Path(tempfile.mkdtemp(prefix="scale-"))
    folder.chmod(0o755)  # nginx's workers (user nobody when started as root) read their temp paths
    runs: list[RunFigures] = []
    ok = False
    try:
        for replicas in options.replicas:
            runs.append(run_once(options, replicas, server, folder / f"replicas-{replicas}"))
        ok = all(r.invariants_ok and r.errors == 0 for r in runs)
    except KeyboardInterrupt:
        print("stopped: every process of the run is ended and its schema dropped", file=sys.stderr)
        return 130
    finally:
        if runs:
            summary = render(runs)
            print("\n" + summary + "\n\n" + as_json(runs, {**_settings(options), "folder": str(folder)}), flush=True)
            if args.record:
                when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
                intro = (
                    f"`bench/scale.py --users {options.users} --spawn-rate {options.spawn_rate:g} "
                    f"--run-time {options.run_time} --replicas {','.join(map(str, options.replicas))} "
                    f"--think {options.think[0]:g}-{options.think[1]:g}`, finished {when}, on "
                    f"{os.cpu_count()} cores shared by locust, nginx, PostgreSQL and the replicas (and other work: "
                    "see the load averages)."
                )
                body = f"{intro}\n\n{summary}\n\n```json\n{as_json(runs, _settings(options))}\n```"
                record(ROOT / "bench" / "RESULTS.md", body)
        if args.keep or not ok:
            print(f"run folder kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0 if ok else 1


def _settings(options: Options) -> dict[str, object]:
    return {"think_s": list(options.think), "staff_share": options.staff_share, "cores": os.cpu_count()}


if __name__ == "__main__":
    sys.exit(main())
