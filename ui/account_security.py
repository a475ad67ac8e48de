"""Password change, forgotten-password reset, e-mail verification: the forms, over `store.accounts`.

A password changed here ends every session of the account; this browser gets a new token
(`ui.auth.adopt`) and stays signed in. Links from e-mails arrive as `?reset=...` and
`?verify=...` on the account page.
"""

from __future__ import annotations

import streamlit as st

from store.accounts import change_password, request_reset, resend_verification, reset_password, verify_email
from store.browser_sessions import issue
from store.db import transaction
from store.errors import StoreError
from ui.actions import attempt, refusal
from ui.auth import User, adopt, client_address
from ui.language import _
from ui.resources import database
from ui.safe import md_escape
from ui.session_keys import CART_KEY

RESET_KEY = "account:reset-code"


def change_form(user: User, prefix: str = "pw") -> bool:
    """Current password, new password twice; True once changed (this browser stays signed in)."""
    with st.form(f"{prefix}:form", clear_on_submit=True):
        current = st.text_input(_("Current password"), type="password", key=f"{prefix}:current")
        new = st.text_input(
            _("New password (12 characters or more; a few words make a good one)"), type="password", key=f"{prefix}:new"
        )
        again = st.text_input(_("New password again"), type="password", key=f"{prefix}:again")
        submitted = st.form_submit_button(_("Change password"), type="primary")
    if not submitted:
        return False
    if new != again:
        st.error(_("The two new passwords differ."))
        return False
    cart = st.session_state.get(CART_KEY)
    try:
        with transaction(database()) as session:
            change_password(
                session=session, customer_id=user.id, current=current, password=new, address=client_address()
            )
            issued = issue(session=session, customer_id=user.id, cart_token=cart if isinstance(cart, str) else None)
    except StoreError as exc:
        st.error(md_escape(refusal(exc)))
        return False
    adopt(issued, user.id)
    st.success(_("Your password is changed. Every other browser signed in to your account is signed out."))
    return True


def verification_notice(user_id: int, verified: bool) -> None:
    if verified:
        return
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.info(_("Please confirm your e-mail address with the link we sent you."))
    if right.button(_("Send it again"), key="verify:resend") and attempt(resend_verification, customer_id=user_id).ok:
        st.toast(_("Sent. Look in your inbox."))


def take_links() -> None:
    """`?verify=` confirms the address at once; `?reset=` is kept for `reset_form`."""
    code = st.query_params.get("verify")
    if code:
        del st.query_params["verify"]
        if attempt(verify_email, code=code).ok:
            st.success(_("Thank you: your e-mail address is confirmed."))
    code = st.query_params.get("reset")
    if code:
        del st.query_params["reset"]
        st.session_state[RESET_KEY] = code


def reset_form() -> bool:
    """A new password for the reset link opened in this session; True when one was shown."""
    code = st.session_state.get(RESET_KEY)
    if not isinstance(code, str):
        return False
    st.subheader(_("Choose a new password"))
    with st.form("reset:form"):
        new = st.text_input(_("New password (12 characters or more)"), type="password", key="reset:new")
        again = st.text_input(_("New password again"), type="password", key="reset:again")
        submitted = st.form_submit_button(_("Set the new password"), type="primary")
    if submitted:
        if new != again:
            st.error(_("The two passwords differ."))
            return True
        try:
            with transaction(database()) as session:
                reset_password(session=session, code=code, password=new)
        except StoreError as exc:
            st.error(md_escape(refusal(exc)))
            if exc.data.get("field") == "reset":
                st.session_state.pop(RESET_KEY, None)
            return True
        st.session_state.pop(RESET_KEY, None)
        st.success(_("Your new password is set: sign in with it. Every browser signed in before is signed out."))
        return False
    return True


def forgot_form() -> None:
    with st.expander(_("Forgot your password?")):
        with st.form("forgot:form", clear_on_submit=True):
            email = st.text_input(_("E-mail"), max_chars=254, key="forgot:email")
            submitted = st.form_submit_button(_("E-mail me a reset link"))
        if submitted and attempt(request_reset, email=email, address=client_address()).ok:
            st.success(_("If an account uses this address, a reset link is on its way (it works for 30 minutes)."))
