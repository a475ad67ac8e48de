"""The widget shows catalog and buyers' texts as text, in Chromium: generated names, descriptions,
reasons and repair labels (markup, scripts, entities, control and bidi characters, any unicode)
come out of its controls exactly as given, and never as elements or running code."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.routes.embed import VERSION
from tests.test_e2e.live_server import chromium, missing_browser
from tests.test_e2e.widget_server import live_rig

pytestmark = pytest.mark.browser

TAGS = ["img", "script", "svg", "iframe", "a", "b", "style", "details", "math", "template"]
ATTRIBUTES = ["onerror", "onload", "onmouseover", "src", "href", "style", "srcdoc", "ontoggle"]
markup = st.builds(
    lambda tag, attr, body, tail: f'<{tag} {attr}="window.__pwned=1">{body}</{tag}>{tail}',
    st.sampled_from(TAGS),
    st.sampled_from(ATTRIBUTES),
    st.text(max_size=10),
    st.sampled_from(["", "&amp;", "&lt;b&gt;", "<!--", "]]>", "\u202e", "\x00", "'\"`"]),
)
hostile = st.one_of(markup, st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40))

RENDER = """
async ({ base, product, state }) => {
  const { control } = await import(base + "controls.js");
  const { readProduct, readState } = await import(base + "model.js");
  const host = document.createElement("div");
  const root = host.attachShadow({ mode: "open" });
  document.body.replaceChildren(host);
  const ctx = {
    locale: "en", currency: "EUR", hasFocus: () => false, choose() {}, repair() {},
    id: (...parts) => ["pc", ...parts].join("-").replace(/[^A-Za-z0-9_-]/g, "_"),
  };
  const module = readProduct(product).modules[0];
  const built = control(module, ctx);
  root.append(built.root);
  built.update(readState(state).modules[module.code]);
  const text = (selector) => root.querySelector(selector)?.textContent ?? null;
  return {
    names: [...root.querySelectorAll(".name")].map((n) => n.textContent),
    legend: root.querySelector("legend").firstChild.textContent,
    help: text(".help"),
    descriptions: [...root.querySelectorAll(".desc")].map((n) => n.textContent),
    reason: text(".why:not([hidden]) p"),
    repair: text(".why:not([hidden]) .repair"),
    tags: [...new Set([...root.querySelectorAll("*")].map((e) => e.localName))],
    pwned: Boolean(window.__pwned),
  };
}
"""
BUILT_TAGS = {"fieldset", "legend", "p", "div", "label", "input", "span", "button"}


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    reason = missing_browser()
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")
    with live_rig(tmp_path_factory.mktemp("widget-hostile"), publish=False) as rig, chromium() as browser:
        page = browser.new_page()
        page.goto(f"{rig.shop}/blank.html")
        yield page, f"{rig.api}/v1/embed/{VERSION}/"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(["single", "multi"]),
    name=hostile,
    description=hostile,
    options=st.lists(hostile, min_size=1, max_size=4),
    reason=hostile,
    repair=hostile,
)
def test_hostile_texts_are_shown_verbatim_and_never_run(
    page: tuple[Any, str], kind: str, name: str, description: str, options: list[str], reason: str, repair: str
) -> None:
    tab, base = page
    money = {"amount": "1.50", "currency": "EUR", "display": "<b>€1.50</b>"}
    product = {  # as GET /v1/products/{code} answers
        "code": "p",
        "name": name,
        "currency": "EUR",
        "modules": [
            {
                "code": "m",
                "kind": kind,
                "name": name,
                "description": description,
                "required": True,
                "options": [{"code": f"o{i}", "name": t, "description": t, "hex": t} for i, t in enumerate(options)],
            }
        ],
    }
    why = {"message": reason, "repair": {"label": repair, "change": ["m"], "selection": {}}}
    state = {  # as POST /v1/products/{code}/state answers
        "selection": {},
        "modules": [
            {
                "code": "m",
                "applicable": True,
                "chosen": None,
                "options": [
                    {"code": f"o{i}", "available": i > 0, "selected": False, "forced": False, "effect": money}
                    | ({} if i else {"unavailable": why})
                    for i in range(len(options))
                ],
            }
        ],
    }
    shown = tab.evaluate(RENDER, {"base": base, "product": product, "state": state})
    assert shown["names"] == options
    assert shown["descriptions"] == options
    assert shown["legend"] == name
    assert shown["help"] == description
    assert shown["reason"] == reason
    assert shown["repair"] == repair
    assert set(shown["tags"]) <= BUILT_TAGS
    assert shown["pwned"] is False
