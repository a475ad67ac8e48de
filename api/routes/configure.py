"""Routes: configure a product. After every choice the state says which options still lead to a
valid product (and why the others do not, with one repair), each option's price effect, the price
range, what is still to choose and the delivery window; "finish for me", validation, quotes (JSON
and the PDF the page downloads), the live preview and shareable designs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response

from api import configure_service as service
from api.deps import DbEngine, DbSession
from api.quote_views import quote_out
from api.schemas_common import problem_responses
from api.schemas_configure import DesignOut, FinishOut, StateOut
from api.schemas_input import DesignRequest, FinishRequest, ProductCode, QuoteRequest, SelectionRequest, ShareRequest
from api.schemas_quote import QuoteOut, ShareOut, ValidationOut
from pricing.shop import shop_settings
from render.pdf.quote import quote_file, validity_days
from render.preview.paints import artwork_codes
from render.preview.svg import preview_svg
from store.artwork import artwork_for
from store.errors import ErrorCode, StoreError
from store.input_checks import TOKEN_MAX

router = APIRouter(tags=["configure"])

ShareCode = Annotated[str, Path(description="a design's share code", min_length=1, max_length=TOKEN_MAX)]
PDF = "application/pdf"
SVG = "image/svg+xml"
# Buyer text in a drawing is escaped; even so, an SVG opened on its own runs nothing and loads nothing.
SVG_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
}
_SHARED_LINK = {
    "getSharedDesign": {
        "operationId": "getSharedDesign",
        "parameters": {"share_code": "$response.body#/code"},
        "description": "Open the design just shared",
    }
}


def _binary(media_type: str, description: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {"description": description, "content": {media_type: {"schema": {"type": "string", "format": "binary"}}}}
    }


@router.post(
    "/products/{code}/state",
    response_model=StateOut,
    operation_id="getDesignState",
    summary="The state of a design",
    responses=problem_responses(400, 404, 422),
)
def design_state(code: ProductCode, body: DesignRequest, session: DbSession) -> StateOut:
    """Per module: the options still available, the unavailable ones with the reason and one repair,
    forced values, each option's price effect; the price range, the number of valid products the
    design may still become, what is still to choose, the delivery window, and the full quote once
    the design is complete. A choice no valid product allows with the others is a 422 problem
    naming it."""
    return service.state(session, code, body)


@router.post(
    "/products/{code}/finish",
    response_model=FinishOut,
    operation_id="finishDesign",
    summary="Finish a design for me",
    responses=problem_responses(400, 404, 422),
)
def finish_design(code: ProductCode, body: FinishRequest, session: DbSession, db: DbEngine) -> FinishOut:
    """Complete the design with the defaults, at the lowest price or with what buyers who made the
    same choices took most often; the buyer's own choices and text are kept."""
    return service.finish(session, db, code, body)


@router.post(
    "/products/{code}/validate",
    response_model=ValidationOut,
    operation_id="validateDesign",
    summary="Can this design be sold?",
    responses=problem_responses(400, 404, 422),
)
def validate_design(code: ProductCode, body: SelectionRequest, session: DbSession) -> ValidationOut:
    """Valid (with the product the design stands for) or every violation with where and why:
    choices that rule each other out, decisions still open, rules broken."""
    return service.validate(session, code, body.selection)


@router.post(
    "/products/{code}/quote",
    response_model=QuoteOut,
    operation_id="quoteDesign",
    summary="Quote a complete design",
    responses=problem_responses(400, 404, 422),
)
def quote_design(code: ProductCode, body: QuoteRequest, session: DbSession) -> QuoteOut:
    """The server's price of a complete design: lines, discounts, shipping, VAT, total and delivery
    dates. An unfinished or invalid design is a 422 problem with every violation."""
    _, _, priced = service.priced(session, code, body)
    return quote_out(priced, valid_days=validity_days(shop_settings()))


@router.post(
    "/products/{code}/quote.pdf",
    response_class=Response,
    operation_id="quoteDesignPdf",
    summary="The quote of a complete design as PDF",
    responses={**_binary(PDF, "The quote, as the configure page downloads it"), **problem_responses(400, 404, 422)},
)
def quote_pdf(code: ProductCode, body: QuoteRequest, session: DbSession) -> Response:
    """The PDF quote the configure page offers for download: choices, price breakdown, delivery
    estimate and how long the price holds, in the request's `language`."""
    found, closed, priced = service.priced(session, code, body)
    days = validity_days(shop_settings())
    name, data = quote_file(found.shown, closed, priced, today=found.day, days=days, lang=found.language)
    return Response(data, media_type=PDF, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post(
    "/products/{code}/preview.svg",
    response_class=Response,
    operation_id="previewDesign",
    summary="The live preview of a design",
    responses={
        **_binary(SVG, "The preview drawing (an unfinished design is drawn with the defaults)"),
        **problem_responses(400, 404, 422),
    },
)
def preview(code: ProductCode, body: DesignRequest, session: DbSession) -> Response:
    """The drawing the configure page shows beside the options (buyer text escaped, colours checked)."""
    found = service.design(session, code, body)
    catalog = found.product.catalog
    drawing = preview_svg(
        catalog, found.view.full, artwork_for(session=session, codes=artwork_codes(catalog)), lang=found.language
    )
    if drawing is None:
        raise StoreError(ErrorCode.NOT_FOUND, f"'{code}' has no preview drawing")
    headers = {  # artwork layers are checked pictures embedded as data: URIs
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        "X-Content-Type-Options": "nosniff",
    }
    return Response(drawing, media_type=SVG, headers=headers)


@router.post(
    "/products/{code}/share",
    response_model=ShareOut,
    status_code=201,
    operation_id="shareDesign",
    summary="Share a design",
    responses={
        201: {"description": "Kept under a share code", "links": _SHARED_LINK},
        **problem_responses(400, 404, 422),
    },
)
def share_design(code: ProductCode, body: ShareRequest, session: DbSession, request: Request) -> ShareOut:
    """Keep the design under a share code, as the page's "Share link" does; anyone with the code
    (or the page link) opens a copy of it. `artwork` keeps the buyer's uploaded pictures
    (`uploadArtwork`) placed in print zones, as `addCartItem` takes them: a zone that does not
    apply, an unknown picture, one over the zone's limits or not wholly inside it is a 422 problem
    (`bad-input`) whose `field` names the zone, and nothing is kept."""
    return service.share(session, request.app.state.settings, code, body)


@router.get(
    "/designs/{share_code}",
    response_model=DesignOut,
    operation_id="getSharedDesign",
    summary="Open a shared design",
    responses=problem_responses(404, 422),
)
def shared_design(share_code: ShareCode, session: DbSession) -> DesignOut:
    """The design re-checked against the product on sale now: saved choices that no longer exist
    or no longer fit are dropped with a notice, and the state of what is kept. Its placed pictures
    (`artwork`) are checked again against the choices kept, as the configure page does when it
    opens the link; one that no longer passes is left out with a notice."""
    return service.shared(session, share_code)
