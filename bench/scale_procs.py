"""The processes of a scale run: API replicas, nginx in front of them, and their clean stop.

Every process is started in its own session (process group), so it is stopped with its children
whatever happens to the run (an error, Ctrl-C, SIGTERM): `Processes.stop_all` sends SIGTERM to
each group, waits, then SIGKILL. Nothing listens on anything but 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX = "/usr/sbin/nginx"
HOST = "127.0.0.1"


def free_port() -> int:
    """A port nobody listens on now (the kernel's pick; taken right after, on loopback only)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Processes:
    """Started processes with their log files; `stop_all` ends every one of them."""

    folder: Path
    running: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)

    def start(self, name: str, argv: Sequence[str], env: Mapping[str, str]) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{name}.log").open("ab")
        try:
            proc = subprocess.Popen(  # our own commands, fixed arguments
                list(argv), cwd=ROOT, env=dict(env), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        finally:
            log.close()  # the child has its own copy
        self.running.append((name, proc))
        return proc

    def log_tail(self, name: str, lines: int = 20) -> str:
        path = self.folder / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])

    def check_alive(self) -> None:
        for name, proc in self.running:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}:\n{self.log_tail(name)}")

    def stop(self, proc: subprocess.Popen[bytes], grace: float = 10.0) -> None:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=grace)
        # The group too: a child that outlived its parent (uvicorn's workers, nginx's).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)

    def stop_all(self) -> None:
        while self.running:
            _name, proc = self.running.pop()
            self.stop(proc)


def replica_env(*, database_url: str, folder: Path, rate_limit: int) -> dict[str, str]:
    """The environment of an API replica: one database, one payment ledger shared by all replicas
    (the test provider's SQLite file: a charge made by one replica is seen by the reconciler of
    another), mail kept in the run's folder, and a rate limit no bench user reaches."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "API_", "PAYMENT_"))}
    env.update(
        DATABASE_URL=database_url,
        API_RATE_LIMIT_PER_MINUTE=str(rate_limit),
        PAYMENT_LEDGER=str(folder / "payment-ledger.sqlite3"),
        OUTBOX_DIR=str(folder / "outbox"),
        MAILBOX_DIR=str(folder / "mailbox"),
        PYTHONUNBUFFERED="1",
    )
    return env


def start_replica(procs: Processes, *, index: int, port: int, env: Mapping[str, str], profile: bool) -> None:
    """One API process (`python -m api`, one uvicorn worker); with `profile`, under the sampling
    profiler of `bench/scale_profile.py`, which writes where the time went when it is stopped."""
    argv = [sys.executable, "-m", "api", "--host", HOST, "--port", str(port)]
    if profile:
        report = procs.folder / f"profile-replica-{index}.txt"
        argv = [sys.executable, str(ROOT / "bench" / "scale_profile.py"), "--out", str(report), "--", *argv[1:]]
    procs.start(f"replica-{index}", argv, env)


def nginx_conf(*, folder: Path, port: int, upstreams: Sequence[int]) -> str:
    """Round-robin over the replicas with kept-alive upstream connections (closed by nginx before the
    replica closes them); every path under the run's folder (pid, logs, temp files), so it runs
    beside any system nginx."""
    servers = "\n".join(f"        server {HOST}:{p} max_fails=0;" for p in upstreams)
    return f"""worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {folder}/nginx-tmp/body;
    proxy_temp_path {folder}/nginx-tmp/proxy;
    fastcgi_temp_path {folder}/nginx-tmp/fastcgi;
    uwsgi_temp_path {folder}/nginx-tmp/uwsgi;
    scgi_temp_path {folder}/nginx-tmp/scgi;
    upstream api {{
{servers}
        keepalive 64;
        # Below uvicorn's 5 s keep-alive: nginx closes an idle upstream connection before the
        # replica does, never sending a request on a connection the replica is closing (a 502).
        keepalive_timeout 4s;
    }}
    server {{
        listen {HOST}:{port};
        location / {{
            proxy_pass http://api;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Request-ID $request_id;
            proxy_read_timeout 120s;
        }}
    }}
}}
"""


def start_nginx(procs: Processes, *, port: int, upstreams: Sequence[int]) -> None:
    folder = procs.folder
    (folder / "nginx-tmp").mkdir(exist_ok=True)
    conf = folder / "nginx.conf"
    conf.write_text(nginx_conf(folder=folder, port=port, upstreams=upstreams), encoding="utf-8")
    argv = [NGINX, "-p", str(folder), "-c", str(conf), "-e", str(folder / "nginx-error.log"), "-g", "daemon off;"]
    procs.start("nginx", argv, dict(os.environ))


def get_json(url: str, timeout: float = 5.0) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # loopback only
            return int(response.status), json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return int(exc.code), json.loads(exc.read() or b"{}")


def wait_ready(procs: Processes, url: str, *, timeout: float = 60.0) -> None:
    """Until `url` (a `/readyz`) answers 200; an exited process or the timeout is an error."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        procs.check_alive()
        try:
            status, body = get_json(url, timeout=2.0)
            if status == 200:
                return
            last = f"{status} {body}"
        except (OSError, ValueError) as exc:
            last = str(exc)
        time.sleep(0.2)
    raise RuntimeError(f"{url} not ready after {timeout:.0f} s: {last}")
