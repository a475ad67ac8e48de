"""The worker prunes the API's idempotency keys older than IDEMPOTENCY_RETENTION_HOURS (one job of
`python -m store worker`, run as its own process on a real database) and keeps the newer ones;
a pruned key can be used again."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from sqlalchemy import update
from sqlmodel import Session, select

from store.idempotency import claim_key, prune_keys
from store.tables import IdempotentRequest, now
from tests.conftest import ROOT
from tests.test_store.test_worker import json_lines, worker_env


def _keys(engine) -> set[str]:
    with Session(engine) as session:
        return set(session.exec(select(IdempotentRequest.key)).all())


def _age(engine, key: str, hours: float) -> None:
    with Session(engine) as session:
        session.exec(
            update(IdempotentRequest)
            .where(IdempotentRequest.key == key)
            .values(created_at=now() - dt.timedelta(hours=hours))
        )
        session.commit()


def test_the_worker_prunes_keys_older_than_the_retention(shop, database_url, tmp_path):
    with Session(shop) as session:
        for key in ("old-key-0001", "old-key-0002", "new-key-0001"):
            claim_key(session=session, key=key, request={"cart": key})
    _age(shop, "old-key-0001", 49)
    _age(shop, "old-key-0002", 100)
    _age(shop, "new-key-0001", 47)
    done = subprocess.run(
        [sys.executable, "-m", "store", "worker", "--once"],
        cwd=ROOT,
        env={**worker_env(database_url, tmp_path / "ledger.sqlite3"), "IDEMPOTENCY_RETENTION_HOURS": "48"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    jobs = {line["job"]: line for line in json_lines(done.stderr) if line.get("event") == "job"}
    assert jobs["idempotency-keys"]["status"] == "ok" and jobs["idempotency-keys"]["pruned"] == 2
    assert _keys(shop) == {"new-key-0001"}
    with Session(shop) as session:  # a pruned key is free again; a kept one still guards its request
        assert claim_key(session=session, key="old-key-0001", request={"cart": "another"}) is False
        assert claim_key(session=session, key="new-key-0001", request={"cart": "new-key-0001"}) is True


def test_pruning_nothing_old_forgets_nothing(shop):
    with Session(shop) as session:
        claim_key(session=session, key="fresh-key-01", request={"cart": 1})
        assert prune_keys(session=session, older_than=dt.timedelta(hours=1)) == 0
    assert _keys(shop) == {"fresh-key-01"}
