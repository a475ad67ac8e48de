"""An e-mail waits in the outbox folder only while it is being sent: the file is deleted in the
step that marks it sent, and stays while the mail server refuses it."""

from __future__ import annotations

from sqlmodel import Session, select

from settings import Settings
from store.notify import FolderSender, SmtpSender, deliver_outbox
from store.tables import Notification
from tests.store_helpers import checkout, fill_cart
from tests.test_e2e.live_server import free_port


def test_a_sent_email_leaves_no_file_in_the_outbox_folder(shop, mail_folders):
    outbox, mailbox = mail_folders
    with Session(shop) as s:
        checkout(s, fill_cart(s))  # the order confirmation
        assert deliver_outbox(session=s) == 1  # no SMTP: delivered to the development mailbox
        [note] = s.exec(select(Notification)).all()
        assert note.status == "sent"
        name = f"{note.id}.eml"
    assert [p.name for p in mailbox.iterdir()] == [name]
    assert list(outbox.iterdir()) == []


def test_an_email_the_mail_server_refuses_waits_in_the_outbox_folder_until_sent(shop, mail_folders):
    outbox, mailbox = mail_folders
    refusing = SmtpSender(Settings(smtp_host="127.0.0.1", smtp_port=free_port()))  # nothing listens there
    with Session(shop) as s:
        checkout(s, fill_cart(s))
        assert deliver_outbox(session=s, sender=refusing) == 0
        [note] = s.exec(select(Notification)).all()
        assert (note.status, note.attempts) == ("pending", 1)
        name = f"{note.id}.eml"
        assert f"Your order #{note.order_id} is confirmed" in (outbox / name).read_text()
        assert deliver_outbox(session=s, sender=FolderSender(mailbox)) == 1
    assert not (outbox / name).exists()
    assert (mailbox / name).exists()
