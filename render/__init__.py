"""Documents and drawings rendered from data: PDF quotes and order documents (`render.pdf`), the
live preview's SVG drawings and 3D table (`render.preview`).

Pure functions of catalogs, selections and quotes: no Streamlit and no database, so the pages
(`ui`) and the JSON API (`api`) print and draw exactly the same things.
"""
