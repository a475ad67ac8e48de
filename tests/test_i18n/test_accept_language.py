"""A new visitor is served in the language their browser asks for (`Accept-Language`), whatever the
header holds; the page test proves it in Chromium (tests/test_e2e/test_browser_language.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import i18n


@given(st.text(max_size=2_000))
def test_any_header_gives_a_supported_language(header):
    assert i18n.preferred(header) in i18n.LANGUAGES


@given(
    st.lists(st.sampled_from(["ru", "es-ES", "pt-BR", "zh-CN", "de", "fr-CA", "en-GB", "xx"]), min_size=1, max_size=6)
)
def test_the_first_language_the_shop_speaks_wins(tags):
    expected = next((i18n.language(t) for t in tags if t.split("-")[0] in {"ru", "es", "pt", "zh", "en"}), "en")
    assert i18n.preferred(",".join(tags)) == expected


def test_weights_decide_before_the_order():
    assert i18n.preferred("en;q=0.3, es;q=0.8") == "es"
    assert i18n.preferred("es;q=0, ru") == "ru"  # q=0 means "not this one"
    assert i18n.preferred("ru;q=abc, pt") == "pt"  # a broken weight drops that entry only
