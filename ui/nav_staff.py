"""Staff pages (merchandiser, operations, admin), by section."""

from __future__ import annotations

import streamlit as st

from ui.auth import User


def staff_pages(user: User) -> dict[str, list[st.Page]]:
    del user
    return {}
