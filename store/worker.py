"""`python -m store worker [--once] [--interval SECONDS]`: the periodic jobs of a deployment.

Every cycle it checks that the database is reachable and migrated (it never migrates), then runs
each job once: settle stale payment intents (`store.reconcile`), deliver the notification outbox
(`store.notify.deliver`), compile the catalog versions published since (`store.compile_jobs`),
then prune old API idempotency keys (`store.idempotency.prune_keys`). Between cycles a background
thread picks up compile jobs every 2 seconds, so a published version is compiled at once, not at
the next cycle. Each run is one JSON line on standard error (`store.logs`) with its own request
id, the job's counts, its status and how long it took.

Any number of workers may run: the outbox and the compile jobs are claimed row by row with
`FOR UPDATE SKIP LOCKED`, and settling an intent is idempotent. A worker killed mid-compile leaves
its job to be taken again once its lease runs out. SIGTERM or SIGINT ends the loop after the job under way
(the e-mail being sent is committed or rolled back, never half-done); `--once` runs one cycle and
exits 0 if every job succeeded, 1 otherwise. `--heartbeat FILE` is touched after every cycle
(a container health check reads its age).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import secrets
import signal
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from sqlmodel import Session

from settings import Settings
from store import logs
from store.compile_jobs import CompileRunner, run_pending
from store.db import Engine
from store.health import readiness
from store.idempotency import prune_keys
from store.notify import EmailSender, deliver, sender_from_settings, sweep_folder
from store.payments import PaymentProvider, TestPaymentProvider
from store.reconcile import reconcile

Counts = Mapping[str, int | str]


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str  # ok | error (some items failed; tried again next cycle) | skipped
    counts: Counts


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    run: Callable[[], Outcome]


def outbox_job(engine: Engine, sender: EmailSender, batch: int = 100, batches: int = 10) -> Job:
    """Deliver the outbox, a batch at a time while batches come back full (a campaign to a
    segment queues thousands), at most `batches` per run so a stop request is heard."""

    def run() -> Outcome:
        sent = retrying = failed = 0
        with Session(engine) as session:
            for _ in range(batches):
                done = deliver(session=session, sender=sender, limit=batch)
                sent, retrying, failed = sent + done.sent, retrying + done.retrying, failed + done.failed
                if done.sent + done.retrying + done.failed < batch:
                    break
            swept = sweep_folder(session=session)  # files of e-mails another replica ended (an erasure)
        counts = {"sent": sent, "retrying": retrying, "failed": failed, "swept": swept}
        return Outcome("ok" if failed == 0 else "error", counts)

    return Job("outbox", run)


def payments_job(engine: Engine, provider: PaymentProvider, older_than: dt.timedelta) -> Job:
    def run() -> Outcome:
        if isinstance(provider, TestPaymentProvider) and not provider.shared_ledger:
            # This process's memory never saw a charge made by an app process: every stale intent
            # would look uncharged and be abandoned, even one whose charge went through elsewhere.
            return Outcome("skipped", {"reason": "the test payment ledger is in memory: set PAYMENT_LEDGER"})
        outcome = reconcile(engine=engine, provider=provider, older_than=older_than)
        return Outcome("error" if outcome.get("error") else "ok", dict(sorted(outcome.items())))

    return Job("payments", run)


def compile_job(engine: Engine, runner: str) -> Job:
    """Compile the catalog versions waiting for it, and store their artifacts."""

    def run() -> Outcome:
        counts = run_pending(engine=engine, runner=runner)
        return Outcome("ok" if counts["failed"] == 0 else "error", counts)

    return Job("compiles", run)


def keys_job(engine: Engine, retention: dt.timedelta) -> Job:
    """Prune the API's idempotency keys older than the retention (`store.idempotency.prune_keys`)."""

    def run() -> Outcome:
        with Session(engine) as session:
            return Outcome("ok", {"pruned": prune_keys(session=session, older_than=retention)})

    return Job("idempotency-keys", run)


def default_jobs(engine: Engine, settings: Settings) -> list[Job]:
    from store.orders import default_provider

    return [  # payments first: the confirmation of an order the reconciler just made goes out this cycle
        payments_job(engine, default_provider(), dt.timedelta(minutes=settings.payment_reconcile_minutes)),
        outbox_job(engine, sender_from_settings(settings)),
        compile_job(engine, f"worker-{os.getpid()}"),
        keys_job(engine, dt.timedelta(hours=settings.idempotency_retention_hours)),
    ]


def run_job(job: Job, log: logging.Logger) -> bool:
    """Run `job` under a fresh request id; one log line; whether it succeeded (or was skipped)."""
    token = logs.request_id.set(f"job-{secrets.token_hex(8)}")
    started = time.perf_counter()
    try:
        try:
            outcome = job.run()
        except Exception as exc:  # a job's failure never ends the worker: the next cycle tries again
            fields = {"event": "job", "job": job.name, "status": "error", "exception": type(exc).__name__}
            log.exception("job failed", extra={**fields, **_ms(started)})
            return False
        level = logging.WARNING if outcome.status != "ok" else logging.INFO
        log.log(
            level,
            f"{job.name}: {outcome.status}",
            extra={"event": "job", "job": job.name, "status": outcome.status, **outcome.counts, **_ms(started)},
        )
        return outcome.status != "error"
    finally:
        logs.request_id.reset(token)


def cycle(engine: Engine, jobs: list[Job], log: logging.Logger) -> bool:
    """One pass over the jobs if the database is ready; whether everything succeeded."""
    report = readiness(engine)
    if not report.ready:
        detail = report.detail or "not ready"
        hint = "" if not report.database else ": run `python -m store migrate`"
        log.warning(f"database not ready ({detail}){hint}", extra={"event": "worker.waiting", "detail": detail})
        return False
    results = [run_job(job, log) for job in jobs]
    return all(results)


def serve(
    *,
    engine: Engine,
    jobs: list[Job],
    interval: float,
    once: bool,
    stop: threading.Event,
    heartbeat: Path | None = None,
) -> int:
    log = logs.configure().getChild("worker")
    log.info("worker started", extra={"event": "worker.start", "jobs": [j.name for j in jobs], "interval_s": interval})
    ok = True
    while not stop.is_set():
        ok = cycle(engine, jobs, log)
        if heartbeat is not None:
            heartbeat.parent.mkdir(parents=True, exist_ok=True)
            heartbeat.touch()
        if once:
            break
        stop.wait(interval)
    log.info("worker stopped", extra={"event": "worker.stop"})
    return 0 if ok or not once else 1


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("worker", help="outbox, stale payments and catalog compiles, every --interval seconds")
    parser.add_argument("--once", action="store_true", help="run every job once and exit (1 if one failed)")
    parser.add_argument("--interval", type=float, default=30.0, metavar="SECONDS", help="pause between cycles")
    parser.add_argument("--heartbeat", type=Path, default=None, metavar="FILE", help="touched after every cycle")


def run(args: argparse.Namespace, engine: Engine, settings: Settings) -> int:
    if args.interval <= 0:
        raise SystemExit("--interval must be a positive number of seconds")
    stop = threading.Event()

    def ask_to_stop(signum: int, _frame: FrameType | None) -> None:
        stop.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, ask_to_stop)
    compiles = None if args.once else CompileRunner(engine, runner=f"worker-{os.getpid()}-bg")
    try:
        jobs = default_jobs(engine, settings)
        if compiles is not None:
            compiles.start()
        return serve(
            engine=engine, jobs=jobs, interval=args.interval, once=args.once, stop=stop, heartbeat=args.heartbeat
        )
    finally:
        if compiles is not None:  # a compile under way is left to its lease: another run takes it again
            compiles.stop.set()
            compiles.join(timeout=5)
        engine.dispose()


def _ms(started: float) -> dict[str, float]:
    return {"ms": round((time.perf_counter() - started) * 1000, 1)}
