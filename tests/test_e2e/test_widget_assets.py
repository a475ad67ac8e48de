"""How the API serves the embeddable configurator: content types, caching (a revalidated loader,
immutable versioned files), the example page, and what the files may not do (parse HTML)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.app import create_app
from api.routes import embed
from settings import Settings

SHOP = "https://shop.example"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("embed")
    app = create_app(Settings(database_url=f"sqlite:///{folder / 'api.sqlite3'}", api_cors_origins=[SHOP]))
    with TestClient(app) as client:
        yield client


def test_the_loader_is_javascript_revalidated_on_each_use_and_imports_the_current_version(client: TestClient) -> None:
    answer = client.get("/v1/embed/configurator.js")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/javascript; charset=utf-8"
    assert answer.headers["cache-control"] == "no-cache"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["etag"].startswith('"')
    assert f'from "./{embed.VERSION}/configurator.js"' in answer.text


@pytest.mark.parametrize("form", ["{etag}", "W/{etag}", '"other", {etag}', "*"])
def test_a_known_etag_answers_304_without_a_body(client: TestClient, form: str) -> None:
    etag = client.get("/v1/embed/configurator.js").headers["etag"]
    again = client.get("/v1/embed/configurator.js", headers={"If-None-Match": form.format(etag=etag)})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag


def test_another_etag_gets_the_file(client: TestClient) -> None:
    answer = client.get("/v1/embed/configurator.js", headers={"If-None-Match": '"stale"'})
    assert answer.status_code == 200 and answer.content


def test_every_file_is_served_immutable_under_the_version_with_its_type(client: TestClient) -> None:
    assert {"configurator.js", "styles.js", "example.css"} <= set(embed.FILES)
    for name in embed.FILES:
        answer = client.get(f"/v1/embed/{embed.VERSION}/{name}")
        assert answer.status_code == 200, name
        assert answer.content == (embed.ASSETS / name).read_bytes()
        assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
        expected = "text/css" if name.endswith(".css") else "text/javascript"
        assert answer.headers["content-type"] == f"{expected}; charset=utf-8"
        assert answer.headers["access-control-allow-origin"] in ("*", SHOP)


def test_any_page_may_load_the_files_listed_or_not(client: TestClient) -> None:
    """Module scripts are fetched with CORS: the files must load from a shop not (yet) listed,
    which then sees the widget explain it cannot reach the API instead of a blank space."""
    for origin in (SHOP, "https://unlisted.example"):
        answer = client.get("/v1/embed/configurator.js", headers={"Origin": origin})
        assert answer.headers["access-control-allow-origin"] in ("*", origin)


def test_the_version_changes_with_any_file_and_only_then(tmp_path: Path) -> None:
    copy = tmp_path / "embed"
    shutil.copytree(embed.ASSETS, copy)
    assert embed.load_assets(copy)[0] == embed.VERSION
    (copy / "styles.js").write_text((copy / "styles.js").read_text() + "\n// changed\n")
    assert embed.load_assets(copy)[0] != embed.VERSION


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(version=st.text(alphabet="abcdef0123456789", min_size=1, max_size=20), name=st.sampled_from(sorted(embed.FILES)))
def test_another_version_is_not_found(client: TestClient, version: str, name: str) -> None:
    answer = client.get(f"/v1/embed/{version}/{name}")
    assert answer.status_code == (200 if version == embed.VERSION else 404)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=30) | st.sampled_from(["..", ".", "%2e%2e", "../app.py", "example.html"]))
def test_only_the_widgets_own_files_are_served(client: TestClient, name: str) -> None:
    answer = client.get(f"/v1/embed/{embed.VERSION}/{quote(name, safe='%.')}")
    assert answer.status_code == (200 if name in embed.FILES else 404)


def test_every_import_between_the_files_resolves_to_a_served_file() -> None:
    for name, asset in embed.FILES.items():
        for target in re.findall(r'from\s+"\./([^"]+)"', asset.body.decode()):
            assert target in embed.FILES, f"{name} imports ./{target}, which is not served"


SINKS = (
    "innerHTML",
    "outerHTML",
    "insertAdjacentHTML",
    "document.write",
    "DOMParser",
    "createContextualFragment",
    "srcdoc",
    "eval(",
    "new Function",
)


def test_no_file_parses_text_as_html_or_code() -> None:
    """Catalog and buyers' texts are untrusted: the widget builds nodes and sets textContent."""
    for name, asset in embed.FILES.items():
        source = asset.body.decode()
        for sink in SINKS:
            assert sink not in source, f"{name} uses {sink}"


def test_the_example_page_embeds_the_widget_under_a_strict_csp(client: TestClient) -> None:
    answer = client.get("/v1/embed/example", params={"product": "tshirt"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert '<script src="/v1/embed/configurator.js" type="module">' in answer.text
    assert '<product-configurator product="tshirt">' in answer.text
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(product=st.text(max_size=70) | st.from_regex(r"\A[a-z0-9][a-z0-9_-]{0,40}\Z"))
def test_the_example_page_takes_only_a_product_code(client: TestClient, product: str) -> None:
    answer = client.get("/v1/embed/example", params={"product": product})
    if answer.status_code != 200:
        assert answer.status_code in (404, 422)
        assert answer.headers["content-type"] == "application/problem+json"
        return
    assert re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,62}", product)
    assert f'<product-configurator product="{product}">' in answer.text
    assert answer.text.count("<script") == 2
