"""The staff accounts page as an admin: search, change a role, the last admin kept, a new staff
account's one-time password shown once."""

from __future__ import annotations

from sqlmodel import Session, select

from store.customers import authenticate
from store.tables import Customer
from tests.test_ui.inert import autolinks
from tests.test_ui.staff_app import run_as, staff_db, texts

__all__ = ["staff_db"]
PAGE = "pages/admin/staff.py"


def listed(at) -> list[str]:
    return list(at.dataframe[0].value["e-mail"])


def test_staff_are_listed_and_searched(staff_db):
    _, ids = staff_db
    at = run_as(PAGE, ids["admin"])
    assert not at.exception
    assert listed(at) == ["admin@example.org", "ops@example.org", "merch2@example.org", "merch@example.org"]
    at.text_input(key="staff:search").input("MERCH2").run()
    assert listed(at) == ["merch2@example.org"]
    at.text_input(key="staff:search").input("").run()
    at.selectbox(key="staff:filter").set_value("buyer").run()
    assert listed(at) == ["buyer@example.org"]


def test_a_role_is_changed(staff_db):
    engine, ids = staff_db
    at = run_as(PAGE, ids["admin"])
    at.selectbox(key="staff:filter").set_value("all").run()
    at.selectbox(key="staff:account").set_value(ids["buyer"]).run()
    at.selectbox(key=f"staff:role:{ids['buyer']}").set_value("operations").run()
    at.button(key="staff:change-role").click().run()
    assert not at.exception and not at.error
    [toast] = [str(t.value) for t in at.toast]
    assert "buyer@example.org is now operations" in texts(at.toast) and autolinks(toast) == []  # no mailto link
    with Session(engine) as s:
        assert s.get(Customer, ids["buyer"]).role == "operations"
    assert "buyer@example.org" in listed(at.selectbox(key="staff:filter").set_value("staff").run())


def test_the_last_admin_cannot_step_down(staff_db):
    engine, ids = staff_db
    at = run_as(PAGE, ids["admin"])
    at.selectbox(key="staff:account").set_value(ids["admin"]).run()
    at.selectbox(key=f"staff:role:{ids['admin']}").set_value("merchandiser").run()
    at.button(key="staff:change-role").click().run()
    assert "yourself is the last admin" in texts(at.error)
    with Session(engine) as s:
        assert s.get(Customer, ids["admin"]).role == "admin"


def test_a_new_staff_account_gets_a_password_shown_once(staff_db):
    engine, ids = staff_db
    at = run_as(PAGE, ids["admin"])
    at.text_input(key="staff:new-email").input("nina@example.org")
    at.text_input(key="staff:new-name").input("Nina")
    at.selectbox(key="staff:new-role").set_value("merchandiser")
    at.button(key="staff:create-go").click().run()
    assert not at.exception and not at.error
    assert "Account created (merchandiser)" in texts(at.success)
    assert "E-mail: nina@example.org" in texts(at.text)
    [password] = [c.value for c in at.code]
    with Session(engine) as s:
        assert authenticate(session=s, email="nina@example.org", password=password).role == "merchandiser"
        stored = s.exec(select(Customer).where(Customer.email == "nina@example.org")).one()
        assert password not in stored.password_hash
    assert "nina@example.org" in listed(at)
    at.run()  # any next run: the password is gone
    assert not at.code and "staff:created" not in at.session_state


def test_a_taken_address_is_refused(staff_db):
    engine, ids = staff_db
    at = run_as(PAGE, ids["admin"])
    at.text_input(key="staff:new-email").input("buyer@example.org")
    at.text_input(key="staff:new-name").input("Someone")
    at.button(key="staff:create-go").click().run()
    assert "an account with this e-mail exists" in texts(at.error)
    assert not at.code
    with Session(engine) as s:
        assert s.get(Customer, ids["buyer"]).role == "buyer"


def test_names_are_not_rendered_as_markdown(staff_db):
    engine, ids = staff_db
    with Session(engine) as s:
        s.get(Customer, ids["buyer"]).name = "[click](javascript:alert(1))"
        s.commit()
    at = run_as(PAGE, ids["admin"])
    at.selectbox(key="staff:filter").set_value("all").run()
    assert "javascript" not in " ".join(m.value for m in at.markdown)
