"""The buyer sidebar in the buyer's language: the language picker's label (behind a globe, so a
buyer who cannot read the current language still finds it) and the staff sign-in link a buyer
meets on a staff page's deep link."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from i18n import LANGUAGES
from tests.conftest import ROOT
from tests.test_ui.buyer_app import app_at
from ui.session_keys import LANGUAGE_KEY

SAID = {
    "en": (":material/language: Language", "Staff sign-in"),
    "es": (":material/language: Idioma", "Acceso del personal"),
    "pt": (":material/language: Idioma", "Acesso da equipa"),
    "ru": (":material/language: Язык", "Вход для сотрудников"),
    "zh_Hans": (":material/language: 语言", "员工登录"),
}


def test_every_language_is_said():
    assert set(SAID) == set(LANGUAGES)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_language_picker_is_labelled_in_the_language_behind_a_globe(db, lang):
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
