"""Widgets of the configure page: one function per module kind, and the "why not?" panel.

Every click goes through `CatalogEngine.choose`, which refuses unavailable values; widgets only
offer what the engine's state says, and show the rest greyed with a way to ask why. The engine's
state names things in the catalog's own words: what the widgets show is named by
`ui.shown_names` in the buyer's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Literal

import streamlit as st

from configurator.catalog_engine import CatalogEngine, ModuleState, UnavailableChoiceError
from modules.expr import Value
from modules.kinds import ChoiceModule, Module, MultiChoice, NumericModule, QuantityModule, SingleChoice, TextModule
from modules.selection import SelectionError
from render.preview.swatch import module_swatches
from store.configuration_checks import why_unavailable
from ui.language import _, ngettext
from ui.language import current as current_language
from ui.safe import md_escape
from ui.shown_names import shown_names
from ui.swatch_style import container_key, option_key

Commit = Callable[[dict[str, Value]], None]
Effects = Mapping[tuple[str, str], str]  # (module, value) -> "+€3.00" or ""
WHY_KEY = "configure:why"
ButtonKind = Literal["primary", "secondary", "tertiary"]


def _try(engine: CatalogEngine, selection: dict[str, Value], module: str, raw: object, commit: Commit) -> None:
    try:
        commit(engine.choose(selection, module, raw))
        st.session_state.pop(WHY_KEY, None)
    except UnavailableChoiceError as exc:
        # The engine names the refused value as text: leaving the module empty (a click on the
        # chosen option) comes back as "None", no option's code; the why panel asks about None.
        st.session_state[WHY_KEY] = (module, None if raw is None else exc.value)
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
    """Single choice: one button per option; unavailable ones stay visible and ask why. A colour
    module's swatches are drawn inside its buttons by the page's swatch sheet (`ui.swatch_style`)."""
    optional = isinstance(module, SingleChoice) and not module.required
    names = shown_names(engine, current_language()).options(module.code)
    included = " (" + _("included") + ")"
    longest = max(len(names.get(o.code, o.code)) for o in state.options)
    per_row = 4 if longest <= 14 else 3 if longest <= 22 else 2  # long names stay readable
    swatches = module_swatches(module)
    # A colour module's options sit in one keyed container; each swatch is drawn inside its button
    # by the page's swatch sheet, not as a picture: every element is one more delta per click.
    count = min(len(state.options) + int(optional), per_row)
    columns = st.container(key=container_key(module.code)).columns(count) if swatches is not None else st.columns(count)
    hint = _("Unavailable with your choices: click to see why")
    if optional:
        chose_none = module.code in selection and selection[module.code] is None
        label = _("None") if state.can_be_empty else f"~~{_('None')}~~"
        kind: ButtonKind = "primary" if chose_none else "secondary" if state.can_be_empty else "tertiary"
        columns[0].button(
            label,
            key=f"opt:{module.code}:none",
            type=kind,
            width="stretch",
            help=None if state.can_be_empty else hint,
            on_click=_clicked,
            args=(engine, selection, module.code, None, state.can_be_empty, commit),
        )
    for index, option in enumerate(state.options, start=int(optional)):
        column = columns[index % len(columns)]
        name = names.get(option.code, option.code)
        label = md_escape(name) + (included if option.forced else "")
        price = effects.get((module.code, option.code), "")
        if price and not option.selected:  # a word joiner keeps "+€3.00" whole when the label wraps
            label += f"  {md_escape(price[0] + chr(0x2060) + price[1:])}"
        kind = "primary" if option.selected or option.forced else "secondary"
        if not option.available:
            label, kind = f"~~{md_escape(name)}~~", "tertiary"
        value = None if option.selected and option.available else option.code
        column.button(
            label,
            key=option_key(module.code, option.code),
            type=kind,
            width="stretch",
            help=None if option.available else hint,
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
    *,
    fingerprint: str,
) -> bool:
    """Boxes, one per option; an unavailable one asks why, and the answer opens right under it,
    where the buyer is looking (a long list would push it below the screen). True if it did."""
    picks = selection.get(module.code)
    current = set(picks) if isinstance(picks, frozenset) else set()
    asked = st.session_state.get(WHY_KEY)
    shown = False
    names = shown_names(engine, current_language()).options(module.code)
    for option in state.options:
        checked = option.selected or option.forced
        asks_why = not option.available and not option.selected
        # Columns only where a "why?" button goes: every element is one more delta per click.
        left, right = st.columns([5, 1]) if asks_why else (st, None)
        key = f"chk:{module.code}:{option.code}:{checked}"
        left.checkbox(
            names.get(option.code, option.code)
            + (" (" + _("included") + ")" if option.forced and not option.selected else "")
            + (f"  {effects.get((module.code, option.code), '')}" if not checked else ""),
            value=checked,
            disabled=asks_why,
            key=key,
            on_change=_ticked,
            args=(engine, selection, module.code, option.code, frozenset(current), key, commit),
        )
        if right is not None:
            right.button(
                _("why?"), key=f"why:{module.code}:{option.code}", on_click=_ask_why, args=(module.code, option.code)
            )
        if asked == (module.code, option.code):
            why_panel(engine, fingerprint, selection, commit)
            shown = True
    return shown


def _ticked(
    engine: CatalogEngine,
    selection: dict[str, Value],
    module: str,
    option: str,
    current: frozenset[str],
    key: str,
    commit: Commit,
) -> None:
    """A box's callback: the tick is tried before the next run, so one tick costs one run (of the
    configure fragment only, not the whole app)."""
    wanted = (current | {option}) if st.session_state.get(key) else (current - {option})
    _try(engine, selection, module, sorted(wanted), commit)


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
    if not isinstance(current, Decimal):  # suggest what the preview draws: the default, or the nearest possible
        default = getattr(module, "default", None)
        target = default if isinstance(default, Decimal) else state.values[0]
        current = min(state.values, key=lambda v: (abs(v - target), v))
    unit = unit_of(module, 2)  # as in "Drawers (pieces)" and "of 0–4 pieces"
    every = module.values() if isinstance(module, NumericModule) else range(module.min, module.max + 1)
    full_range = f"{module.min}–{module.max}"
    if len(state.values) == 1:  # a slider with one stop cannot be moved: say what it is and why
        value = state.values[0]
        st.text(f"{module.name}: {amount(module, value)}")
        st.caption(
            _("The only one possible with your other choices (of {range} {unit}).").format(range=full_range, unit=unit)
        )
    else:
        key = f"num:{module.code}:{chosen}"
        value = st.select_slider(
            f"{module.name} ({unit})",
            options=list(state.values),
            value=current,
            format_func=lambda v: amount(module, v),
            key=key,
            on_change=_slid,
            args=(engine, selection, module.code, key, commit),
        )
        if len(state.values) < len(every):
            st.caption(
                _("Possible with your other choices: {low}–{high} (of {range} {unit})").format(
                    low=state.values[0], high=state.values[-1], range=full_range, unit=unit
                )
            )
    blocked = nearest_blocked([Decimal(v) for v in every], state.values)
    if blocked is not None:  # the nearest size the rules hold back, and what would free it
        st.button(
            _("Why not {value} {unit}?").format(value=f"{blocked.normalize():f}", unit=unit_of(module, blocked)),
            key=f"why:{module.code}:{blocked.normalize():f}",
            on_click=_ask_why,
            args=(module.code, f"{blocked.normalize():f}"),
        )
    if chosen is None and len(state.values) > 1:  # the slider's first position is a suggestion until taken
        st.button(
            _("Use {value} {unit}").format(value=f"{value.normalize():f}", unit=unit_of(module, value)),
            key=f"use:{module.code}",
            on_click=_try,
            args=(engine, selection, module.code, str(value), commit),
        )


def unit_of(module: NumericModule | QuantityModule, value: Decimal | int) -> str:
    """The unit shown after `value`: a numeric module's own (cm, mm, kg: the same in every
    language), or a count's "piece"/"pieces" in the page's language and grammatical number."""
    if isinstance(module, NumericModule):
        return module.unit
    count = int(value)
    return ngettext("piece", "pieces", count)


def amount(module: NumericModule | QuantityModule, value: Decimal) -> str:
    """`value` with its unit, as the slider and the choices show it ("160 cm", "1 piece")."""
    return f"{value.normalize():f} {unit_of(module, value)}"


def nearest_blocked(every: Sequence[Decimal], possible: Sequence[Decimal]) -> Decimal | None:
    """The size just beyond what the buyer's other choices allow: the next one above the largest
    possible size, else the next one below the smallest (None when nothing is held back).

    >>> d = [Decimal(n) for n in range(5)]
    >>> nearest_blocked(d, d[:1]), nearest_blocked(d, d[3:]), nearest_blocked(d, d)
    (Decimal('1'), Decimal('2'), None)
    """
    if not possible:
        return None
    above = [v for v in every if v > possible[-1]]
    below = [v for v in every if v < possible[0]]
    return above[0] if above else below[-1] if below else None


def _slid(engine: CatalogEngine, selection: dict[str, Value], module: str, key: str, commit: Commit) -> None:
    """A slider's callback: the buyer moved it, so the value is a choice (one run of the fragment)."""
    _try(engine, selection, module, str(st.session_state[key]), commit)


def text_field(
    engine: CatalogEngine, module: TextModule, state: ModuleState, selection: dict[str, Value], commit: Commit
) -> None:
    chosen = selection.get(module.code)
    low, high = state.lengths or (0, module.max_length)
    key = f"txt:{module.code}"
    st.text_input(
        module.name,
        value=chosen if isinstance(chosen, str) else "",
        max_chars=module.max_length,
        help=(
            _("Up to {high} characters, at least {low}").format(high=high, low=low)
            if low
            else _("Up to {high} characters").format(high=high)
        ),
        key=key,
        on_change=_typed,
        args=(engine, selection, module.code, key, commit),
    )
    error = st.session_state.pop(f"configure:error:{module.code}", None)
    if error:
        st.warning(md_escape(error))
    if isinstance(chosen, str) and chosen:
        st.caption(_("Preview of your text:"))
        st.text(chosen)


def _typed(engine: CatalogEngine, selection: dict[str, Value], module: str, key: str, commit: Commit) -> None:
    """A text field's callback: each sent text is tried once, before the next run (a refused text
    leaves the choice as it was and says why under the field)."""
    _try(engine, selection, module, str(st.session_state[key]), commit)


def render_module(
    engine: CatalogEngine,
    module: Module,
    state: ModuleState,
    selection: dict[str, Value],
    commit: Commit,
    effects: Effects,
    *,
    fingerprint: str,
) -> bool:
    """The module's widgets; True if the "why?" panel was shown among them (under the option)."""
    if isinstance(module, MultiChoice):
        return option_checkboxes(engine, module, state, selection, commit, effects, fingerprint=fingerprint)
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


def why_panel(engine: CatalogEngine, fingerprint: str, selection: dict[str, Value], commit: Commit) -> None:
    """Why the option the buyer clicked is unavailable, and one-click repairs: the store's answer
    (`store.configuration_checks.why_unavailable`, memoised per catalog version and choices, the
    one the API gives), its repair first, the engine's other repairs after it."""
    asked = st.session_state.get(WHY_KEY)
    if not asked:
        return
    module_code, value = asked
    module = engine.catalog.module(module_code)
    if module is None:
        st.session_state.pop(WHY_KEY, None)
        return
    names = shown_names(engine, current_language())
    option = module.option(value) if isinstance(module, ChoiceModule) and value is not None else None
    name = names.option(module_code, option.code) if option else _("None") if value is None else str(value)
    if isinstance(module, NumericModule | QuantityModule) and value is not None:
        name = amount(module, Decimal(str(value)))
    try:
        why = why_unavailable(
            catalog=engine.catalog,
            fingerprint=fingerprint,
            selection=selection,
            module=module_code,
            option=None if value is None else str(value),
        )
    except SelectionError:
        st.session_state.pop(WHY_KEY, None)
        return
    reason = why.reason
    with st.container(border=True):
        st.markdown(
            _("**{option}** ({module}) is not available").format(
                option=md_escape(name), module=md_escape(names.module(module_code))
            )
        )
        if reason.conflicts:
            chosen = ", ".join(names.conflict(c) for c in reason.conflicts)
            st.markdown(md_escape(_("because you chose {choices}.").format(choices=chosen)))
        for rule in reason.rules:
            st.caption(md_escape(names.rule(rule)))
        if why.repair is None:
            st.info(_("No change of your choices makes it available."))
        else:
            take = (
                _("leave {module} empty").format(module=names.module(module_code))
                if value is None
                else _("take {option}").format(option=name)
            )
            others = [change for change in reason.repairs if change != why.repair.change]
            for index, change in enumerate([why.repair.change, *others]):
                what = ", ".join(names.module(code) for code in change if engine.catalog.module(code) is not None)
                repaired = why.repair.selection if index == 0 else None
                st.button(
                    _("Change {modules} and {then}").format(modules=what, then=take) if what else take.capitalize(),
                    key=f"repair:{index}",
                    type="primary",
                    on_click=_repair,
                    args=(engine, selection, module_code, value, change, repaired, commit),
                )
        st.button(_("Close"), key="why:close", on_click=_close_why)


def _repair(
    engine: CatalogEngine,
    selection: dict[str, Value],
    module: str,
    value: Value,
    change: tuple[str, ...],
    repaired: dict[str, Value] | None,
    commit: Commit,
) -> None:
    """A repair button's callback: one click, one run. The store's repair comes with its design
    already made; the engine's other repairs are applied here."""
    commit(dict(repaired) if repaired is not None else engine.apply_repair(selection, module, value, change))
    st.session_state.pop(WHY_KEY, None)


def _close_why() -> None:
    st.session_state.pop(WHY_KEY, None)
