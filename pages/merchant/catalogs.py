"""Catalogs: browse product families, edit a draft (options, rules, compatibility tables, pricing,
whole file), check it, publish it (now or scheduled), withdraw versions, export. Each version shows
its rules engine's compile: a live progress bar while it runs, then its outcome."""

import datetime as dt

import streamlit as st

from modules.rules import Table
from store.db import transaction
from store.drafts import (
    actor_name,
    families,
    get_draft,
    list_versions,
    open_draft,
    version_catalog,
    version_source,
    withdraw_version,
)
from store.errors import StoreError
from ui import compile_status, draft_edit, staff_drafts
from ui.resources import database
from ui.safe import md_escape, staff_table
from ui.staff import MERCHANDISING, guard
from ui.staff_draft_check import check_tab
from ui.staff_drafts import draft_state

user = guard(MERCHANDISING)
st.title("Catalogs")
published = st.session_state.pop("catalogs:published", None)
if published:
    st.success(published)

with transaction(database()) as session:
    rows = families(session=session, actor_id=user.id)
if not rows:
    st.info("No product family is published yet: import one below.")
    st.stop()
staff_table(
    [{**r, "draft": draft_state(r["draft"])} for r in rows],
    hide_index=True,
    width="stretch",
    column_config={
        "code": "Code",
        "name": "Product family",
        "category": "Category",
        "latest": "Newest version",
        "on_sale": "On sale",
        "draft": st.column_config.TextColumn("Draft", help="Whether a draft is open, and how often it was saved"),
    },
)
codes = [r["code"] for r in rows]
product = st.selectbox(
    "Product family",
    codes,
    key="catalogs:product",
    format_func=lambda c: next(r["name"] for r in rows if r["code"] == c),
)
OPEN_KEY = f"draft:{product}"

with transaction(database()) as session:
    stored = get_draft(session=session, actor_id=user.id, product_code=product)
    saved_by = actor_name(session=session, actor_id=user.id, actor=stored.updated_by) if stored else ""
opened = st.session_state.get(OPEN_KEY)
if stored is None:
    st.session_state.pop(OPEN_KEY, None)
    if st.button("Start a draft from the newest version", key="draft:open", type="primary"):
        try:
            with transaction(database()) as s:
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
            f"{md_escape(saved_by)} saved this draft (version {stored.version}) since you opened it "
            f"(version {opened['version']}). Your next save will be refused: reload first."
        )
        if st.button("Reload the draft", key="draft:reload"):
            st.session_state[OPEN_KEY] = stored.model_dump()
            st.rerun()
    st.caption(f"Draft version {opened['version']}, last saved by {md_escape(saved_by)}")
    draft = staff_drafts.Draft(product=product, user_id=user.id, open_key=OPEN_KEY, opened=opened)
    options_tab, rules_tab, tables_tab, file_tab, check = st.tabs(
        ["Options", "Rules and pricing", "Compatibility tables", "Whole file", "Check and publish"]
    )
    with options_tab:
        staff_drafts.options_tab(draft)
    with rules_tab:
        staff_drafts.rules_tab(draft)
    with tables_tab:
        staff_drafts.tables_tab(draft)
    with file_tab:
        staff_drafts.file_tab(draft)
    with check:
        check_tab(draft)

st.subheader("Versions")
with transaction(database()) as session:
    versions = list_versions(session=session, actor_id=user.id, product_code=product)
for v in versions:
    left, right = st.columns([5, 1])
    state = (
        "withdrawn" if v.withdrawn_at else ("scheduled" if v.effective_from > dt.datetime.now(dt.UTC) else "published")
    )
    left.write(
        f"Version {v.version} · {state} · from {v.effective_from:%Y-%m-%d %H:%M} UTC"
        f" · by {md_escape(v.published_by or 'import')}"
    )
    with left:
        compile_status.show(user_id=user.id, version_id=v.id)
    if v.withdrawn_at is None and right.button("Withdraw", key=f"withdraw:{v.id}"):
        try:
            with transaction(database()) as s:
                withdraw_version(session=s, version_id=v.id, actor_id=user.id)
        except StoreError as exc:
            st.error(md_escape(exc.message))
        else:
            st.cache_data.clear()
            st.rerun()

st.subheader("Export")
if versions:
    with transaction(database()) as session:
        newest = version_catalog(session=session, actor_id=user.id, version_id=versions[0].id)
        newest_source = version_source(session=session, actor_id=user.id, version_id=versions[0].id)
    st.download_button("Catalog file (YAML)", newest_source, file_name=f"{product}.yaml", key="export:yaml")
    for rule in newest.rules:
        if isinstance(rule, Table) and rule.rows is not None:
            body = draft_edit.table_csv(list(rule.modules), [list(r) for r in rule.rows])
            st.download_button(
                f"Table {rule.code} (CSV)", body, file_name=rule.csv or f"{rule.code}.csv", key=f"export:{rule.code}"
            )
