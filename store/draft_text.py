"""Catalog drafts as text: the real loader over a draft's YAML and CSV files, the CSV files of a
published version, readable per-section changes for the audit log, and who saved (by account)."""

from __future__ import annotations

import csv
import io
from typing import Any

import yaml
from sqlmodel import Session

from modules.catalog import Catalog
from modules.errors import CatalogError, Problem, ProblemCode
from modules.loader import MAX_CSV_BYTES, load_catalog_text
from modules.rules import Table
from store.db import atomic
from store.staff import authorize
from store.states import MERCHANDISING
from store.tables import Customer


def csv_files_of(catalog: Catalog) -> dict[str, str]:
    """The CSV files of a catalog's tables, rebuilt from the rows a published version holds."""
    files: dict[str, str] = {}
    for rule in catalog.rules:
        if isinstance(rule, Table) and rule.csv and rule.rows is not None:
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(rule.modules)
            writer.writerows(rule.rows)
            files[rule.csv] = out.getvalue()
    return files


def load_draft_text(
    source_yaml: str, csv_files: dict[str, str], *, product_code: str | None = None, file_name: str | None = None
) -> Catalog:
    """The catalog these texts describe, through the real loader (CatalogError with located problems,
    named after `file_name`, e.g. the uploaded file, or else `<product_code>.yaml`)."""
    shown = file_name or f"{product_code or 'catalog'}.yaml"
    too_large = [n for n, t in csv_files.items() if len(t.encode()) > MAX_CSV_BYTES]
    if too_large:
        raise CatalogError(
            [
                Problem(n, 1, 1, ProblemCode.TOO_LARGE, f"CSV file is larger than {MAX_CSV_BYTES:,} bytes")
                for n in too_large
            ]
        )

    def read_csv(name: str) -> bytes | None:
        text = csv_files.get(name)
        return None if text is None else text.encode()

    catalog = load_catalog_text(source_yaml, file=shown, read_csv=read_csv)
    if product_code is not None and catalog.code != product_code:
        raise CatalogError(
            [
                Problem(
                    shown,
                    0,
                    0,
                    ProblemCode.INCONSISTENT,
                    f"the code is {catalog.code!r}; this draft is {product_code!r}",
                )
            ]
        )
    return catalog


def display_name(session: Session, actor: str) -> str:
    """An audit actor (`customer:<id>`) as people know it: the account's name and number.

    (No e-mail address: markdown would turn it into a link.) For messages inside staff actions
    whose role is already checked; pages call `actor_name`."""
    kind, _, ident = actor.partition(":")
    if kind == "customer" and ident.isdigit():
        customer = session.get(Customer, int(ident))
        if customer is not None:
            return f"{customer.name} (account {customer.id})"
    return actor


def actor_name(*, session: Session, actor_id: int, actor: str) -> str:
    """`display_name` of `actor` for a merchandiser or admin (`actor_id`); FORBIDDEN for anyone else."""
    with atomic(session):
        authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        return display_name(session, actor)


def _sections(source_yaml: str) -> dict[str, Any]:
    """Top-level keys of a catalog file; lists of coded items keyed by code (for readable diffs)."""
    try:
        data = yaml.safe_load(source_yaml)
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict):
        return {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, list) and all(isinstance(v, dict) and "code" in v for v in value):
            for item in value:
                out[f"{key}.{item['code']}"] = item
        elif key == "pricing" and isinstance(value, dict):
            for sub, part in value.items():
                out[f"pricing.{sub}"] = part
        else:
            out[str(key)] = value
    return out


def changes(before_yaml: str, after_yaml: str) -> list[dict[str, Any]]:
    """What a save changed: one entry per module, rule, price rule or top-level key, with both sides.

    >>> changes("code: a\\nmodules: [{code: m, name: M}]", "code: a\\nmodules: [{code: m, name: N}]")
    [{'path': 'modules.m', 'before': {'code': 'm', 'name': 'M'}, 'after': {'code': 'm', 'name': 'N'}}]
    """
    old, new = _sections(before_yaml), _sections(after_yaml)
    out: list[dict[str, Any]] = []
    for path in [*old, *(p for p in new if p not in old)]:
        if old.get(path) != new.get(path):
            out.append({"path": path, "before": old.get(path), "after": new.get(path)})
    plain: list[dict[str, Any]] = _plain(out)
    return plain


def _plain(value: Any) -> Any:
    """JSON-safe copies (YAML dates, decimals) for the audit column."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
