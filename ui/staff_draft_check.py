"""The "Check and publish" tab of the catalogs page: model checks, diff, publish now or scheduled."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from configurator.model_checks import Diff, Report, check_catalog, diff_catalogs
from modules.errors import CatalogError
from store.db import transaction
from store.drafts import list_versions, load_draft_text, publish_draft, version_catalog
from store.errors import StoreError
from ui.resources import database
from ui.safe import md_escape
from ui.staff_drafts import Draft, show_problems


def _run_checks(draft: Draft) -> tuple[Report, Diff | None] | None:
    try:
        catalog = load_draft_text(draft.opened["source_yaml"], draft.csv_files, product_code=draft.product)
    except CatalogError as exc:
        show_problems(exc)
        return None
    with transaction(database()) as s:
        on_sale = next(
            (
                v
                for v in list_versions(session=s, actor_id=draft.user_id, product_code=draft.product)
                if v.withdrawn_at is None
            ),
            None,
        )
        published = version_catalog(session=s, actor_id=draft.user_id, version_id=on_sale.id) if on_sale else None
    with st.spinner("Checking every rule..."):
        report = check_catalog(catalog, published=published, rule_budget_seconds=10)
        diff = diff_catalogs(published, catalog) if published is not None else None
    return report, diff


def _show_report(report: Report, diff: Diff | None) -> None:
    st.metric("Valid products", "unknown" if report.count is None else f"{report.count:,}")
    if not report.findings:
        st.success("No findings.")
    for finding in report.findings:
        rules_text = f" (rules: {', '.join(finding.rules)})" if finding.rules else ""
        show = st.error if finding.kind in ("dead-option", "contradiction") else st.warning
        show(f"{finding.kind}: {md_escape(finding.message + rules_text)}")
    for note in report.notes:
        st.caption(md_escape(note))
    if diff is None:
        return
    st.subheader("Compared with the newest published version")
    st.write(f"Added options: {md_escape(', '.join(diff.added) or 'none')}")
    st.write(f"Removed options: {md_escape(', '.join(diff.removed) or 'none')}")
    for change in diff.price_changes:
        st.write(f"Price of {md_escape(change.what)}: {change.before} → {change.after}")
    if diff.invalidated is not None:
        st.write(f"Products valid today that become invalid: {diff.invalidated:,} of {diff.published_count:,}")
    else:
        st.caption(md_escape(diff.note))


def check_tab(draft: Draft) -> None:
    checks_key = f"checks:{draft.product}:{draft.version}"
    if st.button("Run the model checks", key="draft:check"):
        result = _run_checks(draft)
        if result is not None:
            st.session_state[checks_key] = result
    checked = st.session_state.get(checks_key)
    if checked is None:
        st.caption("Run the checks before publishing.")
        return
    report, diff = checked
    _show_report(report, diff)
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
            with transaction(database()) as s:
                version = publish_draft(
                    session=s,
                    product_code=draft.product,
                    expected_version=draft.version,
                    actor_id=draft.user_id,
                    effective_from=effective,
                )
        except CatalogError as exc:
            show_problems(exc)
        except StoreError as exc:
            st.error(md_escape(exc.message))
        else:
            st.session_state.pop(draft.open_key, None)
            st.session_state.pop(checks_key, None)
            st.cache_data.clear()
            st.session_state["catalogs:published"] = (
                f"Published version {version.version}, on sale from {version.effective_from:%Y-%m-%d %H:%M} UTC"
            )
            st.rerun()
