"""Share and save on the configure page: a design token in the URL restores the choices,
re-validated against the current catalog; signed-in buyers save designs to their account."""

from __future__ import annotations

from store.db import transaction
from store.designs import list_designs, save_design
from store.tables import DesignCreate
from tests.test_ui.buyer_app import app_at, register_buyer, sign_in_as, texts


def query(at, key):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def test_share_puts_a_design_token_in_the_url_and_the_link_restores_it(db):
    at = app_at("pages/buyer/configure.py", product="tshirt")
    at.run()
    at.button(key="opt:fabric:linen").click().run()
    at.button(key="design:share").click().run()
    assert not at.exception
    token = query(at, "design")
    assert token and len(token) >= 30
    assert any(token in c.value for c in at.code)

    fresh = app_at("pages/buyer/configure.py", product="tshirt", design=token)  # another browser
    fresh.run()
    assert not fresh.exception
    assert fresh.button(key="opt:fabric:linen").proto.type == "primary"
    assert not fresh.warning


def test_a_link_with_a_choice_no_longer_available_says_so(db):
    with transaction(db) as session:
        design = save_design(
            session=session,
            data=DesignCreate(name="old", product_code="tshirt", selection={"fabric": "linen", "colour": "black"}),
        )
    at = app_at("pages/buyer/configure.py", product="tshirt", design=design.token)
    at.run()
    assert not at.exception
    assert "Colour: the saved choice no longer fits" in texts(at)
    assert at.button(key="opt:fabric:linen").proto.type == "primary"


def test_an_unknown_design_token_is_refused_plainly(db):
    at = app_at("pages/buyer/configure.py", product="tshirt", design="not-a-real-token")
    at.run()
    assert not at.exception
    assert "This design link is not valid" in texts(at)
    assert query(at, "design") is None


def test_changing_the_design_drops_the_stale_link(db):
    at = app_at("pages/buyer/configure.py", product="tshirt")
    at.run()
    at.button(key="design:share").click().run()
    assert query(at, "design")
    at.button(key="opt:fabric:linen").click().run()
    assert query(at, "design") is None


def test_a_signed_in_buyer_saves_to_the_account(db):
    customer_id = register_buyer(db)
    at = app_at("pages/buyer/configure.py", product="tshirt")
    sign_in_as(at, customer_id)
    at.run()
    at.text_input(key="design:name").input("Summer tee")
    at.button(key="design:save").click().run()
    assert not at.exception
    with transaction(db) as session:
        assert [d.name for d in list_designs(session=session, customer_id=customer_id)] == ["Summer tee"]
