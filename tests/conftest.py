"""Shared fixtures: small catalogs written to real files, and real databases."""

from __future__ import annotations

import contextlib
import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shipped_catalog_with(file_name: str, old: str, new: str) -> str:
    """The text of `catalogs/<file_name>` with `old` (which must be in it) replaced by `new`."""
    text = (ROOT / "catalogs" / file_name).read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in catalogs/{file_name}"
    return text.replace(old, new)


@pytest.fixture
def write_catalog(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write YAML text (dedented) to a file and return its path."""

    def write(text: str, name: str = "catalog.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def shop_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """`shop_file((old, new), ...)`: the merchant edits `pricing/shop.yaml` (each `old`, which must
    be in it, replaced by `new`) and the app reads the edited file from then on, as after a restart
    (`pricing.shop.shop_settings`)."""
    import functools

    import pricing.shop

    def change(*edits: tuple[str, str]) -> None:
        text = pricing.shop.DEFAULT_SHOP.read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, f"{old!r} is not in pricing/shop.yaml"
            text = text.replace(old, new)
        path = tmp_path / "shop.yaml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setattr(pricing.shop, "load_shop", functools.partial(pricing.shop.load_shop, path))
        pricing.shop.shop_settings.cache_clear()

    pricing.shop.shop_settings.cache_clear()
    yield change
    pricing.shop.shop_settings.cache_clear()  # the next test reads the shipped file again


@contextlib.contextmanager
def postgres_schema(server: str, schema: str) -> Iterator[str]:
    """A URL on `server` whose tables live in a fresh schema, dropped afterwards."""
    from sqlalchemy import create_engine, text

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        separator = "&" if "?" in server else "?"
        yield f"{server}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A real, empty database: an SQLite file, and PostgreSQL when TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set")
    with postgres_schema(url, f"t_{os.getpid()}_{abs(hash(request.node.nodeid)) % 10**8}") as schema_url:
        yield schema_url


@pytest.fixture(autouse=True)
def mail_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path]]:
    """Every test's e-mail files (the outbox folder, the development mailbox) in its own folder."""
    from settings import get_settings

    outbox, mailbox = tmp_path / "mail" / "outbox", tmp_path / "mail" / "mailbox"
    # Nor does an app under test compile catalogs in a background thread of the test process (a
    # test of that turns it on): engines compile on first use, or a test runs the jobs itself.
    monkeypatch.setenv("COMPILE_IN_APP", "false")
    monkeypatch.setenv("OUTBOX_DIR", str(outbox))
    monkeypatch.setenv("MAILBOX_DIR", str(mailbox))
    get_settings.cache_clear()
    yield outbox, mailbox
    get_settings.cache_clear()
