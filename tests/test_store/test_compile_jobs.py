"""Compile once, at publish: the job is queued with the version, claimed by exactly one runner,
retried when its runner died, and its artifact is what every process then loads."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, select

from configurator.artifact import dump_catalog_engine, load_catalog_engine, read_header
from configurator.catalog_engine import CatalogEngine
from configurator.catalog_model import CatalogCompileError
from modules.loader import load_catalog_text
from store import artifacts, compile_jobs, configuration
from store.artifacts import engine_for, store_artifact, stored_artifact
from store.catalogs import catalog_of, publish
from store.compile_jobs import claim_next, run_pending
from store.db import transaction
from store.tables import CatalogVersion, CompileArtifact, CompileJob, now
from tests.factories import SMALL_CATALOG
from tests.store_helpers import mug_shop


@pytest.fixture
def mugs(engine, tmp_path):
    mug_shop(engine, tmp_path)
    configuration._ENGINES.clear()
    artifacts.compile_sources.clear()
    yield engine
    configuration.use_artifacts(None)
    configuration._ENGINES.clear()


def the_version(engine) -> CatalogVersion:
    with Session(engine) as s:
        version = s.exec(select(CatalogVersion)).one()
        s.expunge(version)
        return version


def jobs(engine) -> list[CompileJob]:
    with Session(engine) as s:
        return list(s.exec(select(CompileJob).order_by(col(CompileJob.id))).all())


def test_publishing_queues_the_compile_in_the_same_transaction(mugs):
    version = the_version(mugs)
    [job] = jobs(mugs)
    assert (job.catalog_version_id, job.state, job.percent, job.attempts) == (version.id, "queued", 0, 0)


def test_a_publication_rolled_back_leaves_no_job(mugs, tmp_path):
    text = SMALL_CATALOG.replace("name: Custom mug", "name: Other mug", 1)
    catalog = load_catalog_text(text, file="mug.yaml")
    assert catalog.fingerprint() != the_version(mugs).fingerprint
    with pytest.raises(RuntimeError), transaction(mugs) as s:
        publish(session=s, catalog=catalog, source_yaml=text)
        raise RuntimeError("the publishing action fails after the version was written")
    assert len(jobs(mugs)) == 1


def test_a_runner_compiles_stores_the_artifact_and_every_process_then_loads_it(mugs, monkeypatch):
    assert run_pending(engine=mugs, runner="w1") == {"done": 1, "failed": 0, "lost": 0}
    [job] = jobs(mugs)
    assert (job.state, job.percent, job.attempts, job.error) == ("done", 100, 1, None)
    assert job.message.startswith("compiled in") and job.finished_at is not None
    version = the_version(mugs)
    with Session(mugs) as s:
        row = stored_artifact(session=s, content_hash=version.fingerprint)
    assert row is not None and read_header(row.blob).content_hash == version.fingerprint

    def no_compile(*args, **kwargs):
        raise AssertionError("a stored artifact must be loaded, not compiled again")

    monkeypatch.setattr(artifacts, "CatalogEngine", no_compile)
    configuration.use_artifacts(mugs)
    catalog = catalog_of(version)
    loaded = configuration.compiled_engine(catalog=catalog, fingerprint=version.fingerprint)
    assert loaded.count() == CatalogEngine(catalog).count()
    assert artifacts.compile_sources == {"loaded": 1}


def test_without_an_artifact_the_process_compiles_records_it_and_stores_it(mugs):
    version = the_version(mugs)
    catalog = catalog_of(version)
    engine = engine_for(catalog=catalog, database=mugs)
    assert artifacts.compile_sources == {"compiled": 1}
    with Session(mugs) as s:
        row = stored_artifact(session=s, content_hash=version.fingerprint)
    assert row is not None
    assert load_catalog_engine(row.blob, catalog=catalog).count() == engine.count()
    run_pending(engine=mugs, runner="w1")  # the queued job finds it compiled already
    [job] = jobs(mugs)
    assert job.state == "done" and job.message.startswith("compiled already")


def test_a_corrupt_artifact_is_refused_recompiled_and_replaced(mugs):
    version = the_version(mugs)
    catalog = catalog_of(version)
    with transaction(mugs) as s:
        store_artifact(session=s, blob=dump_catalog_engine(CatalogEngine(catalog)))
        row = stored_artifact(session=s, content_hash=version.fingerprint)
        assert row is not None
        corrupt = bytearray(row.blob)
        corrupt[-50] ^= 0xFF
        s.exec(update(CompileArtifact).where(col(CompileArtifact.id) == row.id).values(blob=bytes(corrupt)))
    engine = engine_for(catalog=catalog, database=mugs)
    assert artifacts.compile_sources == {"refused": 1, "compiled": 1}
    with Session(mugs) as s:
        rows = s.exec(select(CompileArtifact)).all()
    assert len(rows) == 1 and load_catalog_engine(rows[0].blob, catalog=catalog).count() == engine.count()
    assert engine_for(catalog=catalog, database=mugs).count() == engine.count()
    assert artifacts.compile_sources["loaded"] == 1


def test_a_job_replaces_a_corrupt_artifact_too(mugs):
    version = the_version(mugs)
    catalog = catalog_of(version)
    blob = bytearray(dump_catalog_engine(CatalogEngine(catalog)))
    blob[-10] ^= 0x01
    with transaction(mugs) as s:
        store_artifact(session=s, blob=bytes(blob))
    assert run_pending(engine=mugs, runner="w1")["done"] == 1
    with Session(mugs) as s:
        row = stored_artifact(session=s, content_hash=version.fingerprint)
    assert row is not None and load_catalog_engine(row.blob, catalog=catalog).count() > 0


def test_two_writers_store_one_artifact(mugs):
    catalog = catalog_of(the_version(mugs))
    blob = dump_catalog_engine(CatalogEngine(catalog))
    wrote: list[bool] = []
    go = threading.Barrier(2)

    def write() -> None:
        go.wait()
        with transaction(mugs) as s:
            wrote.append(store_artifact(session=s, blob=blob))

    threads = [threading.Thread(target=write) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wrote) == [False, True]
    with Session(mugs) as s:
        assert len(s.exec(select(CompileArtifact)).all()) == 1


def add_jobs(engine, n: int) -> None:
    version = the_version(engine)
    with transaction(engine) as s:
        for _ in range(n):
            s.add(CompileJob(catalog_version_id=version.id, product_code=version.product_code, fingerprint="x" * 64))


def test_two_runners_claim_each_job_once(mugs):
    add_jobs(mugs, 11)  # 12 jobs in all
    claims: dict[str, list[int]] = {"a": [], "b": []}
    go = threading.Barrier(2)

    def claim_all(name: str) -> None:
        go.wait()
        while (claim := claim_next(engine=mugs, runner=name)) is not None:
            claims[name].append(claim.job_id)

    threads = [threading.Thread(target=claim_all, args=(name,)) for name in claims]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    taken = claims["a"] + claims["b"]
    assert sorted(taken) == sorted(j.id for j in jobs(mugs))
    assert len(set(taken)) == len(taken) == 12
    assert {(j.state, j.attempts) for j in jobs(mugs)} == {("running", 1)}


def test_two_runners_run_every_job_once(mugs):
    add_jobs(mugs, 3)
    outcomes: list[dict[str, int]] = []
    threads = [
        threading.Thread(target=lambda n=n: outcomes.append(run_pending(engine=mugs, runner=n))) for n in ("a", "b")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(o["done"] for o in outcomes) == 4 and sum(o["lost"] + o["failed"] for o in outcomes) == 0
    assert {(j.state, j.attempts) for j in jobs(mugs)} == {("done", 1)}
    with Session(mugs) as s:
        assert len(s.exec(select(CompileArtifact)).all()) == 1


def crash(engine, *, lease_until: dt.datetime, attempts: int = 1) -> None:
    """The job as a runner killed mid-compile leaves it: running, its lease running out."""
    with transaction(engine) as s:
        s.exec(
            update(CompileJob).values(
                state="running", claimed_by="dead-runner", lease_until=lease_until, attempts=attempts, percent=40
            )
        )


def test_a_job_whose_runner_died_is_taken_again_once_its_lease_ran_out(mugs):
    crash(mugs, lease_until=now() + dt.timedelta(minutes=1))
    assert claim_next(engine=mugs, runner="w2") is None  # still leased: its runner may be alive
    crash(mugs, lease_until=now() - dt.timedelta(seconds=1))
    assert run_pending(engine=mugs, runner="w2")["done"] == 1
    [job] = jobs(mugs)
    assert (job.state, job.attempts, job.percent) == ("done", 2, 100)


def test_a_job_that_keeps_dying_is_failed_saying_so(mugs):
    crash(mugs, lease_until=now() - dt.timedelta(seconds=1), attempts=compile_jobs.MAX_ATTEMPTS)
    assert run_pending(engine=mugs, runner="w2") == {"done": 0, "failed": 0, "lost": 0}
    [job] = jobs(mugs)
    assert job.state == "failed" and "stopped 3 times" in (job.error or "")


def test_the_dead_runner_cannot_finish_a_job_taken_again(mugs):
    claim = claim_next(engine=mugs, runner="slow")
    assert claim is not None
    with transaction(mugs) as s:  # its lease ran out while it was stuck
        s.exec(update(CompileJob).values(lease_until=now() - dt.timedelta(seconds=1)))
    assert run_pending(engine=mugs, runner="w2")["done"] == 1
    with pytest.raises(compile_jobs.LeaseLost):
        compile_jobs.run_claimed(engine=mugs, claim=claim)
    [job] = jobs(mugs)
    assert (job.state, job.attempts) == ("done", 2)


def test_a_compile_that_fails_says_why(mugs, monkeypatch):
    def too_big(*args, **kwargs):
        raise CatalogCompileError("rule 'fit' reads 3,000,000 combinations")

    monkeypatch.setattr(compile_jobs, "CatalogEngine", too_big)
    assert run_pending(engine=mugs, runner="w1")["failed"] == 1
    [job] = jobs(mugs)
    assert job.state == "failed" and "3,000,000 combinations" in (job.error or "")
    with Session(mugs) as s:
        assert s.exec(select(CompileArtifact)).all() == []


def test_a_failed_compile_may_be_queued_again_once_by_merchandising(mugs):
    from store.errors import ErrorCode, StoreError
    from store.tables import AuditEntry
    from tests.store_helpers import staff_accounts

    ids = staff_accounts(mugs, roles=("buyer", "merchandiser"))
    version = the_version(mugs)
    with Session(mugs) as s, pytest.raises(StoreError) as refused:
        compile_jobs.compile_again(session=s, actor_id=ids["merchandiser"], catalog_version_id=version.id)
    assert refused.value.code is ErrorCode.BAD_INPUT and "queued" in refused.value.message
    set_failed = update(CompileJob).values(state="failed", error="killed", message="failed")
    with transaction(mugs) as s:
        s.exec(set_failed)
    with Session(mugs) as s, pytest.raises(StoreError) as forbidden:
        compile_jobs.compile_again(session=s, actor_id=ids["buyer"], catalog_version_id=version.id)
    assert forbidden.value.code is ErrorCode.FORBIDDEN
    with Session(mugs) as s:
        job = compile_jobs.compile_again(session=s, actor_id=ids["merchandiser"], catalog_version_id=version.id)
    assert job.state == "queued" and [j.state for j in jobs(mugs)] == ["failed", "queued"]
    with Session(mugs) as s:
        actions = [a.action for a in s.exec(select(AuditEntry)).all()]
        assert actions.count("catalog.compile_again") == 1
        with pytest.raises(StoreError):  # queued again already: a second click does nothing more
            compile_jobs.compile_again(session=s, actor_id=ids["merchandiser"], catalog_version_id=version.id)
    assert run_pending(engine=mugs, runner="w1")["done"] == 1


@pytest.mark.slow
def test_a_worker_killed_mid_compile_leaves_the_job_to_be_taken_again(engine, tmp_path, database_url):
    """A real `python -m store worker` process, killed (SIGKILL) while it compiles."""
    import os
    import shutil
    import signal
    import subprocess
    import sys
    import time

    from store.catalogs import sync_folder
    from tests.conftest import ROOT

    folder = tmp_path / "catalogs"
    folder.mkdir()
    shutil.copy(ROOT / "catalogs" / "table.yaml", folder / "table.yaml")  # the slowest sample to compile
    sync_folder(engine=engine, folder=folder)
    env = {**os.environ, "DATABASE_URL": database_url}
    worker = subprocess.Popen(
        [sys.executable, "-m", "store", "worker", "--once"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(1200):  # until the compile is under way (waits; asserts nothing about time)
            [job] = jobs(engine)
            if job.state == "running" and job.percent > 0:
                break
            time.sleep(0.05)
        assert job.state == "running" and worker.poll() is None
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    [job] = jobs(engine)
    assert job.state == "running" and job.attempts == 1  # as the killed worker left it
    assert claim_next(engine=engine, runner="w2") is None  # its lease still runs
    with transaction(engine) as s:  # the lease runs out
        s.exec(update(CompileJob).values(lease_until=now() - dt.timedelta(seconds=1)))
    assert run_pending(engine=engine, runner="w2")["done"] == 1
    [job] = jobs(engine)
    assert (job.state, job.attempts, job.percent) == ("done", 2, 100)
