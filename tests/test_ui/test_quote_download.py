"""The configure page's quote download: a deferred PDF of the server's quote of the design."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from configurator.catalog_engine import CatalogEngine
from modules.loader import load_catalog
from pricing.context import QuoteContext
from pricing.quote import quote
from pricing.shop import load_shop
from render.pdf.quote import quote_file, validity_days
from tests.conftest import ROOT


def script(complete: bool) -> None:
    import datetime as dt

    from configurator.catalog_engine import CatalogEngine
    from modules.loader import load_catalog
    from pricing.context import QuoteContext
    from pricing.quote import quote
    from pricing.shop import load_shop
    from tests.conftest import ROOT
    from ui.quote_download import quote_download_button

    catalog = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
    full = CatalogEngine(catalog).complete({})
    day = dt.date(2026, 11, 29)
    priced = quote(catalog=catalog, selection=full, quantity=2, context=QuoteContext(shop=load_shop(), date=day))
    quote_download_button(catalog, full, priced if complete else None, shop=load_shop(), today=day)


def test_the_button_is_offered_for_a_complete_design_only():
    for complete in (True, False):
        at = AppTest.from_function(script, kwargs={"complete": complete}, default_timeout=60).run()
        assert not at.exception
        (button,) = at.get("download_button")
        assert button.proto.disabled is (not complete)


def test_the_file_is_the_quote_pdf_named_by_its_reference():
    catalog = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
    full = CatalogEngine(catalog).complete({})
    day = dt.date(2026, 11, 29)
    priced = quote(catalog=catalog, selection=full, quantity=2, context=QuoteContext(shop=load_shop(), date=day))
    name, data = quote_file(catalog, full, priced, today=day, days=validity_days(load_shop()))
    assert name.startswith("Q-20261129-") and name.endswith(".pdf")
    assert data.startswith(b"%PDF-")
    assert validity_days(None) == 30
    assert validity_days(load_shop().model_copy(update={"quote_validity_days": 14})) == 14
