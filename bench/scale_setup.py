"""The database of a scale run: a fresh PostgreSQL schema, migrated with the shipped catalogs
published (`python -m store init`), every material stocked, and one operations account for the
staff readers. The schema is dropped at the end of the run.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.customers import register  # noqa: E402
from store.db import make_engine  # noqa: E402
from store.stock import receive_stock, stock_levels  # noqa: E402
from store.tables import CustomerCreate  # noqa: E402

# Far more of every material than a run's orders use: no order waits for a purchase (a
# shortfall would still be recorded as a purchase need, never refused).
STOCK_UNITS = Decimal(10_000_000)
STAFF_EMAIL = "operations@bench.example.org"


@contextmanager
def fresh_schema(server: str, schema: str) -> Iterator[str]:
    """A URL on `server` whose tables live in a new schema `schema`, dropped afterwards."""
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            separator = "&" if "?" in server else "?"
            yield f"{server}{separator}options=-csearch_path%3D{schema}"
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


def initialise(database_url: str, env: Mapping[str, str]) -> str:
    """`python -m store init` on the run's database: migrations, catalogs, stale payments."""
    proc = subprocess.run(  # our own CLI, fixed arguments
        [sys.executable, "-m", "store", "init"],
        cwd=ROOT,
        env={**env, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"python -m store init failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout.strip()


def stock_and_staff(database_url: str) -> tuple[dict[str, int], str]:
    """Receive STOCK_UNITS of every material (one recorded receipt each) and create the operations
    account the staff readers sign in with. Returns material code -> millionths received, and the
    account's password (random, for this run only)."""
    engine = make_engine(database_url)
    received: dict[str, int] = {}
    try:
        with Session(engine) as session:
            for material in stock_levels(session=session):
                after = receive_stock(
                    session=session, material_code=material.code, quantity=STOCK_UNITS, note="scale", actor="bench"
                )
                received[material.code] = after - material.available_micro
            password = secrets.token_urlsafe(18)
            register(
                session=session,
                data=CustomerCreate(email=STAFF_EMAIL, name="Bench operations", password=password),
                role="operations",
                actor="bench",
            )
    finally:
        engine.dispose()
    return received, password


def schema_name() -> str:
    return f"scale_{os.getpid()}_{secrets.token_hex(3)}"
