"""What each configuration route does, in the store's and engine's own calls: check the input,
compute the view the pages compute, and answer it. No pricing or rule logic of its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from fastapi.exceptions import RequestValidationError
from sqlmodel import Session

import i18n
from api import configure_input as checked
from api.configure_views import state_out, view_of
from api.products import Product, on_sale, release
from api.schemas_configure import DesignOut, FinishOut, StateOut
from api.schemas_input import DesignRequest, FinishRequest, Placement, QuoteRequest, ShareRequest
from api.schemas_quote import DesignProblem, ShareOut, ValidationOut
from configurator.catalog_engine import InconsistentSelectionError
from modules.catalog import Catalog
from modules.expr import Value
from modules.selection import dump_selection
from modules.translations import translated
from pricing.context import QuoteContext
from pricing.errors import QuoteError, QuoteErrorCode
from pricing.model import Quote
from pricing.quote import quote
from pricing.shop import shop_settings
from settings import Settings
from store.configuration import ConfigurationView, compiled_engine
from store.configuration_checks import check_design
from store.db import Engine
from store.designs import design_pictures, get_design, save_design
from store.errors import StoreError
from store.finishing import buyers_choices, finished_selection
from store.input_checks import clean_text
from store.tables import DesignCreate

SHARED_NAME = "Shared design"  # what the configure page calls a design shared without a name


@dataclass(frozen=True, slots=True)
class Design:
    """A request's product, checked selection, day and quantity, and the view of them."""

    product: Product
    selection: dict[str, Value]
    day: dt.date
    quantity: int
    view: ConfigurationView
    currency: str  # what the buyer pays in
    language: str  # a buyer language (anything unknown: English)

    @property
    def shown(self) -> Catalog:
        """The catalog with its names in the request's language."""
        return translated(self.product.catalog, self.language)


def design(session: Session, code: str, body: DesignRequest) -> Design:
    country = body.country if isinstance(body, QuoteRequest) else None
    currency = checked.sale_currency_of(body.currency, country)
    product = on_sale(session, code)
    selection = checked.parsed_selection(product.catalog, body.selection)
    day = checked.day_of(body.date)
    try:
        view = view_of(product, selection, day=day, quantity=body.quantity, currency=currency)
    except InconsistentSelectionError:
        raise checked.conflict(product, selection) from None
    return Design(product, selection, day, body.quantity, view, currency, i18n.language(body.language))


def _state(found: Design, selection: dict[str, Value], view: ConfigurationView) -> StateOut:
    return state_out(
        found.product,
        selection,
        view,
        day=found.day,
        quantity=found.quantity,
        currency=found.currency,
        language=found.language,
    )


def state(session: Session, code: str, body: DesignRequest) -> StateOut:
    found = design(session, code, body)
    return _state(found, found.selection, found.view)


def finish(session: Session, db: Engine, code: str, body: FinishRequest) -> FinishOut:
    found = design(session, code, body)
    product = found.product
    seen, learned = (None, None)
    if body.mode == "popular":
        seen, learned = buyers_choices(db=db, catalog=product.catalog, fingerprint=product.fingerprint)
    done = finished_selection(
        catalog=product.catalog,
        fingerprint=product.fingerprint,
        selection=found.selection,
        mode=body.mode,
        day=found.day,
        quantity=found.quantity,
        popularity=seen,
        history=learned,
        currency=found.currency,
    )
    view = view_of(product, done, day=found.day, quantity=found.quantity, currency=found.currency)
    return FinishOut(selection=dump_selection(done), state=_state(found, done, view))


def _problems(problems: list[DesignProblem]) -> RequestValidationError:
    return RequestValidationError([{"loc": ("body", *p.loc), "msg": p.message, "type": p.kind} for p in problems])


def validate(session: Session, code: str, selection: Mapping[str, object]) -> ValidationOut:
    product = on_sale(session, code)
    parsed = checked.parsed_selection(product.catalog, selection)
    closed, problems = check_design(catalog=product.catalog, fingerprint=product.fingerprint, selection=parsed)
    return ValidationOut(
        valid=closed is not None,
        selection=dump_selection(closed) if closed is not None else None,
        violations=[DesignProblem(loc=list(p.loc), kind=p.kind, message=p.message) for p in problems],
    )


def priced(session: Session, code: str, body: QuoteRequest) -> tuple[Design, dict[str, Value], Quote]:
    """The design, the product it stands for, and its quote; a 422 problem when it cannot be sold."""
    found = design(session, code, body)
    product = found.product
    closed, problems = check_design(catalog=product.catalog, fingerprint=product.fingerprint, selection=found.selection)
    if closed is None:
        raise _problems([DesignProblem(loc=list(p.loc), kind=p.kind, message=p.message) for p in problems])
    english = found.language == i18n.DEFAULT_LANGUAGE
    if body.country is None and body.delivery_mode is None and found.view.quote is not None and english:
        return found, closed, found.view.quote  # the very quote the page shows
    context = QuoteContext(
        shop=shop_settings(),
        date=found.day,
        country=body.country,
        delivery=body.delivery_mode,
        currency=found.currency,
    )
    try:
        return found, closed, quote(catalog=found.shown, selection=closed, quantity=found.quantity, context=context)
    except QuoteError as exc:
        where = {QuoteErrorCode.UNKNOWN_COUNTRY: "country", QuoteErrorCode.UNKNOWN_DELIVERY_MODE: "delivery_mode"}
        raise checked.refusal(("body", where.get(exc.code, "selection")), exc.message, exc.code.value) from None


def share(session: Session, settings: Settings, code: str, body: ShareRequest) -> ShareOut:
    """Keep the design under a share code (as the page's "Share link" does); nothing is shared
    that the catalog would refuse or that no valid product has."""
    try:
        name = clean_text(body.name, limit=120) if body.name is not None else ""
    except ValueError as exc:
        raise checked.refusal(("body", "name"), str(exc), "bad-text") from None
    found = design(session, code, DesignRequest(selection=body.selection))
    artwork = {zone: placement.model_dump() for zone, placement in body.artwork.items()}
    data = DesignCreate(
        name=name or SHARED_NAME,
        product_code=found.product.code,
        selection=dump_selection(found.selection),
        artwork=artwork,
    )
    saved = save_design(session=session, data=data, customer_id=None)  # checks the pictures in its transaction
    base = settings.public_url.rstrip("/")
    return ShareOut(
        code=saved.token,
        url=f"{base}/configure?product={saved.product_code}&design={saved.token}",
        api_url=f"/v1/designs/{saved.token}",
        product=saved.product_code,
        name=saved.name,
        created_at=saved.created_at,
        artwork=saved.artwork,
    )


def shared(session: Session, token: str) -> DesignOut:
    """A shared design re-checked against the product on sale now (as opening the page's link does)."""
    saved = get_design(session=session, token=token)
    release(session)
    out = DesignOut(
        code=saved.token,
        name=saved.name,
        product=saved.product_code,
        created_at=saved.created_at,
        saved_selection=dict(saved.selection),
        saved_artwork=dict(saved.artwork or {}),
        selection={},
        notices=[],
        on_sale=False,
        state=None,
    )
    try:
        product = on_sale(session, saved.product_code)
    except StoreError:  # a product no longer sold is an answer, not an error
        out.notices = ["The product of this design is no longer sold."]
        return out
    engine = compiled_engine(catalog=product.catalog, fingerprint=product.fingerprint)
    selection, notices = engine.revalidate(saved.selection)
    day = checked.day_of(None)
    view = view_of(product, selection, day=day, quantity=1)
    placed, dropped = design_pictures(session=session, catalog=product.catalog, selection=selection, design=saved)
    out.artwork = {zone: Placement.model_validate(placement) for zone, placement in placed.items()}
    out.selection = dump_selection(selection)
    out.notices = [f"Some saved choices are no longer available — {n}." for n in notices]
    out.notices += [f"A picture was left out — {reason}." for reason in dropped]
    out.on_sale = True
    out.state = state_out(product, selection, view, day=day, quantity=1)
    return out
