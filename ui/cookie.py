"""The one place that sends a script to the browser: it sets the session cookie.

Only a token this server generated (URL-safe base64, `store.browser_sessions.new_browser_token`)
is ever written; anything else is refused before it reaches the page.
"""

from __future__ import annotations

import re

import streamlit.components.v1 as components

NAME = "configurator_session"
MAX_AGE_DAYS = 30
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


def is_token(value: object) -> bool:
    """Whether `value` has the shape of a session token (what a cookie may bring back)."""
    return isinstance(value, str) and _TOKEN.fullmatch(value) is not None


def set_cookie(token: str) -> None:
    """Store `token` in the browser's session cookie (SameSite=Strict, 30 days)."""
    if not is_token(token):
        raise ValueError("not a session token")
    cookie = f"{NAME}={token}; path=/; max-age={MAX_AGE_DAYS * 86400}; SameSite=Strict"
    components.html(f'<script>document.cookie = "{cookie}";</script>', height=0)
