"""The contract between the configure page and the API: for every shipped catalog and generated
partial designs (random walks through the choices the state offers, Hypothesis-drawn, with text
typed and quantities that reach tier discounts), the API's state says what the page computes
through its own path (`ui.resources.configure_view`, Streamlit's caches over the same database):
the same valid choices, forced values and price effects, the same price range, completeness,
count and total, the same complete product and the same preview drawing."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from configurator.catalog_model import label_of
from modules.selection import dump_selection, parse_selection
from pricing.money import Money
from settings import get_settings
from tests.test_api.api_helpers import SHIPPED_BY_CODE, a_value
from tests.test_ui.buyer_app import clear_streamlit_caches
from ui import resources
from ui.format import effect, money

CODES = sorted(SHIPPED_BY_CODE)


@pytest.fixture(scope="module")
def page_and_api(shared_api_engine, request):
    """The page's resources read the database the API serves (DATABASE_URL), caches cleared; the
    API client (and its warm-up thread) starts only once the page's engine is pinned to it."""
    url = shared_api_engine.url.render_as_string(hide_password=False)
    patch = pytest.MonkeyPatch()
    patch.setenv("DATABASE_URL", url)
    patch.setenv("COMPILE_IN_APP", "false")  # no background compiles in the test process
    get_settings.cache_clear()
    clear_streamlit_caches()
    assert resources.database().url.render_as_string(hide_password=False) == url, "the page reads another database"
    yield request.getfixturevalue("shared_client")
    clear_streamlit_caches()
    patch.undo()
    get_settings.cache_clear()


def walk(client, code: str, picks: list[tuple[int, int]], quantity: int) -> dict:
    """The API state after choosing, step by step, the (module, value) the picks point at among
    what the state offers."""
    catalog = SHIPPED_BY_CODE[code]
    selection: dict = {}
    state = client.post(f"/v1/products/{code}/state", json={"quantity": quantity}).json()
    for module_pick, value_pick in picks:
        open_ = [m for m in state["modules"] if m["applicable"] and a_value(catalog, m, value_pick) is not None]
        if not open_:
            break
        module = open_[module_pick % len(open_)]
        selection = {**selection, module["code"]: a_value(catalog, module, value_pick)}
        response = client.post(f"/v1/products/{code}/state", json={"selection": selection, "quantity": quantity})
        assert response.status_code == 200, response.text  # only offered choices were made
        state = response.json()
    return state


def page_view(state: dict) -> resources.ConfigureView:
    code, fingerprint = state["product"], state["fingerprint"]
    catalog = resources.catalog(code, fingerprint)
    parsed = parse_selection(catalog, state["selection"])
    key = resources.selection_key(parsed)
    return resources.configure_view(code, fingerprint, key, dt.date.fromisoformat(state["date"]), state["quantity"])


def assert_same(state: dict, view: resources.ConfigureView, client) -> None:
    catalog = SHIPPED_BY_CODE[state["product"]]
    currency = catalog.currency
    page = view.state
    assert state["complete"] == page.complete and state["count"] == page.count
    assert [m["code"] for m in state["still_to_choose"]] == list(page.open_modules)
    assert state["price"]["cheapest"]["display"] == money(view.info.cheapest)
    assert state["price"]["dearest"]["display"] == money(view.info.dearest)
    assert state["full_selection"] == dump_selection(view.full)
    for shown in state["modules"]:
        module = page.module(shown["code"])
        assert shown["applicable"] == module.applicable
        assert [(o["code"], o["available"], o["selected"], o["forced"]) for o in shown["options"]] == [
            (o.code, o.available, o.selected, o.forced) for o in module.options
        ]
        for option in shown["options"]:
            if option["available"]:  # the page shows a price next to offered options only
                api = effect(Money(option["effect"]["amount"], currency)) if option["effect"] else ""
                assert api == view.effects.get((shown["code"], option["code"]), ""), (shown["code"], option["code"])
        assert [v["value"] for v in shown["values"]] == [label_of(v) for v in module.values]
    if page.complete:
        assert view.quote is not None
        assert state["quote"]["total"]["display"] == money(view.quote.total)
        assert [line["amount"]["amount"] for line in state["quote"]["lines"]] == [
            line.amount.text() for line in view.quote.lines
        ]
    else:
        assert state["quote"] is None and view.quote is None
    drawing = client.post(
        f"/v1/products/{state['product']}/preview.svg",
        json={"selection": state["selection"], "quantity": state["quantity"]},
    )
    assert drawing.text == view.svg


@pytest.mark.parametrize("code", CODES)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    picks=st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), max_size=10),
    quantity=st.sampled_from([1, 2, 12, 60]),
)
def test_the_api_state_is_what_the_configure_page_computes(page_and_api, code, picks, quantity):
    state = walk(page_and_api, code, picks, quantity)
    assert_same(state, page_view(state), page_and_api)


@pytest.mark.parametrize("code", CODES)
def test_a_finished_design_is_priced_alike_on_page_and_api(page_and_api, code):
    finished = page_and_api.post(f"/v1/products/{code}/finish", json={"mode": "cheapest"}).json()
    view = page_view(finished["state"])
    assert_same(finished["state"], view, page_and_api)
    assert finished["state"]["complete"] == view.state.complete
