"""Money, price rules, quantity tiers, promotions, shipping, tax and delivery dates.

Where things are: `money` (Money), `shop` (shop settings, `shop.yaml`), `lines` (an item's
price lines), `promotions` (stacking rules), `delivery` (business days), `quote` (`quote`,
`quote_cart`), `model` (the Quote and its serialisations), `bounds` (live price bounds and
"from" prices on the compiled model), `cli` (`python -m pricing quote`). See docs/pricing.md.

Imports neither streamlit nor sqlmodel.
"""
