"""The API's documentation is a contract too: OpenAPI 3.1 served at /v1/openapi.json and /docs,
every operation named, tagged and summarised, errors documented as problem+json, and every request
example in the schema accepted by the app as documented."""

from __future__ import annotations

import pytest

from tests.test_api.api_helpers import PROBLEM

OURS = ("/v1/products", "/v1/catalogs", "/v1/designs")


@pytest.fixture
def client(shared_client):
    return shared_client


def operations(doc: dict) -> list[tuple[str, str, dict]]:
    return [
        (path, method, operation)
        for path, item in doc["paths"].items()
        if path.startswith(OURS)
        for method, operation in item.items()
    ]


def test_the_schema_and_its_docs_are_served(client):
    doc = client.get("/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    page = client.get("/docs")
    assert page.status_code == 200 and "/v1/openapi.json" in page.text
    found = operations(doc)
    assert len(found) == 12
    ids = [operation["operationId"] for _, _, operation in found]
    assert len(set(ids)) == len(ids)
    for path, method, operation in found:
        assert operation["tags"] and operation["summary"] and operation.get("description"), (path, method)
        for status in ("404", "422", "429"):
            if status in operation["responses"]:
                assert list(operation["responses"][status]["content"]) == [PROBLEM], (path, method, status)
        assert "422" in operation["responses"] or (not operation.get("parameters") and "requestBody" not in operation)


def test_every_request_example_is_accepted(client):
    doc = client.get("/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    tried = 0
    for path, method, operation in operations(doc):
        body = operation.get("requestBody")
        if body is None:
            continue
        ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        for example in schemas[ref].get("examples", []):
            url = path.replace("{code}", "tshirt")
            response = client.request(method.upper(), url, json=example)
            assert response.status_code in (200, 201), (method, url, example, response.text)
            tried += 1
    assert tried >= 7
