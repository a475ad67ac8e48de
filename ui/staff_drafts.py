"""The draft editor's tabs on the catalogs page (Streamlit glue): options, rules, tables, whole file.

Every change goes through `save`, i.e. `store.drafts.save_draft`: the real loader checks the whole
catalog first, a stale draft version is refused, and the save is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st
import yaml

from modules.errors import CatalogError
from store.db import transaction
from store.drafts import save_draft
from store.errors import StoreError
from ui import draft_edit, staff_table_edit
from ui.format import counted
from ui.resources import database
from ui.safe import md_escape, staff_editor


@dataclass(frozen=True)
class Draft:
    """The draft as this session opened it."""

    product: str
    user_id: int
    open_key: str  # session-state key of the opened draft (a CatalogDraftPublic dump)
    opened: dict[str, Any]

    @property
    def version(self) -> int:
        return int(self.opened["version"])

    @property
    def data(self) -> dict[str, Any]:
        return draft_edit.parse(self.opened["source_yaml"])

    @property
    def csv_files(self) -> dict[str, str]:
        return dict(self.opened["csv_files"])

    def key(self, name: str) -> str:
        """A widget key that changes with every saved version (fresh widgets after a save)."""
        return f"draft:{name}:{self.product}:{self.version}"


def draft_state(saves: int | None) -> str:
    """The catalogs table's draft column: "none" when no draft is open, else how often it was saved."""
    if saves is None:
        return "none"
    return f"open, {saves} save{'' if saves == 1 else 's'}"


def show_problems(exc: CatalogError) -> None:
    st.error(f"Nothing was saved: {counted(len(exc.problems), 'problem')} in the catalog.")
    for problem in exc.problems:
        st.code(str(problem), language=None)


def save(draft: Draft, source_yaml: str, csv_files: dict[str, str], what: str) -> None:
    try:
        with transaction(database()) as s:
            saved = save_draft(
                session=s,
                product_code=draft.product,
                source_yaml=source_yaml,
                csv_files=csv_files,
                expected_version=draft.version,
                actor_id=draft.user_id,
                what=what,
            )
    except CatalogError as exc:
        show_problems(exc)
    except StoreError as exc:
        st.error(md_escape(exc.message))
    else:
        st.session_state[draft.open_key] = saved.model_dump()
        st.toast(f"Saved (draft version {saved.version})")
        st.rerun()


def _choice_modules(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in data.get("modules", []) if m.get("kind") in ("single", "multi")]


def _module_name(modules: list[dict[str, Any]]) -> Any:
    return lambda c: next(str(m.get("name", c)) for m in modules if m["code"] == c)


def options_tab(draft: Draft) -> None:
    data = draft.data
    modules = _choice_modules(data)
    module_code = st.selectbox(
        "Module", [m["code"] for m in modules], key="draft:module", format_func=_module_name(modules)
    )
    if not module_code:
        return
    edited = staff_editor(
        draft_edit.option_rows(data, module_code),
        key=f"draft:options:{draft.product}:{module_code}:{draft.version}",
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "_id": None,
            "price": st.column_config.NumberColumn("price", min_value=0.0, step=0.01, format="%.2f"),
            "lead_time_days": st.column_config.NumberColumn("lead time (days)", min_value=0, step=1),
            "weight_kg": st.column_config.NumberColumn("weight (kg)", min_value=0.0, step=0.001),
            "materials": st.column_config.TextColumn("materials (YAML)"),
            "preview": st.column_config.TextColumn("preview layer (YAML)"),
        },
    )
    if st.button("Save options", key="draft:save-options", type="primary"):
        rows_now = edited if isinstance(edited, list) else edited.to_dict("records")
        try:
            new_data = draft_edit.apply_option_rows(data, module_code, rows_now)
        except Exception as exc:  # a YAML cell that does not parse
            st.error(f"A cell could not be read: {md_escape(str(exc))}")
        else:
            save(draft, draft_edit.dump(new_data), draft.csv_files, f"options of {module_code}")
    st.subheader("Add an option")
    with st.form(draft.key("add-option"), clear_on_submit=False, border=True):
        left, right = st.columns(2)
        code = left.text_input("Code", key=draft.key("new-option-code"), help="lower-case letters, digits and dashes")
        name = right.text_input("Name", key=draft.key("new-option-name"))
        price = left.number_input(
            "Price effect", min_value=0.0, step=0.5, format="%.2f", key=draft.key("new-option-price")
        )
        days = right.number_input("Extra lead days", min_value=0, step=1, key=draft.key("new-option-days"))
        added = st.form_submit_button(f"Add to {module_code}", key="draft:add-option")
    if added:
        try:
            new_data = draft_edit.add_option(
                data, module_code, code=code, name=name, price=float(price), lead_time_days=int(days)
            )
        except ValueError as exc:
            st.error(md_escape(str(exc)))
        else:
            save(draft, draft_edit.dump(new_data), draft.csv_files, f"new option {module_code}.{code.strip()}")
    from ui.staff_artwork import artwork_section  # it imports Draft from here

    artwork_section(draft, module_code)


def _condition_inputs(label: str, modules: list[dict[str, Any]], key: str) -> tuple[str | None, list[str]]:
    left, right = st.columns(2)
    module_code = left.selectbox(
        label, [m["code"] for m in modules], key=f"{key}-module", format_func=_module_name(modules)
    )
    module = next((m for m in modules if m["code"] == module_code), {})
    codes = [str(o.get("code")) for o in module.get("options", [])]
    names = {str(o.get("code")): str(o.get("name", o.get("code"))) for o in module.get("options", [])}
    picked = right.multiselect(
        "is one of", codes, key=f"{key}-options:{module_code}", format_func=lambda c: names.get(c, c)
    )
    return module_code, list(picked)


def rules_tab(draft: Draft) -> None:
    data = draft.data
    modules = _choice_modules(data)
    st.subheader("Add a rule")
    kind = st.radio(
        "Kind",
        ["excludes", "requires"],
        horizontal=True,
        key="draft:new-rule-kind",
        format_func=lambda k: {"excludes": "never together", "requires": "the first needs the second"}[k],
    )
    first = _condition_inputs("When", modules, draft.key("new-rule-a"))
    second = _condition_inputs("together with" if kind == "excludes" else "then", modules, draft.key("new-rule-b"))
    left, right = st.columns([1, 2])
    code = left.text_input("Rule code", key=draft.key("new-rule-code"))
    message = right.text_input("Message shown to buyers", key=draft.key("new-rule-message"))
    if st.button("Add the rule", key="draft:add-rule", type="primary"):
        if not (first[0] and first[1] and second[0] and second[1]):
            st.error("Choose a module and at least one option on both sides of the rule.")
        else:
            try:
                rule = draft_edit.new_rule(
                    kind=kind,
                    code=code,
                    message=message,
                    first=draft_edit.condition(first[0], first[1]),
                    second=draft_edit.condition(second[0], second[1]),
                )
                new_data = draft_edit.add_rule(data, rule)
            except ValueError as exc:
                st.error(md_escape(str(exc)))
            else:
                save(draft, draft_edit.dump(new_data), draft.csv_files, f"new rule {rule['code']}")

    codes = draft_edit.rule_codes(data)
    if codes:
        st.subheader("Edit a rule")
        chosen = st.selectbox("Rule", codes, key="draft:edit-rule")
        text = st.text_area(
            "Rule (YAML)", draft_edit.rule_yaml(data, chosen), height=160, key=draft.key(f"rule-text:{chosen}")
        )
        save_col, delete_col = st.columns(2)
        if save_col.button("Save the rule", key="draft:save-rule", type="primary"):
            _replace_rule(draft, data, chosen, text, f"rule {chosen}")
        if delete_col.button("Delete the rule", key="draft:delete-rule"):
            _replace_rule(draft, data, chosen, "", f"rule {chosen} deleted")

    with st.expander("All rules and price rules (YAML)"):
        rules_text = st.text_area(
            "Rules (YAML list)", draft_edit.section_yaml(data, "rules"), height=300, key=draft.key("rules")
        )
        pricing_text = st.text_area(
            "Price rules (YAML)", draft_edit.section_yaml(data, "pricing"), height=200, key=draft.key("pricing")
        )
        if st.button("Save rules and price rules", key="draft:save-rules", type="primary"):
            try:
                new_data = draft_edit.replace_section(
                    draft_edit.replace_section(data, "rules", rules_text), "pricing", pricing_text
                )
            except yaml.YAMLError as exc:
                st.error(f"Not valid YAML: {md_escape(str(exc))}")
            else:
                save(draft, draft_edit.dump(new_data), draft.csv_files, "rules and price rules")


def _replace_rule(draft: Draft, data: dict[str, Any], code: str, text: str, what: str) -> None:
    try:
        new_data = draft_edit.replace_rule(data, code, text)
    except (ValueError, yaml.YAMLError) as exc:
        st.error(f"Rule {md_escape(code)} not saved: {md_escape(str(exc))}")
    else:
        save(draft, draft_edit.dump(new_data), draft.csv_files, what)


def tables_tab(draft: Draft) -> None:
    data = draft.data
    found = staff_table_edit.tables(data)
    if not found:
        st.caption("This catalog has no compatibility table.")
        return
    code = st.selectbox(
        "Table",
        [t.code for t in found],
        key="draft:table",
        format_func=lambda c: next(f"{c} ({t.csv or 'rows in the catalog file'})" for t in found if t.code == c),
    )
    table = next(t for t in found if t.code == code)
    combos = "allowed" if table.mode == "allowed" else "forbidden"
    st.caption(f"Each row is one {combos} combination of {', '.join(table.modules)}; `*` matches any option.")
    edited = staff_editor(
        pd.DataFrame(staff_table_edit.table_rows(data, draft.csv_files, table), columns=list(table.modules)),
        key=draft.key(f"table:{code}"),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            m: st.column_config.SelectboxColumn(m, options=staff_table_edit.cell_choices(data, m))
            for m in table.modules
        },
    )
    if st.button("Save the table", key="draft:save-table", type="primary"):
        rows_now = edited.to_dict("records")
        new_data, files = staff_table_edit.apply_table_rows(data, draft.csv_files, table, rows_now)
        save(draft, draft_edit.dump(new_data), files, f"table {code}")


def file_tab(draft: Draft) -> None:
    whole = st.text_area("Catalog file", draft.opened["source_yaml"], height=500, key=draft.key("file"))
    if st.button("Save the file", key="draft:save-file", type="primary"):
        save(draft, whole, draft.csv_files, "whole file")
