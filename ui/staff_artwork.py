"""The catalog editor's artwork section: upload an SVG, PNG or JPEG layer for an option.

The file goes straight to `store.artwork.attach_artwork`, which checks it (SVG rebuilt from an
allowlist, pictures re-encoded, size and pixel limits), stores it once by content and names it in
the draft, in one transaction; a refused file shows the reason and changes nothing.
`st.file_uploader(type=...)` only filters in the browser: the server decides.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from store.artwork import artwork_for, attach_artwork
from store.db import transaction
from store.errors import StoreError
from ui.resources import database
from ui.safe import md_escape
from ui.staff_drafts import Draft

TYPES = ["svg", "png", "jpg", "jpeg"]


def _layered(data: dict[str, Any], module_code: str) -> list[dict[str, Any]]:
    """The module's options that draw a preview layer (only those can carry artwork)."""
    for module in data.get("modules", []):
        if module.get("code") == module_code:
            return [
                o
                for o in module.get("options") or []
                if isinstance(o, dict) and isinstance(o.get("preview"), dict) and o["preview"].get("layer")
            ]
    return []


def artwork_section(draft: Draft, module_code: str) -> None:
    st.subheader("Artwork")
    options = _layered(draft.data, module_code)
    if not options:
        st.caption(
            "No option of this module draws a preview layer. Give an option a preview layer "
            "(the `preview layer` column, e.g. `{layer: body}`) to add artwork to it."
        )
        return
    names = {str(o["code"]): str(o.get("name", o["code"])) for o in options}
    code = st.selectbox(
        "Option", list(names), format_func=names.__getitem__, key=draft.key(f"artwork-option:{module_code}")
    )
    if code is None:
        return
    preview = next(o["preview"] for o in options if str(o["code"]) == code)
    current = preview.get("artwork")
    if current:
        with transaction(database()) as s:
            stored = artwork_for(session=s, codes=[str(current)]).get(str(current))
        if stored is not None:
            media, content = stored
            picture = content.decode() if media == "image/svg+xml" else content
            st.image(
                picture,
                width=160,
                caption=f"Current artwork of {names[code]} (layer {preview['layer']})",
                alt=f"Artwork of {names[code]}",
            )
        else:
            st.warning(f"The artwork this option names ({md_escape(str(current)[:12])}…) is not stored here.")
    st.caption(
        "SVG (drawing elements only: no scripts, links, styles or outside references), PNG or JPEG up to "
        "2 MB and 4096 pixels a side. Draw it on the preview's 300 x 280 canvas: it is laid over the layer."
    )
    upload = st.file_uploader("Artwork file", type=TYPES, key=draft.key(f"artwork-file:{module_code}:{code}"))
    if st.button("Upload artwork", key=f"draft:artwork-upload:{module_code}", disabled=upload is None) and upload:
        try:
            with transaction(database()) as s:
                saved = attach_artwork(
                    session=s,
                    actor_id=draft.user_id,
                    product_code=draft.product,
                    module_code=module_code,
                    option_code=code,
                    file_name=upload.name,
                    data=upload.getvalue(),
                    expected_version=draft.version,
                )
        except StoreError as exc:
            st.error("Nothing was stored: " + md_escape(exc.message))
        else:
            st.session_state[draft.open_key] = saved.model_dump()
            st.toast(f"Artwork saved (draft version {saved.version})")
            st.rerun()
