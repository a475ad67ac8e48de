"""The staff catalog page shows each version's rules-engine compile: a progress bar while it is
queued or running, then the outcome; a failure says why."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, select

from store.compile_jobs import run_pending
from store.tables import CatalogVersion, CompileJob
from tests.test_ui.staff_app import run_as, staff_database, texts


@pytest.fixture
def shop(tmp_path, monkeypatch):
    with staff_database(tmp_path, monkeypatch, "compile-status", {"merch": "merchandiser"}) as found:
        yield found


def first_product_job(engine) -> CompileJob:
    """The job of the product the catalog page selects first (category, then name)."""
    with Session(engine) as s:
        by_page_order = select(CatalogVersion).order_by(col(CatalogVersion.category), col(CatalogVersion.name))
        version = s.exec(by_page_order).first()
        assert version is not None
        job = s.exec(select(CompileJob).where(col(CompileJob.catalog_version_id) == version.id)).one()
        s.expunge(job)
        return job


def set_job(engine, job_id, **values) -> None:
    with Session(engine) as s:
        s.exec(update(CompileJob).where(col(CompileJob.id) == job_id).values(**values))
        s.commit()


def test_a_queued_then_running_compile_shows_its_progress(shop):
    engine, ids = shop
    job = first_product_job(engine)
    at = run_as("pages/merchant/catalogs.py", ids["merch"])
    assert not at.exception
    [bar] = at.progress
    assert bar.value == 0 and "waiting for a compile runner" in bar.proto.text

    set_job(engine, job.id, state="running", percent=40, message="combined 3 of 8 rules")
    at = run_as("pages/merchant/catalogs.py", ids["merch"])
    [bar] = at.progress
    assert bar.value == 40 and "combined 3 of 8 rules (40 %)" in bar.proto.text


def test_a_finished_compile_shows_its_outcome_and_no_bar(shop):
    engine, ids = shop
    assert run_pending(engine=engine, runner="test", limit=20)["done"] == 6
    at = run_as("pages/merchant/catalogs.py", ids["merch"])
    assert not at.exception and len(at.progress) == 0
    assert "Rules engine: compiled in" in texts(at.caption)


def test_a_failed_compile_says_why(shop):
    engine, ids = shop
    job = first_product_job(engine)
    set_job(engine, job.id, state="failed", message="failed", error="rule 'fit' reads 3,000,000 combinations")
    at = run_as("pages/merchant/catalogs.py", ids["merch"])
    assert "could not be compiled: rule 'fit' reads 3,000,000 combinations" in texts(at.error)


def test_with_no_worker_the_shop_process_compiles_in_a_background_thread(shop, monkeypatch):
    """`make run` starts no worker: the shop's own database resource starts a compile runner."""
    import time

    from settings import get_settings
    from store import compile_jobs
    from ui import resources

    engine, _ = shop
    monkeypatch.setenv("COMPILE_IN_APP", "true")
    get_settings.cache_clear()
    app_engine = resources.database()
    runner = compile_jobs._RUNNERS[app_engine.url.render_as_string(hide_password=True)]
    try:
        assert runner.is_alive()
        for _ in range(600):  # waits for the work, asserts nothing about how long it took
            with Session(engine) as s:
                states = set(s.exec(select(CompileJob.state)).all())
            if states == {"done"}:
                break
            time.sleep(0.1)
        assert states == {"done"}
    finally:
        runner.stop.set()
        runner.join(timeout=30)


def test_a_failed_compile_can_be_started_again_from_the_page(shop):
    engine, ids = shop
    job = first_product_job(engine)
    set_job(engine, job.id, state="failed", message="failed", error="the compile stopped 3 times")
    at = run_as("pages/merchant/catalogs.py", ids["merch"])
    at.button(key=f"compile-again:{job.catalog_version_id}").click().run()
    assert not at.exception
    [bar] = at.progress
    assert "waiting for a compile runner" in bar.proto.text
    assert "could not be compiled" not in texts(at.error)
