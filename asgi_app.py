"""The app as Streamlit serves it: `streamlit_app.py` on Streamlit's own (Starlette) server, plus the
route that sets the session cookie from the server (`ui.cookie`) and the health probes `/healthz`
and `/readyz` (`ui.probes`). `python -m ui.server` runs it."""

import streamlit as st

from store import logs
from ui import cookie, probes

logs.configure()  # the routes log JSON lines from the first request, before any page has run
app = st.App("streamlit_app.py", routes=[*cookie.routes(), *probes.routes(cookie.cookie_path().rstrip("/"))])
