"""A delivering process for the outbox test: delivers the outbox of DATABASE_URL until nothing is
left, each e-mail as `<mailbox>/<outbox id>.<pid>.eml` (so an e-mail sent twice, even by two
processes, leaves two files). Not a test module: run by test_outbox_workers.py.

    python tests/test_store/outbox_worker.py DATABASE_URL MAILBOX GO_FILE
"""

from __future__ import annotations

import os
import sys
import time
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlmodel import Session

from store.db import make_engine
from store.notify import deliver


class PidFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage) -> None:
        (self.folder / f"{message['X-Outbox-Id']}.{os.getpid()}.eml").write_bytes(bytes(message))


def main(url: str, mailbox: str, go: str) -> None:
    engine = make_engine(url)
    while not Path(go).exists():  # both processes start delivering together
        time.sleep(0.01)
    with Session(engine) as session:
        while deliver(session=session, sender=PidFolder(Path(mailbox)), limit=25).sent:
            pass
    engine.dispose()


if __name__ == "__main__":
    main(*sys.argv[1:4])
