"""The buyer sidebar in the buyer's language: the language picker's label (with the English word
beside it, so a buyer who cannot read the current language still finds it) and the staff sign-in link a buyer
meets on a staff page's deep link."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from i18n import LANGUAGES
from tests.conftest import ROOT
from tests.test_ui.buyer_app import app_at
from ui.session_keys import LANGUAGE_KEY

SAID = {
    "en": ("Language", "Staff sign-in"),
    "es": ("Idioma · Language", "Acceso del personal"),
    "pt": ("Idioma · Language", "Acesso da equipa"),
    "ru": ("Язык · Language", "Вход для сотрудников"),
    "zh_Hans": ("语言 · Language", "员工登录"),
}


def test_every_language_is_said():
    assert set(SAID) == set(LANGUAGES)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_language_picker_is_labelled_in_the_language_and_in_english(db, lang):
    at = app_at("pages/buyer/shop.py")
    at.session_state[LANGUAGE_KEY] = lang
    at.run()
    assert not at.exception
    picker = at.selectbox(key="w:ui:language")
    assert picker.label == SAID[lang][0]
    assert "Русский" in picker.options and "English" in picker.options  # each language named in itself


@pytest.mark.parametrize("lang", ["en", "zh_Hans"])
def test_the_staff_sign_in_link_of_a_staff_page_deep_link_is_in_the_buyers_language(db, lang):
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state[LANGUAGE_KEY] = lang
    at.run()  # pages with their own url_path are known after a first run
    at.switch_page("pages/operations/orders.py").run()
    assert not at.exception
    assert [link.proto.label for link in at.get("page_link")] == [SAID[lang][1]]


def test_the_picker_label_is_plain_words_a_screen_reader_can_say():
    """The label is also the box's accessible name: icon markup (":material/language:") was read
    out as such, and an emoji globe showed as an empty box without an emoji font."""
    from ui.language import picker_label

    for lang in LANGUAGES:
        label = picker_label(lang)
        assert ":" not in label and label.isprintable()
        assert all(ord(ch) < 0x2000 or "\u3000" <= ch <= "\u9fff" for ch in label.replace("·", ""))
