"""Passwords as NIST SP 800-63B asks: long enough, not a known one, no composition rules.

A password needs at least `MIN_LENGTH` characters (any: spaces and emoji count, after Unicode
NFKC normalisation), at most `MAX_LENGTH`. It is refused when it is one of the 30,000 most
common passwords of public breaches (`common_passwords.txt`, shipped: nothing is looked up on
the network), a common password padded with digits or symbols ("Summer2024!!!!"), one character
or a short run repeated, a keyboard or number sequence, or the account's own e-mail address or
name. Hashes are argon2id.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher

from store.errors import ErrorCode, StoreError

MIN_LENGTH = 12
MAX_LENGTH = 1_000
LIST = Path(__file__).with_name("common_passwords.txt")
_SEQUENCES = ("0123456789012", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "azertyuiopqsdfghjklmwxcvbn")
_PADDING = re.compile(r"^[\W\d_]*(.*?)[\W\d_]*$")

hasher = PasswordHasher()


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _normal(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def _sequence(text: str) -> bool:
    return any(text in s or text in s[::-1] for s in _SEQUENCES)


def _repeated(text: str) -> bool:
    return any(len(text) % n == 0 and text == text[:n] * (len(text) // n) for n in range(1, len(text) // 2 + 1))


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why `password` is refused, in words for the person choosing it; None when it is fine."""
    text = _normal(password)
    if len(text) < MIN_LENGTH:
        return f"Password should have at least {MIN_LENGTH} characters (a few words make a good one)"
    if len(text) > MAX_LENGTH:
        return f"Password should have at most {MAX_LENGTH} characters"
    lower = text.lower()
    core = _PADDING.match(lower)
    core_text = core.group(1) if core else lower
    known = common_passwords()
    if lower in known or (len(core_text) >= 4 and core_text in known):
        return "Password is one of the most common passwords: choose another one"
    squeezed = lower.replace(" ", "")
    if _repeated(squeezed) or _repeated(lower) or _sequence(squeezed):
        return "Password is a repeated or sequential pattern: choose another one"
    local = email.strip().lower().split("@")[0]
    context = {w for w in (email.strip().lower(), local, name.strip().lower()) if len(w) >= 4}
    if any(lower == w or core_text == w for w in context):
        return "Password should not be your e-mail address or name"
    return None


def check_password(password: str, *, email: str = "", name: str = "") -> None:
    """BAD_INPUT (field password) when `password_problem` finds one."""
    problem = password_problem(password, email=email, name=name)
    if problem is not None:
        raise StoreError(ErrorCode.BAD_INPUT, problem, field="password")


def hash_password(password: str) -> str:
    return hasher.hash(_normal(password))


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches `password_hash` (also for hashes made before normalisation)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    for candidate in dict.fromkeys((_normal(password), password)):
        try:
            if hasher.verify(password_hash, candidate):
                return True
        except (VerificationError, InvalidHashError):
            continue
    return False
