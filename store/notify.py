"""Notifications: written to an outbox table in the transaction of the change they report,
then delivered by `deliver_outbox` (SMTP when configured; for development, a mailbox folder of
.eml files).

While an e-mail is being sent it waits as `<outbox_dir>/<id>.eml` (and stays there while the mail
server refuses it); the file is deleted in the step that marks the e-mail sent, so the folder
never keeps a copy of a delivered e-mail (with its personal data and one-time links).
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from sqlmodel import Session, col, select

import i18n
from settings import Settings, get_settings
from store.tables import Notification, Order, now


class EmailSender(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class FolderSender:
    """Delivers each e-mail as `<folder>/<id>.eml`: a mailbox for development, demos and tests."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = str(message["X-Outbox-Id"] or "message")
        (self.folder / f"{name}.eml").write_bytes(bytes(message))


class SmtpSender:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def send(self, message: EmailMessage) -> None:
        s = self.settings
        assert s.smtp_host is not None
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=30) as smtp:
            if s.smtp_starttls:
                smtp.starttls()
            if s.smtp_username:
                smtp.login(s.smtp_username, s.smtp_password or "")
            smtp.send_message(message)


def sender_from_settings(settings: Settings | None = None) -> EmailSender:
    settings = settings or get_settings()
    return SmtpSender(settings) if settings.smtp_host else FolderSender(settings.mailbox_dir)


def order_link(order: Order) -> str:
    """The order's private page, as a full address for e-mails (`Settings.public_url`)."""
    return f"{get_settings().public_url.rstrip('/')}/order?order={order.token}"


def notify_buyer(*, session: Session, order: Order, subject: str, body: str) -> Notification:
    """Queue an e-mail to the order's contact, inside the caller's transaction. Every such e-mail
    ends with the order's number and its private link, in the language the buyer ordered in, so
    the buyer can open the order from any of them (and quote the short number, never the link's
    secret, to the shop)."""
    lang = i18n.language(order.language)
    footer = i18n.gettext("Order #{number}: {link}", lang).format(number=order.id, link=order_link(order))
    text = body.rstrip("\n") + "\n\n" + footer + "\n"
    note = Notification(order_id=order.id, recipient=order.contact_email, subject=subject, body=text)
    session.add(note)
    return note


@dataclass(frozen=True, slots=True)
class OutboxRun:
    """What one `deliver` pass did: e-mails sent, refused and left for a retry, given up on."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0


def deliver_outbox(*, session: Session, sender: EmailSender | None = None, limit: int = 100) -> int:
    """Send pending notifications; returns how many were sent. Failures stay pending (retried), and
    their file stays in the outbox folder until they are sent or fail for good."""
    return deliver(session=session, sender=sender, limit=limit).sent


def deliver(*, session: Session, sender: EmailSender | None = None, limit: int = 100) -> OutboxRun:
    """Send up to `limit` pending notifications, each exactly once however many processes deliver
    the same outbox at the same time.

    One notification per transaction: it is claimed with `SELECT ... FOR UPDATE SKIP LOCKED` (on
    PostgreSQL another worker skips the rows this one holds and takes the next; on SQLite, which
    ignores the clause, `BEGIN IMMEDIATE` lets one writer in at a time, so other writers wait
    while an e-mail is handed over: SQLite is for one machine), re-checked as pending
    inside that transaction (a row another worker sent meanwhile no longer matches), sent, and
    marked sent (or its attempt counted) in the same transaction. A crash before the commit
    leaves it pending, so it is retried: at least once, never twice for one successful commit.
    """
    sender = sender or sender_from_settings()
    settings = get_settings()
    sent = retrying = failed = 0
    after = 0  # ids only grow: a refused e-mail is not retried within the same pass
    for _ in range(limit):
        note = session.exec(
            select(Notification)
            .where(col(Notification.id) > after, col(Notification.status) == "pending", col(Notification.attempts) < 5)
            .order_by(col(Notification.id))
            .limit(1)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        ).first()
        if note is None or note.id is None:
            session.commit()  # ends the claiming transaction: nothing left that no other worker holds
            break
        after = note.id
        if _send(note, sender, settings):
            sent += 1
        elif note.status == "pending":
            retrying += 1
        else:
            failed += 1
        session.add(note)
        session.commit()  # the claim ends with the row's new state: a crash never re-sends the ones before
    return OutboxRun(sent, retrying, failed)


def _send(note: Notification, sender: EmailSender, settings: Settings) -> bool:
    """Send `note` (its row claimed by the caller) and record the attempt on it; whether it went."""
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = note.recipient
    message["Subject"] = note.subject
    message["X-Outbox-Id"] = str(note.id)
    message.set_content(note.body)
    waiting = settings.outbox_dir / f"{note.id}.eml"
    settings.outbox_dir.mkdir(parents=True, exist_ok=True)
    waiting.write_bytes(bytes(message))
    note.attempts += 1
    try:
        sender.send(message)
    except (OSError, smtplib.SMTPException) as exc:
        note.last_error = str(exc)[:500]
        note.status = "failed" if note.attempts >= 5 else "pending"
    else:
        note.status, note.sent_at = "sent", now()
    if note.status != "pending":
        waiting.unlink(missing_ok=True)  # sent (or given up on): the row says what became of it
    return note.status == "sent"


def sweep_folder(*, session: Session, folder: Path | None = None) -> int:
    """Delete from the outbox folder the files of e-mails that no longer wait (sent, given up on,
    erased on request, deleted); how many went.

    The step that ends an e-mail deletes its file from the folder of the process that took that
    step; an erasure run by another replica, whose folder is elsewhere, marks the e-mail given up
    on but cannot reach this file. The worker sweeps after every delivery pass, so a file with
    personal data never outlives its e-mail, whichever process ended it.
    """
    folder = folder or get_settings().outbox_dir
    files = {int(p.stem): p for p in folder.glob("*.eml") if p.stem.isdigit()} if folder.is_dir() else {}
    ids = sorted(files)
    waiting: set[int] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(Notification.id).where(col(Notification.id).in_(chunk), col(Notification.status) == "pending")
        waiting |= {i for i in session.exec(query).all() if i is not None}
    session.commit()  # ends the read (on SQLite, a write lock)
    gone = [files[i] for i in ids if i not in waiting]
    for path in gone:
        path.unlink(missing_ok=True)
    return len(gone)
