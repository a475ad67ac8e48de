"""What staff pages share: the role guard, the acting account, store errors shown plainly."""

from __future__ import annotations

import streamlit as st

from store.states import ADMIN, MERCHANDISING, OPERATIONS, STAFF_ROLES
from ui.auth import User, require_role

__all__ = ["ADMIN", "MERCHANDISING", "OPERATIONS", "STAFF_ROLES", "guard"]


def guard(roles: tuple[str, ...]) -> User:
    """Stop rendering unless the signed-in account (re-read from the database) has one of `roles`.

    Services re-check the role inside their own transaction before writing (`store.staff.authorize`).
    """
    user = require_role(*roles)
    if user.must_change_password:
        from ui.account_security import change_form

        st.warning("Choose your own password first: the one you were given works only once.")
        if change_form(user, prefix="staff-pw"):
            st.rerun()
        st.stop()
    st.sidebar.text(f"{user.email} · {user.role}")  # plain text: an address in markdown becomes a link
    return user
