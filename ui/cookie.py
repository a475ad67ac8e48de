"""The session cookie, set by the server: `HttpOnly`, `SameSite=Strict`, a path, `Secure` over TLS.

Streamlit talks to the browser over a websocket, which cannot set a cookie. The app is therefore
served as an `st.App` (`asgi_app.py`, an ASGI app on Streamlit's own Starlette server) with one
extra route, `/_session`: when the server issues a token (`store.browser_sessions.issue`), the
page shows a 1x1 image whose address carries the one-time hand-off code; the browser's request
for it is answered with the `Set-Cookie` (and the code is spent). No page script is involved,
and script in the page cannot read the cookie (`HttpOnly`). See docs/sessions.md.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache

import streamlit as st
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from settings import get_settings
from store.browser_sessions import redeem_handoff
from store.db import Engine, make_engine, transaction
from ui.tracing import traced

NAME = "configurator_session"
ROUTE = "_session"
MAX_AGE_DAYS = 30
DEVICE_NAME = "configurator_device"  # a browser that has signed in before (store.sign_in)
DEVICE_DAYS = 365
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # 256 bits, URL-safe base64 without padding
_PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")  # 1x1 transparent GIF


def is_token(value: object) -> bool:
    """Whether `value` has the shape of a token this server makes (what a cookie may bring back)."""
    return isinstance(value, str) and _TOKEN.fullmatch(value) is not None


def _base() -> str:
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def cookie_path() -> str:
    return f"{_base()}/"


def route_path() -> str:
    return f"{_base()}/{ROUTE}"


def handoff_image(code: str) -> None:
    """Have the browser fetch its cookie: a 1x1 image from the `/_session` route (no script)."""
    if not is_token(code):
        raise ValueError("not a hand-off code")
    st.html(f'<img src="{route_path()}?code={code}" alt="" width="1" height="1" style="display:block">')


@lru_cache(maxsize=1)
def route_engine() -> Engine:
    """The engine of the server's own routes (this one, `ui.probes`), outside any script run."""
    return make_engine(get_settings().database_url)


def exchange(request: Request) -> Response:
    """GET /_session?code=...: a live one-time code becomes the `Set-Cookie`; anything else gets
    the same image and no cookie (nothing tells a guesser whether a code existed)."""
    headers = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
    answer = Response(_PIXEL, media_type="image/gif", headers=headers)
    code = request.query_params.get("code", "")
    if not is_token(code):
        return answer
    with transaction(route_engine()) as session:
        cookies = redeem_handoff(session=session, code=code)
    secure = request.url.scheme == "https" or get_settings().session_cookie_secure
    if cookies is not None:
        for name, value, days in ((NAME, cookies.session, MAX_AGE_DAYS), (DEVICE_NAME, cookies.device, DEVICE_DAYS)):
            if value is not None:
                answer.set_cookie(
                    name,
                    value,
                    max_age=days * 86400,
                    path=cookie_path(),
                    secure=secure,
                    httponly=True,
                    samesite="strict",
                )
    return answer


def routes() -> list[Route]:
    """The routes `asgi_app.py` adds to Streamlit's server."""
    return [Route(route_path(), traced(exchange), methods=["GET"])]
