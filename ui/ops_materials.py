"""The materials page's widgets: the stock table (supplier and reorder settings editable), the
receipt form and the purchase needs with their actions.

The editor's input stays the stored levels; on Save only the edited rows go to the server,
which validates every value again (`store.materials.update_settings`), so a value the browser
was made to send (negative, absurd, not a number) is refused with the row and field named.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import streamlit as st

from store.db import transaction
from store.materials import MaterialLevel, receive, stock_levels, update_settings
from store.purchasing import NeedGroup, mark_ordered, mark_received, purchase_needs
from ui.actions import attempt
from ui.auth import User
from ui.resources import database
from ui.safe import md_escape, staff_editor, staff_table

EDITOR = "mat:editor"
CODES = "mat:codes"  # the materials the editor showed, row by row
FLASH = "mat:flash"
EDITABLE = {
    "Supplier": "supplier",
    "Lead days": "supplier_lead_days",
    "Reorder point": "reorder_point",
    "Reorder quantity": "reorder_quantity",
}


def run(action: Any, success: str, **kwargs: Any) -> bool:
    """One service call; a refusal is shown plainly and nothing changes."""
    if not attempt(action, **kwargs).ok:
        return False
    st.session_state[FLASH] = success
    st.session_state.pop(EDITOR, None)  # the next run shows what the server stored
    st.rerun()
    return True  # pragma: no cover  (st.rerun does not return)


def show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(md_escape(message))


def levels(user: User) -> list[MaterialLevel]:
    with transaction(database()) as session:
        return stock_levels(session=session, actor_id=user.id)


def needs(user: User) -> list[NeedGroup]:
    with transaction(database()) as session:
        return purchase_needs(session=session, actor_id=user.id)


def rows(materials: list[MaterialLevel]) -> list[dict[str, Any]]:
    return [
        {
            "Code": m.code,
            "Material": m.name,
            "Unit": m.unit,
            "Supplier": m.supplier,
            "Lead days": m.supplier_lead_days,
            "Reorder point": float(m.reorder_point),
            "Reorder quantity": float(m.reorder_quantity),
            "Available": float(m.available),
            "Reserved": float(m.reserved),
            "Open need": float(m.open_need),
            "Reorder!": m.below_reorder_point,
        }
        for m in materials
    ]


def _number(value: Any) -> Any:
    """Editor numbers arrive as floats: their shortest text is what the person typed."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float | int):
        try:
            return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            return str(value)
    return value


def changes(materials: list[MaterialLevel], state: Any) -> list[dict[str, Any]]:
    """The edited rows as full settings (unchanged fields kept), ready for the server."""
    edited = state.get("edited_rows", {}) if isinstance(state, dict) else {}
    out: list[dict[str, Any]] = []
    for index, fields in sorted(edited.items(), key=lambda kv: int(kv[0])):
        position = int(index)
        if not 0 <= position < len(materials) or not isinstance(fields, dict):
            continue
        material = materials[position]
        row: dict[str, Any] = {
            "code": material.code,
            "supplier": material.supplier,
            "supplier_lead_days": material.supplier_lead_days,
            "reorder_point": material.reorder_point,
            "reorder_quantity": material.reorder_quantity,
        }
        for column, value in fields.items():
            name = EDITABLE.get(str(column))
            if name is None:
                row[str(column)] = value  # a column that is not editable: the server refuses it
            elif name == "supplier":
                row[name] = "" if value is None else value
            elif name == "supplier_lead_days" and isinstance(value, float) and value.is_integer():
                row[name] = int(value)
            else:
                row[name] = _number(value)
        out.append(row)
    return out


def stock_table(user: User, materials: list[MaterialLevel]) -> None:
    st.subheader("Stock and reorder settings")
    if not materials:
        st.info("No materials yet: they appear with the first order or receipt.")
        return
    st.caption("Edit supplier, lead days, reorder point and quantity, then save. Reorder! marks low stock.")
    shown_before = st.session_state.get(CODES)
    codes = [m.code for m in materials]
    st.session_state[CODES] = codes
    staff_editor(
        rows(materials),
        key=EDITOR,
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        disabled=["Code", "Material", "Unit", "Available", "Reserved", "Open need", "Reorder!"],
        column_config={
            "Supplier": st.column_config.TextColumn(max_chars=120),
            "Lead days": st.column_config.NumberColumn(min_value=0, max_value=365, step=1),
            "Reorder point": st.column_config.NumberColumn(min_value=0, format="%.3f"),
            "Reorder quantity": st.column_config.NumberColumn(min_value=0, format="%.3f"),
        },
    )
    if st.button("Save changes", key="mat:save", type="primary"):
        if shown_before is not None and shown_before != codes:
            # Edits are recorded by row position: they would land on the wrong materials.
            st.session_state.pop(EDITOR, None)
            st.error("The list of materials changed while you were editing; please make your changes again.")
            return
        edits = changes(materials, st.session_state.get(EDITOR))
        if not edits:
            st.info("Nothing to save.")
            return
        run(update_settings, f"Saved {len(edits)} material(s).", actor_id=user.id, changes=edits)


def receive_form(user: User, materials: list[MaterialLevel]) -> None:
    st.subheader("Receive stock")
    if not materials:
        return
    names = {m.code: f"{m.name} ({m.code}, {m.unit})" for m in materials}
    with st.form("mat:receive", clear_on_submit=False):
        code = st.selectbox("Material", list(names), format_func=names.__getitem__, key="mat:receive:code")
        quantity = st.number_input("Quantity", min_value=0.0, value=0.0, step=1.0, key="mat:receive:qty")
        note = st.text_input("Note (delivery note number...)", max_chars=200, key="mat:receive:note")
        if st.form_submit_button("Receive", key="mat:receive:go"):
            run(
                receive,
                f"Received {quantity:g} of {code}.",
                actor_id=user.id,
                material_code=code,
                quantity=Decimal(repr(float(quantity))),
                note=note,
            )


def purchase_section(user: User, groups: list[NeedGroup]) -> None:
    st.subheader("Purchase needs")
    if not groups:
        st.caption("No purchase need is open or waiting for delivery.")
        return
    staff_table(
        [
            {
                "Material": g.material_name,
                "Code": g.material_code,
                "Supplier": g.supplier or "-",
                "Status": g.status,
                "Needed": float(g.needed),
                "Order": float(g.suggested),
                "Unit": g.unit,
                "Orders": g.orders,
                "Expected": g.expected.isoformat() if g.expected else "",
            }
            for g in groups
        ],
        hide_index=True,
        width="stretch",
    )
    for group in groups:
        label = f"{group.material_name} ({group.material_code})"
        left, middle, right = st.columns([3, 2, 2])
        left.text(f"{label}: {group.status}, {group.needed:f} {group.unit} for {group.orders} order(s)")
        if group.status == "open":
            if right.button("Mark ordered", key=f"mat:order:{group.material_code}"):
                run(
                    mark_ordered,
                    f"Ordered {group.suggested:f} {group.unit} of {group.material_code}.",
                    actor_id=user.id,
                    material_code=group.material_code,
                    need_ids=list(group.need_ids),
                )
        else:
            quantity = middle.number_input(
                "Received",
                min_value=0.0,
                value=float(group.suggested),
                key=f"mat:recv-qty:{group.material_code}",
                label_visibility="collapsed",
            )
            if right.button("Mark received", key=f"mat:received:{group.material_code}"):
                run(
                    mark_received,
                    f"Received {quantity:g} {group.unit} of {group.material_code}.",
                    actor_id=user.id,
                    material_code=group.material_code,
                    need_ids=list(group.need_ids),
                    quantity=Decimal(repr(float(quantity))),
                )
