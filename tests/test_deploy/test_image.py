"""deploy/Dockerfile, read and rehearsed without a container daemon: python:3.11-slim, runtime
requirements only, a user that is not root, a health check; it copies every package the processes
import and nothing else; and the tree it copies, on its own, migrates a database and runs the
worker (so no file the processes need is left out of the image)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib

import pytest

from tests.conftest import ROOT

DOCKERFILE = ROOT / "deploy" / "Dockerfile"
SOURCES_OF_TESTS = {"tests", "bench", "docs", "deploy", "requirements-dev.txt", ".venv", "data", ".env"}


def instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def final_stage() -> list[tuple[str, str]]:
    steps = instructions()
    last_from = max(i for i, (op, _) in enumerate(steps) if op == "FROM")
    return steps[last_from:]


def copied() -> set[str]:
    """The repository paths the final image copies (not from another stage)."""
    paths: set[str] = set()
    for op, args in final_stage():
        if op == "COPY" and not args.startswith("--from"):
            paths |= {p.rstrip("/") for p in args.split()[:-1]}
    return paths


def test_base_user_requirements_and_health_check():
    steps = final_stage()
    assert steps[0] == ("FROM", "python:3.11-slim")
    users = [args for op, args in steps if op == "USER"]
    assert users and users[-1] not in {"root", "0"}
    assert any(op == "HEALTHCHECK" and "/healthz" in args for op, args in steps)
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "requirements.txt" in text and "requirements-dev" not in text


def test_the_image_holds_every_package_the_processes_import_and_no_tests():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    code = set(config["tool"]["mypy"]["files"])  # every package and entry point of the app
    needed = code | {"alembic.ini", "migrations", "catalogs", ".streamlit"}
    assert needed <= copied(), needed - copied()
    assert not copied() & SOURCES_OF_TESTS
    ignored = set((ROOT / ".dockerignore").read_text(encoding="utf-8").split())
    assert {".env", ".venv", ".git", "tests"} <= ignored


@pytest.fixture
def image_tree(tmp_path):
    """What the image's /app holds, and nothing else."""
    app = tmp_path / "app"
    app.mkdir()
    for path in copied():
        source = ROOT / path
        if source.is_dir():
            shutil.copytree(source, app / path, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, app / path)
    return app


def test_the_copied_tree_alone_migrates_and_runs_the_worker(image_tree, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "DATABASE_URL"}}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'image.sqlite3'}",
        "PAYMENT_LEDGER": str(tmp_path / "ledger.sqlite3"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args], cwd=image_tree, env=env, capture_output=True, text=True, timeout=300
        )

    for args in (["-m", "store", "migrate"], ["-m", "store", "worker", "--once"]):
        done = run(*args)
        assert done.returncode == 0, done.stderr
    imported = run("-c", "import api.app, ui.server, asgi_app, settings; api.app.create_app(); print(settings.ROOT)")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip().splitlines()[-1] == str(image_tree)  # the tree's code, not the repository's


def test_the_images_health_check_passes_on_a_live_healthz_and_fails_without_one(tmp_path):
    import json

    from tests.test_deploy.nginx_harness import backend
    from tests.test_e2e.live_server import free_port

    [args] = [args for op, args in final_stage() if op == "HEALTHCHECK"]
    check = json.loads(args[args.index("CMD") + 3 :].strip())  # the exec form: a JSON array
    assert check[0] == "python"
    server, port = backend("shop")  # answers 200 on any path, /healthz included
    try:
        ok = subprocess.run([sys.executable, *check[1:]], env={**os.environ, "HEALTH_PORT": str(port)}, timeout=60)
        assert ok.returncode == 0
    finally:
        server.shutdown()
    nobody = {**os.environ, "HEALTH_PORT": str(free_port())}
    down = subprocess.run([sys.executable, *check[1:]], env=nobody, capture_output=True, timeout=60)
    assert down.returncode != 0


def test_the_workers_health_check_reads_the_heartbeats_age(tmp_path):
    import time

    import yaml

    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text(encoding="utf-8"))
    test = compose["services"]["worker"]["healthcheck"]["test"]
    assert test[:2] == ["CMD", "python"]
    heartbeat = tmp_path / "worker-alive"
    code = test[3].replace("/tmp/worker-alive", str(heartbeat))
    heartbeat.touch()
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0
    stale = time.time() - 600
    os.utime(heartbeat, (stale, stale))
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 1
