"""What every store service checks in text that people type, before any table sees it.

The same refusal on SQLite and PostgreSQL: PostgreSQL rejects NUL characters and over-long text
with a raw `DataError`, while SQLite stores them and fails later (a page that cannot show them).
So the services refuse such input themselves with `StoreError(BAD_INPUT)` naming the field.
The `clean_*` functions raise `ValueError(reason)` (usable as pydantic validators, see
`store.checkout_details`); the other helpers raise the store's refusal with the field's label.

>>> text("  Ana  Lima ", field="name", label="Full name", limit=120, required=True)
'Ana  Lima'
>>> text("A\\x00B", field="name", label="Full name", limit=120)
Traceback (most recent call last):
...
store.errors.StoreError: Full name: a control character (U+0000) is not allowed
>>> coupon_code(" welcome10 ")
'WELCOME10'
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from store.errors import ErrorCode, StoreError

M = TypeVar("M", bound=BaseModel)

# Characters that make text misleading or unstorable: bidirectional overrides and isolates
# (they reverse what staff read), and lone surrogates (no encoding can store them).
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_MULTILINE_OK = frozenset("\n\r\t")
TOKEN_MAX = 64  # store.tables._base.TOKEN
COUPON_MAX = 32  # store.tables.Coupon.code
_COUPON = re.compile(r"^[A-Z0-9][A-Z0-9_-]*$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{5,40}$")


def problem_in(value: str, *, multiline: bool = False) -> str | None:
    """Why `value` cannot be stored as typed text, or None when it can."""
    for ch in value:
        if multiline and ch in _MULTILINE_OK:
            continue
        category = unicodedata.category(ch)
        if category == "Cc":
            return f"a control character (U+{ord(ch):04X}) is not allowed"
        if category == "Cs":
            return f"an invalid character (U+{ord(ch):04X}) is not allowed"
        if ch in _BIDI:
            return f"a text-direction character (U+{ord(ch):04X}) is not allowed"
    return None


def plausible_token(value: object) -> bool:
    """Whether `value` can be a private reference (order, cart, design): looked up only then, so a
    tampered link is "not found" on both databases (PostgreSQL refuses NUL in a query)."""
    return isinstance(value, str) and 0 < len(value) <= TOKEN_MAX and problem_in(value) is None


def clean_text(value: object, *, limit: int, required: bool = False, multiline: bool = False) -> str:
    """`value` stripped; ValueError(reason) if it is empty but required, too long or unstorable."""
    if not isinstance(value, str):
        raise ValueError("text expected")
    if len(value) > limit * 4 + 1_000:  # far too long: say so without scanning it
        raise ValueError(f"at most {limit:,} characters ({len(value):,} given)")
    cleaned = value.strip()
    # Blanks around are dropped; control characters there are refused like anywhere else
    # (Python counts U+001C..U+001F and U+0085 as white space).
    edges = value[: len(value) - len(value.lstrip())] + value[len(value.rstrip()) :]
    problem = problem_in(edges, multiline=True)
    if problem:
        raise ValueError(problem)
    if required and not cleaned:
        raise ValueError("please fill this in")
    if len(cleaned) > limit:
        raise ValueError(f"at most {limit:,} characters ({len(cleaned):,} given)")
    problem = problem_in(cleaned, multiline=multiline)
    if problem:
        raise ValueError(problem)
    return cleaned


def clean_email(value: object) -> str:
    """An e-mail address of a plausible shape, lower-case."""
    address = clean_text(value, limit=254, required=True).lower()
    if not _EMAIL.match(address):
        raise ValueError("this is not an e-mail address (name@example.com)")
    return address


def clean_phone(value: object) -> str | None:
    """An optional phone number: digits, spaces, + ( ) . / -, and at least five digits."""
    if value is None:
        return None
    number = clean_text(value, limit=40)
    if not number:
        return None
    if not _PHONE.match(number) or sum(ch.isdigit() for ch in number) < 5:
        raise ValueError("digits, spaces and + ( ) - only, at least five digits")
    return number


def clean_coupon(value: object) -> str | None:
    """A coupon code as buyers type it (case and spaces around ignored); None when blank."""
    if value is None:
        return None
    code = clean_text(value, limit=COUPON_MAX).upper()
    if not code:
        return None
    if not _COUPON.match(code):
        raise ValueError("letters, digits, - and _ only")
    return code


def refuse(field: str, label: str, reason: str, **data: Any) -> StoreError:
    return StoreError(ErrorCode.BAD_INPUT, f"{label}: {reason}", field=field, **data)


def text(value: object, *, field: str, label: str, limit: int, required: bool = False, multiline: bool = False) -> str:
    """`clean_text`, refused as BAD_INPUT naming the field."""
    try:
        return clean_text(value, limit=limit, required=required, multiline=multiline)
    except ValueError as exc:
        raise refuse(field, label, str(exc), limit=limit) from None


def email(value: object, *, field: str = "email", label: str = "E-mail") -> str:
    try:
        return clean_email(value)
    except ValueError as exc:
        raise refuse(field, label, str(exc)) from None


def phone(value: object, *, field: str = "phone", label: str = "Phone") -> str | None:
    try:
        return clean_phone(value)
    except ValueError as exc:
        raise refuse(field, label, str(exc)) from None


def coupon_code(value: object, *, field: str = "coupon", label: str = "Coupon code") -> str | None:
    try:
        return clean_coupon(value)
    except ValueError as exc:
        raise refuse(field, label, str(exc)) from None


def validated(model: type[M], data: Any, *, labels: dict[str, str] | None = None) -> M:
    """`model` validated from `data`; BAD_INPUT naming the first field at fault and every problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise from_validation(exc, labels=labels) from None


def from_validation(exc: ValidationError, *, labels: dict[str, str] | None = None) -> StoreError:
    """A pydantic ValidationError as the store's refusal: `problems` maps each field to its reason."""
    problems: dict[str, str] = {}
    for error in exc.errors(include_url=False):
        where = ".".join(str(part) for part in error["loc"]) or "input"
        reason = str(error["msg"]).removeprefix("Value error, ")
        problems.setdefault(where, reason)
    first = next(iter(problems))
    names = labels or {}
    message = "; ".join(f"{names.get(field, field.replace('_', ' '))}: {why}" for field, why in problems.items())
    return StoreError(ErrorCode.BAD_INPUT, message, field=first, problems=problems)
