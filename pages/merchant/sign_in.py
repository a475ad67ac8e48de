"""Staff sign-in, password change (forced while the one-time password is in use), reset request,
sign-out everywhere. Sign-in is slowed down after repeated failures, by the store."""

import streamlit as st

from store.errors import StoreError
from ui.account_security import change_form, forgot_form
from ui.auth import current_user, sign_in, sign_out
from ui.safe import md_escape

st.title("Staff sign-in")
user = current_user()
if user is not None:
    st.write(f"Signed in as **{md_escape(user.email)}** ({user.role}).")
    if not user.is_staff:
        st.info("This account has no staff role. An admin can give it one.")
    if user.must_change_password:
        st.warning("Choose your own password now: the one you were given works only once.")
    with st.expander("Change password", expanded=user.must_change_password):
        if change_form(user, prefix="staff-pw"):
            st.rerun()
    here, everywhere = st.columns(2, gap="small", width=480)
    if here.button("Sign out", key="staff:sign-out-here", width="stretch"):
        sign_out(everywhere=False)
        st.rerun()
    if everywhere.button("Sign out everywhere", key="staff:sign-out", width="stretch"):
        sign_out()
        st.rerun()
else:
    with st.form("staff:sign-in"):
        email = st.text_input("E-mail", key="staff:email")
        password = st.text_input("Password", type="password", key="staff:password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        try:
            sign_in(email, password)
        except StoreError as exc:
            st.error(md_escape(exc.message))
        else:
            st.rerun()
    forgot_form()
