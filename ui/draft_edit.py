"""Pure helpers of the catalog editor: catalog file <-> editor rows, safe CSV export (unit-tested).

The editor reads the catalog file and every YAML text a merchandiser types with the catalog
loader's own YAML reader (`modules.yaml_source.parse_yaml`: no anchors or aliases, so no
"billion laughs" expansion, bounded numbers and nesting, located errors), replaces one section
with the edited rows on Save, and writes YAML back; the real loader then validates the whole file.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import yaml

from modules.errors import CatalogError
from modules.yaml_source import parse_yaml

OPTION_COLUMNS = ("code", "name", "price", "lead_time_days", "weight_kg", "materials", "preview", "default")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class DraftYamlError(yaml.YAMLError):
    """YAML text the catalog loader refuses (an alias, a python tag, bad syntax...), located."""


class _NoAliases(yaml.SafeDumper):
    """The loader refuses YAML anchors and aliases: never write them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


_NoAliases.add_representer(Decimal, _decimal)


def load_yaml(text: str, *, what: str = "text") -> Any:
    """Plain data of YAML `text` read as the catalog loader reads it; DraftYamlError if refused."""
    if not text.strip():
        return None
    try:
        data, _ = parse_yaml(text, what)
    except CatalogError as exc:
        raise DraftYamlError("; ".join(str(p) for p in exc.problems)) from None
    return data


def parse(source_yaml: str) -> dict[str, Any]:
    data = load_yaml(source_yaml, what="catalog")
    return data if isinstance(data, dict) else {}


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=120)


def _compact(value: Any) -> str:
    return "" if value in (None, [], {}) else yaml.dump(value, Dumper=_NoAliases, default_flow_style=True).strip()


def option_rows(data: dict[str, Any], module_code: str) -> list[dict[str, Any]]:
    """One editor row per option of a choice module; nested fields as compact YAML text."""
    module: dict[str, Any] = next((m for m in data.get("modules", []) if m.get("code") == module_code), {})
    rows = []
    for index, option in enumerate(module.get("options", [])):
        rows.append(
            {
                "_id": index,
                "code": str(option.get("code", "")),
                "name": str(option.get("name", "")),
                "price": float(option.get("price", 0) or 0),
                "lead_time_days": int(option.get("lead_time_days", 0) or 0),
                "weight_kg": float(option.get("weight_kg", 0) or 0),
                "materials": _compact(option.get("materials")),
                "preview": _compact(option.get("preview")),
                "default": bool(option.get("default", False)),
            }
        )
    return rows


def _number(value: Any) -> int | float:
    number = round(float(value or 0), 2)
    return int(number) if number == int(number) else number


def apply_option_rows(data: dict[str, Any], module_code: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A copy of `data` whose module's options are the edited rows.

    Fields the table does not show (kind, hex, attributes...) are kept from the option whose
    hidden `_id` the row carries; new rows (no id) start empty.
    """
    out = parse(dump(data))  # a deep copy
    module = next((m for m in out.get("modules", []) if m.get("code") == module_code), None)
    if module is None:
        raise KeyError(module_code)
    old = module.get("options", [])
    options = []
    for row in rows:
        if not str(row.get("code") or "").strip():
            continue
        ident = row.get("_id")
        known = isinstance(ident, int | float) and ident == ident and 0 <= int(ident) < len(old)
        option = dict(old[int(ident)]) if known and isinstance(ident, int | float) else {}
        option["code"] = str(row["code"]).strip()
        option["name"] = str(row.get("name") or row["code"]).strip()
        for key in ("price", "weight_kg"):
            if "price_percent" in option and key == "price":
                continue
            value = _number(row.get(key))
            if value or key in option:
                option[key] = value
        days = int(row.get("lead_time_days") or 0)
        if days or "lead_time_days" in option:
            option["lead_time_days"] = days
        for key in ("materials", "preview"):
            text = str(row.get(key) or "").strip()
            if text:
                option[key] = load_yaml(text, what=key)
            else:
                option.pop(key, None)
        if row.get("default"):
            option["default"] = True
        else:
            option.pop("default", None)
        options.append(option)
    module["options"] = options
    return out


def add_option(
    data: dict[str, Any], module_code: str, *, code: str, name: str, price: float, lead_time_days: int
) -> dict[str, Any]:
    """A copy of `data` with one more option at the end of a choice module.

    ValueError (a message for the merchandiser) for an empty or taken code or an unknown module.
    """
    code = code.strip()
    if not code:
        raise ValueError("give the new option a code")
    out = parse(dump(data))
    module = next((m for m in out.get("modules", []) if m.get("code") == module_code), None)
    if module is None:
        raise ValueError(f"there is no module {module_code!r}")
    options = list(module.get("options", []))
    if any(str(o.get("code")) == code for o in options):
        raise ValueError(f"{module_code} already has an option {code!r}")
    option: dict[str, Any] = {"code": code, "name": name.strip() or code}
    if _number(price):
        option["price"] = _number(price)
    if int(lead_time_days or 0):
        option["lead_time_days"] = int(lead_time_days)
    module["options"] = [*options, option]
    return out


def rule_codes(data: dict[str, Any]) -> list[str]:
    return [str(r.get("code")) for r in data.get("rules") or [] if isinstance(r, dict)]


def rule_yaml(data: dict[str, Any], code: str) -> str:
    """One rule as YAML text (for editing it alone)."""
    rule = next((r for r in data.get("rules") or [] if isinstance(r, dict) and r.get("code") == code), None)
    return "" if rule is None else dump(rule)


def replace_rule(data: dict[str, Any], code: str, rule_text: str) -> dict[str, Any]:
    """A copy of `data` with rule `code` replaced by the YAML mapping `rule_text` (empty: deleted).

    ValueError if the text is not one mapping or the rule is gone; yaml.YAMLError on bad syntax.
    """
    out = parse(dump(data))
    rules = list(out.get("rules") or [])
    index = next((i for i, r in enumerate(rules) if isinstance(r, dict) and r.get("code") == code), None)
    if index is None:
        raise ValueError(f"there is no rule {code!r} any more")
    if not rule_text.strip():
        del rules[index]
    else:
        new = load_yaml(rule_text, what="rule")
        if not isinstance(new, dict):
            raise ValueError("a rule is one mapping (kind, code, ...)")
        rules[index] = new
    if rules:
        out["rules"] = rules
    else:
        out.pop("rules", None)
    return out


def condition(module_code: str, options: list[str]) -> dict[str, Any]:
    """`{module: option}` or `{module: [options...]}`, as catalog files write conditions."""
    return {module_code: options[0] if len(options) == 1 else list(options)}


def new_rule(*, kind: str, code: str, message: str, first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """An `excludes` (both conditions never together) or `requires` (first needs second) rule."""
    rule: dict[str, Any] = {"kind": kind, "code": code.strip()}
    if message.strip():
        rule["message"] = message.strip()
    if kind == "excludes":
        rule["conditions"] = [first, second]
    elif kind == "requires":
        rule["if"], rule["then"] = first, second
    else:
        raise ValueError(f"unknown rule kind {kind!r}")
    return rule


def add_rule(data: dict[str, Any], rule: dict[str, Any]) -> dict[str, Any]:
    """A copy of `data` with `rule` appended; ValueError for an empty or taken code."""
    code = str(rule.get("code") or "").strip()
    if not code:
        raise ValueError("give the new rule a code")
    if code in rule_codes(data):
        raise ValueError(f"there is a rule {code!r} already")
    out = parse(dump(data))
    out["rules"] = [*(out.get("rules") or []), rule]
    return out


def replace_section(data: dict[str, Any], key: str, section_yaml: str) -> dict[str, Any]:
    """A copy of `data` with one top-level section (rules, pricing, ...) replaced by YAML text."""
    out = parse(dump(data))
    value = load_yaml(section_yaml, what=key)
    if value is None:
        out.pop(key, None)
    else:
        out[key] = value
    return out


def section_yaml(data: dict[str, Any], key: str) -> str:
    return dump({key: data[key]}).split("\n", 1)[1] if key in data else ""


def spreadsheet_safe(cell: str) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ tab or CR gets a leading quote.

    >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe("oak")
    ("'=HYPERLINK(1)", 'oak')
    """
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def table_csv(header: list[str], rows: list[list[str]]) -> str:
    """A compatibility table as CSV for spreadsheets, every cell formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(h) for h in header])
    writer.writerows([[spreadsheet_safe(str(c)) for c in row] for row in rows])
    return out.getvalue()
