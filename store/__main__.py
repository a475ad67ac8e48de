"""`python -m store migrate`: bring the database schema to the newest migration (once per deployment;
app processes never migrate). `init`: migrate, settle stale payments and publish the sample catalogs
(what `make run` does). `worker`: the periodic jobs (outbox, stale payments) in a loop.
`reconcile`: finish or refund payment attempts that have no order; `send-mail`: the outbox;
`create-admin`: the first admin account. `purge-artwork --older-than DAYS [--dry-run]`: delete
buyers' pictures uploaded longer ago that no cart line, saved design or order names
(`store.artwork_purge`)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from sqlmodel import Session

from modules.errors import CatalogError
from settings import get_settings
from store import admin_cli, worker
from store.artwork_purge import purge_orphan_artwork
from store.catalogs import sync_folder
from store.db import create_tables, make_engine, migrate
from store.health import readiness
from store.notify import deliver_outbox
from store.orders import default_provider
from store.reconcile import reconcile, settle_stale_payments


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply the database migrations (run once per deployment, before the app starts)")
    sub.add_parser("init", help="apply migrations and publish the catalogs in catalogs/ whose content is new")
    worker.add_parser(sub)
    sub.add_parser("send-mail", help="deliver pending notifications (SMTP if set, else the development mailbox)")
    admin_cli.add_parser(sub)
    rec = sub.add_parser("reconcile", help="finish or refund payment attempts older than N minutes with no order")
    rec.add_argument("--older-than", type=float, default=None, metavar="MINUTES", help="default: from settings")
    rec.add_argument("--every", type=float, default=None, metavar="SECONDS", help="keep running, once per period")
    purge = sub.add_parser("purge-artwork", help="delete buyers' pictures older than DAYS that nothing uses")
    purge.add_argument("--older-than", type=float, required=True, metavar="DAYS", help="last uploaded this long ago")
    purge.add_argument("--dry-run", action="store_true", help="only say which pictures would be deleted")
    args = parser.parse_args(argv)
    settings = get_settings()
    engine = make_engine(settings.database_url)
    if args.command == "create-admin":
        return admin_cli.run(args, engine)
    if args.command == "migrate":
        migrate(engine)
        report = readiness(engine)
        print(f"database schema at {report.revision} (newest: {report.head})")
        return 0 if report.ready else 1
    if args.command == "worker":
        return worker.run(args, engine, settings)
    if args.command == "send-mail":
        with Session(engine) as session:
            print(f"sent {deliver_outbox(session=session)} notification(s)")
        return 0
    if args.command == "purge-artwork":
        if not args.older_than >= 0:
            parser.error("--older-than must be 0 or more days")
        with Session(engine) as session:
            done = purge_orphan_artwork(
                session=session, older_than=dt.timedelta(days=args.older_than), dry_run=args.dry_run
            )
        verb = "would delete" if args.dry_run else "deleted"
        print(
            f"buyer pictures older than {args.older_than:g} days: {done.examined}, "
            f"in use {done.kept}, {verb} {len(done.deleted)}"
        )
        for sha in done.deleted:
            print(sha)
        return 0
    if args.command == "reconcile":
        minutes = settings.payment_reconcile_minutes if args.older_than is None else args.older_than
        if minutes < 0 or (args.every is not None and args.every <= 0):
            parser.error("--older-than must be 0 or more minutes and --every a positive number of seconds")
        while True:
            outcome = reconcile(engine=engine, provider=default_provider(), older_than=dt.timedelta(minutes=minutes))
            print(
                "payment intents: "
                + (", ".join(f"{n} {status}" for status, n in sorted(outcome.items())) or "none open")
            )
            if args.every is None:
                return 1 if outcome.get("error") else 0
            time.sleep(args.every)
    create_tables(engine)
    settle_stale_payments(engine, settings.payment_reconcile_minutes)
    try:
        versions = sync_folder(engine=engine, folder=settings.catalogs_dir)
    except CatalogError as exc:
        print(exc, file=sys.stderr)
        return 1
    for v in versions:
        print(f"{v.product_code}: version {v.version} ({v.fingerprint[:12]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
