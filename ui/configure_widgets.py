"""Widgets of the configure page: one function per module kind, and the "why not?" panel.

Every click goes through `CatalogEngine.choose`, which refuses unavailable values; widgets only
offer what the engine's state says, and show the rest greyed with a way to ask why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Literal

import streamlit as st

from configurator.catalog_engine import CatalogEngine, ModuleState, Reason, UnavailableChoiceError
from modules.expr import Value
from modules.kinds import ChoiceModule, Module, MultiChoice, NumericModule, QuantityModule, SingleChoice, TextModule
from modules.selection import SelectionError
from ui.language import _
from ui.safe import md_escape

Commit = Callable[[dict[str, Value]], None]
Effects = Mapping[tuple[str, str], str]  # (module, value) -> "+€3.00" or ""
WHY_KEY = "configure:why"
ButtonKind = Literal["primary", "secondary", "tertiary"]


def _try(engine: CatalogEngine, selection: dict[str, Value], module: str, raw: object, commit: Commit) -> None:
    try:
        commit(engine.choose(selection, module, raw))
        st.session_state.pop(WHY_KEY, None)
    except UnavailableChoiceError as exc:
        st.session_state[WHY_KEY] = (module, exc.value)
    except SelectionError as exc:
        st.session_state[f"configure:error:{module}"] = "; ".join(p.message for p in exc.problems)


def _clicked(
    engine: CatalogEngine, selection: dict[str, Value], module: str, value: Value, available: bool, commit: Commit
) -> None:
    """A button callback: runs before the next script run, so one click costs one run."""
    if available:
        _try(engine, selection, module, value, commit)
    else:
        st.session_state[WHY_KEY] = (module, value)


def _ask_why(module: str, value: Value) -> None:
    st.session_state[WHY_KEY] = (module, value)


def option_buttons(
    engine: CatalogEngine,
    module: ChoiceModule,
    state: ModuleState,
    selection: dict[str, Value],
    commit: Commit,
    effects: Effects,
) -> None:
    """Single choice: one button per option; unavailable ones stay visible and ask why."""
    optional = isinstance(module, SingleChoice) and not module.required
    longest = max(len(o.name) for o in state.options)
    per_row = 4 if longest <= 14 else 3 if longest <= 22 else 2  # long names stay readable
    columns = st.columns(min(len(state.options) + int(optional), per_row))
    if optional:
        chose_none = module.code in selection and selection[module.code] is None
        label = "None" if state.can_be_empty else "~~None~~"
        kind: ButtonKind = "primary" if chose_none else "secondary" if state.can_be_empty else "tertiary"
        columns[0].button(
            label,
            key=f"opt:{module.code}:none",
            type=kind,
            width="stretch",
            on_click=_clicked,
            args=(engine, selection, module.code, None, state.can_be_empty, commit),
        )
    for index, option in enumerate(state.options, start=int(optional)):
        column = columns[index % len(columns)]
        label = md_escape(option.name) + (" (included)" if option.forced else "")
        price = effects.get((module.code, option.code), "")
        if price and not option.selected:  # a word joiner keeps "+€3.00" whole when the label wraps
            label += f"  {md_escape(price[0] + chr(0x2060) + price[1:])}"
        kind = "primary" if option.selected or option.forced else "secondary"
        if not option.available:
            label, kind = f"~~{md_escape(option.name)}~~", "tertiary"
        hint = _("Unavailable with your choices: click to see why") if not option.available else None
        value = None if option.selected and option.available else option.code
        column.button(
            label,
            key=f"opt:{module.code}:{option.code}",
            type=kind,
            width="stretch",
            help=hint,
            on_click=_clicked,
            args=(engine, selection, module.code, value, option.available, commit),
        )


def option_checkboxes(
    engine: CatalogEngine,
    module: MultiChoice,
    state: ModuleState,
    selection: dict[str, Value],
    commit: Commit,
    effects: Effects,
) -> bool:
    """Boxes, one per option; an unavailable one asks why, and the answer opens right under it,
    where the buyer is looking (a long list would push it below the screen). True if it did."""
    picks = selection.get(module.code)
    current = set(picks) if isinstance(picks, frozenset) else set()
    asked = st.session_state.get(WHY_KEY)
    shown = False
    for option in state.options:
        checked = option.selected or option.forced
        asks_why = not option.available and not option.selected
        # Columns only where a "why?" button goes: every element is one more delta per click.
        left, right = st.columns([5, 1]) if asks_why else (st, None)
        new = left.checkbox(
            option.name
            + (" (included)" if option.forced and not option.selected else "")
            + (f"  {effects.get((module.code, option.code), '')}" if not checked else ""),
            value=checked,
            disabled=asks_why,
            key=f"chk:{module.code}:{option.code}:{checked}",
        )
        if right is not None:
            right.button(
                "why?", key=f"why:{module.code}:{option.code}", on_click=_ask_why, args=(module.code, option.code)
            )
        if asked == (module.code, option.code):
            why_panel(engine, selection, commit)
            shown = True
        if new != checked and option.available:
            wanted = (current | {option.code}) if new else (current - {option.code})
            _try(engine, selection, module.code, sorted(wanted), commit)
            st.rerun()
    return shown


def number_slider(
    engine: CatalogEngine,
    module: NumericModule | QuantityModule,
    state: ModuleState,
    selection: dict[str, Value],
    commit: Commit,
) -> None:
    if not state.values:
        return
    chosen = selection.get(module.code)
    current = chosen if isinstance(chosen, Decimal) and chosen in state.values else state.forced
    unit = module.unit if isinstance(module, NumericModule) else "pcs"
    value = st.select_slider(
        f"{module.name} ({unit})",
        options=list(state.values),
        value=current if isinstance(current, Decimal) else state.values[0],
        format_func=lambda v: f"{v.normalize():f} {unit}",
        key=f"num:{module.code}:{chosen}",
    )
    full_range = f"{module.min}–{module.max}"
    if len(state.values) < (len(module.values()) if isinstance(module, NumericModule) else module.max - module.min + 1):
        st.caption(f"Possible with your other choices: {state.values[0]}–{state.values[-1]} (of {full_range} {unit})")
    if value != chosen and (
        chosen is not None or value != state.values[0] or st.session_state.get(f"touched:{module.code}")
    ):
        _try(engine, selection, module.code, str(value), commit)
        st.rerun()
    if chosen is None and st.button(f"Use {value.normalize():f} {unit}", key=f"use:{module.code}"):
        st.session_state[f"touched:{module.code}"] = True
        _try(engine, selection, module.code, str(value), commit)
        st.rerun()


def text_field(
    engine: CatalogEngine, module: TextModule, state: ModuleState, selection: dict[str, Value], commit: Commit
) -> None:
    chosen = selection.get(module.code)
    low, high = state.lengths or (0, module.max_length)
    typed = st.text_input(
        module.name,
        value=chosen if isinstance(chosen, str) else "",
        max_chars=module.max_length,
        help=f"Up to {high} characters" + (f", at least {low}" if low else ""),
        key=f"txt:{module.code}",
    )
    tried = f"configure:typed:{module.code}"
    if typed != (chosen or "") and typed != st.session_state.get(tried):
        # Try each typed text once: a refused text would otherwise rerun the page forever.
        st.session_state[tried] = typed
        _try(engine, selection, module.code, typed, commit)
        st.rerun()
    error = st.session_state.pop(f"configure:error:{module.code}", None)
    if error:
        st.warning(md_escape(error))
    if isinstance(chosen, str) and chosen:
        st.caption(_("Preview of your text:"))
        st.text(chosen)


def render_module(
    engine: CatalogEngine,
    module: Module,
    state: ModuleState,
    selection: dict[str, Value],
    commit: Commit,
    effects: Effects,
) -> bool:
    """The module's widgets; True if the "why?" panel was shown among them (under the option)."""
    if isinstance(module, MultiChoice):
        return option_checkboxes(engine, module, state, selection, commit, effects)
    if isinstance(module, ChoiceModule):
        option_buttons(engine, module, state, selection, commit, effects)
    elif isinstance(module, NumericModule | QuantityModule):
        number_slider(engine, module, state, selection, commit)
    elif isinstance(module, TextModule):
        text_field(engine, module, state, selection, commit)
    return False


def asked_module() -> str | None:
    """The module whose option the buyer asked "why?" about, if any."""
    asked = st.session_state.get(WHY_KEY)
    return str(asked[0]) if asked else None


def why_panel(engine: CatalogEngine, selection: dict[str, Value], commit: Commit) -> None:
    """Why the option the buyer clicked is unavailable, and one-click repairs."""
    asked = st.session_state.get(WHY_KEY)
    if not asked:
        return
    module_code, value = asked
    module = engine.catalog.module(module_code)
    if module is None:
        st.session_state.pop(WHY_KEY, None)
        return
    option = module.option(value) if isinstance(module, ChoiceModule) and value is not None else None
    name = option.name if option else "None" if value is None else str(value)
    try:
        reason: Reason = engine.explain(selection, module_code, value)
    except SelectionError:
        st.session_state.pop(WHY_KEY, None)
        return
    with st.container(border=True):
        st.markdown(f"**{md_escape(name)}** ({md_escape(module.name)}) is not available")
        if reason.conflicts:
            chosen = ", ".join(f"{c.name}: {c.value}" for c in reason.conflicts)
            st.markdown("because you chose " + md_escape(chosen) + ".")
        for rule in reason.rules:
            st.caption(md_escape(rule.message))
        if not reason.repairs:
            st.info(_("No change of your choices makes it available."))
        take = f"leave {module.name} empty" if value is None else f"take {name}"
        for index, repair in enumerate(reason.repairs):
            names = ", ".join(m.name for code in repair if (m := engine.catalog.module(code)) is not None)
            st.button(
                f"Change {names} and {take}" if names else take.capitalize(),
                key=f"repair:{index}",
                type="primary",
                on_click=_repair,
                args=(engine, selection, module_code, value, repair, commit),
            )
        st.button(_("Close"), key="why:close", on_click=_close_why)


def _repair(
    engine: CatalogEngine,
    selection: dict[str, Value],
    module: str,
    value: Value,
    repair: tuple[str, ...],
    commit: Commit,
) -> None:
    """A repair button's callback: one click, one run."""
    commit(engine.apply_repair(selection, module, value, repair))
    st.session_state.pop(WHY_KEY, None)


def _close_why() -> None:
    st.session_state.pop(WHY_KEY, None)
