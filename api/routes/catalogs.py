"""Routes: the products on sale, one product's modules and options, and each product family's
published catalog versions (immutable, content-hashed history)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from api import catalog_views
from api.deps import DbSession
from api.products import Product, on_sale, published, release
from api.schemas_catalog import ProductDetail, ProductList, VersionInfo, VersionList
from api.schemas_common import problem_responses
from api.schemas_input import ProductCode
from store.catalogs import published_versions
from store.errors import ErrorCode, StoreError
from store.on_sale import on_sale_version, on_sale_versions
from store.product_reviews import ratings

router = APIRouter(tags=["catalogs"])

# Where a listed product leads (OpenAPI links: clients and stateful tests follow them).
PRODUCT_LINKS = {
    operation: {"operationId": operation, "parameters": {"code": "$response.body#/items/0/code"}}
    for operation in ("getProduct", "listCatalogVersions", "getDesignState", "finishDesign", "shareDesign")
}
VersionNumber = Annotated[int, Path(description="catalog version number", ge=1, le=2_147_483_647)]


@router.get(
    "/products",
    response_model=ProductList,
    operation_id="listProducts",
    summary="Products on sale",
    responses={200: {"description": "Successful Response", "links": PRODUCT_LINKS}, **problem_responses()},
)
def list_products(session: DbSession) -> ProductList:
    """Every product family on sale now, with its current catalog version, its "from" price
    (the cheapest valid product of one item, before shipping) and what buyers rated it."""
    products = [Product.selling(found) for found in on_sale_versions(session=session)]
    rated = ratings(session=session, product_codes=[p.catalog.code for p in products])
    release(session)
    return ProductList(items=[catalog_views.summary(p, rated.get(p.catalog.code)) for p in products])


@router.get(
    "/products/{code}",
    response_model=ProductDetail,
    operation_id="getProduct",
    summary="One product: its modules and options",
    responses=problem_responses(404, 422),
)
def get_product(code: ProductCode, session: DbSession) -> ProductDetail:
    """The product on sale: its modules (kind, required or multi, number and text limits) and
    their options (swatches, spec values, preview layers, price effect on an empty design)."""
    return catalog_views.detail(on_sale(session, code))


@router.get(
    "/catalogs/{code}/versions",
    response_model=VersionList,
    operation_id="listCatalogVersions",
    summary="Published versions of a product family",
    responses=problem_responses(404, 422),
)
def list_versions(code: ProductCode, session: DbSession) -> VersionList:
    """Every version that has gone on sale, newest first, withdrawn ones included (orders keep
    the version they were sold under). Versions never change once published."""
    rows = published_versions(session=session, product_code=code)
    if not rows:
        raise StoreError(ErrorCode.NOT_FOUND, f"no product '{code}' has been published", product=code)
    current = on_sale_version(session=session, product_code=code)
    listed = VersionList(
        code=code,
        items=[
            VersionInfo(
                version=row.version,
                fingerprint=row.fingerprint,
                effective_from=row.effective_from,
                withdrawn_at=row.withdrawn_at,
                on_sale=current is not None and row.id == current.id,
            )
            for row in rows
        ],
    )
    release(session)
    return listed


@router.get(
    "/catalogs/{code}/versions/{version}",
    response_model=ProductDetail,
    operation_id="getCatalogVersion",
    summary="One published version of a product family",
    responses=problem_responses(404, 422),
)
def get_version(code: ProductCode, version: VersionNumber, session: DbSession) -> ProductDetail:
    """The product as that version describes it (a withdrawn version too)."""
    return catalog_views.detail(published(session, code, version))
