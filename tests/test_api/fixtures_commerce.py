"""Fixtures and helpers of the commerce API tests: the API over a real, migrated database (an
SQLite file, and PostgreSQL when TEST_DATABASE_URL is set) with the shipped catalogs published,
the test payment provider with its own ledger, staff accounts and their bearer tokens.

Test modules import the fixtures they use from here (`from tests.test_api.fixtures_commerce
import commerce, ...`)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlmodel import Session

from api.app import create_app
from settings import Settings
from store.catalogs import sync_folder
from store.customers import register
from store.db import Engine, create_tables, make_engine
from store.payments import TEST_CARD_OK, TestPaymentProvider
from store.tables import CustomerCreate
from tests.test_store.hostile_text import BLANK, with_bad_character

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long enough password 1"
TEE = {"cut": "tee", "fabric": "organic-180", "colour": "black", "size": "m", "print_method": None}
HOODIE = {"cut": "hoodie", "fabric": "fleece", "colour": "navy", "size": "l", "print_method": None}
HOME = {"name": "Ana Lima", "line1": "Rua A 1", "postal_code": "1000-001", "city": "Lisboa", "country": "PT"}
CONTACT = {"email": "ana@example.org", "name": "Ana Lima"}
_keys = itertools.count()


@dataclass
class Commerce:
    """The API client and what the tests look at behind it."""

    client: TestClient
    engine: Engine
    provider: TestPaymentProvider
    settings: Settings

    def session(self) -> Session:
        return Session(self.engine)


@pytest.fixture
def shop_engine(database_url: str) -> Iterator[Engine]:
    """A migrated database with every shipped catalog published."""
    engine = make_engine(database_url)
    create_tables(engine)
    sync_folder(engine=engine, folder=ROOT / "catalogs")
    yield engine
    engine.dispose()


@pytest.fixture
def commerce(shop_engine: Engine, database_url: str) -> Iterator[Commerce]:
    settings = Settings(database_url=database_url, api_rate_limit_per_minute=1_000_000, return_window_days=14)
    app = create_app(settings, engine=shop_engine)
    provider = TestPaymentProvider()
    app.state.payment_provider = provider
    with TestClient(app) as client:
        yield Commerce(client, shop_engine, provider, settings)


def new_key() -> str:
    return f"test-idempotency-{next(_keys):06d}"


def new_cart(api: TestClient, *items: tuple[dict[str, Any], int]) -> str:
    """A cart holding `items` (selection, quantity) of T-shirts; its token."""
    token = api.post("/v1/carts").json()["token"]
    for selection, quantity in items or ((TEE, 1),):
        response = api.post(
            f"/v1/carts/{token}/items", json={"product": "tshirt", "selection": selection, "quantity": quantity}
        )
        assert response.status_code == 201, response.text
    return str(token)


def quoted_total(api: TestClient, cart: str, *, address: dict[str, str] = HOME, shipping: str | None = None) -> Any:
    """The total the buyer sees for this address and shipping option (as checkout takes it)."""
    response = api.post(f"/v1/carts/{cart}/quote", json={"address": address, "shipping": shipping})
    assert response.status_code == 200, response.text
    total = response.json()["totals"]["total"]
    return {"amount": total["amount"], "currency": total["currency"]}


def checkout_body(total: Any, *, card: str = TEST_CARD_OK, **changes: Any) -> dict[str, Any]:
    body = {
        "contact": CONTACT,
        "address": HOME,
        "shipping": None,
        "payment": {"card": card},
        "expected_total": total,
    }
    return {**body, **changes}


def place(api: TestClient, cart: str, *, key: str | None = None, **changes: Any) -> Any:
    """Check the cart out at the total quoted now; the response."""
    total = changes.pop("expected_total", None) or quoted_total(api, cart)
    return api.post(
        f"/v1/carts/{cart}/checkout",
        json=checkout_body(total, **changes),
        headers={"Idempotency-Key": key or new_key()},
    )


def staff_account(engine: Engine, role: str, *, email: str | None = None, must_change_password: bool = False) -> int:
    with Session(engine) as session:
        account = register(
            session=session,
            data=CustomerCreate(
                email=email or f"{role}@shop.example.org", name=f"{role.title()} Staff", password=PASSWORD
            ),
            role=role,
            must_change_password=must_change_password,
        )
    return account.id


def bearer(api: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = api.post("/v1/staff/tokens", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def staff_headers(commerce: Commerce, role: str) -> dict[str, str]:
    """A bearer header of a new account with `role`."""
    staff_account(commerce.engine, role)
    return bearer(commerce.client, f"{role}@shop.example.org")


def deliver(commerce: Commerce, order: str, headers: dict[str, str]) -> None:
    """Move a paid order through production and shipping to delivered, as operations staff."""
    for state in ("in_production", "shipped", "delivered"):
        response = commerce.client.post(f"/v1/staff/orders/{order}/status", json={"to": state}, headers=headers)
        assert response.status_code == 200, response.text


# What a hostile client sends: any JSON at all, text with NUL, lone surrogates and direction
# overrides, huge numbers. Sent with `ensure_ascii`, so lone surrogates arrive as JSON escapes.
HOSTILE_TEXT = st.one_of(
    with_bad_character(),
    BLANK,
    st.text(max_size=30),
    st.text(st.characters(categories=["Cs", "Cc", "Cf"]), min_size=1, max_size=3),
    st.text(min_size=65, max_size=300),  # over the limits of codes, names and tokens
    st.sampled_from(["tshirt", "tee", "standard", "PT", "EUR", "0", "-1", "null", "../", "%00", "' OR 1=1 --"]),
)
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    HOSTILE_TEXT,
)
JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(HOSTILE_TEXT, inner, max_size=4),
    max_leaves=12,
)
HOSTILE_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def send_json(api: TestClient, method: str, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
    """`body` as JSON text exactly as given (lone surrogates escaped, as JSON allows)."""
    content = json.dumps(body, ensure_ascii=True)
    return api.request(method, path, content=content, headers={"Content-Type": "application/json", **(headers or {})})


def assert_handled(response: Any, allowed: set[int]) -> None:
    """Never a server error; a refusal is a problem document that says its status. A body over the
    API's size limit is refused as such (413) whatever the route would have said of it."""
    if sent_bytes(response) > Settings().api_max_body_bytes:
        allowed = {413}
    assert response.status_code in allowed, (response.status_code, response.text[:500])
    if response.status_code >= 400:
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["status"] == response.status_code


def sent_bytes(response: Any) -> int:
    """Size of the request body a response answers (0 when none was sent or it was streamed)."""
    try:
        return len(response.request.content or b"")
    except httpx.RequestNotRead:
        return 0


def in_url(value: object) -> str:
    """`value` as a hostile client puts it in a URL: its UTF-8 bytes percent-encoded (a lone
    surrogate becomes bytes that are not UTF-8 at all)."""
    return quote(str(value).encode("utf-8", "surrogatepass"), safe="")
