"""The state of a design as the API shows it, from the same view the configure page draws
(`store.configuration.configuration_view`) and the same explanations its "why not?" panel gives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from api.products import Product
from api.quote_views import quote_out
from api.schemas_common import Money
from api.schemas_configure import (
    Conflict,
    DeliveryWindow,
    Lengths,
    ModuleRef,
    ModuleState,
    NumberValue,
    OptionState,
    PriceRange,
    Repair,
    RuleRef,
    StateOut,
    Unavailable,
)
from configurator.catalog_engine import ModuleState as EngineModule
from configurator.catalog_model import label_of
from i18n import DEFAULT_LANGUAGE, gettext
from modules.catalog import Catalog
from modules.expr import Value
from modules.kinds import ChoiceModule
from modules.selection import dump_selection, dump_value
from modules.translations import option_words, translated
from pricing.model import Quote
from pricing.money import Money as PricingMoney
from pricing.shop import shop_settings
from render.pdf.quote import validity_days
from store import configuration_checks as checks
from store.configuration import ConfigurationView, complete_quote, configuration_view


def plain(value: Value) -> str | list[str] | None:
    """A parsed value as JSON: picks as a sorted list, numbers as exact decimal text."""
    dumped = dump_value(value)
    return dumped if dumped is None or isinstance(dumped, str | list) else str(dumped)


def view_of(
    product: Product, selection: Mapping[str, Value], *, day: dt.date, quantity: int, currency: str | None = None
) -> ConfigurationView:
    """InconsistentSelectionError when no valid product has all these choices. Prices in
    `currency` (None: the catalog's), which the shop sells in (checked by the caller)."""
    return configuration_view(
        catalog=product.catalog,
        fingerprint=product.fingerprint,
        selection=selection,
        day=day,
        quantity=quantity,
        currency=currency,
    )


def unavailable(
    catalog: Catalog,
    why: checks.Unavailable,
    language: str = DEFAULT_LANGUAGE,
    words: Mapping[tuple[str, str], str] | None = None,
) -> Unavailable:
    """Why an option is unavailable and one repair, in the words of the page's "why not?" panel
    (in `language`: `catalog` names things in it, `words` translates the chosen options' names)."""
    words = words or {}

    def _(message: str) -> str:
        return gettext(message, language)

    module = catalog.module(why.module)
    module_name = module.name if module is not None else why.module
    option = module.option(why.option) if isinstance(module, ChoiceModule) and why.option is not None else None
    name = option.name if option is not None else why.option
    modules = {m.code: m.name for m in catalog.modules}
    messages = {r.code: r.message for r in catalog.rules}  # in the language, where the catalog has it
    values = {c.module: words.get((c.module, c.value), c.value) for c in why.reason.conflicts}
    chosen = ", ".join(f"{modules.get(c.module, c.name)}: {values[c.module]}" for c in why.reason.conflicts)
    if chosen:
        message = _("{option} ({module}) is not available because you chose {chosen}.")
    else:
        message = _("{option} ({module}) is not available.")
    message = message.format(option=name, module=module_name, chosen=chosen)
    repair = None
    if why.repair is not None:
        names = ", ".join(m.name for code in why.repair.change if (m := catalog.module(code)) is not None)
        label = _("Change {modules} and take {option}") if names else _("Take {option}")
        repair = Repair(
            change=list(why.repair.change),
            label=label.format(modules=names, option=name),
            selection=dump_selection(why.repair.selection),
        )
    return Unavailable(
        message=message,
        conflicts=[
            Conflict(module=c.module, module_name=modules.get(c.module, c.name), value=values[c.module])
            for c in why.reason.conflicts
        ],
        rules=[RuleRef(code=r.code, message=messages.get(r.code) or r.message) for r in why.reason.rules],
        repair=repair,
    )


def _module(
    catalog: Catalog,
    state: EngineModule,
    selection: Mapping[str, Value],
    effects: Mapping[tuple[str, str], PricingMoney],
    reasons: Mapping[tuple[str, str], checks.Unavailable],
    language: str = DEFAULT_LANGUAGE,
    words: Mapping[tuple[str, str], str] | None = None,
) -> ModuleState:
    def effect(value: str) -> Money | None:
        change = effects.get((state.code, value))
        return Money.of(change) if change is not None else None

    module = catalog.module(state.code)

    def option_name(code: str, name: str) -> str:
        found = module.option(code) if isinstance(module, ChoiceModule) else None
        return found.name if found is not None else name

    forced = state.forced
    return ModuleState(
        code=state.code,
        name=module.name if module is not None else state.name,
        kind=state.kind,
        applicable=state.applicable,
        chosen=plain(selection[state.code]) if state.code in selection else None,
        forced=label_of(forced) if isinstance(forced, Decimal) else forced if isinstance(forced, str) else None,
        can_be_empty=state.can_be_empty,
        options=[
            OptionState(
                code=o.code,
                name=option_name(o.code, o.name),
                available=o.available,
                selected=o.selected,
                forced=o.forced,
                effect=effect(o.code) if o.available else None,
                unavailable=unavailable(catalog, reasons[(state.code, o.code)], language, words)
                if (state.code, o.code) in reasons
                else None,
            )
            for o in state.options
        ],
        values=[NumberValue(value=label_of(v), effect=effect(label_of(v))) for v in state.values],
        lengths=Lengths(min=state.lengths[0], max=state.lengths[1]) if state.lengths else None,
    )


def _delivery(quote: Quote | None, *, final: bool) -> DeliveryWindow | None:
    if quote is None:
        return None
    d = quote.delivery
    return DeliveryWindow(
        mode=d.mode,
        production_days=d.production_days,
        ships_on=d.ships_on,
        earliest=d.earliest,
        latest=d.latest,
        final=final,
    )


def state_out(
    product: Product,
    selection: Mapping[str, Value],
    view: ConfigurationView,
    *,
    day: dt.date,
    quantity: int,
    currency: str | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> StateOut:
    """The state of a design, its amounts in `currency` (as the view was priced) and the catalog's
    names (modules, options, the quote's lines) in `language` where the catalog translates them."""
    catalog = translated(product.catalog, language)
    reasons = checks.unavailable_choices(
        catalog=product.catalog, fingerprint=product.fingerprint, selection=selection, state=view.state
    )
    state = view.state
    names = {m.code: m.name for m in catalog.modules}
    words = option_words(product.catalog, catalog) if catalog is not product.catalog else {}
    wanted = currency or product.catalog.currency
    shown = view.quote
    if shown is not None and catalog is not product.catalog:  # the same quote, with translated labels
        shown = complete_quote(catalog=catalog, full=view.full, quantity=quantity, day=day, currency=wanted)
    # An unfinished design's dates are those of the design the preview shows (finished with defaults).
    dated = shown or complete_quote(catalog=catalog, full=view.full, quantity=quantity, day=day, currency=wanted)
    return StateOut(
        product=catalog.code,
        version=product.version,
        fingerprint=product.fingerprint,
        quantity=quantity,
        date=day,
        selection=dump_selection(selection),
        full_selection=dump_selection(view.full),
        complete=state.complete,
        still_to_choose=[ModuleRef(code=code, name=names.get(code, code)) for code in state.open_modules],
        count=state.count,
        price=PriceRange(cheapest=Money.of(view.info.cheapest), dearest=Money.of(view.info.dearest)),
        modules=[_module(catalog, m, selection, view.effects, reasons, language, words) for m in state.modules],
        delivery=_delivery(dated, final=view.quote is not None),
        quote=quote_out(shown, valid_days=validity_days(shop_settings())) if shown is not None else None,
    )
