"""What the buyer languages cost per page run: formatting an amount or a date (Babel/CLDR), looking
up a message, and building a catalog's translated view. Prints figures; asserts nothing.

    .venv/bin/python bench/locale_bench.py
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import i18n  # noqa: E402
from modules.loader import load_catalog  # noqa: E402
from modules.translations import translated  # noqa: E402
from pricing import formatting  # noqa: E402
from pricing.money import Money  # noqa: E402


def per_call(label: str, fn, n: int) -> None:
    fn()  # warm (CLDR data and catalogs load once per process)
    start = time.perf_counter()
    for _ in range(n):
        fn()
    micros = (time.perf_counter() - start) / n * 1e6
    print(f"{label:<48} {micros:9.1f} µs/call  ({n:,} calls)")


def main() -> None:
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    amount, day = Money("19900.5", "EUR"), dt.date(2026, 12, 3)
    start = time.perf_counter()
    for lang in i18n.LANGUAGES:
        i18n.translations(lang)
    print(f"{'load the 4 message catalogs (cold: .mo, else .po)':<48} {(time.perf_counter() - start) * 1e3:9.1f} ms")
    for lang in ("en", "ru", "zh_Hans"):
        per_call(f"money() {lang}", lambda lang=lang: formatting.money(amount, lang), 20_000)
    per_call("Money.display() (the English-only formatter before)", amount.display, 20_000)
    per_call("day() es", lambda: formatting.day(day, "es"), 20_000)
    per_call("gettext() es", lambda: i18n.gettext("Your cart", "es"), 100_000)
    tee = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
    per_call("translated(tshirt catalog, es)", lambda: translated(tee, "es"), 2_000)
    per_call("number() pt", lambda: formatting.number(Decimal("12345.5"), "pt"), 20_000)


if __name__ == "__main__":
    main()
