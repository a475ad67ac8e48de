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
