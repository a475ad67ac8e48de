"""Plain helpers of the API tests: the shipped catalogs, and choosing through the API as a buyer
would (only what the state offers)."""

from __future__ import annotations

from typing import Any

from modules.catalog import Catalog
from modules.kinds import TextModule
from modules.loader import load_catalog
from tests.conftest import ROOT

SHIPPED: dict[str, Catalog] = {path.stem: load_catalog(path) for path in sorted((ROOT / "catalogs").glob("*.yaml"))}
PROBLEM = "application/problem+json"


def filler(module: TextModule, length: int) -> str:
    """`length` characters the module accepts."""
    char = next(c for c in module.allowed_characters if not c.isspace())
    return (char.upper() if module.uppercase else char) * length


def a_value(catalog: Catalog, module_state: dict[str, Any], pick: int = 0) -> Any:
    """A value the state offers for a module (the `pick`-th available option or number), or None."""
    module = catalog.module(module_state["code"])
    options = [o["code"] for o in module_state["options"] if o["available"] and not o["selected"]]
    if module_state["kind"] == "single":
        return options[pick % len(options)] if options else None
    if module_state["kind"] == "multi":
        chosen = list(module_state["chosen"] or [])
        return sorted({*chosen, options[pick % len(options)]}) if options else None
    if module_state["kind"] in ("numeric", "quantity"):
        values = module_state["values"]
        return values[pick % len(values)]["value"] if values else None
    lengths = module_state["lengths"]
    assert isinstance(module, TextModule)
    low, high = lengths["min"], lengths["max"]
    return filler(module, max(low, min(high, 1 + pick % 3)))


def walk_to_complete(client, code: str, *, quantity: int = 1, limit: int = 60) -> list[dict[str, Any]]:
    """States of a design built one open decision at a time, until it is complete."""
    catalog = SHIPPED_BY_CODE[code]
    selection: dict[str, Any] = {}
    states = []
    for _ in range(limit):
        response = client.post(f"/v1/products/{code}/state", json={"selection": selection, "quantity": quantity})
        assert response.status_code == 200, response.text
        state = response.json()
        states.append(state)
        if state["complete"]:
            return states
        module = next(m for m in state["modules"] if m["code"] == state["still_to_choose"][0]["code"])
        selection = {**selection, module["code"]: a_value(catalog, module)}
    raise AssertionError(f"{code} is not complete after {limit} choices")


SHIPPED_BY_CODE: dict[str, Catalog] = {catalog.code: catalog for catalog in SHIPPED.values()}
