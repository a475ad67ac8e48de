"""Staff pages (merchandiser, operations, admin), by section. Every page checks the role itself."""

from __future__ import annotations

from typing import NamedTuple

import streamlit as st

from store.states import ADMIN, MERCHANDISING, OPERATIONS
from ui.auth import User
from ui.language import _

SIGN_IN = "pages/merchant/sign_in.py"
STAFF_ROLES = ("merchandiser", "operations", "admin")


class StaffPage(NamedTuple):
    title: str
    icon: str
    section: str
    roles: tuple[str, ...]
    url_path: str


STAFF_PAGES: dict[str, StaffPage] = {
    "pages/merchant/catalogs.py": StaffPage(
        "Catalogs", ":material/inventory_2:", "Merchandising", MERCHANDISING, "catalogs"
    ),
    "pages/merchant/catalog_import.py": StaffPage(
        "Import a catalog", ":material/upload_file:", "Merchandising", MERCHANDISING, "catalog-import"
    ),
    "pages/merchant/customers.py": StaffPage(
        "Customers", ":material/groups:", "Merchandising", MERCHANDISING, "customers"
    ),
    "pages/merchant/analytics.py": StaffPage(
        "Analytics", ":material/monitoring:", "Merchandising", STAFF_ROLES, "analytics"
    ),
    "pages/operations/orders.py": StaffPage(
        "Orders", ":material/receipt_long:", "Operations", OPERATIONS, "staff-orders"
    ),
    "pages/operations/materials.py": StaffPage(
        "Materials and stock", ":material/warehouse:", "Operations", STAFF_ROLES, "materials"
    ),
    "pages/admin/staff.py": StaffPage("Staff accounts", ":material/admin_panel_settings:", "Admin", ADMIN, "staff"),
}


def staff_sign_in_page() -> st.Page:
    """The staff sign-in page, for whoever lists pages for anonymous visitors."""
    return st.Page(SIGN_IN, title=_("Staff sign-in"), icon=":material/badge:", url_path="staff-sign-in")


def staff_pages(user: User | None) -> dict[str, list[st.Page]]:
    """The staff pages `user` may open, by section; every other staff page is registered hidden,
    so a deep link (e.g. a bookmarked order list after the session ended) opens the page's own
    role check with a way to sign in, instead of "Page not found"."""
    sections: dict[str, list[st.Page]] = {}
    hidden: list[st.Page] = []
    for path, page in STAFF_PAGES.items():
        allowed = user is not None and user.role in page.roles
        entry = st.Page(
            path,
            title=page.title,
            icon=page.icon,
            url_path=page.url_path,
            visibility="visible" if allowed else "hidden",
        )
        if allowed:
            sections.setdefault(page.section, []).append(entry)
        else:
            hidden.append(entry)
    sections[_("Staff")] = [staff_sign_in_page(), *hidden]  # in the buyer's language: every buyer sees it
    return sections
