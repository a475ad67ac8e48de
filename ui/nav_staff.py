"""Staff pages (merchandiser, operations, admin), by section. Every page checks the role itself."""

from __future__ import annotations

import streamlit as st

from ui.auth import User

SIGN_IN = "pages/merchant/sign_in.py"
MERCHANDISING_PAGES = {
    "pages/merchant/catalogs.py": ("Catalogs", ":material/inventory_2:"),
    "pages/merchant/catalog_import.py": ("Import a catalog", ":material/upload_file:"),
}


def staff_sign_in_page() -> st.Page:
    """The staff sign-in page, for whoever lists pages for anonymous visitors."""
    return st.Page(SIGN_IN, title="Staff sign-in", icon=":material/badge:", url_path="staff-sign-in")


def staff_pages(user: User) -> dict[str, list[st.Page]]:
    sections: dict[str, list[st.Page]] = {}
    if user.role in ("merchandiser", "admin"):
        sections["Merchandising"] = [
            st.Page(path, title=title, icon=icon) for path, (title, icon) in MERCHANDISING_PAGES.items()
        ]
    sections["Staff"] = [staff_sign_in_page()]
    return sections
