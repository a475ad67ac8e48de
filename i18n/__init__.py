"""Buyer languages and their message catalogs (gettext, written and compiled with Babel).

Messages live in `locales/<language>/LC_MESSAGES/messages.po` (English is the source language and
needs no catalog). `make translations` compiles each `.po` into its `.mo`; without a `.mo` (or with
one older than its `.po`) the `.po` is compiled in memory on first use, so a checkout runs as is.
Extraction: `pybabel extract -F babel.cfg -o locales/messages.pot .` (see docs/translations.md).

>>> gettext("Your cart", "es"), gettext("Your cart", "en"), gettext("Your cart", "xx")
('Tu carrito', 'Your cart', 'Your cart')
>>> language("pt-BR"), language("zh-CN"), language(None)
('pt', 'zh_Hans', 'en')
"""

from __future__ import annotations

import gettext as _gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
# The buyer languages, each named in itself (how the language picker lists them).
LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "pt": "Português",
    "ru": "Русский",
    "zh_Hans": "简体中文",
}


def language(code: str | None) -> str:
    """A supported language code; anything else (None, '', 'xx', a hostile string) is the default."""
    if not code or not isinstance(code, str):
        return DEFAULT_LANGUAGE
    if code in LANGUAGES:
        return code
    base = code.replace("-", "_").split("_")[0].lower()
    if base == "zh":
        return "zh_Hans"
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


MAX_ACCEPT = 500  # characters of an Accept-Language header read; the rest is ignored


def preferred(accept_language: str | None) -> str:
    """The buyer language a browser asks for in its `Accept-Language` header: the supported
    language of the highest weight (the header's order breaks ties), else the default.

    >>> preferred("ru-RU,ru;q=0.9,en-US;q=0.8"), preferred("de-DE,de;q=0.9,pt;q=0.5"), preferred("zh-CN")
    ('ru', 'pt', 'zh_Hans')
    >>> preferred("fr, de"), preferred(None), preferred(";q=;;,,")
    ('en', 'en', 'en')
    """
    if not isinstance(accept_language, str):
        return DEFAULT_LANGUAGE
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language[:MAX_ACCEPT].split(",")[:32]):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        name, _, value = params.strip().partition("=")
        if name.strip() == "q":
            try:
                weight = float(value)
            except ValueError:
                continue
        if not tag or not 0 < weight <= 1:
            continue
        ranked.append((-weight, index, tag.strip()))
    for _weight, _index, tag in sorted(ranked):
        base = tag.replace("-", "_").split("_")[0].lower()
        if base == DEFAULT_LANGUAGE:
            return DEFAULT_LANGUAGE
        found = language(tag)
        if found != DEFAULT_LANGUAGE:
            return found
    return DEFAULT_LANGUAGE


def catalog_path(lang: str, suffix: str = ".po") -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of a language (English and a language without a catalog: identity)."""
    lang = language(lang)
    po, mo = catalog_path(lang), catalog_path(lang, ".mo")
    if lang == DEFAULT_LANGUAGE or not po.is_file():
        return _gettext.NullTranslations()
    if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def gettext(message: str, lang: str | None) -> str:
    return translations(language(lang)).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str | None) -> str:
    return translations(language(lang)).ngettext(singular, plural, n)
