"""What every store service checks in text that people type, before any table sees it.

The same refusal on SQLite and PostgreSQL: PostgreSQL rejects NUL characters and over-long text
with a raw `DataError`, while SQLite stores them and fails later (a page that cannot show them).
So the services refuse such input themselves with `StoreError(BAD_INPUT)` naming the field.
The `clean_*` functions raise `Unfit` (a `ValueError` whose reason keeps its template and figures,
so pages can say it in the buyer's language; usable as pydantic validators, see
`store.checkout_details`); the other helpers raise the store's refusal with the field's label and
its `reasons`.

>>> text("  Ana  Lima ", field="name", label="Full name", limit=120, required=True)
'Ana  Lima'
>>> text("A\\x00B", field="name", label="Full name", limit=120)
Traceback (most recent call last):
...
store.errors.StoreError: Full name: a control character (U+0000) is not allowed
>>> coupon_code(" welcome10 ")
'WELCOME10'
>>> try:
...     text("x" * 300, field="name", label="Full name", limit=120)
... except StoreError as refusal:
...     print(refusal.reasons["name"].template, refusal.reasons["name"].params, refusal.labels)
at most {limit} characters ({given} given) {'limit': 120, 'given': 300} {'name': 'Full name'}
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from i18n.words import N_
from store.errors import ErrorCode, Reason, StoreError

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


# Every reason a check may give, marked for the message catalogs (the pages translate them).
FILL_IN = N_("please fill this in")
TEXT_EXPECTED = N_("text expected")
TOO_LONG = N_("at most {limit} characters ({given} given)")
CONTROL = N_("a control character ({code}) is not allowed")
INVALID = N_("an invalid character ({code}) is not allowed")
DIRECTION = N_("a text-direction character ({code}) is not allowed")
NOT_EMAIL = N_("this is not an e-mail address (name@example.com)")
NOT_PHONE = N_("digits, spaces and + ( ) - only, at least five digits")
NOT_COUPON = N_("letters, digits, - and _ only")


class Unfit(ValueError):
    """A typed value refused: `reason` is the English sentence, with its template and figures."""

    def __init__(self, template: str, /, **params: Any) -> None:
        self.reason = Reason(template, **params)
        super().__init__(self.reason)


def problem_in(value: str, *, multiline: bool = False) -> Reason | None:
    """Why `value` cannot be stored as typed text (English text that keeps its template), or None
    when it can."""
    for ch in value:
        if multiline and ch in _MULTILINE_OK:
            continue
        category = unicodedata.category(ch)
        if category == "Cc":
            return Reason(CONTROL, code=_code(ch))
        if category == "Cs":
            return Reason(INVALID, code=_code(ch))
        if ch in _BIDI:
            return Reason(DIRECTION, code=_code(ch))
    return None


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"  # worked out only for the character refused, not for every one read


def plausible_token(value: object) -> bool:
    """Whether `value` can be a private reference (order, cart, design): looked up only then, so a
    tampered link is "not found" on both databases (PostgreSQL refuses NUL in a query)."""
    return isinstance(value, str) and 0 < len(value) <= TOKEN_MAX and problem_in(value) is None


def clean_text(value: object, *, limit: int, required: bool = False, multiline: bool = False) -> str:
    """`value` stripped; ValueError(reason) if it is empty but required, too long or unstorable."""
    if not isinstance(value, str):
        raise Unfit(TEXT_EXPECTED)
    if len(value) > limit * 4 + 1_000:  # far too long: say so without scanning it
        raise Unfit(TOO_LONG, limit=limit, given=len(value))
    cleaned = value.strip()
    # Blanks around are dropped; control characters there are refused like anywhere else
    # (Python counts U+001C..U+001F and U+0085 as white space).
    edges = value[: len(value) - len(value.lstrip())] + value[len(value.rstrip()) :]
    problem = problem_in(edges, multiline=True)
    if problem:
        raise Unfit(problem.template, **problem.params)
    if required and not cleaned:
        raise Unfit(FILL_IN)
    if len(cleaned) > limit:
        raise Unfit(TOO_LONG, limit=limit, given=len(cleaned))
    problem = problem_in(cleaned, multiline=multiline)
    if problem:
        raise Unfit(problem.template, **problem.params)
    return cleaned


def clean_email(value: object) -> str:
    """An e-mail address of a plausible shape, lower-case."""
    address = clean_text(value, limit=254, required=True).lower()
    if not _EMAIL.match(address):
        raise Unfit(NOT_EMAIL)
    return address


def clean_phone(value: object) -> str | None:
    """An optional phone number: digits, spaces, + ( ) . / -, and at least five digits."""
    if value is None:
        return None
    number = clean_text(value, limit=40)
    if not number:
        return None
    if not _PHONE.match(number) or sum(ch.isdigit() for ch in number) < 5:
        raise Unfit(NOT_PHONE)
    return number


def clean_coupon(value: object) -> str | None:
    """A coupon code as buyers type it (case and spaces around ignored); None when blank."""
    if value is None:
        return None
    code = clean_text(value, limit=COUPON_MAX).upper()
    if not code:
        return None
    if not _COUPON.match(code):
        raise Unfit(NOT_COUPON)
    return code


def refuse(field: str, label: str, reason: str, **data: Any) -> StoreError:
    """BAD_INPUT naming the field by its label; a `Reason` (or an `Unfit`'s) can be translated."""
    error = StoreError(ErrorCode.BAD_INPUT, f"{label}: {reason}", field=field, **data)
    error.reasons = {field: reason if isinstance(reason, Reason) else Reason(reason)}
    error.labels = {field: label}
    return error


def reason_of(exc: ValueError) -> Reason:
    """The reason a check gave (an `Unfit`'s, or any other ValueError's text as is)."""
    return exc.reason if isinstance(exc, Unfit) else Reason(str(exc))


def text(value: object, *, field: str, label: str, limit: int, required: bool = False, multiline: bool = False) -> str:
    """`clean_text`, refused as BAD_INPUT naming the field."""
    try:
        return clean_text(value, limit=limit, required=required, multiline=multiline)
    except ValueError as exc:
        raise refuse(field, label, reason_of(exc), limit=limit) from None


def email(value: object, *, field: str = "email", label: str = "E-mail") -> str:
    try:
        return clean_email(value)
    except ValueError as exc:
        raise refuse(field, label, reason_of(exc)) from None


def phone(value: object, *, field: str = "phone", label: str = "Phone") -> str | None:
    try:
        return clean_phone(value)
    except ValueError as exc:
        raise refuse(field, label, reason_of(exc)) from None


def coupon_code(value: object, *, field: str = "coupon", label: str = "Coupon code") -> str | None:
    try:
        return clean_coupon(value)
    except ValueError as exc:
        raise refuse(field, label, reason_of(exc)) from None


def validated(model: type[M], data: Any, *, labels: dict[str, str] | None = None) -> M:
    """`model` validated from `data`; BAD_INPUT naming the first field at fault and every problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise from_validation(exc, labels=labels) from None


def from_validation(exc: ValidationError, *, labels: dict[str, str] | None = None) -> StoreError:
    """A pydantic ValidationError as the store's refusal: `problems` maps each field to its reason
    (a `Reason`: English text that keeps its template and figures; also in the error's `reasons`)."""
    problems: dict[str, Reason] = {}
    for error in exc.errors(include_url=False):
        where = ".".join(str(part) for part in error["loc"]) or "input"
        problems.setdefault(where, _reason_in(error))
    return refused(problems, labels=labels)


def refused(problems: dict[str, Reason], *, labels: dict[str, str] | None = None) -> StoreError:
    """One BAD_INPUT for every field at fault: each named by its label (or its name) and why."""
    names = {field: (labels or {}).get(field, field.replace("_", " ")) for field in problems}
    message = "; ".join(f"{names[field]}: {why}" for field, why in problems.items())
    error = StoreError(ErrorCode.BAD_INPUT, message, field=next(iter(problems)), problems=problems)
    error.reasons, error.labels = dict(problems), names
    return error


def _reason_in(error: Any) -> Reason:
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, Unfit):
        return cause.reason
    return Reason(str(error["msg"]).removeprefix("Value error, "))
