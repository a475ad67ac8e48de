"""axe-core on a page of the shop, in Chromium: its serious and critical violations, minus the few
that are inside Streamlit's own markup and cannot be fixed from the app (listed with why).

Shared by tests/test_e2e/test_a11y.py and tests/test_e2e/test_small_screen.py."""

from __future__ import annotations

from typing import Any

BLOCKING = ("serious", "critical")

# (axe rule, the exact element it is excused on, why). Checked in the page: a node is excused
# only when the CSS selector matches the very element axe reports.
FRAMEWORK = [
    (
        "list",
        '[data-testid="stSidebarNav"] ul[data-testid="stSidebarNavItems"]',
        "Streamlit's sidebar navigation wraps each section's <li> items and header in a <div> inside "
        "the <ul>; the page list is built by the framework (st.navigation) and no option changes it",
    ),
    (
        "listitem",
        '[data-testid="stSidebarNavItems"] > div > li',
        "the same section <div>: its <li> items are one level below the <ul>",
    ),
    (
        "aria-dialog-name",
        '[data-testid="stToast"][role="alertdialog"]',
        "st.toast draws its note as an alertdialog with no accessible name and takes no label; its "
        "text is read as the dialog's content, and every toast of the buyer pages repeats what the "
        "page itself says (e.g. 'In your cart.')",
    ),
]

_EXCUSED_JS = """([target, selector]) => {
  const el = document.querySelector(target);
  return el !== null && el.matches(selector);
}"""


def blocking_violations(page: Any) -> list[str]:  # a playwright Page
    """'rule (impact): element' for every serious or critical violation axe finds on the page."""
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for violation in Axe().run(page).response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        excuses = [selector for rule, selector, _ in FRAMEWORK if rule == violation["id"]]
        for node in violation["nodes"]:
            target = node["target"][0] if len(node["target"]) == 1 else None
            if target and any(page.evaluate(_EXCUSED_JS, [target, s]) for s in excuses):
                continue
            found.append(f"{violation['id']} ({violation['impact']}): {node['html'][:160]}")
    return found
