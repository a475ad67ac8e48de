"""A shared design's name is buyer text: the toast shown to whoever opens the link renders it as
plain text, never as markdown (no image from elsewhere, no link, not even from a bare address)."""

from __future__ import annotations

from store.db import transaction
from store.designs import save_design
from store.tables import DesignCreate
from tests.test_ui.buyer_app import app_at
from tests.test_ui.inert import autolinks

HOSTILE = "![x](https://evil.example/x.png) [win](https://evil.example) www.evil.example ana@evil.example"


def test_a_shared_designs_name_is_plain_text_in_the_toast(db):
    with transaction(db) as session:
        design = save_design(session=session, data=DesignCreate(name=HOSTILE, product_code="tshirt", selection={}))
    at = app_at("pages/buyer/configure.py", product="tshirt", design=design.token).run()
    assert not at.exception
    toasts = [str(t.value) for t in at.toast]
    assert toasts and all("](" not in t for t in toasts)  # markdown syntax escaped
    assert [found for t in toasts for found in autolinks(t)] == []  # and bare addresses break
