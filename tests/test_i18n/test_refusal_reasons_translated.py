"""Every reason the store's input checks can give (and every field label they name) reads in each
buyer language, with the same figures as the English template."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import i18n
from store.errors import Reason
from tests.conftest import ROOT

LANGUAGES = [code for code in i18n.LANGUAGES if code != i18n.DEFAULT_LANGUAGE]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def reason_templates() -> set[str]:
    """The first argument of every `Unfit(...)` and `Reason(...)` in the store's code, resolved."""
    found: set[str] = set()
    for path in sorted((ROOT / "store").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = None
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args):
                continue
            if node.func.id not in {"Unfit", "Reason"}:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
            elif isinstance(first, ast.Name):
                module = module or importlib.import_module(f"store.{Path(path).stem}")
                if isinstance(getattr(module, first.id, None), str):
                    found.add(getattr(module, first.id))
    return found


def test_the_checks_give_reasons_with_templates():
    templates = reason_templates()
    assert {"please fill this in", "at most {limit} characters ({given} given)"} <= templates
    assert "we deliver to {countries}, not to {country}" in templates
    assert len(templates) >= 12


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_reason_and_label_is_translated_with_its_figures(lang):
    from store.checkout_details import LABELS

    with i18n.catalog_path(lang).open("rb") as handle:
        catalog = {m.id: m.string for m in read_po(handle, locale=lang) if m.id}
    for template in sorted(reason_templates() | set(LABELS.values())):
        assert catalog.get(template), f"{lang}: {template!r} has no translation"
        said = i18n.gettext(template, lang)
        assert said == catalog[template]
        assert sorted(PLACEHOLDER.findall(said)) == sorted(PLACEHOLDER.findall(template)), (lang, template)


def test_a_reason_reads_as_english_and_keeps_its_template():
    why = Reason("at most {limit} characters ({given} given)", limit=120, given=3_000)
    assert why == "at most 120 characters (3,000 given)"
    assert (why.template, why.params) == ("at most {limit} characters ({given} given)", {"limit": 120, "given": 3_000})
