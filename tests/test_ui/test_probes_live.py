"""The shop's server as deployed (`python -m ui.server`, a real process): it starts on a database that
is not migrated without migrating it (stale payments are left for later, with a note saying why),
answers `/healthz` at once and `/readyz` with 503 until `python -m store migrate` has run, and logs
the failing probe as a JSON line under the proxy's request id."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from email.message import Message

from tests.conftest import ROOT
from tests.test_e2e.live_server import _serve


def get(url: str, request_id: str | None = None) -> tuple[int, Message, dict]:
    request = urllib.request.Request(url, headers={"X-Request-ID": request_id} if request_id else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.headers, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, refused.headers, json.loads(refused.read())


def test_the_server_starts_unmigrated_reports_not_ready_then_ready_once_migrated(database_url, tmp_path):
    env = {**os.environ, "DATABASE_URL": database_url}
    with _serve([sys.executable, "-m", "ui.server"], tmp_path, env) as base:
        assert get(f"{base}/healthz")[0] == 200
        status, headers, body = get(f"{base}/readyz", request_id="live-probe-7")
        assert (status, body["schema_current"]) == (503, False)
        assert headers.get("X-Request-ID") == "live-probe-7"

        migrated = subprocess.run(
            [sys.executable, "-m", "store", "migrate"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert migrated.returncode == 0, migrated.stderr
        status, _, body = get(f"{base}/readyz")
        assert (status, body["status"]) == (200, "ready")

    log = (tmp_path / "server.log").read_text()
    assert "stale payments not settled: the database is not migrated: run `python -m store migrate`" in log
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert any(line.get("request_id") == "live-probe-7" and line.get("status") == 503 for line in lines)
