"""Every buyer string is translated in every language, and the template matches the code."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

import i18n
from tests.conftest import ROOT

LANGUAGES = [code for code in i18n.LANGUAGES if code != i18n.DEFAULT_LANGUAGE]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def template_ids() -> set[str]:
    with (ROOT / "locales" / "messages.pot").open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_with_the_same_placeholders(lang):
    with i18n.catalog_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    messages = {m.id: m for m in catalog if m.id}
    assert set(messages) == template_ids(), "run `make messages` and translate what is new"
    for msgid, message in messages.items():
        # a message with a plural ("1 piece", "2 pieces") has one text per plural form of the language
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        english = msgid if isinstance(msgid, tuple) else (msgid,)
        assert len(forms) == (catalog.num_plurals if message.pluralizable else 1), (lang, msgid)
        assert all(forms), f"{lang}: {msgid!r} has no translation"
        assert not message.fuzzy, f"{lang}: {msgid!r} is marked fuzzy"
        for form in forms:
            assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(english[-1])), (lang, msgid)
    assert i18n.translations(lang).gettext("Your cart") != "Your cart"


def test_the_template_holds_every_string_the_code_marks(tmp_path):
    fresh = tmp_path / "messages.pot"
    command = [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg"]
    command += ["-k", "_", "-k", "tr", "-k", "N_", "--no-location", "-o", str(fresh), "."]
    subprocess.run(command, cwd=ROOT, check=True)
    with fresh.open("rb") as handle:
        marked = {m.id for m in read_po(handle) if m.id}
    assert marked == template_ids(), "run `make messages`: the code marks strings the catalogs lack"


def test_unknown_languages_fall_back_to_english():
    for code in (None, "", "de", "<script>", "zz_ZZ", "x" * 1000):
        assert i18n.gettext("Your cart", code) == "Your cart"


def strings(lang: str) -> dict[str, str]:
    """msgid -> translation (every plural form of a plural message, one after the other)."""
    with i18n.catalog_path(lang).open("rb") as handle:
        return {
            m.id[0] if isinstance(m.id, tuple) else m.id: " / ".join(m.string)
            if isinstance(m.string, tuple)
            else m.string
            for m in read_po(handle, locale=lang)
            if m.id
        }


@pytest.mark.parametrize(("lang", "script"), [("ru", r"[а-яА-ЯёЁ]"), ("zh_Hans", r"[\u4e00-\u9fff]")])
def test_each_translation_is_written_in_its_own_script(lang, script):
    """A message copied from another language (or left in English) has none of the script's letters."""
    wrong = [msgid for msgid, text in strings(lang).items() if not re.search(script, text)]
    assert not wrong, f"{lang}: not in its script: {wrong[:5]}"


def test_spanish_and_portuguese_are_not_copies_of_each_other():
    spanish, portuguese = strings("es"), strings("pt")
    same = [msgid for msgid in spanish if spanish[msgid] == portuguese[msgid]]
    assert len(same) < len(spanish) * 0.15, same  # cognates like "Total" and "Subtotal" only


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_catalog_compiles(lang):
    """`make run` compiles the catalogs (`pybabel compile`), which refuses a message whose text
    reads as a %-format ("5% off": '% o') unless the translation has the same one: keep none."""
    with i18n.catalog_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    problems = [(message.id, [str(error) for error in errors]) for message, errors in catalog.check()]
    assert problems == []
