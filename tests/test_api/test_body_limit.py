"""The API's own request body limit (API_MAX_BODY_BYTES): a body announced or sent larger is refused
with a 413 problem before any route reads it, and changes nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.test_api.conftest import api_app

LIMIT = 4096


def _client(api_engine) -> TestClient:
    return TestClient(api_app(api_engine, api_max_body_bytes=LIMIT, api_warm_up=False), raise_server_exceptions=False)


def _padded(size: int) -> bytes:
    """A cart-creating body of `size` bytes (JSON padded with spaces)."""
    return b"{}" + b" " * (size - 2)


def test_a_body_over_the_limit_is_refused_with_a_problem_and_changes_nothing(api_engine):
    with _client(api_engine) as client:
        refused = client.post("/v1/carts", content=_padded(LIMIT + 1), headers={"Content-Type": "application/json"})
        assert refused.status_code == 413
        assert refused.headers["content-type"].startswith("application/problem+json")
        body = refused.json()
        assert body["code"] == "body-too-large" and body["limit"] == LIMIT and str(LIMIT) in body["detail"]
        assert refused.headers["X-Request-ID"] == body["request_id"]
        from sqlmodel import Session, func, select

        from store.tables import Cart

        with Session(api_engine) as session:
            assert session.exec(select(func.count()).select_from(Cart)).one() == 0
        accepted = client.post("/v1/carts", content=_padded(LIMIT), headers={"Content-Type": "application/json"})
        assert accepted.status_code == 201, accepted.text


def test_a_streamed_body_without_a_length_is_cut_off_at_the_limit(api_engine):
    def chunks():
        yield b'{"selection": {'
        for _ in range(LIMIT // 100 + 1):
            yield b" " * 100

    with _client(api_engine) as client:
        refused = client.post(
            "/v1/products/tshirt/state", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert refused.status_code == 413, refused.text
        assert refused.json()["code"] == "body-too-large"


def test_a_length_that_is_not_a_number_is_refused(api_engine):
    with _client(api_engine) as client:
        refused = client.post("/v1/carts", content=b"{}", headers={"Content-Length": "lots"})
        assert refused.status_code in (400, 413)
