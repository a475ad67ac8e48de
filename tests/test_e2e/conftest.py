"""The browser tests' shared fixture: a live app of their own per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.test_e2e.live_server import app_or_skip


@pytest.fixture(scope="module")
def base_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of an app started for this test module alone (on a fresh SQLite database with
    the sample catalogs), or the module's tests skipped where no browser can drive it. A module
    that needs something else defines its own `base_url`."""
    name = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    with app_or_skip(tmp_path_factory.mktemp(f"e2e-{name}")) as url:
        yield url
