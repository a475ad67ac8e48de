"""`python -m store init`: migrate the database and publish the sample catalogs; `send-mail`: the outbox;
`create-admin`: the first admin account."""

from __future__ import annotations

import argparse
import sys

from sqlmodel import Session

from modules.errors import CatalogError
from settings import get_settings
from store import admin_cli
from store.catalogs import sync_folder
from store.db import create_tables, make_engine
from store.notify import deliver_outbox


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="apply migrations and publish the catalogs in catalogs/ whose content is new")
    sub.add_parser("send-mail", help="deliver pending notifications (a folder of .eml files, or SMTP if set)")
    admin_cli.add_parser(sub)
    args = parser.parse_args(argv)
    settings = get_settings()
    engine = make_engine(settings.database_url)
    if args.command == "create-admin":
        return admin_cli.run(args, engine)
    if args.command == "send-mail":
        with Session(engine) as session:
            print(f"sent {deliver_outbox(session=session)} notification(s)")
        return 0
    create_tables(engine)
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
