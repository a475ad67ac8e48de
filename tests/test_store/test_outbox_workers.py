"""Several workers deliver the same outbox at once (threads, and separate processes), on SQLite and
PostgreSQL: every e-mail is sent exactly once, none is lost, each row ends `sent` after one attempt."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from store.notify import FolderSender, deliver, deliver_outbox
from store.tables import Notification
from tests.conftest import ROOT

MESSAGES = 120


def queue(engine, count: int = MESSAGES) -> list[int]:
    """`count` pending e-mails in the outbox; their ids."""
    with Session(engine) as s:
        notes = [Notification(recipient=f"b{i}@example.org", subject=f"N{i}", body=f"B{i}") for i in range(count)]
        s.add_all(notes)
        s.commit()
        return [n.id for n in notes]


class Recording:
    """A mail server that records every e-mail it is handed (by outbox id), from any thread."""

    def __init__(self, folder: Path) -> None:
        self.ids: list[int] = []
        self.lock = threading.Lock()
        self.folder = FolderSender(folder)

    def send(self, message: EmailMessage) -> None:
        with self.lock:
            self.ids.append(int(message["X-Outbox-Id"]))
        self.folder.send(message)


def rows(engine) -> list[Notification]:
    with Session(engine) as s:
        return list(s.exec(select(Notification).order_by(col(Notification.id))).all())


@pytest.mark.parametrize("workers", [2, 4])
def test_threads_delivering_one_outbox_send_each_email_once(engine, mail_folders, workers):
    ids = queue(engine)
    _, mailbox = mail_folders
    server = Recording(mailbox)
    start = threading.Barrier(workers)

    def work(_: int) -> int:
        start.wait()
        sent = 0
        with Session(engine) as session:
            while done := deliver(session=session, sender=server, limit=10).sent:
                sent += done
        return sent

    with ThreadPoolExecutor(workers) as pool:
        per_worker = list(pool.map(work, range(workers)))

    assert Counter(server.ids) == Counter(ids)  # every e-mail handed over once, none twice, none lost
    assert sum(per_worker) == len(ids)
    assert sorted(p.name for p in mailbox.iterdir()) == sorted(f"{i}.eml" for i in ids)
    assert {(n.status, n.attempts) for n in rows(engine)} == {("sent", 1)}


def test_processes_delivering_one_outbox_send_each_email_once(engine, database_url, tmp_path, mail_folders):
    ids = queue(engine)
    mailbox, go = tmp_path / "pid-mailbox", tmp_path / "go"
    mailbox.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, str(Path(__file__).with_name("outbox_worker.py")), database_url, str(mailbox), str(go)]
    workers = [subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE) for _ in range(2)]
    go.touch()
    for worker in workers:
        _, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err.decode()

    delivered = Counter(int(p.name.split(".")[0]) for p in mailbox.iterdir())
    assert delivered == Counter(ids)  # one file per e-mail: a second delivery would leave a second file
    assert {(n.status, n.attempts) for n in rows(engine)} == {("sent", 1)}


def test_an_email_another_worker_holds_is_skipped_not_waited_for(engine, database_url, mail_folders):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no row locks: its writers take turns (BEGIN IMMEDIATE) instead of skipping")
    first, *rest = queue(engine, 5)
    _, mailbox = mail_folders
    with Session(engine) as holder:
        held = holder.exec(select(Notification).where(Notification.id == first).with_for_update()).one()
        with Session(engine) as session:  # another worker, while the first e-mail is being sent
            assert deliver(session=session, sender=FolderSender(mailbox)).sent == len(rest)
        assert held.status == "pending"
        holder.commit()
    assert {n.id: n.status for n in rows(engine)} == {first: "pending", **dict.fromkeys(rest, "sent")}
    with Session(engine) as session:
        assert deliver_outbox(session=session, sender=FolderSender(mailbox)) == 1  # released: sent now
