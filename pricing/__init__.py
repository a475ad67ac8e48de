"""Money, price rules, quantity tiers, promotions, shipping, tax and delivery dates.

Imports neither streamlit nor sqlmodel.
"""
