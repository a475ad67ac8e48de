"""Staff accounts (admins): find accounts, change a role, create a staff account with a one-time
password shown once. The store re-checks the admin role and keeps at least one admin."""

import streamlit as st

from store.db import transaction
from store.errors import StoreError
from store.staff_accounts import change_role, create_staff_account, list_accounts, set_active
from store.states import ROLES, STAFF_ROLES
from ui.resources import database
from ui.safe import md_escape, staff_table
from ui.staff import ADMIN, guard

CREATED_KEY = "staff:created"

user = guard(ADMIN)
st.title("Staff accounts")

created = st.session_state.pop(CREATED_KEY, None)  # shown on this run only, then forgotten
if created:
    st.success(f"Account created ({created['role']}). Its one-time password is shown only now:")
    st.text(f"E-mail: {created['email']}")  # plain text: an address in markdown becomes a link
    st.code(created["password"], language=None)
    st.caption("Give it to them over a safe channel: it works for their first sign-in, where they choose their own.")

left, right = st.columns([3, 1])
search = left.text_input("Search by e-mail or name", key="staff:search")
shown = right.selectbox("Accounts", ["staff", "all", *ROLES], key="staff:filter")
roles = STAFF_ROLES if shown == "staff" else ROLES if shown == "all" else (shown,)
with transaction(database()) as session:
    accounts = list_accounts(session=session, actor_id=user.id, search=search, roles=roles)
staff_table(
    [
        {"id": a.id, "e-mail": a.email, "name": a.name, "role": a.role, "active": a.active, "since": a.created_at}
        for a in accounts
    ],
    hide_index=True,
    width="stretch",
    column_config={"since": st.column_config.DatetimeColumn("since", format="YYYY-MM-DD")},
)
if not accounts:
    st.caption("No account matches.")
else:
    st.subheader("Change a role")
    by_id = {a.id: a for a in accounts}
    c1, c2, c3 = st.columns([3, 2, 1], vertical_alignment="bottom")
    account_id = c1.selectbox(
        "Account", list(by_id), key="staff:account", format_func=lambda i: f"{by_id[i].email} ({by_id[i].role})"
    )
    chosen = by_id[account_id]
    role = c2.selectbox("New role", ROLES, index=ROLES.index(chosen.role), key=f"staff:role:{account_id}")
    if c3.button("Change", key="staff:change-role", type="primary", disabled=role == chosen.role):
        try:
            with transaction(database()) as s:
                changed = change_role(session=s, actor_id=user.id, customer_id=account_id, role=role)
        except StoreError as exc:
            st.error(md_escape(exc.message))
        else:
            st.toast(f"{md_escape(changed.email)} is now {changed.role}")
            st.rerun()

st.subheader("Create a staff account")
with st.form("staff:create", clear_on_submit=True):
    email = st.text_input("E-mail", key="staff:new-email")
    name = st.text_input("Name", key="staff:new-name")
    new_role = st.selectbox("Role", STAFF_ROLES, key="staff:new-role")
    submitted = st.form_submit_button("Create the account", key="staff:create-go")
if submitted:
    try:
        with transaction(database()) as s:
            account, password = create_staff_account(session=s, actor_id=user.id, email=email, name=name, role=new_role)
    except StoreError as exc:
        st.error(md_escape(exc.message))
    else:
        st.session_state[CREATED_KEY] = {"email": account.email, "role": account.role, "password": password}
        st.rerun()
staff_accounts = [a for a in accounts if a.role in STAFF_ROLES and a.id != user.id]
if staff_accounts:
    st.subheader("Deactivate or reactivate a staff account")
    st.caption("A deactivated account cannot sign in, and every browser signed in to it is signed out at once.")
    by_key = {a.id: a for a in staff_accounts}
    d1, d2 = st.columns([4, 1], vertical_alignment="bottom")
    chosen_id = d1.selectbox(
        "Staff account",
        list(by_key),
        key="staff:active-account",
        format_func=lambda i: (
            f"{by_key[i].email} ({by_key[i].role}, {'active' if by_key[i].active else 'deactivated'})"
        ),
    )
    target = by_key[chosen_id]
    if d2.button("Reactivate" if not target.active else "Deactivate", key="staff:set-active"):
        try:
            with transaction(database()) as s:
                changed = set_active(session=s, actor_id=user.id, customer_id=target.id, active=not target.active)
        except StoreError as exc:
            st.error(md_escape(exc.message))
        else:
            st.toast(f"{md_escape(changed.email)} is {'active' if changed.active else 'deactivated'}")
            st.rerun()
