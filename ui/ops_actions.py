"""The staff order page's actions: each runs as a widget callback bound to the order that was on
screen when the widget was drawn, calls one `store.order_actions` service (which re-checks the
role and that the thing acted on belongs to that order), and shows a refusal under the widget."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import streamlit as st

from store.db import transaction
from store.errors import StoreError
from ui.resources import database
from ui.safe import md_escape

FLASH = "ops:flash"
ERROR = "ops:error"


def act(
    action: Callable[..., Any],
    success: str,
    *,
    where: str,
    clear: tuple[str, ...] = (),
    read: dict[str, str] | None = None,
    **kwargs: Any,
) -> None:
    """Run one staff action as a widget callback, with the arguments fixed when the widget was
    drawn (so it acts on the order that was on screen, whatever the next run shows) and the
    `read` keyword arguments taken from the session keys holding what was typed. On success the
    `clear` inputs are emptied and `success` is shown at the top; on refusal the reason is shown
    under the widget `where`, what was typed is kept, and nothing changes."""
    typed = {name: str(st.session_state.get(key) or "") for name, key in (read or {}).items()}
    try:
        with transaction(database()) as session:
            action(session=session, **kwargs, **typed)
    except StoreError as exc:
        st.session_state[f"{ERROR}:{where}"] = exc.message
        return
    for key in clear:
        st.session_state[key] = ""
    st.session_state[FLASH] = success


def action_button(
    container: Any,
    label: str,
    *,
    key: str,
    action: Callable[..., Any],
    success: str,
    type: Literal["primary", "secondary"] = "primary",
    clear: tuple[str, ...] = (),
    read: dict[str, str] | None = None,
    **kwargs: Any,
) -> None:
    """A button that runs `act` with these arguments, and the refusal of its last click if any."""
    container.button(
        label,
        key=key,
        type=type,
        on_click=act,
        args=(action, success),
        kwargs={"where": key, "clear": clear, "read": read, **kwargs},
    )
    refusal(container, key)


def refusal(container: Any, where: str) -> None:
    message = st.session_state.pop(f"{ERROR}:{where}", None)
    if message:
        container.error(md_escape(message))


def show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(md_escape(message))
