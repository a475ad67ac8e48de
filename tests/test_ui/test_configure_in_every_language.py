"""The configure page in every buyer language: no option keeps its English name on the option
buttons and boxes, in the "why not?" panel or in the design's summary (the engine's state, shared
by every language, names options in the catalog's own English words)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from i18n import LANGUAGES, gettext
from modules.kinds import ChoiceModule
from modules.loader import load_catalog
from modules.translations import translated
from tests.conftest import ROOT
from tests.test_ui.buyer_app import app_at
from ui.session_keys import LANGUAGE_KEY

OTHERS = [lang for lang in LANGUAGES if lang != "en"]


def english_names(product: str, lang: str) -> list[str]:
    """The product's option names that read differently in `lang`: none of them may show."""
    catalog = load_catalog(ROOT / "catalogs" / f"{product}.yaml")
    shown = translated(catalog, lang)
    names = []
    for module in catalog.modules:
        if isinstance(module, ChoiceModule):
            other = shown.choice_module(module.code)
            assert other is not None
            names += [o.name for o in module.options if (t := other.option(o.code)) is not None and t.name != o.name]
    return names


def leaked(text: str, names: list[str]) -> list[str]:
    return [name for name in names if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)]


def plain(value: object) -> str:
    return str(value).replace("\\", "").replace("\u2060", "")  # markdown escapes, word joiners


def opened(product: str, lang: str) -> AppTest:
    at = app_at("pages/buyer/configure.py", product=product)
    at.session_state[LANGUAGE_KEY] = lang
    at.run()
    assert not at.exception
    return at


def why_panel(at: AppTest, lang: str) -> str:
    """The panel's lines: what is not available, and because of which choices."""
    heads = (gettext("because you chose {choices}.", lang).split("{")[0], gettext("is not available", lang))
    lines = [plain(m.value) for m in at.markdown if any(head in plain(m.value) for head in heads)]
    assert lines, "the why-not panel is not open"
    return "\n".join(lines)


@pytest.mark.parametrize("lang", OTHERS)
def test_no_english_option_name_on_the_buttons_the_why_panel_or_the_summary(db, lang):
    tee = translated(load_catalog(ROOT / "catalogs" / "tshirt.yaml"), lang)
    fabric, linen = tee.module("fabric"), tee.choice_module("fabric").option("linen")  # type: ignore[union-attr]
    assert fabric is not None and linen is not None
    english = english_names("tshirt", lang)
    at = opened("tshirt", lang)
    at.button(key="opt:fabric:linen").click().run()
    at.button(key="opt:colour:black").click().run()
    assert not at.exception

    buttons = [plain(b.label) for b in at.button if b.key and b.key.startswith("opt:")]
    boxes = [plain(c.label) for c in at.checkbox]
    assert linen.name in buttons and not leaked("\n".join(buttons + boxes), english)

    panel = why_panel(at, lang)
    assert f"{fabric.name}: {linen.name}" in panel and not leaked(panel, english)

    summary = "\n".join(plain(t.value) for t in at.text)
    assert f"{fabric.name}: {linen.name}" in summary.splitlines() and not leaked(summary, english)


def test_the_why_button_of_a_box_and_its_panel_read_in_portuguese(db):
    """The classic tee has no sleeve print: the sleeve's box asks "porquê?", and the panel under
    it names the cut the buyer chose in Portuguese."""
    at = opened("tshirt", "pt")
    at.button(key="opt:cut:tee").click().run()
    why = at.button(key="why:placement:sleeve")
    assert why.label == "porquê?"
    why.click().run()
    assert not at.exception
    tee = translated(load_catalog(ROOT / "catalogs" / "tshirt.yaml"), "pt")
    cut = tee.choice_module("cut")
    assert cut is not None and cut.option("tee") is not None
    panel = why_panel(at, "pt")
    assert f"{cut.name}: {cut.option('tee').name}" in panel  # type: ignore[union-attr]
    assert not leaked(panel, english_names("tshirt", "pt"))


def test_a_graphics_card_left_empty_is_named_in_spanish_in_the_why_panel(db):
    """The engine words an optional choice left empty as "none": the panel says it in Spanish."""
    at = opened("pc", "es")
    at.button(key="opt:gpu:none").click().run()
    at.button(key="opt:cpu:r5-5600").click().run()
    assert not at.exception
    gpu = translated(load_catalog(ROOT / "catalogs" / "pc.yaml"), "es").module("gpu")
    assert gpu is not None
    panel = why_panel(at, "es")
    assert f"{gpu.name}: ninguno" in panel and ": none" not in panel


def test_a_monograms_length_is_named_in_chinese_in_the_why_panel(db):
    """The engine words a text by its length ("2 characters"): the panel says it in Chinese."""
    at = opened("sneaker", "zh_Hans")
    at.text_input(key="txt:monogram").input("AB").run()
    at.button(key="opt:upper_material:knit").click().run()
    assert not at.exception
    panel = why_panel(at, "zh_Hans")
    assert "2 个字符" in panel and "characters" not in panel


def test_english_reads_as_before(db):
    at = opened("pc", "en")
    at.button(key="opt:gpu:none").click().run()
    at.button(key="opt:cpu:r5-5600").click().run()
    assert not at.exception
    assert "because you chose Graphics card: none." in why_panel(at, "en")
