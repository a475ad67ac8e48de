"""`python -m store create-admin`: the first admin account (never a default password).

The e-mail comes from `--email` or `ADMIN_EMAIL`, the password from `ADMIN_PASSWORD` or an
interactive prompt (typed twice, not echoed); there is no `--password` flag, so the password
never shows in the process list or the shell history.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.customers import create_admin
from store.db import create_tables
from store.errors import StoreError


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("create-admin", help="create (or promote) an admin account; prompts for the password")
    parser.add_argument("--email", default=os.environ.get("ADMIN_EMAIL"), help="or ADMIN_EMAIL")
    parser.add_argument("--name", default=os.environ.get("ADMIN_NAME", "Administrator"), help="or ADMIN_NAME")


def _password() -> str | None:
    given = os.environ.get("ADMIN_PASSWORD")
    if given:
        return given
    if not sys.stdin.isatty():
        print("no ADMIN_PASSWORD set and no terminal to ask for one", file=sys.stderr)
        return None
    first = getpass.getpass("Password (at least 8 characters): ")
    if first != getpass.getpass("Password again: "):
        print("the passwords differ", file=sys.stderr)
        return None
    return first


def run(args: argparse.Namespace, engine: Engine) -> int:
    email = args.email or (input("E-mail: ").strip() if sys.stdin.isatty() else "")
    if not email:
        print("give --email (or ADMIN_EMAIL)", file=sys.stderr)
        return 2
    password = _password()
    if password is None:
        return 2
    create_tables(engine)
    try:
        with Session(engine) as session:
            admin = create_admin(session=session, email=email, name=args.name, password=password)
    except ValidationError as exc:
        print("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()), file=sys.stderr)
        return 1
    except StoreError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(f"admin account {admin.email} (id {admin.id}) is ready")
    return 0
