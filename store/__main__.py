"""`python -m store init`: create the database and publish the sample catalogs."""

from __future__ import annotations

import argparse
import sys

from modules.errors import CatalogError
from settings import get_settings
from store.catalogs import sync_folder
from store.db import create_tables, make_engine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create tables and publish the catalogs in catalogs/ whose content is new")
    parser.parse_args(argv)
    settings = get_settings()
    engine = make_engine(settings.database_url)
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
