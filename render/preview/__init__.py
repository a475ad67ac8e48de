"""The live preview: layered SVG drawings (`svg`) and the parametric 3D table (`table3d`).

Pure functions of a catalog and a selection: no Streamlit, unit-tested in tests/test_render/.
"""
