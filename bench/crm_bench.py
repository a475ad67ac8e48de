"""Customer list, segment count and analytics on a populated SQLite database.

    .venv/bin/python bench/crm_bench.py [members] [orders_per_member]

Members, guests and orders are inserted directly (argon2 hashing and checkout are measured
elsewhere); then each read is timed a few times (median). The last line printed is JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import Session, select

from settings import ROOT
from store.analytics import option_popularity, revenue_over_time
from store.analytics_kpis import kpis
from store.catalogs import sync_folder
from store.crm import list_customers, preview_segment
from store.db import create_tables, make_engine
from store.tables import CatalogVersion, Customer, Order, OrderLine

SNAPSHOT = {
    "modules": [
        {"module": "size", "module_name": "Size", "kind": "single", "options": [{"code": "m", "name": "M"}]},
        {
            "module": "colour",
            "module_name": "Colour",
            "kind": "single",
            "options": [{"code": "white", "name": "White"}],
        },
    ]
}


def seed(engine, members: int, per_member: int) -> None:
    with Session(engine) as s:
        version = s.exec(select(CatalogVersion)).first()
        assert version is not None
        start = dt.datetime.now(dt.UTC) - dt.timedelta(days=365)
        staff = Customer(email="staff@example.org", name="Staff", password_hash="x", role="merchandiser")
        s.add(staff)
        people = [Customer(email=f"m{i}@example.org", name=f"Member {i}", password_hash="x") for i in range(members)]
        s.add_all(people)
        s.flush()
        n = 0
        buyers = [(p.id, p.email) for p in people] + [(None, f"g{i}@example.org") for i in range(members // 2)]
        for customer_id, email in buyers:
            for _ in range(per_member if customer_id else 1):
                n += 1
                order = Order(
                    idempotency_key=f"bench-{n:08d}",
                    customer_id=customer_id,
                    contact_email=email,
                    contact_name="Someone",
                    ship_name="Someone",
                    ship_line1="Street 1",
                    ship_postal_code="10115",
                    ship_city="Berlin",
                    ship_country="DE",
                    currency="EUR",
                    subtotal_minor=2_500 + n % 50 * 100,
                    total_minor=2_500 + n % 50 * 100,
                    placed_at=start + dt.timedelta(hours=n % 8_000),
                    status="paid",
                )
                s.add(order)
                s.flush()
                s.add(
                    OrderLine(
                        order_id=order.id,
                        catalog_version_id=version.id,
                        position=1,
                        product_code=version.product_code,
                        product_name=version.name,
                        quantity=1,
                        unit_price_minor=order.total_minor,
                        line_total_minor=order.total_minor,
                        currency="EUR",
                        catalog_version=version.version,
                        catalog_fingerprint=version.fingerprint,
                        configuration={"size": "m", "colour": "white"},
                        snapshot=SNAPSHOT,
                    )
                )
        s.commit()


def median_ms(action: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(times), 1)


def main() -> None:
    members = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000
    per_member = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.sqlite3")
        create_tables(engine)
        catalogs = Path(folder) / "catalogs"
        catalogs.mkdir()
        (catalogs / "tshirt.yaml").write_text((ROOT / "catalogs" / "tshirt.yaml").read_text())
        sync_folder(engine=engine, folder=catalogs)
        seed(engine, members, per_member)
        with Session(engine) as s:
            staff = s.exec(select(Customer).where(Customer.role == "merchandiser")).one().id
            orders = len(s.exec(select(Order.id)).all())

            figures = {
                "members": members,
                "guests": members // 2,
                "orders": orders,
                "list_customers_ms": median_ms(lambda: list_customers(session=s, actor_id=staff)),
                "segment_count_ms": median_ms(
                    lambda: preview_segment(
                        session=s, actor_id=staff, rules={"min_orders": 2, "ordered_within_days": 90}
                    )
                ),
                "kpis_ms": median_ms(lambda: kpis(session=s, actor_id=staff)),
                "option_popularity_ms": median_ms(lambda: option_popularity(session=s, actor_id=staff)),
                "revenue_by_week_ms": median_ms(lambda: revenue_over_time(session=s, actor_id=staff, bucket="week")),
            }
        engine.dispose()
    for key, value in figures.items():
        print(f"{key:>22}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
