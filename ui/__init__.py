"""Streamlit glue shared by pages: cached resources, session state, widgets, figure builders."""
