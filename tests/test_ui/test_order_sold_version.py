"""An order keeps the catalog version it was sold under: its page draws each line from that
version, not from the one on sale today."""

from __future__ import annotations

import base64

from store.catalogs import sync_folder
from tests.conftest import ROOT
from tests.test_ui.buyer_app import app_at, seed_order

SOLD = "#F7F7F5"  # the sample T-shirt's white, as sold
REPAINTED = "#E0115F"


def _republish_white_repainted(engine, tmp_path) -> None:
    """Publish the T-shirt again with its white option drawn in another colour."""
    text = (ROOT / "catalogs" / "tshirt.yaml").read_text(encoding="utf-8")
    old = f'preview: {{layer: body, colour: "{SOLD}"}}'
    assert old in text
    folder = tmp_path / "next"
    folder.mkdir()
    (folder / "tshirt.yaml").write_text(text.replace(old, f'preview: {{layer: body, colour: "{REPAINTED}"}}', 1))
    sync_folder(engine=engine, folder=folder)


def _previews(at) -> list[str]:
    return [
        base64.b64decode(image.proto.imgs[0].url.split(",", 1)[1]).decode()
        for image in at.get("image")
        if image.proto.imgs[0].alt.startswith("Preview of ")
    ]


def test_the_order_page_draws_a_line_as_sold_after_a_new_version(db, tmp_path):
    # given an order of a white T-shirt, then a new catalog version that paints white differently
    token = seed_order(db)
    _republish_white_repainted(db, tmp_path)
    # when the buyer opens the order
    at = app_at("pages/buyer/order.py", order=token).run()
    # then its picture is the one sold: the old white, not the new one
    assert not at.exception
    (drawn,) = _previews(at)
    assert SOLD.lower() in drawn.lower()
    assert REPAINTED.lower() not in drawn.lower()
