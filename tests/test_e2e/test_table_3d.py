"""In Chromium, the table's configure page draws its sizes with units, and its 3D view (a plotly
chart with axes in centimetres) opens on demand and closes again."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_e2e.journey import wait_drawn
from tests.test_e2e.live_server import chromium, click, open_page, settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_table_shows_its_sizes_and_a_3d_view_on_demand(base_url: str) -> None:
    with chromium() as browser:
        page: Any = browser.new_page(viewport={"width": 1400, "height": 1000})
        open_page(page, f"{base_url}/configure?product=table")
        wait_drawn(page)
        preview = page.locator('img[alt="Preview of your Made-to-measure table"]')
        svg = preview.evaluate("img => atob(img.src.split(',')[1])")
        assert "160 cm" in svg and "80 cm" in svg and "75 cm" in svg  # the default size, drawn
        assert page.locator('[data-testid="stPlotlyChart"]').count() == 0  # no WebGL until asked
        click(page, ".st-key-3d-table label")
        settle(page)
        chart = page.locator('[data-testid="stPlotlyChart"]')
        chart.wait_for(timeout=30_000)
        # a WebGL scene (a canvas in plotly's gl-container), not a flat chart
        page.wait_for_selector('[data-testid="stPlotlyChart"] .gl-container canvas', state="attached", timeout=30_000)
        click(page, ".st-key-3d-table label")
        settle(page)
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stPlotlyChart\"]')", timeout=30_000, polling=100
        )
