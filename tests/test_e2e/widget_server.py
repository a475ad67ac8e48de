"""The embeddable configurator's test rig: the API under uvicorn on a free loopback port over a
fresh SQLite database with the shipped catalogs published, and a shop page served from another
origin (another port) that embeds the widget, as a real shop would."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.test_e2e.live_server import ROOT, free_port

# The shop's page: reads ?product= (and ?api=) and embeds the configurator for it; records what
# the page hears, for the test to read.
HOST_PAGE = """<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A shop on another origin</title>
<style>
  body { margin: 0; font: 16px/1.5 Georgia, serif; background: #f6f3ee; color: #222; }
  header { background: #2b2d42; color: #fff; padding: .75rem 1rem; display: flex; justify-content: space-between; }
  main { max-width: 70rem; margin: 0 auto; padding: 1rem; }
  product-configurator { border-radius: 12px; padding: 1rem; box-shadow: 0 1px 3px rgb(0 0 0 / .15); }
</style>
<script src="__API__/v1/embed/configurator.js" type="module"></script>
</head>
<body>
<header><strong>Shop on another origin</strong><span id="count" aria-live="polite">Cart: empty</span></header>
<main id="main"></main>
<script>
  window.cartEvents = [];
  window.stateEvents = 0;
  const params = new URLSearchParams(location.search);
  const widget = document.createElement("product-configurator");
  widget.setAttribute("api", "__API__");
  widget.setAttribute("product", params.get("product") || "tshirt");
  document.getElementById("main").append(widget);
  widget.addEventListener("statechange", () => { window.stateEvents += 1; });
  document.addEventListener("cart", (event) => {
    window.cartEvents.push(JSON.parse(JSON.stringify(event.detail)));
    document.getElementById("count").textContent = "Cart: " + event.detail.count;
  });
</script>
</body>
</html>
"""


@dataclass(frozen=True)
class Rig:
    api: str  # http://127.0.0.1:<port>
    shop: str  # http://127.0.0.1:<other port>, the page embedding the widget
    database: Path
    workdir: Path

    def get(self, path: str) -> Any:
        with urllib.request.urlopen(f"{self.api}{path}", timeout=30) as answer:
            return json.loads(answer.read())

    def post(self, path: str, body: Any) -> Any:
        request = urllib.request.Request(
            f"{self.api}{path}",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read())


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve_page(folder: Path, page: str) -> Iterator[str]:
    """Serve `page` as index.html (and an empty blank.html) from `folder` on a free loopback port."""
    folder.mkdir(exist_ok=True)
    (folder / "index.html").write_text(page, encoding="utf-8")
    (folder / "blank.html").write_text('<!doctype html><html lang="en"><title>blank</title>', encoding="utf-8")
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the API did not start; see {log}") from None
            time.sleep(0.2)


@contextlib.contextmanager
def live_rig(workdir: Path, *, publish: bool = True) -> Iterator[Rig]:
    """Start the shop page's server first (its origin goes into API_CORS_ORIGINS), then the API
    (over a database with the shipped catalogs published, unless `publish` is false: the widget's
    files alone need no database)."""
    database = workdir / "widget.sqlite3"
    port = free_port()
    api = f"http://127.0.0.1:{port}"
    with serve_page(workdir / "shop", HOST_PAGE.replace("__API__", api)) as shop:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{database}",
            "API_CORS_ORIGINS": json.dumps([shop]),
            "API_RATE_LIMIT_PER_MINUTE": "100000",
            "PAYMENT_LEDGER": str(workdir / "ledger.sqlite3"),
            "OUTBOX_DIR": str(workdir / "outbox"),
            "MAILBOX_DIR": str(workdir / "mailbox"),
        }
        if publish:
            subprocess.run([sys.executable, "-m", "store", "init"], cwd=ROOT, env=env, check=True, capture_output=True)
        log = workdir / "api.log"
        with log.open("wb") as out:
            server = subprocess.Popen(
                [sys.executable, "-m", "api", "--host", "127.0.0.1", "--port", str(port)],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            try:
                _wait_until_up(api, server, log)
                yield Rig(api=api, shop=shop, database=database, workdir=workdir)
            finally:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
