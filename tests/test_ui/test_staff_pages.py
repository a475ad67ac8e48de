"""Every staff page, run directly (not through the navigation), checks the role on the server."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.test_ui.buyer_app import sign_in_as
from tests.test_ui.staff_app import staff_database, texts
from ui.nav_staff import SIGN_IN, STAFF_PAGES

ROLES = ("buyer", "merchandiser", "operations", "admin")
ALLOWED = {path: set(page.roles) for path, page in STAFF_PAGES.items()}


@pytest.fixture
def accounts(tmp_path, monkeypatch):
    """One account per role (`<role>@example.org`) in a fresh database (PostgreSQL when
    TEST_DATABASE_URL is set)."""
    with staff_database(tmp_path, monkeypatch, "staff", {role: role for role in ROLES}) as (_, ids):
        yield ids


def page(path, user_id=None):
    at = AppTest.from_file(str(ROOT / path), default_timeout=60)
    if user_id is not None:
        sign_in_as(at, user_id)
    return at.run()


@pytest.mark.parametrize("path", sorted(STAFF_PAGES))
@pytest.mark.parametrize("who", ["anonymous", *ROLES])
def test_every_staff_page_checks_the_role(accounts, path, who):
    at = page(path, accounts.get(who))
    assert not at.exception
    refused = any("staff only" in e.value for e in at.error)
    assert refused == (who not in ALLOWED[path])
    if refused:
        assert not at.title or all(t.value != STAFF_PAGES[path].title for t in at.title)


@pytest.mark.parametrize("who", ["anonymous", *ROLES])
def test_the_sign_in_page_opens_for_everyone(accounts, who):
    at = page(SIGN_IN, accounts.get(who))
    assert not at.exception
    assert at.title[0].value == "Staff sign-in"


def test_an_expired_session_is_signed_out(accounts):
    at = AppTest.from_file(str(ROOT / "pages/merchant/catalogs.py"), default_timeout=60)
    old = dt.datetime.now(dt.UTC) - dt.timedelta(hours=13)
    sign_in_as(at, accounts["admin"], since=old)
    at.run()
    assert any("staff only" in e.value for e in at.error)


def test_staff_sign_in_and_wrong_passwords(accounts):
    at = page(SIGN_IN)
    at.text_input(key="staff:email").input("merchandiser@example.org")
    at.text_input(key="staff:password").input("wrong-password")
    at.button[0].click().run()
    assert "wrong e-mail or password" in texts(at.error)  # escaped markdown
    at.text_input(key="staff:password").input("long-enough-1")
    at.button[0].click().run()
    assert not at.exception
    assert any("merchandiser" in m.value for m in at.markdown)


def test_a_merchandiser_edits_an_option_price_in_a_draft(accounts):
    at = page("pages/merchant/catalogs.py", accounts["merchandiser"])
    at.selectbox[0].set_value("tshirt").run()
    at.button(key="draft:open").click().run()
    assert not at.exception
    assert any("Draft version 1" in c.value for c in at.caption)
    at.button(key="draft:check").click().run()
    assert not at.exception
    assert any(m.label == "Valid products" for m in at.metric)


@pytest.mark.parametrize("who", ["anonymous", "buyer"])
def test_a_deep_link_to_a_staff_page_offers_the_sign_in_not_page_not_found(accounts, who):
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    if who != "anonymous":
        sign_in_as(at, accounts[who])
    at.run()  # pages with their own url_path are known after a first run
    at.switch_page("pages/operations/orders.py").run()
    assert not at.exception
    assert any("staff only" in e.value for e in at.error)
    links = at.get("page_link")
    assert [link.proto.label for link in links] == ["Staff sign-in"]
