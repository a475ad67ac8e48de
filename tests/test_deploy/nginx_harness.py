"""deploy/nginx.conf run by the machine's real nginx: a copy whose upstream hosts are local test
backends (two "shop" replicas, one "api") and whose writable paths are in a temporary folder.
Not a test module: used by test_nginx.py."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.conftest import ROOT

NGINX = Path("/usr/sbin/nginx")
CONF = ROOT / "deploy" / "nginx.conf"
SERVER_LINE = re.compile(r"^(\s*)server (shop:8501|api:8000)( resolve)?( [^;]*)?;$", re.MULTILINE)


def version() -> tuple[int, ...]:
    shown = subprocess.run([str(NGINX), "-v"], capture_output=True, text=True).stderr
    found = re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", shown)
    assert found, shown
    return tuple(int(part) for part in found.groups())


def local_copy(folder: Path, *, listen: int, backends: dict[str, list[int]]) -> Path:
    """The configuration with each upstream's one `server host:port` line turned into one line per
    local backend, `listen 80` on `listen`, and /tmp paths, the pid and the logs in `folder`."""
    text = CONF.read_text(encoding="utf-8")
    hosts = {"shop:8501": "shop", "api:8000": "api"}

    def local(match: re.Match[str]) -> str:
        indent, host, resolve, rest = match.group(1), match.group(2), match.group(3) or "", match.group(4) or ""
        if version() < (1, 27, 3):
            resolve = ""  # re-resolving names came to open-source nginx in 1.27.3; literal addresses need none
        ports = backends[hosts[host]]
        return "\n".join(f"{indent}server 127.0.0.1:{port}{resolve}{rest};" for port in ports)

    text, count = SERVER_LINE.subn(local, text)
    assert count == 2, "deploy/nginx.conf should name each upstream once: server shop:8501 and server api:8000"
    text = text.replace(" /tmp/", f" {folder}/")
    for old, new in (
        ("listen 80 default_server;", f"listen 127.0.0.1:{listen} default_server;"),
        ("listen 80;", f"listen 127.0.0.1:{listen};"),
        ("access_log /dev/stdout json;", f"access_log {folder}/access.log json;"),
        ("user nginx;", "user root;" if os.geteuid() == 0 else ""),
    ):
        assert old in text, old
        text = text.replace(old, new)
    path = folder / "nginx.conf"
    path.write_text(text, encoding="utf-8")
    return path


def check(conf: Path, prefix: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(NGINX), "-t", "-c", str(conf), "-p", str(prefix)], capture_output=True, text=True)


class Echo(BaseHTTPRequestHandler):
    """A backend that answers every request with what it received, as JSON."""

    name = "?"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = json.dumps(
            {
                "backend": self.name,
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "received": length,
                "padding": "x" * 4096,  # worth compressing
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


def backend(name: str) -> tuple[ThreadingHTTPServer, int]:
    handler = type(f"Echo_{name}", (Echo,), {"name": name})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, int(server.server_address[1])


@dataclass
class Answer:
    status: int
    headers: dict[str, list[str]]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None


def request(
    url: str, *, method: str = "GET", headers: dict[str, str] | None = None, data: bytes | None = None
) -> Answer:
    req = urllib.request.Request(url, method=method, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(req, timeout=30) as answer:
            status, raw, body = answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as refused:
        status, raw, body = refused.code, refused.headers, refused.read()
    collected: dict[str, list[str]] = {}
    for key, value in raw.items():
        collected.setdefault(key.lower(), []).append(value)
    return Answer(status, collected, body)


@contextlib.contextmanager
def running(conf: Path, prefix: Path, port: int) -> Iterator[str]:
    """nginx in the foreground with `conf`; yields its base URL once it answers."""
    log = (prefix / "nginx.out").open("wb")
    proc = subprocess.Popen(
        [str(NGINX), "-c", str(conf), "-p", str(prefix), "-g", "daemon off;"], stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if request(f"{base}/nginx-health").status == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start: {(prefix / 'nginx.out').read_text()}")
            time.sleep(0.1)
        yield base
    finally:
        proc.send_signal(signal.SIGQUIT)  # graceful: finish the requests under way
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
