"""Notifications: written to an outbox table in the transaction of the change they report,
then delivered by `deliver_outbox` (SMTP when configured; for development, a mailbox folder of
.eml files).

While an e-mail is being sent it waits as `<outbox_dir>/<id>.eml` (and stays there while the mail
server refuses it); the file is deleted in the step that marks the e-mail sent, so the folder
never keeps a copy of a delivered e-mail (with its personal data and one-time links).
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from sqlmodel import Session, col, select

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


def notify_buyer(*, session: Session, order: Order, subject: str, body: str) -> Notification:
    """Queue an e-mail to the order's contact, inside the caller's transaction."""
    note = Notification(order_id=order.id, recipient=order.contact_email, subject=subject, body=body)
    session.add(note)
    return note


def deliver_outbox(*, session: Session, sender: EmailSender | None = None, limit: int = 100) -> int:
    """Send pending notifications; returns how many were sent. Failures stay pending (retried), and
    their file stays in the outbox folder until they are sent or fail for good."""
    sender = sender or sender_from_settings()
    folder = get_settings().outbox_dir
    sent = 0
    pending = session.exec(
        select(Notification)
        .where(col(Notification.status) == "pending", col(Notification.attempts) < 5)
        .order_by(col(Notification.id))
        .limit(limit)
    ).all()
    for note in pending:
        message = EmailMessage()
        message["From"] = get_settings().mail_from
        message["To"] = note.recipient
        message["Subject"] = note.subject
        message["X-Outbox-Id"] = str(note.id)
        message.set_content(note.body)
        waiting = folder / f"{note.id}.eml"
        folder.mkdir(parents=True, exist_ok=True)
        waiting.write_bytes(bytes(message))
        note.attempts += 1
        try:
            sender.send(message)
        except (OSError, smtplib.SMTPException) as exc:
            note.last_error = str(exc)[:500]
            note.status = "failed" if note.attempts >= 5 else "pending"
        else:
            note.status, note.sent_at = "sent", now()
            sent += 1
        if note.status != "pending":
            waiting.unlink(missing_ok=True)  # sent (or given up on): the row says what became of it
        session.commit()  # one notification at a time: a crash never re-sends the ones before
    return sent
