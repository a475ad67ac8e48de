"""The account pages drive the account services: password change keeps this browser signed in
with a new token, a reset link sets a new password, verification links, staff forced to choose
their own password, admins deactivate staff."""

from __future__ import annotations

import re

from sqlmodel import select
from streamlit.testing.v1 import AppTest

from store.customers import register
from store.db import transaction
from store.staff_accounts import create_staff_account
from store.tables import CustomerCreate, Notification
from tests.test_ui.buyer_app import ROOT, app_at, register_buyer, sign_in_as, texts

NEW = "a fresh and long passphrase"


def code_in(engine, name):
    with transaction(engine) as session:
        body = session.exec(select(Notification)).all()[-1].body
    return re.search(name + r"=([A-Za-z0-9_-]+)", body).group(1)


def test_a_password_change_keeps_this_browser_signed_in_with_a_new_token(db):
    cid = register_buyer(db)
    at = app_at("pages/buyer/account.py")
    sign_in_as(at, cid)
    at.run()
    old = at.session_state["auth:token"]
    at.text_input(key="pw:current").input("pw-1234567890")
    at.text_input(key="pw:new").input(NEW)
    at.text_input(key="pw:again").input(NEW)
    at.button(key="FormSubmitter:pw:form-Change password").click().run()
    assert not at.exception and "Your password is changed" in texts(at)
    assert at.session_state["auth:token"] != old
    at.run()
    assert "Signed in as" in texts(at)


def test_a_reset_link_sets_a_new_password(db):
    register_buyer(db)
    at = app_at("pages/buyer/account.py").run()
    at.text_input(key="forgot:email").input("b@example.com")
    at.button(key="FormSubmitter:forgot:form-E-mail me a reset link").click().run()
    assert "reset link is on its way" in texts(at)
    at = app_at("pages/buyer/account.py", reset=code_in(db, "reset")).run()
    at.text_input(key="reset:new").input(NEW)
    at.text_input(key="reset:again").input(NEW)
    at.button(key="FormSubmitter:reset:form-Set the new password").click().run()
    assert "Your new password is set" in texts(at)
    at.text_input(key="signin:email").input("b@example.com")
    at.text_input(key="signin:password").input(NEW)
    at.button(key="signin:go").click().run()
    assert "Signed in as" in texts(at)


def test_a_new_account_confirms_its_address_by_the_link(db):
    at = app_at("pages/buyer/account.py").run()
    at.text_input(key="signup:email").input("new@example.com")
    at.text_input(key="signup:name").input("New Buyer")
    at.text_input(key="signup:password").input("long enough password")
    at.button(key="signup:create").click().run()
    assert "confirm your e-mail address" in texts(at)
    at.query_params["verify"] = code_in(db, "verify")
    at.run()
    assert "your e-mail address is confirmed" in texts(at)
    at.run()
    assert "confirm your e-mail address" not in texts(at)


def test_staff_choose_their_own_password_before_any_staff_page(db):
    with transaction(db) as session:
        data = CustomerCreate(email="ada@example.com", name="Ada", password="long enough password")
        admin = register(session=session, data=data, role="admin").id
        staff, one_time = create_staff_account(
            session=session, actor_id=admin, email="sam@example.com", name="Sam", role="operations"
        )
    at = AppTest.from_file(str(ROOT / "pages/operations/orders.py"), default_timeout=60)
    sign_in_as(at, staff.id)
    at.run()
    assert "Choose your own password first" in texts(at)
    at.text_input(key="staff-pw:current").input(one_time)
    at.text_input(key="staff-pw:new").input(NEW)
    at.text_input(key="staff-pw:again").input(NEW)
    at.button(key="FormSubmitter:staff-pw:form-Change password").click().run()
    assert not at.exception and "Choose your own password first" not in texts(at)


def test_an_admin_deactivates_a_staff_account_which_is_signed_out_at_once(db):
    with transaction(db) as session:
        data = CustomerCreate(email="ada@example.com", name="Ada", password="long enough password")
        admin = register(session=session, data=data, role="admin").id
        staff, _ = create_staff_account(
            session=session, actor_id=admin, email="sam@example.com", name="Sam", role="operations"
        )
    their = AppTest.from_file(str(ROOT / "pages/merchant/sign_in.py"), default_timeout=60)
    sign_in_as(their, staff.id)
    their.run()
    assert "Signed in as" in texts(their)
    at = AppTest.from_file(str(ROOT / "pages/admin/staff.py"), default_timeout=60)
    sign_in_as(at, admin)
    at.run()
    at.selectbox(key="staff:active-account").select(staff.id).run()
    at.button(key="staff:set-active").click().run()
    assert not at.exception
    their.run()  # their next click
    assert "Signed in as" not in texts(their)
