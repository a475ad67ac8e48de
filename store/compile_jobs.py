"""Compile jobs: a catalog version is compiled once, when it is published, never while a buyer waits.

`store.catalogs.publish` queues the job in the transaction that publishes the version. A runner claims it,
compiles with progress reports (percent and a phrase, shown on the staff catalog page), stores the
artifact (`store.artifacts`) and marks the job done, or failed with the reason.

Who runs jobs: `python -m store worker` (every deployment with a worker), and, with
`COMPILE_IN_APP` on (the default, so `make run` needs no worker), a background thread of the shop
process itself (`start_background_compiles`). Any number of runners are safe: a job is claimed
with `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite's `BEGIN IMMEDIATE` lets one
claimer in at a time) and then belongs to that claim; every progress report renews a lease. A
runner killed mid-compile leaves its job `running` with a lease that runs out: the next runner
takes it again, up to `MAX_ATTEMPTS` runs, then it is failed saying so.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
import time
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, update
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from configurator.artifact import dump_catalog_engine
from configurator.catalog_engine import CatalogEngine
from configurator.errors import ConfiguratorError
from modules.errors import CatalogError
from store.artifacts import replace_artifact, store_artifact, usable_artifact
from store.audit import audit
from store.catalogs import catalog_of, queue_compile
from store.db import Engine, atomic, transaction
from store.errors import ErrorCode, StoreError
from store.staff import authorize
from store.states import MERCHANDISING
from store.tables import CatalogVersion, CompileJob, CompileJobPublic, now

log = logging.getLogger("configurator.compile_jobs")
LEASE = dt.timedelta(seconds=60)  # a running job not heard from for this long is taken again
MAX_ATTEMPTS = 3
_REPORT_EVERY = 0.5  # seconds between progress writes


class LeaseLost(Exception):
    """The job is no longer this runner's (its lease ran out and another runner took it)."""


@dataclass(frozen=True, slots=True)
class Claim:
    job_id: int
    token: str
    catalog_version_id: int
    attempt: int


def _claimable(moment: dt.datetime) -> ColumnElement[bool]:
    expired = (col(CompileJob.state) == "running") & (col(CompileJob.lease_until) < moment)
    return or_(col(CompileJob.state) == "queued", expired)


def claim_next(*, engine: Engine, runner: str) -> Claim | None:
    """Take the oldest job no runner holds (queued, or running with an expired lease); None if none.

    A job already run `MAX_ATTEMPTS` times is failed instead of being taken again."""
    while True:
        with transaction(engine) as session:
            moment = now()
            job = session.exec(
                select(CompileJob)
                .where(_claimable(moment))
                .order_by(col(CompileJob.id))
                .limit(1)
                .with_for_update(skip_locked=True)
                .execution_options(populate_existing=True)
            ).first()
            if job is None or job.id is None:
                return None
            if job.attempts >= MAX_ATTEMPTS:
                job.state, job.finished_at, job.claimed_by = "failed", moment, None
                job.error = f"the compile stopped {job.attempts} times before finishing (a runner was killed?)"
                job.message = "failed"
                session.add(job)
                continue
            token = f"{runner}:{secrets.token_hex(6)}"
            job.state, job.claimed_by, job.lease_until = "running", token, moment + LEASE
            job.attempts += 1
            job.started_at = moment
            job.message = "starting" if job.attempts == 1 else f"starting again (run {job.attempts})"
            session.add(job)
            return Claim(job.id, token, job.catalog_version_id, job.attempts)


def _report(engine: Engine, claim: Claim, percent: int, message: str) -> None:
    """Write progress and renew the lease; LeaseLost if the job is no longer this claim's."""
    with transaction(engine) as session:
        result = session.exec(
            update(CompileJob)
            .where(col(CompileJob.id) == claim.job_id, col(CompileJob.claimed_by) == claim.token)
            .where(col(CompileJob.state) == "running")
            .values(percent=max(0, min(100, percent)), message=message[:200], lease_until=now() + LEASE)
        )
        if not result.rowcount:
            raise LeaseLost(claim.job_id)


def _finish(session: Session, claim: Claim, *, state: str, message: str, error: str | None = None) -> None:
    result = session.exec(
        update(CompileJob)
        .where(col(CompileJob.id) == claim.job_id, col(CompileJob.claimed_by) == claim.token)
        .where(col(CompileJob.state) == "running")
        .values(
            state=state,
            percent=100 if state == "done" else CompileJob.percent,
            message=message[:200],
            error=None if error is None else error[:1000],
            finished_at=now(),
            claimed_by=None,
            lease_until=None,
        )
    )
    if not result.rowcount:
        raise LeaseLost(claim.job_id)


def run_claimed(*, engine: Engine, claim: Claim) -> str:
    """Compile the claimed job's version and store it; the job's outcome (done, failed, lost)."""
    with transaction(engine) as session:
        version = session.get(CatalogVersion, claim.catalog_version_id)
        if version is None:
            raise LeaseLost(claim.job_id)  # cannot happen: versions are never deleted
        catalog = catalog_of(version)
        stored, refused, _ = usable_artifact(session=session, catalog=catalog)
    if stored is not None:
        with transaction(engine) as session:
            _finish(session, claim, state="done", message=f"compiled already ({stored.engine.backend})")
        return "done"
    last = 0.0

    def progress(fraction: float, message: str) -> None:
        nonlocal last
        if time.monotonic() - last >= _REPORT_EVERY or fraction >= 1.0:
            last = time.monotonic()
            _report(engine, claim, 5 + int(fraction * 90), message)

    _report(engine, claim, 0, "building the rule tables")
    started = time.perf_counter()
    try:
        compiled = CatalogEngine(catalog, progress=progress)
    except (ConfiguratorError, CatalogError) as exc:
        with transaction(engine) as session:
            _finish(session, claim, state="failed", message="failed", error=str(exc) or type(exc).__name__)
        return "failed"
    compile_ms = int((time.perf_counter() - started) * 1000)
    _report(engine, claim, 97, "storing the compiled engine")
    blob = dump_catalog_engine(compiled, compile_seconds=compile_ms / 1000)
    with transaction(engine) as session:
        if refused is not None:
            replace_artifact(session=session, refused_id=refused, blob=blob, compile_ms=compile_ms)
        else:
            store_artifact(session=session, blob=blob, compile_ms=compile_ms)
        backend = compiled.engine.backend
        why = f"; {compiled.engine.fallback_reason}" if compiled.engine.fallback_reason else ""
        _finish(session, claim, state="done", message=f"compiled in {compile_ms / 1000:.1f} s ({backend}{why})")
    return "done"


def run_pending(*, engine: Engine, runner: str, limit: int = 10) -> dict[str, int]:
    """Run up to `limit` jobs; counts of their outcomes."""
    counts = {"done": 0, "failed": 0, "lost": 0}
    for _ in range(limit):
        claim = claim_next(engine=engine, runner=runner)
        if claim is None:
            break
        try:
            outcome = run_claimed(engine=engine, claim=claim)
        except LeaseLost:
            outcome = "lost"
        except Exception as exc:  # a bug or a lost database: the job says why; the runner goes on
            log.exception("compile job failed", extra={"event": "compile.error", "job": claim.job_id})
            try:
                with transaction(engine) as session:
                    _finish(session, claim, state="failed", message="failed", error=f"{type(exc).__name__}: {exc}")
            except (LeaseLost, SQLAlchemyError):
                pass  # left running: its lease runs out and another run tries again
            outcome = "failed"
        counts[outcome] += 1
    return counts


def compile_status(*, session: Session, actor_id: int, catalog_version_id: int) -> CompileJobPublic | None:
    """The newest compile job of a catalog version (merchandisers and admins); None if none."""
    authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
    job = session.exec(
        select(CompileJob)
        .where(col(CompileJob.catalog_version_id) == catalog_version_id)
        .order_by(col(CompileJob.id).desc())
        .limit(1)
    ).first()
    return None if job is None else CompileJobPublic.model_validate(job)


def compile_again(*, session: Session, actor_id: int, catalog_version_id: int) -> CompileJobPublic:
    """Queue a new compile of a version whose last compile failed (merchandisers and admins); refused
    while one is queued or running, or once it is compiled. Audited; one transaction."""
    with atomic(session):
        actor = authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        version = session.get(CatalogVersion, catalog_version_id)
        if version is None or version.id is None:
            raise StoreError(ErrorCode.NOT_FOUND, "no such catalog version")
        last = compile_status(session=session, actor_id=actor_id, catalog_version_id=version.id)
        if last is not None and last.state != "failed":
            raise StoreError(ErrorCode.BAD_INPUT, f"this version's compile is {last.state}: nothing to do again")
        job = queue_compile(session=session, version=version)
        audit(
            session=session,
            actor=actor,
            action="catalog.compile_again",
            entity=job,
            data={"product": version.product_code, "version": version.version},
        )
        return CompileJobPublic.model_validate(job)


class CompileRunner(threading.Thread):
    """Runs queued compile jobs in the background, every `poll` seconds, until `stop` is set."""

    def __init__(self, engine: Engine, *, runner: str, poll: float = 2.0) -> None:
        super().__init__(name=f"compile-runner-{runner}", daemon=True)
        self.engine, self.runner, self.poll = engine, runner, poll
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                run_pending(engine=self.engine, runner=self.runner)
            except SQLAlchemyError as exc:  # not migrated yet, or the database is away: try again later
                log.debug("compile runner waiting", extra={"event": "compile.waiting", "exception": type(exc).__name__})
            self.stop.wait(self.poll)


_RUNNERS: dict[str, CompileRunner] = {}
_RUNNERS_LOCK = threading.Lock()


def start_background_compiles(engine: Engine, *, runner: str = "app", poll: float = 2.0) -> CompileRunner:
    """The one background compile runner of this process for this database (started once)."""
    key = engine.url.render_as_string(hide_password=True)
    with _RUNNERS_LOCK:
        existing = _RUNNERS.get(key)
        if existing is not None and existing.is_alive():
            return existing
        thread = CompileRunner(engine, runner=f"{runner}-{secrets.token_hex(3)}", poll=poll)
        thread.start()
        _RUNNERS[key] = thread
        return thread
