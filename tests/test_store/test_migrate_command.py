"""`python -m store migrate`: the one step that changes the schema, once per deployment. It brings
an empty database to the newest migration, changes nothing the second time, and several started at
once (a retried deployment job) take turns instead of failing."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from sqlalchemy import text

from store.db import make_engine
from store.health import readiness, schema_head
from tests.conftest import ROOT


def run_migrate(database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "store", "migrate"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_migrate_brings_an_empty_database_to_the_newest_schema_and_is_idempotent(database_url):
    engine = make_engine(database_url)
    try:
        assert not readiness(engine).schema_current
        for _ in range(2):
            done = run_migrate(database_url)
            assert done.returncode == 0, done.stderr
            assert schema_head() in done.stdout
            assert readiness(engine).ready
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    finally:
        engine.dispose()


def test_migrations_started_at_once_take_turns(database_url, tmp_path):
    """Three `python -m store migrate` at once (a retried deployment job, two operators): each waits
    for the one under way, then finds the schema current; none fails on a table made meanwhile."""
    env = {**os.environ, "DATABASE_URL": database_url}
    go = tmp_path / "go"
    wait_then_migrate = (
        "import pathlib, sys, time\n"
        f"while not pathlib.Path({str(go)!r}).exists(): time.sleep(0.01)\n"
        "from store.__main__ import main\n"
        "sys.exit(main(['migrate']))\n"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", wait_then_migrate],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    time.sleep(1)  # let all three import the code first, so they reach the database together
    go.touch()
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    engine = make_engine(database_url)
    try:
        assert readiness(engine).ready
    finally:
        engine.dispose()
