"""Catalogs: browse product families, edit a draft (options table, rules, pricing, whole file),
check it, publish it (now or scheduled), withdraw versions, import and export."""

import datetime as dt

import streamlit as st

from configurator.model_checks import check_catalog, diff_catalogs
from modules.errors import CatalogError
from modules.rules import Table
from store.db import transaction
from store.drafts import (
    draft_catalog,
    families,
    get_draft,
    list_versions,
    open_draft,
    publish_draft,
    save_draft,
    version_catalog,
    version_source,
    withdraw_version,
)
from store.errors import StoreError
from ui import draft_edit
from ui.resources import engine
from ui.safe import md_escape
from ui.staff import MERCHANDISING, guard

user = guard(MERCHANDISING)
st.title("Catalogs")

with transaction(engine()) as session:
    rows = families(session=session)
if not rows:
    st.info("No product family is published yet: import one below.")
    st.stop()
st.dataframe(rows, hide_index=True, width="stretch")
codes = [r["code"] for r in rows]
product = st.selectbox("Product family", codes, format_func=lambda c: next(r["name"] for r in rows if r["code"] == c))
OPEN_KEY = f"draft:{product}"


def show_problems(exc: CatalogError) -> None:
    st.error(f"Nothing was saved: {len(exc.problems)} problem(s) in the catalog.")
    for problem in exc.problems:
        st.code(str(problem), language=None)


def save(source_yaml: str, csv_files: dict[str, str], what: str) -> None:
    opened = st.session_state[OPEN_KEY]
    try:
        with transaction(engine()) as s:
            saved = save_draft(
                session=s,
                product_code=product,
                source_yaml=source_yaml,
                csv_files=csv_files,
                expected_version=opened["version"],
                actor_id=user.id,
                what=what,
            )
    except CatalogError as exc:
        show_problems(exc)
    except StoreError as exc:
        st.error(md_escape(exc.message))
    else:
        st.session_state[OPEN_KEY] = saved.model_dump()
        st.toast(f"Saved (draft version {saved.version})")
        st.rerun()


with transaction(engine()) as session:
    stored = get_draft(session=session, product_code=product)
opened = st.session_state.get(OPEN_KEY)
if stored is None:
    st.session_state.pop(OPEN_KEY, None)
    if st.button("Start a draft from the newest version", key="draft:open", type="primary"):
        try:
            with transaction(engine()) as s:
                st.session_state[OPEN_KEY] = open_draft(session=s, product_code=product, actor_id=user.id).model_dump()
        except StoreError as exc:
            st.error(md_escape(exc.message))
        else:
            st.rerun()
else:
    if opened is None:
        st.session_state[OPEN_KEY] = opened = stored.model_dump()
    if stored.version != opened["version"]:
        st.warning(
            f"{md_escape(stored.updated_by)} saved this draft (version {stored.version}) since you opened it "
            f"(version {opened['version']}). Your next save will be refused: reload first."
        )
        if st.button("Reload the draft", key="draft:reload"):
            st.session_state[OPEN_KEY] = stored.model_dump()
            st.rerun()
    st.caption(f"Draft version {opened['version']}, last saved by {md_escape(opened['updated_by'])}")
    data = draft_edit.parse(opened["source_yaml"])
    csv_files: dict[str, str] = dict(opened["csv_files"])

    options_tab, rules_tab, file_tab, check_tab = st.tabs(
        ["Options", "Rules and pricing", "Whole file", "Check and publish"]
    )
    with options_tab:
        choice_modules = [m for m in data.get("modules", []) if m.get("kind") in ("single", "multi")]
        module_code = st.selectbox(
            "Module",
            [m["code"] for m in choice_modules],
            key="draft:module",
            format_func=lambda c: next(str(m.get("name", c)) for m in choice_modules if m["code"] == c),
        )
        if module_code:
            edited = st.data_editor(
                draft_edit.option_rows(data, module_code),
                key=f"draft:options:{product}:{module_code}:{opened['version']}",
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
                    save(draft_edit.dump(new_data), csv_files, f"options of {module_code}")
    with rules_tab:
        rules_text = st.text_area(
            "Rules (YAML list)",
            draft_edit.section_yaml(data, "rules"),
            height=300,
            key=f"draft:rules:{product}:{opened['version']}",
        )
        pricing_text = st.text_area(
            "Price rules (YAML)",
            draft_edit.section_yaml(data, "pricing"),
            height=200,
            key=f"draft:pricing:{product}:{opened['version']}",
        )
        if st.button("Save rules and price rules", key="draft:save-rules", type="primary"):
            try:
                new_data = draft_edit.replace_section(
                    draft_edit.replace_section(data, "rules", rules_text), "pricing", pricing_text
                )
            except Exception as exc:  # YAML syntax
                st.error(f"Not valid YAML: {md_escape(str(exc))}")
            else:
                save(draft_edit.dump(new_data), csv_files, "rules and price rules")
    with file_tab:
        whole = st.text_area(
            "Catalog file", opened["source_yaml"], height=500, key=f"draft:file:{product}:{opened['version']}"
        )
        if st.button("Save the file", key="draft:save-file", type="primary"):
            save(whole, csv_files, "whole file")
    with check_tab:
        checks_key = f"checks:{product}:{opened['version']}"
        if st.button("Run the model checks", key="draft:check"):
            try:
                catalog = draft_catalog(stored.model_copy(update={"source_yaml": opened["source_yaml"]}))
            except CatalogError as exc:
                show_problems(exc)
            else:
                with st.spinner("Checking every rule..."):
                    report = check_catalog(catalog, rule_budget_seconds=10)
                    with transaction(engine()) as s:
                        on_sale = next(
                            (v for v in list_versions(session=s, product_code=product) if v.withdrawn_at is None), None
                        )
                        diff = (
                            diff_catalogs(version_catalog(session=s, version_id=on_sale.id), catalog)
                            if on_sale
                            else None
                        )
                st.session_state[checks_key] = (report, diff)
        checked = st.session_state.get(checks_key)
        if checked is not None:
            report, diff = checked
            st.metric("Valid products", "unknown" if report.count is None else f"{report.count:,}")
            if not report.findings:
                st.success("No findings.")
            for finding in report.findings:
                rules_text = f" (rules: {', '.join(finding.rules)})" if finding.rules else ""
                show = st.error if finding.kind in ("dead-option", "contradiction") else st.warning
                show(f"{finding.kind}: {md_escape(finding.message + rules_text)}")
            for note in report.notes:
                st.caption(md_escape(note))
            if diff is not None:
                st.subheader("Compared with the newest published version")
                st.write(f"Added options: {', '.join(diff.added) or 'none'}")
                st.write(f"Removed options: {', '.join(diff.removed) or 'none'}")
                for change in diff.price_changes:
                    st.write(f"Price of {change.what}: {change.before} → {change.after}")
                if diff.invalidated is not None:
                    st.write(
                        f"Products valid today that become invalid: {diff.invalidated:,} of {diff.published_count:,}"
                    )
                else:
                    st.caption(md_escape(diff.note))
            when = st.radio("Goes on sale", ["now", "at a date and time"], horizontal=True, key="draft:when")
            effective = None
            if when != "now":
                day = st.date_input("Date (UTC)", key="draft:day")
                moment = st.time_input("Time (UTC)", key="draft:time")
                effective = dt.datetime.combine(day, moment, tzinfo=dt.UTC)
            confirm = True
            if report.blocking:
                confirm = st.checkbox("Publish despite the findings above", key="draft:confirm")
            if st.button("Publish", key="draft:publish", type="primary", disabled=not confirm):
                try:
                    with transaction(engine()) as s:
                        version = publish_draft(
                            session=s,
                            product_code=product,
                            expected_version=opened["version"],
                            actor_id=user.id,
                            effective_from=effective,
                        )
                except (StoreError, CatalogError) as exc:
                    st.error(md_escape(getattr(exc, "message", str(exc))))
                else:
                    st.session_state.pop(OPEN_KEY, None)
                    st.cache_data.clear()
                    st.success(
                        f"Published version {version.version}, on sale from {version.effective_from:%Y-%m-%d %H:%M} UTC"
                    )
        else:
            st.caption("Run the checks before publishing.")

st.subheader("Versions")
with transaction(engine()) as session:
    versions = list_versions(session=session, product_code=product)
for v in versions:
    left, right = st.columns([5, 1])
    state = (
        "withdrawn" if v.withdrawn_at else ("scheduled" if v.effective_from > dt.datetime.now(dt.UTC) else "published")
    )
    left.write(
        f"Version {v.version} · {state} · from {v.effective_from:%Y-%m-%d %H:%M} UTC"
        f" · by {md_escape(v.published_by or 'import')}"
    )
    if v.withdrawn_at is None and right.button("Withdraw", key=f"withdraw:{v.id}"):
        try:
            with transaction(engine()) as s:
                withdraw_version(session=s, version_id=v.id, actor_id=user.id)
        except StoreError as exc:
            st.error(md_escape(exc.message))
        else:
            st.cache_data.clear()
            st.rerun()

st.subheader("Export")
if versions:
    with transaction(engine()) as session:
        newest = version_catalog(session=session, version_id=versions[0].id)
        newest_source = version_source(session=session, version_id=versions[0].id)
    st.download_button("Catalog file (YAML)", newest_source, file_name=f"{product}.yaml", key="export:yaml")
    for rule in newest.rules:
        if isinstance(rule, Table) and rule.rows is not None:
            body = draft_edit.table_csv(list(rule.modules), [list(r) for r in rule.rows])
            st.download_button(
                f"Table {rule.code} (CSV)", body, file_name=rule.csv or f"{rule.code}.csv", key=f"export:{rule.code}"
            )
