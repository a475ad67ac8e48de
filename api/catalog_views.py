"""A catalog version as the API shows it (pure conversion of the catalog and its empty-design view)."""

from __future__ import annotations

from decimal import Decimal

from api.products import Product, today
from api.schemas_catalog import (
    ModuleInfo,
    NumberLimits,
    OptionInfo,
    OptionPreview,
    ProductDetail,
    ProductRating,
    ProductSummary,
    TextLimits,
)
from api.schemas_common import Money
from modules.kinds import ChoiceModule, Module, MultiChoice, NumericModule, QuantityModule, SingleChoice, TextModule
from modules.options import ColourOption, MaterialOption, Option
from pricing.money import Money as PricingMoney
from store.configuration import ConfigurationView, configuration_view
from store.product_reviews import Ratings


def empty_view(product: Product) -> ConfigurationView:
    """The view of an empty design today for one item: the "from" price and each option's effect."""
    return configuration_view(
        catalog=product.catalog, fingerprint=product.fingerprint, selection={}, day=today(), quantity=1
    )


def summary(product: Product, rated: Ratings | None = None) -> ProductSummary:
    catalog = product.catalog
    rating = None if rated is None else ProductRating(count=rated.count, average=str(rated.overall))
    return ProductSummary(
        code=catalog.code,
        name=catalog.name,
        category=catalog.category,
        description=catalog.description,
        version=product.version,
        fingerprint=product.fingerprint,
        currency=catalog.currency,
        from_price=Money.of(empty_view(product).info.cheapest),
        rating=rating,
    )


def _text(number: Decimal | int | None) -> str | None:
    return None if number is None else format(Decimal(number).normalize(), "f")


def _option(module: ChoiceModule, option: Option, view: ConfigurationView) -> OptionInfo:
    change = view.effects.get((module.code, option.code))
    preview = option.preview
    return OptionInfo(
        code=option.code,
        name=option.name,
        description=option.description,
        kind=option.kind,
        default=option.default,
        conditional=option.visible_if is not None,
        lead_time_days=option.lead_time_days,
        effect=Money.of(change) if change is not None else None,
        hex=option.hex if isinstance(option, ColourOption | MaterialOption) else None,
        texture=option.texture if isinstance(option, ColourOption) else None,
        grade=option.grade if isinstance(option, MaterialOption) else None,
        finish=option.finish if isinstance(option, MaterialOption) else None,
        attributes={name: str(value) for name, value in option.attributes.items()},
        preview=OptionPreview(
            layer=preview.layer,
            colour=preview.colour,
            texture=preview.texture,
            variant=preview.variant,
            artwork=preview.artwork,
        )
        if preview
        else None,
    )


def _required(module: Module) -> bool:
    if isinstance(module, SingleChoice | TextModule):
        return module.required
    if isinstance(module, MultiChoice):
        return module.min_picks > 0
    return True  # a number or a count always has a value in a valid product


def module_info(module: Module, view: ConfigurationView, currency: str) -> ModuleInfo:
    info = ModuleInfo(
        code=module.code,
        kind=module.kind,
        name=module.name,
        description=module.description,
        group=module.group,
        required=_required(module),
        multi=isinstance(module, MultiChoice),
        conditional=module.visible_if is not None,
    )
    if isinstance(module, ChoiceModule):
        info.options = [_option(module, option, view) for option in module.options]
    if isinstance(module, MultiChoice):
        info.min_picks, info.max_picks = module.min_picks, module.max_picks
    elif isinstance(module, NumericModule):
        info.numbers = NumberLimits(
            min=_text(module.min) or "0",
            max=_text(module.max) or "0",
            step=_text(module.step) or "1",
            unit=module.unit,
            default=_text(module.default),
        )
    elif isinstance(module, QuantityModule):
        info.numbers = NumberLimits(
            min=str(module.min), max=str(module.max), step="1", unit="pcs", default=_text(module.default)
        )
    elif isinstance(module, TextModule):
        info.text = TextLimits(
            min_length=module.min_length,
            max_length=module.max_length,
            charset=module.charset if module.allowed is None else "custom",
            allowed_characters=module.allowed_characters,
            uppercase=module.uppercase,
            price_per_character=Money.of(PricingMoney(module.price_per_character, currency), exact=True),
            price_if_present=Money.of(PricingMoney(module.price_if_present, currency), exact=True),
        )
    return info


def detail(product: Product) -> ProductDetail:
    catalog = product.catalog
    view = empty_view(product)
    return ProductDetail(
        code=catalog.code,
        name=catalog.name,
        category=catalog.category,
        description=catalog.description,
        version=product.version,
        fingerprint=product.fingerprint,
        on_sale=product.on_sale,
        effective_from=product.effective_from,
        currency=catalog.currency,
        prices_include_tax=catalog.prices_include_tax,
        base_name=catalog.base.name,
        base_description=catalog.base.description,
        base_price=Money.of(PricingMoney(catalog.base.price, catalog.currency), exact=True),
        from_price=Money.of(view.info.cheapest),
        preview=catalog.preview.template if catalog.preview else None,
        modules=[module_info(module, view, catalog.currency) for module in catalog.modules],
    )
