"""The modular product model: a shared base plus custom modules, rules and price rules.

Frozen pydantic models (`modules.catalog.Catalog` and its parts) and the loader
(`modules.loader.load_catalog`) that refuses a broken file with every problem located.
This package imports neither streamlit nor sqlmodel.
"""
