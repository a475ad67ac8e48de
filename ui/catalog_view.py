"""Pure helpers that turn a catalog into rows for tables (unit-tested without Streamlit)."""

from __future__ import annotations

from collections.abc import Mapping

from i18n import DEFAULT_LANGUAGE, gettext
from i18n.words import N_
from modules.catalog import Catalog
from modules.kinds import ChoiceModule, MultiChoice, NumericModule, QuantityModule, TextModule

KINDS = {
    "single": N_("one choice"),
    "multi": N_("several choices"),
    "numeric": N_("a measure"),
    "text": N_("a text"),
    "quantity": N_("a number of pieces"),
}


def module_summary(catalog: Catalog, lang: str = DEFAULT_LANGUAGE) -> list[dict[str, str]]:
    """One row per module, in `lang` (the catalog's names as given: pass the translated catalog).

    >>> from modules.loader import load_catalog
    >>> module_summary(load_catalog("catalogs/tshirt.yaml"), "es")[0]
    {'Módulo': 'Cut', 'Tipo': 'una elección', 'Opciones': '4 opciones', 'Paso': 'Garment'}
    """

    def _(message: str) -> str:
        return gettext(message, lang)

    rows: list[dict[str, str]] = []
    for module in catalog.modules:
        if isinstance(module, ChoiceModule):
            many = _("{count} options (several)") if isinstance(module, MultiChoice) else _("{count} options")
            detail = many.format(count=len(module.options))
        elif isinstance(module, NumericModule):
            detail = _("{low}–{high} {unit}, step {step}").format(
                low=module.min, high=module.max, unit=module.unit, step=module.step
            )
        elif isinstance(module, QuantityModule):
            detail = _("{low}–{high} pieces").format(low=module.min, high=module.max)
        elif isinstance(module, TextModule):
            detail = _("text up to {count} characters").format(count=module.max_length)
        else:  # pragma: no cover - every kind is listed above
            detail = ""
        rows.append(
            {
                _("Module"): module.name,
                _("Kind"): _(KINDS.get(module.kind, module.kind)),
                _("Choices"): detail,
                _("Step"): module.group or "",
            }
        )
    return rows


def option_rows(
    catalog: Catalog, effects: Mapping[tuple[str, str], str], lang: str = DEFAULT_LANGUAGE
) -> list[dict[str, str]]:
    """One row per option; `effects` are the configure page's price effects for an empty design
    (`ConfigureView.effects`), so both pages show the same figures (surcharges included)."""

    def _(message: str) -> str:
        return gettext(message, lang)

    rows: list[dict[str, str]] = []
    for module in catalog.modules:
        if not isinstance(module, ChoiceModule):
            continue
        for option in module.options:
            rows.append(
                {
                    _("Module"): module.name,
                    _("Option"): option.name,
                    _("Price effect"): effects.get((module.code, option.code)) or _("included"),
                    _("Extra days"): str(option.lead_time_days),
                    _("Default"): _("yes") if option.default else "",
                }
            )
    return rows
