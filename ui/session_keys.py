"""The names this app keeps in `st.session_state` for sign-in, the cart and their persistence.

One module of names and nothing else, so that `ui.auth`, `ui.cart_state` and `ui.persist` can
share them without importing each other (an ended sign-in drops the cart; the persisted cookie
restores both).
"""

from __future__ import annotations

# Sign-in (ui.auth)
SESSION_KEY = "auth:user"  # {"id": customer id} this session believes is signed in
TOKEN_KEY = "auth:token"  # noqa: S105 - the browser session's token (what its cookie holds)
HANDOFF_KEY = "auth:handoff"  # the one-time code the browser has yet to exchange for the cookie
DEVICE_KEY = "auth:device"  # a known-browser token issued in this session (kept across sign-outs)
UNLOCK_KEY = "auth:unlock"  # the code of an e-mailed unlock link opened in this session

# The cart (ui.cart_state); an ended sign-in takes the account's cart away too
CART_KEY = "cart:token"
MODE_KEY = "cart:mode"
COUNTRY_KEY = "cart:country"
CURRENCY_KEY = "cart:currency"  # the currency the buyer chose; absent: the delivery country's
EDIT_KEY = "cart:editing"  # (product code, line id) being edited in the configurator

# Persistence across reloads (ui.persist)
RESTORED_KEY = "persist:restored"
SAVED_CART_KEY = "persist:cart"  # the cart token as last written
LANGUAGE_KEY = "ui:language"  # the buyer language of this tab (`ui.language`); a reload restores a picked one
PICKED_LANGUAGE_KEY = "ui:language:picked"  # the language the buyer picked (not just the browser's)
SAVED_LANGUAGE_KEY = "persist:language"  # the picked language as last written
WORK_KEY = "persist:work"  # product -> the design in progress with pictures the cookie's row kept, to restore
SAVED_WORK_KEY = "persist:work:saved"  # product -> that design as last written
