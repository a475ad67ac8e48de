"""deploy/nginx.conf, checked and run by the real nginx (Debian's /usr/sbin/nginx) in front of local
test backends: it is valid; a browser keeps its Streamlit replica (sticky cookie, consistent hash)
while different browsers spread over both; the websocket is upgraded; the API is reached under
/api/ and on its own name; the client address and a request id are forwarded, the request id also
returned and logged (without query strings); bodies are capped; JSON is compressed."""

from __future__ import annotations

import json
import re
import secrets
from collections import Counter

import pytest

from tests.test_deploy.nginx_harness import NGINX, backend, check, local_copy, request, running
from tests.test_e2e.live_server import free_port

pytestmark = pytest.mark.skipif(
    not NGINX.exists(), reason=f"no nginx at {NGINX} (Debian: apt-get install -y nginx; .ci/run installs it)"
)
REQUEST_ID = re.compile(r"[0-9a-f]{32}")


def test_the_configuration_is_valid(tmp_path):
    conf = local_copy(tmp_path, listen=free_port(), backends={"shop": [free_port(), free_port()], "api": [free_port()]})
    checked = check(conf, tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    """nginx with the deployment's configuration in front of two shop replicas and one API."""
    folder = tmp_path_factory.mktemp("nginx")
    servers = {"shop-a": backend("shop-a"), "shop-b": backend("shop-b"), "api": backend("api")}
    port = free_port()
    conf = local_copy(
        folder,
        listen=port,
        backends={"shop": [servers["shop-a"][1], servers["shop-b"][1]], "api": [servers["api"][1]]},
    )
    with running(conf, folder, port) as base:
        yield base, folder
    for server, _ in servers.values():
        server.shutdown()


def test_a_browser_is_pinned_to_one_replica_and_browsers_spread_over_both(proxy):
    base, _ = proxy
    first = request(f"{base}/")
    cookie = first.header("set-cookie")
    assert cookie is not None and cookie.startswith("shop_route=") and "HttpOnly" in cookie
    pinned = cookie.split(";", 1)[0]
    seen = {request(f"{base}{path}", headers={"Cookie": pinned}).json()["backend"] for path in ["/", "/configure"] * 10}
    assert seen == {first.json()["backend"]}  # every later request of that browser: the same replica
    again = request(f"{base}/", headers={"Cookie": pinned})
    assert again.header("set-cookie") is None  # pinned once, not re-pinned

    browsers = Counter(
        request(f"{base}/", headers={"Cookie": f"shop_route={secrets.token_hex(16)}"}).json()["backend"]
        for _ in range(40)
    )
    assert set(browsers) == {"shop-a", "shop-b"}


def test_the_streamlit_websocket_is_upgraded_and_other_requests_are_not(proxy):
    base, _ = proxy
    upgrade = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13"}
    stream = request(f"{base}/_stcore/stream", headers=upgrade).json()
    assert stream["path"] == "/_stcore/stream"
    assert stream["headers"]["upgrade"] == "websocket" and stream["headers"]["connection"].lower() == "upgrade"
    page = request(f"{base}/").json()
    assert "upgrade" not in page["headers"] and page["headers"].get("connection", "").lower() != "upgrade"


def test_the_api_is_reached_under_api_and_on_its_own_name(proxy):
    base, _ = proxy
    under = request(f"{base}/api/v1/catalogs?limit=2").json()
    assert (under["backend"], under["path"]) == ("api", "/v1/catalogs?limit=2")  # prefix stripped
    own = request(f"{base}/v1/catalogs", headers={"Host": "api.shop.example"}).json()
    assert (own["backend"], own["path"]) == ("api", "/v1/catalogs")
    assert request(f"{base}/docs", headers={"Host": "api.shop.example"}).json()["backend"] == "api"


def test_the_client_address_and_a_request_id_are_forwarded_returned_and_logged(proxy):
    base, folder = proxy
    answer = request(
        f"{base}/order?order=private-link-token",
        headers={"X-Forwarded-For": "203.0.113.9", "X-Real-IP": "203.0.113.9", "X-Request-ID": "chosen-by-client"},
    )
    seen = answer.json()["headers"]
    assert seen["x-forwarded-for"] == seen["x-real-ip"] == "127.0.0.1"  # who connected, not who they claim
    assert seen["x-forwarded-proto"] == "http"
    assert seen["host"] == seen["x-forwarded-host"] == base.removeprefix("http://")  # the port kept
    rid = answer.header("x-request-id")
    assert rid is not None and REQUEST_ID.fullmatch(rid) and seen["x-request-id"] == rid
    assert len(answer.headers["x-request-id"]) == 1

    api_seen = request(f"{base}/api/v1/x").json()["headers"]
    assert REQUEST_ID.fullmatch(api_seen["x-request-id"]) and api_seen["x-forwarded-for"] == "127.0.0.1"

    logged = [json.loads(line) for line in (folder / "access.log").read_text().splitlines()]
    [line] = [entry for entry in logged if entry["request_id"] == rid]
    assert (line["path"], line["status"], line["client"]) == ("/order", 200, "127.0.0.1")
    assert "private-link-token" not in json.dumps(logged)  # query strings are never logged


def test_request_bodies_are_capped(proxy):
    base, _ = proxy
    small = request(f"{base}/_stcore/upload_file/x", method="POST", data=b"a" * (1 << 20))
    assert (small.status, small.json()["received"]) == (200, 1 << 20)
    assert request(f"{base}/_stcore/upload_file/x", method="POST", data=b"a" * (11 << 20)).status == 413


def test_json_is_compressed_for_clients_that_accept_it(proxy):
    base, _ = proxy
    answer = request(f"{base}/api/v1/x", headers={"Accept-Encoding": "gzip"})
    assert answer.header("content-encoding") == "gzip"
    assert request(f"{base}/api/v1/x").header("content-encoding") is None


def test_the_proxy_answers_its_own_health_check(proxy):
    base, _ = proxy
    assert request(f"{base}/nginx-health").status == 200
