"""A real `streamlit run` of the app on a free port with a fresh SQLite database, and the headless
Chromium that drives it (Debian's /usr/bin/chromium; never a downloaded browser)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
RUNNING = '[data-testid="stApp"][data-test-script-state="running"]'


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (Debian: apt-get install -y chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -r requirements-dev.txt)"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def live_app(workdir: Path) -> Iterator[str]:
    """Start the app; yields its base URL. The server's output goes to workdir/server.log."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'e2e.sqlite3'}"}
    subprocess.run([sys.executable, "-m", "store", "init"], cwd=ROOT, env=env, check=True, capture_output=True)
    with _serve([sys.executable, "-m", "ui.server"], workdir, env) as url:
        yield url


@contextlib.contextmanager
def live_script(script: Path, workdir: Path) -> Iterator[str]:
    """`streamlit run` one script of the tests (with the app's configuration and import path),
    no database; yields its base URL."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with _serve([sys.executable, "-m", "streamlit", "run", str(script)], workdir, env) as url:
        yield url


@contextlib.contextmanager
def _serve(command: list[str], workdir: Path, env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    log = (workdir / "server.log").open("wb")
    server = subprocess.Popen(
        [
            *command,
            f"--server.port={port}",
            "--server.address=127.0.0.1",
            "--server.headless=true",
            "--browser.gatherUsageStats=false",
            "--server.fileWatcherType=none",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start; see {workdir / 'server.log'}") from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def settle(page, timeout: float = 30_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until the script run a click started has finished (it may not have started yet)."""
    with contextlib.suppress(Exception):
        page.wait_for_selector(RUNNING, timeout=400)
    page.wait_for_selector(IDLE, timeout=timeout)


def click(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Click, retrying while a freshly loaded page still holds its elements inert."""
    for attempt in range(5):
        try:
            page.locator(selector).first.click(timeout=5_000)
            break
        except Exception:
            if attempt == 4:
                raise
            page.wait_for_timeout(300)
    settle(page)


def wait_for_session_cookie(page, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    """Wait until the browser holds the session cookie: a sign-in hands it over through an image the
    page loads after its run (ui/cookie.py), so a page opened before that would be signed out."""
    deadline = time.monotonic() + timeout
    while not any(c["name"] == "configurator_session" for c in page.context.cookies()):
        if time.monotonic() > deadline:
            raise AssertionError("signed in, but no session cookie reached the browser")
        page.wait_for_timeout(100)


def open_page(page, url: str, ready: str = "h1") -> None:  # type: ignore[no-untyped-def]
    """Load `url` and wait for the app; a deep link on a fresh server must open straight on its
    page (no "Page not found" dialog, see ui/server.py)."""
    page.goto(url)
    page.wait_for_selector(ready, timeout=60_000)  # the first run has drawn the page
    settle(page, 60_000)
    assert page.locator('[role="dialog"]:has-text("Page not found")').count() == 0


@contextlib.contextmanager
def app_or_skip(workdir: Path) -> Iterator[str]:
    """`live_app`, or skip the module's tests when no browser can drive it."""
    import pytest

    reason = missing_browser()
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")
    with live_app(workdir) as url:
        yield url


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's headless Chromium under Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def type_in(page, key: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the text box with widget key class `key` key by key, as a person does, and move
    on with Tab (Enter in a form's field would send the form)."""
    box = page.locator(f".st-key-{key} input")
    box.click()
    box.press_sequentially(value, delay=15)
    box.press("Tab")
    settle(page)


def sign_up(page, base_url: str, email: str, name: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """On the account page, fill in "Create an account" as a person types it and press its button
    (the page's answer is left to the caller)."""
    open_page(page, f"{base_url}/account")
    click(page, '[role="tab"]:has-text("Create an account")')
    type_in(page, "signup-email", email)
    type_in(page, "signup-name", name)
    type_in(page, "signup-password", password)
    click(page, ".st-key-signup-create button")
