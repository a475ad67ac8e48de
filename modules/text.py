"""Text hygiene for everything a person types: catalog names and buyers' engraving text.

Text is NFC-normalised; control characters, bidirectional overrides/isolates and other invisible
format characters are refused, because they can reorder what a buyer sees ("Trojan Source") or
hide text from a preview while it still reaches production.

>>> clean_text("Cafe\\u0301", max_length=10)
'Café'
>>> clean_text("abc\\u202edcba", max_length=20)
Traceback (most recent call last):
...
ValueError: character U+202E (RIGHT-TO-LEFT OVERRIDE) at position 4 is not allowed
"""

from __future__ import annotations

import unicodedata

# Named character sets a text module may allow (see docs/catalog-format.md).
CHARSETS: dict[str, str] = {
    "digits": "0123456789",
    "upper": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "letters": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "latin": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,'&-!?",
    "latin-extended": (
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,'&-!?:;()/+#@\"*"
        "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿŒœŠšŽžŁłĆćŃńŚśŹźŻż"
    ),
}


def _refused(char: str) -> bool:
    category = unicodedata.category(char)
    # Cc: control, Cf: format (bidi controls, zero-width), Cs: surrogate, Co: private, Cn: unassigned
    return category in {"Cc", "Cf", "Cs", "Co", "Cn"} or category in {"Zl", "Zp"}


def clean_text(value: str, *, max_length: int, allow_newlines: bool = False) -> str:
    """NFC-normalise `value` and refuse invisible or reordering characters; raise ValueError."""
    text = unicodedata.normalize("NFC", value)
    for index, char in enumerate(text):
        if allow_newlines and char == "\n":
            continue
        if _refused(char):
            name = unicodedata.name(char, "unnamed character")
            raise ValueError(f"character U+{ord(char):04X} ({name}) at position {index + 1} is not allowed")
    if len(text) > max_length:
        raise ValueError(f"text is {len(text)} characters long; at most {max_length} are allowed")
    return text


def check_allowed(text: str, allowed: str) -> None:
    """Raise ValueError naming the first character of `text` that is not in `allowed`."""
    allowed_set = set(allowed)
    for index, char in enumerate(text):
        if char not in allowed_set:
            shown = char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"
            raise ValueError(f"character '{shown}' at position {index + 1} is not allowed here")
