"""Staff sign-in and sign-out (sign-in is throttled after repeated failures, by the store)."""

import streamlit as st

from store.errors import StoreError
from ui.auth import current_user, sign_in, sign_out
from ui.safe import md_escape

st.title("Staff sign-in")
user = current_user()
if user is not None:
    st.write(f"Signed in as **{md_escape(user.email)}** ({user.role}).")
    if not user.is_staff:
        st.info("This account has no staff role. An admin can give it one.")
    if st.button("Sign out", key="staff:sign-out"):
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
            st.error(exc.message)
        else:
            st.rerun()
