"""The materials page's widgets: the stock table (supplier and reorder settings editable), the
receipt form and the purchase needs: those to order (several marked ordered in one action) and
those waiting for delivery (one material received at a time, with the quantity that arrived).

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
from store.purchasing import NeedGroup, mark_many_ordered, mark_received, purchase_needs
from ui.actions import attempt
from ui.auth import User
from ui.format import counted
from ui.resources import database
from ui.safe import md_escape, staff_editor, staff_table

EDITOR = "mat:editor"
CODES = "mat:codes"  # the materials the editor showed, row by row
FLASH = "mat:flash"
ORDER_PICK = "mat:order:pick"  # the open needs' materials chosen to mark ordered
RECEIVE_PICK = "mat:receive-need"  # the ordered material whose delivery is being entered
RECEIVE_QTY = "mat:recv-qty:"  # + material code: the quantity that arrived
REQUEST = "mat:request"  # what the last purchase-needs click asked for
EDITABLE = {
    "Supplier": "supplier",
    "Lead days": "supplier_lead_days",
    "Reorder point": "reorder_point",
    "Reorder quantity": "reorder_quantity",
}


def run(action: Any, success: str, clear: tuple[str, ...] = (), **kwargs: Any) -> bool:
    """One service call in its own transaction; a refusal is shown plainly and nothing changes.
    On success the page starts again with `success` shown, and the widgets in `clear` emptied."""
    if not attempt(action, **kwargs).ok:
        return False
    st.session_state[FLASH] = success
    for key in (EDITOR, *clear):  # the next run shows what the server stored
        st.session_state.pop(key, None)
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
            # what there is before what can be set: a stretched table scrolls its last columns out of view
            "Available": float(m.available),
            "Reserved": float(m.reserved),
            "Open need": float(m.open_need),
            "Reorder!": m.below_reorder_point,
            "Supplier": m.supplier,
            "Lead days": m.supplier_lead_days,
            "Reorder point": float(m.reorder_point),
            "Reorder quantity": float(m.reorder_quantity),
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
        run(update_settings, f"Saved {counted(len(edits), 'material')}.", actor_id=user.id, changes=edits)


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


def _supplier(name: str) -> str:
    """A blank cell for no supplier (a "-" placeholder would reach the table as a quoted "'-", and
    None reads "None")."""
    return name or ""


def _names(groups: list[NeedGroup], limit: int = 5) -> str:
    shown = ", ".join(f"{g.material_name} ({g.material_code})" for g in groups[:limit])
    return shown + (f" and {len(groups) - limit} more" if len(groups) > limit else "")


def _label(group: NeedGroup) -> str:
    """How a picker names a material: name, code and supplier, so typing any of them finds it."""
    supplier = f" · {group.supplier}" if group.supplier else ""
    return f"{group.material_name} ({group.material_code}){supplier}"


def _by_supplier(groups: list[NeedGroup]) -> list[NeedGroup]:
    """What one supplier delivers together, suppliers in alphabetical order and materials without one last."""
    return sorted(groups, key=lambda g: (not g.supplier, g.supplier.casefold(), g.material_name.casefold()))


def purchase_section(user: User, groups: list[NeedGroup]) -> None:
    st.subheader("Purchase needs")
    carry_out(user)
    if not groups:
        st.caption("No purchase need is open or waiting for delivery.")
        return
    to_order(_by_supplier([g for g in groups if g.status == "open"]))
    to_receive(_by_supplier([g for g in groups if g.status == "ordered"]))


# A click only records what the clerk saw and chose (the buttons' callbacks get the needs as they
# were on screen); the next run carries it out. A need that changed meanwhile (ordered or received
# by someone else) is then refused by the store instead of being swapped for what the list shows now.


def _ask_order(shown: list[NeedGroup], every: bool) -> None:
    picked = set(st.session_state.get(ORDER_PICK) or ())
    st.session_state[REQUEST] = ("order", [g for g in shown if every or g.material_code in picked])


def _ask_receipt(group: NeedGroup) -> None:
    quantity = st.session_state.get(f"{RECEIVE_QTY}{group.material_code}")
    st.session_state[REQUEST] = ("receive", [group], quantity)


def carry_out(user: User) -> None:
    """The action the last click asked for: one transaction, its refusal shown here."""
    request = st.session_state.pop(REQUEST, None)
    if not isinstance(request, tuple):
        return
    if request[0] == "order":
        order(user, request[1])
    elif request[0] == "receive":
        receive_delivery(user, request[1][0], request[2])


def order(user: User, chosen: list[NeedGroup]) -> None:
    """Mark these materials' open needs ordered: one action, all of them or none."""
    if not chosen:
        st.info("Choose the materials you ordered first.")
        return
    needs = sum(len(g.need_ids) for g in chosen)
    run(
        mark_many_ordered,
        f"Marked {counted(len(chosen), 'material')} as ordered ({counted(needs, 'purchase need')}): {_names(chosen)}.",
        clear=(ORDER_PICK,),
        actor_id=user.id,
        materials={g.material_code: list(g.need_ids) for g in chosen},
    )


def receive_delivery(user: User, group: NeedGroup, quantity: Any) -> None:
    """What arrived for one material's ordered needs (the ones on screen when it was entered)."""
    amount = float(quantity) if isinstance(quantity, int | float) else 0.0
    run(
        mark_received,
        f"Received {amount:g} {group.unit} of {group.material_name} ({group.material_code}) "
        f"for {counted(group.orders, 'order')}.",
        clear=(RECEIVE_PICK, f"{RECEIVE_QTY}{group.material_code}"),
        actor_id=user.id,
        material_code=group.material_code,
        need_ids=list(group.need_ids),
        quantity=Decimal(repr(amount)),
    )


def to_order(groups: list[NeedGroup]) -> None:
    st.markdown("**To order**")
    if not groups:
        st.caption("Nothing is left to order.")
        return
    st.caption(
        f"{counted(len(groups), 'material')} to order, grouped by supplier. Order is what to buy: "
        "the quantity needed, or the reorder quantity if that is more."
    )
    staff_table(
        [
            {
                "Supplier": _supplier(g.supplier),
                "Material": g.material_name,
                "Code": g.material_code,
                "Needed": float(g.needed),
                "Order": float(g.suggested),
                "Unit": g.unit,
                "Orders": g.orders,
                "Lead days": g.supplier_lead_days,
            }
            for g in groups
        ],
        hide_index=True,
        width="stretch",
        key="mat:to-order",
    )
    labels = {g.material_code: _label(g) for g in groups}
    chosen = st.multiselect(
        "Materials you ordered",
        list(labels),
        format_func=lambda code: labels.get(code, code),
        key=ORDER_PICK,
        placeholder="Choose materials (type a name, code or supplier)",
    )
    left, right = st.columns(2)
    left.button(
        "Mark chosen as ordered",
        key="mat:order:chosen",
        type="primary",
        disabled=not chosen,
        on_click=_ask_order,
        args=(groups, False),
    )
    right.button(f"Mark all {len(groups)} as ordered", key="mat:order:all", on_click=_ask_order, args=(groups, True))


def to_receive(groups: list[NeedGroup]) -> None:
    st.markdown("**Waiting for delivery**")
    if not groups:
        st.caption("Nothing ordered is waiting for delivery.")
        return
    staff_table(
        [
            {
                "Supplier": _supplier(g.supplier),
                "Material": g.material_name,
                "Code": g.material_code,
                "Needed": float(g.needed),
                "Ordered": float(g.suggested),
                "Unit": g.unit,
                "Orders": g.orders,
                "Ordered on": g.ordered_at.date().isoformat() if g.ordered_at else "",
                "Expected": g.expected.isoformat() if g.expected else "",
            }
            for g in groups
        ],
        hide_index=True,
        width="stretch",
        key="mat:to-receive",
    )
    by_code = {g.material_code: g for g in groups}
    labels = {code: _label(g) for code, g in by_code.items()}
    left, middle, right = st.columns([3, 2, 2], vertical_alignment="bottom")
    code = left.selectbox("Material delivered", list(labels), format_func=labels.__getitem__, key=RECEIVE_PICK)
    group = by_code.get(code) if code else None
    if group is None:
        return
    middle.number_input(
        f"Quantity received ({group.unit})",
        min_value=0.0,
        value=float(group.suggested),
        key=f"{RECEIVE_QTY}{group.material_code}",  # each material starts from its own ordered quantity
    )
    right.button("Mark received", key="mat:received", type="primary", on_click=_ask_receipt, args=(group,))
