"""`python -m pricing quote PATH ...`: print a full quote as JSON.

Exit status: 0 with a quote, 1 when the catalog cannot be loaded or the configuration cannot be
sold (the JSON then carries `error` and the `violations`), 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from configurator.catalog_model import CatalogProblem, compile_catalog
from configurator.engine import Engine
from configurator.errors import ConfiguratorError
from modules.catalog import Catalog
from modules.errors import CatalogError
from modules.kinds import MultiChoice, NumericModule, QuantityModule, SingleChoice
from modules.loader import load_catalog
from modules.selection import SelectionError, parse_selection
from pricing.bounds import PriceBounds, concrete_selection
from pricing.context import QuoteContext
from pricing.errors import QuoteError, QuoteErrorCode
from pricing.quote import quote
from pricing.shop import DEFAULT_SHOP, load_shop


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pricing", description="Quote configured products.")
    commands = parser.add_subparsers(dest="command", required=True)
    q = commands.add_parser("quote", help="price one configured product and print the breakdown as JSON")
    q.add_argument("path", help="catalog YAML file")
    q.add_argument("--choose", action="append", default=[], metavar="MODULE=VALUE", help="multi: a,b,c")
    q.add_argument("--complete", choices=["default", "cheapest"], help="fill the open modules")
    q.add_argument("--quantity", type=int, default=1)
    q.add_argument("--coupon")
    q.add_argument("--delivery", help="delivery mode code (default: the shop's)")
    q.add_argument("--country", help="destination country, e.g. DE (default: the shop's home country)")
    q.add_argument("--date", type=dt.date.fromisoformat, default=None, help="order date YYYY-MM-DD (default: today)")
    q.add_argument("--signed-in", action="store_true", help="a signed-in member (member price, loyalty)")
    q.add_argument("--points", type=int, default=0, help="loyalty points held")
    q.add_argument("--redeem", type=int, default=0, help="loyalty points to spend")
    q.add_argument("--coupon-uses", type=int, default=0, help="uses of the coupon so far")
    q.add_argument("--shop", default=str(DEFAULT_SHOP), help="shop settings YAML")
    return parser


def _raw_choices(catalog: Catalog, choices: Sequence[str]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for item in choices:
        module_code, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"--choose {item!r}: write MODULE=VALUE")
        module = catalog.module(module_code)
        if isinstance(module, MultiChoice):
            raw[module_code] = [v for v in value.split(",") if v]
        else:
            raw[module_code] = value
    return raw


def _defaults(cp: CatalogProblem, engine: Engine, assignment: dict[int, int]) -> dict[int, int]:
    """Add each module's default where the buyer left it open and it still fits."""
    for module in cp.catalog.modules:
        wanted: dict[int, int] = {}
        if isinstance(module, MultiChoice):
            for option in module.options:
                var = cp.option_var[(module.code, option.code)]
                if var not in assignment:
                    wanted[var] = 1 if option.default else 0
        elif module.code in cp.module_var and cp.module_var[module.code] not in assignment:
            if isinstance(module, SingleChoice):
                default = next((o.code for o in module.options if o.default), None)
                if default is not None:
                    wanted = cp.assignment({module.code: default})
            elif isinstance(module, NumericModule | QuantityModule) and module.default is not None:
                wanted = cp.assignment({module.code: Decimal(module.default)})
        for var, value in wanted.items():
            trial = {**assignment, var: value}
            if engine.is_consistent(trial):
                assignment = trial
    return assignment


def _complete(catalog: Catalog, raw: dict[str, Any], how: str, date: dt.date, quantity: int) -> dict[str, Any]:
    cp = compile_catalog(catalog)
    engine = Engine(cp.problem)
    parsed = parse_selection(catalog, raw)
    assignment = cp.assignment(parsed)
    if not engine.is_consistent(assignment):
        return raw  # the quote reports what is wrong
    if how == "default":
        assignment = _defaults(cp, engine, assignment)
    costs = PriceBounds(cp, engine, date=date, quantity=quantity).costs
    found = engine.complete(assignment, costs)
    if found is None:
        return raw
    completed = concrete_selection(cp, found)
    return {**completed, **{k: v for k, v in parsed.items() if k in completed}}


def _quote(args: argparse.Namespace) -> int:
    try:
        catalog = load_catalog(args.path)
        shop = load_shop(args.shop)
    except CatalogError as exc:
        print(exc, file=sys.stderr)
        return 1
    date = args.date or dt.date.today()
    raw = _raw_choices(catalog, args.choose)
    try:
        if args.complete:
            raw = _complete(catalog, raw, args.complete, date, max(args.quantity, 1))
        context = QuoteContext(
            shop=shop,
            date=date,
            country=args.country,
            delivery=args.delivery,
            coupon=args.coupon,
            coupon_uses=args.coupon_uses,
            signed_in=args.signed_in,
            loyalty_balance=args.points,
            redeem_points=args.redeem,
        )
        result = quote(catalog=catalog, selection=raw, quantity=args.quantity, context=context)
    except SelectionError as exc:
        error = QuoteError(QuoteErrorCode.INVALID_SELECTION, str(exc))
        print(json.dumps(error.as_json(), indent=2, ensure_ascii=False))
        return 1
    except QuoteError as exc:
        print(json.dumps(exc.as_json(), indent=2, ensure_ascii=False))
        return 1
    except ConfiguratorError as exc:
        print(json.dumps({"error": "engine", "message": str(exc)}, indent=2))
        return 1
    print(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return _quote(args)
