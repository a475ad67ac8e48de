"""The app as Streamlit serves it: `streamlit_app.py` on Streamlit's own (Starlette) server, plus the
route that sets the session cookie from the server (`ui.cookie`). `python -m ui.server` runs it."""

import streamlit as st

from ui.cookie import routes

app = st.App("streamlit_app.py", routes=routes())
