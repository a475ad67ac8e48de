"""The scale bench (`bench/scale.py`): its virtual buyers get an order from every journey on the
real app (a lost checkout answer is retried with its key), its invariant checks catch each broken
promise, and a tiny
run through nginx and a real API replica on PostgreSQL keeps every invariant and leaves no process
or schema behind, also when it is stopped half-way."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text
from sqlmodel import Session, select

from bench.scale_client import Journey, buy
from bench.scale_invariants import check_all
from settings import get_settings
from store.carts import add_to_cart, create_cart, view_cart
from store.catalogs import sync_folder
from store.db import Engine, create_tables, make_engine
from store.orders import Buyer, PaymentDetails, place_order, set_default_provider
from store.payments import TEST_CARD_OK, TestPaymentProvider
from store.quotes import Delivery
from store.stock import receive_stock, stock_levels
from store.tables import CartLineCreate, Material, Order
from tests.test_api import conftest as api_fixtures
from tests.test_api.conftest import api_app

ROOT = Path(__file__).resolve().parent.parent
shared_api_engine = api_fixtures.shared_api_engine  # the API tests' shop, one per module and backend
TEE = {"cut": "tee", "fabric": "organic-180", "colour": "white", "size": "m", "print_method": "none"}
HOME = Delivery(name="Ana Lima", line1="Rua A 1", postal_code="1000-001", city="Lisboa", country="PT")


def _shop(url: str, tmp_path: Path) -> tuple[dict[str, int], TestPaymentProvider]:
    engine = make_engine(url)
    create_tables(engine)
    folder = tmp_path / "catalogs"
    folder.mkdir()
    shutil.copy(ROOT / "catalogs" / "tshirt.yaml", folder)
    sync_folder(engine=engine, folder=folder)
    received: dict[str, int] = {}
    with Session(engine) as session:
        for material in stock_levels(session=session):
            received[material.code] = receive_stock(
                session=session, material_code=material.code, quantity=Decimal(1000), actor="test"
            )
    engine.dispose()
    return received, TestPaymentProvider(tmp_path / "ledger.sqlite3")


def _order(url: str, provider: TestPaymentProvider, key: str) -> str:
    engine = make_engine(url)
    with Session(engine) as session:
        cart = create_cart(session=session).token
        add_to_cart(
            session=session, cart=cart, line=CartLineCreate(product_code="tshirt", selection=TEE), delivery=HOME
        )
        total = view_cart(session=session, cart=cart, delivery=HOME).quote
        assert total is not None
        order = place_order(
            session=session,
            cart=cart,
            buyer=Buyer(email="ana@example.org", name="Ana Lima"),
            delivery=HOME,
            payment=PaymentDetails(card=TEST_CARD_OK, amount_minor=total.total.to_minor()),
            idempotency_key=key,
            provider=provider,
        )
    engine.dispose()
    return order.token


def _failed(report: object) -> set[str]:
    return {c.name for c in report.checks if not c.ok}  # type: ignore[attr-defined]


def test_the_invariants_catch_each_broken_promise(database_url: str, tmp_path: Path) -> None:
    # given a shop with two orders placed as the bench's buyers place them, and their record
    received, provider = _shop(database_url, tmp_path)
    seen = tmp_path / "checkouts.jsonl"
    keys = [uuid.uuid4().hex for _ in range(2)]
    lines = [json.dumps({"key": k, "order": _order(database_url, provider, k)}) for k in keys]
    seen.write_text("\n".join(lines) + "\n")
    ledger = tmp_path / "ledger.sqlite3"

    def check(checkouts: Path = seen, stock: dict[str, int] = received) -> object:
        return check_all(database_url=database_url, ledger=ledger, checkouts=checkouts, received=stock)

    # then every invariant holds, on real figures
    report = check()
    assert _failed(report) == set(), report.render()  # type: ignore[attr-defined]
    assert report.figures["orders"] == report.figures["charges"] == 2  # type: ignore[attr-defined]

    # when a buyer was told of an order the database does not have, or one order was never confirmed
    told_twice = tmp_path / "told.jsonl"
    told_twice.write_text(lines[0] + "\n" + json.dumps({"key": "x" * 16, "order": "nope"}) + "\n")
    assert _failed(check(checkouts=told_twice)) == {"each order exactly once"}

    # when stock was received that the run did not record
    more = {code: micro + 1 for code, micro in received.items()}
    assert _failed(check(stock=more)) == {"stock conserved"}

    # when a material's level no longer equals its movements
    engine = make_engine(database_url)

    def shift(micro: int) -> None:
        with Session(engine) as session:
            material = session.exec(select(Material).where(Material.reserved_micro > 0).order_by(Material.id)).first()
            assert material is not None
            material.available_micro += micro
            session.add(material)
            session.commit()

    shift(7)
    assert _failed(check()) == {"stock conserved"}
    shift(-7)
    engine.dispose()
    assert _failed(check()) == set()

    # when the provider holds a charge that no order and no refund answers for
    provider.charge(card=TEST_CARD_OK, amount_minor=1234, currency="EUR", idempotency_key="stray-charge-key")
    assert _failed(check()) == {"every charge matched"}

    # when a charge of an order was refunded as well (money given back, goods kept)
    with sqlite3.connect(ledger) as db:
        db.execute("DELETE FROM charges WHERE key = 'stray-charge-key'")
    reference = provider.find_charge(idempotency_key=keys[0])
    assert reference is not None
    provider.refund(reference=reference.reference, amount_minor=1, currency="EUR", idempotency_key="r1")
    assert _failed(check()) == {"every charge matched"}


class _Answer:
    """What the buyers' code reads of an answer, as locust's client gives it."""

    def __init__(self, status: int, content: bytes) -> None:
        self.status_code, self.content, self.error = status, content, None
        self.failed: str | None = None

    def __enter__(self) -> _Answer:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def success(self) -> None:
        self.failed = None

    def failure(self, why: str) -> None:
        self.failed = why


class _Client:
    """The buyers' code talking to the real app in process; `lose` drops the answers of the
    first N checkouts after the app has handled them (a timeout or a connection lost on the way
    back), as locust would see them: status 0."""

    def __init__(self, app: TestClient, lose: int = 0) -> None:
        self.app, self.lose = app, lose
        self.calls: list[tuple[str, str, dict[str, str]]] = []
        self.failures: list[str] = []

    def request(self, method: str, path: str, *, name: str, json: Any, headers: dict[str, str], **_: Any) -> _Answer:
        response = self.app.request(method, path, json=json, headers=headers)
        self.calls.append((name, path, headers))
        answer = _Answer(response.status_code, response.content)
        if name == "checkout" and self.lose:
            self.lose -= 1
            answer = _Answer(0, b"")
        original = answer.failure

        def failure(why: str) -> None:
            self.failures.append(f"{name}: {why}")
            original(why)

        answer.failure = failure  # type: ignore[method-assign]
        return answer


@pytest.fixture(scope="module")
def shop_app(shared_api_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app on a shop with every catalog (SQLite, and PostgreSQL when TEST_DATABASE_URL is set),
    its test payment provider keeping its ledger in a file of its own."""
    os.environ["PAYMENT_LEDGER"] = str(tmp_path_factory.mktemp("bench-shop") / "ledger.sqlite3")
    get_settings.cache_clear()
    set_default_provider(None)
    with TestClient(api_app(shared_api_engine), raise_server_exceptions=False) as client:
        yield client
    set_default_provider(None)
    del os.environ["PAYMENT_LEDGER"]
    get_settings.cache_clear()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_a_virtual_buyer_gets_an_order_from_every_journey(shop_app: TestClient, seed: int) -> None:
    # given a buyer's client on the real app, and the products on sale
    client = _Client(shop_app)
    journey = Journey(client)
    products = [p["code"] for p in journey.json("GET", "/v1/products", "products")["items"]]
    placed: list[tuple[str, dict[str, Any]]] = []
    # when it clicks 10 times among what each state offers, finishes, quotes and checks out
    answer = buy(journey, products, random.Random(seed), lambda: None, record=lambda k, p: placed.append((k, p)))
    # then no call was refused, every click was a state call, and one order was placed and shown
    assert client.failures == []
    names = [name for name, _, _ in client.calls]
    assert names[:2] == ["products", "product"] and names.count("checkout") == 1
    assert 2 <= names.count("state") <= 11
    assert placed == [(placed[0][0], answer)] and answer["status"] == "paid"
    assert names[-1] == "order"


def test_a_checkout_whose_answer_was_lost_is_sent_again_with_its_key_and_places_one_order(
    shop_app: TestClient,
) -> None:
    # given a buyer whose first checkout answer never comes back (the order was placed meanwhile)
    client = _Client(shop_app, lose=1)
    journey = Journey(client)
    products = ["tshirt"]
    placed: list[tuple[str, dict[str, Any]]] = []
    # when it goes through its journey
    answer = buy(journey, products, random.Random(3), lambda: None, record=lambda k, p: placed.append((k, p)))
    # then the checkout was sent twice with the same key, the lost one counted as a failure
    checkouts = [headers for name, _, headers in client.calls if name == "checkout"]
    assert len(checkouts) == 2 and checkouts[0]["Idempotency-Key"] == checkouts[1]["Idempotency-Key"]
    assert [f.split(":")[0] for f in client.failures] == ["checkout"]
    # and the shop holds exactly one order for that key: the one the retry answered
    key = checkouts[0]["Idempotency-Key"]
    assert placed == [(key, answer)]
    engine = shop_app.app.state.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        orders = session.exec(select(Order).where(Order.idempotency_key == key)).all()
    assert [o.token for o in orders] == [answer["token"]]


needs_stack = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL") or not Path("/usr/sbin/nginx").exists(),
    reason="needs PostgreSQL (TEST_DATABASE_URL) and nginx (/usr/sbin/nginx)",
)


def _strays(marker: str) -> list[str]:
    """Processes whose command line or environment mentions `marker` (the run's folder)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            blob = (proc / "cmdline").read_bytes() + (proc / "environ").read_bytes()
        except OSError:
            continue
        if marker.encode() in blob:
            found.append(f"{proc.name}: {(proc / 'cmdline').read_bytes()[:200]!r}")
    return found


def _schemas(prefix: str) -> list[str]:
    engine = create_engine(os.environ["TEST_DATABASE_URL"])
    with engine.connect() as conn:
        names = conn.execute(
            text("SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE :p"), {"p": f"{prefix}%"}
        ).all()
    engine.dispose()
    return [n for (n,) in names]


def _scale(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "scale.py"), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.slow
@needs_stack
def test_a_tiny_scale_run_keeps_every_invariant_and_cleans_up() -> None:
    # when five users (one of them staff) buy for 15 seconds through nginx and one replica
    run = _scale("--users", "5", "--spawn-rate", "5", "--run-time", "15s", "--replicas", "1", "--think", "0.05-0.2")
    out, _ = run.communicate(timeout=600)
    figures = json.loads(next(line for line in out.splitlines() if line.startswith('{"bench":"scale"')))
    [result] = figures["runs"]

    # then the run passed: every request answered, every invariant held on real orders
    assert run.returncode == 0, out[-4000:]
    assert result["errors"] == 0 and result["invariants_ok"], out[-4000:]
    checkouts = result["kinds"]["checkout"]
    assert result["journeys"] >= 1 and checkouts["count"] == result["journeys"]
    assert {"state", "finish", "quote", "add", "checkout", "staff list"} <= result["kinds"].keys()
    # and nothing is left: no process of the run, no schema, no folder
    assert _strays(figures["folder"]) == []
    assert _schemas(result["schema"]) == []
    assert not Path(figures["folder"]).exists()


@pytest.mark.slow
@needs_stack
def test_a_run_stopped_half_way_stops_every_process_and_drops_its_schema() -> None:
    # given a run whose replicas and nginx are up
    run = _scale("--users", "3", "--run-time", "5m", "--replicas", "2", "--keep")
    assert run.stdout is not None
    seen = []
    for line in run.stdout:
        seen.append(line)
        if line.startswith("ready: nginx"):
            break
    else:
        pytest.fail("the run never got ready:\n" + "".join(seen[-30:]))
    time.sleep(3)  # the load is running
    # when it is stopped as a service manager stops it
    run.send_signal(signal.SIGTERM)
    out, _ = run.communicate(timeout=120)
    # then it exits with a failure, and no process of it or its schema is left
    assert run.returncode != 0
    folder = next(line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("run folder kept: "))
    assert _strays(folder) == []
    assert _schemas(f"scale_{run.pid}_") == []
    shutil.rmtree(folder)
