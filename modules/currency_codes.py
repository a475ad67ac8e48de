"""The currencies a catalog or a shop may price in: ISO 4217 codes and their minor units."""

from __future__ import annotations

# ISO 4217 minor units of the currencies a shop is likely to meet; the rest need adding here.
MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(
        [
            "EUR",
            "USD",
            "GBP",
            "CHF",
            "SEK",
            "NOK",
            "DKK",
            "PLN",
            "CZK",
            "HUF",
            "RON",
            "BGN",
            "CAD",
            "AUD",
            "NZD",
            "CNY",
            "HKD",
            "SGD",
            "INR",
            "MXN",
            "BRL",
            "ZAR",
            "TRY",
            "RUB",
        ],
        2,
    ),
    **dict.fromkeys(["JPY", "KRW", "ISK", "CLP", "VND", "XOF", "XAF"], 0),
    **dict.fromkeys(["BHD", "KWD", "OMR", "JOD", "TND"], 3),
}
