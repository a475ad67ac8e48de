"""`python -m store worker`: run as a separate process on a real database, it settles the payment
a crashed checkout left open, sends every pending e-mail, logs one JSON line per job with its
counts and request id, never migrates, and stops cleanly on SIGTERM / SIGINT."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import inspect, update
from sqlmodel import Session, func, select

from store.payments import TestPaymentProvider
from store.tables import Notification, Order, PaymentIntent, now
from store.worker import payments_job, run_job
from tests.conftest import ROOT
from tests.store_helpers import checkout, fill_cart
from tests.test_store.test_payment_intents import charged_then_killed, intent_of


def worker_env(database_url: str, ledger) -> dict[str, str]:
    return {
        **os.environ,  # OUTBOX_DIR and MAILBOX_DIR of the test (tests/conftest.py)
        "DATABASE_URL": database_url,
        "PAYMENT_LEDGER": str(ledger),
        "PAYMENT_RECONCILE_MINUTES": "10",
    }


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def crashed_checkout(engine, provider, minutes_ago: int) -> str:
    """A cart charged by a checkout whose process died before the order; the intent's key."""
    with Session(engine) as s:
        intent, _ = charged_then_killed(s, fill_cart(s), provider)
        s.exec(
            update(PaymentIntent)
            .where(PaymentIntent.id == intent.id)
            .values(created_at=now() - dt.timedelta(minutes=minutes_ago))
        )
        s.commit()
        return intent.key


def test_once_settles_stale_payments_then_sends_every_email(shop, database_url, tmp_path, mail_folders):
    ledger = tmp_path / "ledger.sqlite3"
    provider = TestPaymentProvider(ledger)  # the app's charges, in the ledger every process shares
    with Session(shop) as s:
        checkout(s, fill_cart(s), provider=provider)  # an order: its confirmation waits in the outbox
    stale = crashed_checkout(shop, provider, minutes_ago=11)
    with Session(shop) as s:
        orders_before = s.exec(select(func.count()).select_from(Order)).one()

    done = subprocess.run(
        [sys.executable, "-m", "store", "worker", "--once"],
        cwd=ROOT,
        env=worker_env(database_url, ledger),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    jobs = {line["job"]: line for line in json_lines(done.stderr) if line.get("event") == "job"}

    with Session(shop) as s:
        assert intent_of(s, stale).status == "captured"  # the charge became its order
        assert s.exec(select(func.count()).select_from(Order)).one() == orders_before + 1
        notes = s.exec(select(Notification)).all()
    assert {n.status for n in notes} == {"sent"}  # the new order's confirmation too: same cycle
    _, mailbox = mail_folders
    assert len(list(mailbox.iterdir())) == len(notes)
    assert jobs["payments"]["status"] == "ok" and jobs["payments"]["captured"] == 1
    assert (jobs["outbox"]["status"], jobs["outbox"]["sent"], jobs["outbox"]["failed"]) == ("ok", len(notes), 0)
    ids = [line["request_id"] for line in jobs.values()]
    assert len(set(ids)) == len(ids) and all(i.startswith("job-") for i in ids)


def test_on_a_database_that_is_not_migrated_it_waits_and_migrates_nothing(database_url, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "store", "worker", "--once"],
        cwd=ROOT,
        env=worker_env(database_url, tmp_path / "ledger.sqlite3"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    [waiting] = [line for line in json_lines(done.stderr) if line.get("event") == "worker.waiting"]
    assert "python -m store migrate" in waiting["message"]
    assert not any(line.get("event") == "job" for line in json_lines(done.stderr))
    from store.db import make_engine

    engine = make_engine(database_url)
    try:
        assert "alembic_version" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_ends_the_loop_cleanly(engine, database_url, tmp_path, signum):
    heartbeat = tmp_path / "alive"
    worker = subprocess.Popen(
        [sys.executable, "-m", "store", "worker", "--interval", "3600", "--heartbeat", str(heartbeat)],
        cwd=ROOT,
        env=worker_env(database_url, tmp_path / "ledger.sqlite3"),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not heartbeat.exists():  # the first cycle is done; the worker now waits an hour
            assert worker.poll() is None and time.monotonic() < deadline, "the worker did not finish a cycle"
            time.sleep(0.05)
        worker.send_signal(signum)
        _, err = worker.communicate(timeout=60)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, err
    assert json_lines(err)[-1]["event"] == "worker.stop"


def test_a_worker_with_an_in_memory_test_ledger_leaves_payments_alone(shop, tmp_path):
    """A worker is its own process: an in-memory test ledger there never saw the app's charges, so
    settling with it would abandon a charged attempt. It skips; with the shared ledger it settles."""
    ledger = tmp_path / "ledger.sqlite3"
    stale = crashed_checkout(shop, TestPaymentProvider(ledger), minutes_ago=11)
    log = logging.getLogger("test.worker")
    older = dt.timedelta(minutes=10)

    assert run_job(payments_job(shop, TestPaymentProvider(), older), log)  # skipped: not a failure
    with Session(shop) as s:
        assert intent_of(s, stale).status == "pending"  # not abandoned
    assert run_job(payments_job(shop, TestPaymentProvider(ledger), older), log)
    with Session(shop) as s:
        assert intent_of(s, stale).status == "captured"


def test_a_waiting_email_erased_by_another_replica_leaves_no_file_in_the_workers_folder(
    shop, tmp_path, mail_folders, monkeypatch
):
    """The mail server refused an e-mail, so its file waits in this worker's outbox folder; the
    customer is then erased by a shop replica whose outbox folder is elsewhere. The worker's next
    pass removes the file: personal data does not outlive its e-mail on any machine."""
    from settings import Settings, get_settings
    from store.crm_privacy import erase_customer
    from store.notify import SmtpSender
    from store.worker import outbox_job
    from tests.store_helpers import GUEST, staff_accounts
    from tests.test_e2e.live_server import free_port

    outbox, mailbox = mail_folders
    staff = staff_accounts(shop, roles=("merchandiser",))["merchandiser"]
    refusing = SmtpSender(Settings(smtp_host="127.0.0.1", smtp_port=free_port()))  # nothing listens there
    log = logging.getLogger("test.worker")
    with Session(shop) as s:
        checkout(s, fill_cart(s))
    assert run_job(outbox_job(shop, refusing), log)  # refused: retried later, its file waits here
    [waiting] = list(outbox.iterdir())

    monkeypatch.setenv("OUTBOX_DIR", str(tmp_path / "another-replica" / "outbox"))
    get_settings.cache_clear()
    with Session(shop) as s:
        erase_customer(session=s, actor_id=staff, key=f"guest:{GUEST.email}", confirm_email=GUEST.email)
    assert waiting.exists()  # that replica could not reach this folder
    monkeypatch.setenv("OUTBOX_DIR", str(outbox))
    get_settings.cache_clear()

    assert run_job(outbox_job(shop, refusing), log)
    assert not waiting.exists()
    assert not mailbox.exists() or list(mailbox.iterdir()) == []  # and nothing was sent to the erased address


def test_one_run_drains_a_large_outbox_a_batch_at_a_time_up_to_its_bound(engine, mail_folders):
    """A campaign queues many e-mails at once: a run keeps taking batches while they come back
    full, and stops after `batches` of them (so a stop request is heard between runs)."""
    from store.notify import FolderSender
    from store.worker import outbox_job
    from tests.test_store.test_outbox_workers import queue

    ids = queue(engine, 35)
    _, mailbox = mail_folders
    log = logging.getLogger("test.worker")
    assert run_job(outbox_job(engine, FolderSender(mailbox), batch=10, batches=2), log)
    assert len(list(mailbox.iterdir())) == 20  # bounded: two batches
    assert run_job(outbox_job(engine, FolderSender(mailbox), batch=10, batches=10), log)
    assert sorted(p.name for p in mailbox.iterdir()) == sorted(f"{i}.eml" for i in ids)  # the rest, in one run
