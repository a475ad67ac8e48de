"""The embeddable configurator: a web component any shop page loads with one `<script>` tag.

- `GET /v1/embed/configurator.js` is a two-line loader, revalidated on every use (`no-cache` +
  ETag, so a repeat visit costs a 304); it imports the widget from a versioned folder.
- `GET /v1/embed/{version}/{file}` serves the widget's files (api/static/embed/) under a version
  that is the hash of their content: `immutable`, cached for a year, never stale (a changed file
  gets a new version, and the loader points at it). An old version answers 404.
- `GET /v1/embed/example?product=...` is a host page that embeds it (docs/embed.md).

The files are public and carry no secrets, so any page may load them
(`Access-Control-Allow-Origin: *`, needed because module scripts are fetched with CORS); the
widget's calls to the rest of the API still need the shop's origin in `API_CORS_ORIGINS`.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from starlette.exceptions import HTTPException

from api.schemas_common import problem_responses
from modules.fields import CODE_PATTERN

STATIC = Path(__file__).resolve().parent.parent / "static"
ASSETS = STATIC / "embed"
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"  # may be stored, but asked about (ETag) before every use
# The example page runs only its own files: no inline script, nothing from elsewhere.
EXAMPLE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

router = APIRouter(prefix="/embed", tags=["embed"])


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str
    etag: str


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def load_assets(folder: Path = ASSETS) -> tuple[str, dict[str, Asset]]:
    """Every file of the widget, and the version naming them all (hash of names and contents)."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in TYPES)
    digest = hashlib.sha256()
    assets: dict[str, Asset] = {}
    for path in files:
        body = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + body + b"\0")
        assets[path.name] = Asset(body, TYPES[path.suffix], _etag(body))
    return digest.hexdigest()[:16], assets


VERSION, FILES = load_assets()
LOADER_BODY = (
    f"// The product configurator, version {VERSION}: see /v1/embed/example and docs/embed.md.\n"
    f'export * from "./{VERSION}/configurator.js";\n'
).encode()
LOADER = Asset(LOADER_BODY, TYPES[".js"], _etag(LOADER_BODY))
EXAMPLE = Template((STATIC / "example.html").read_text(encoding="utf-8"))
_PRODUCT = re.compile(CODE_PATTERN)


def _not_modified(request: Request, etag: str) -> bool:
    wanted = request.headers.get("if-none-match", "")
    return any(tag.strip().removeprefix("W/") in (etag, "*") for tag in wanted.split(","))


def _serve(request: Request, asset: Asset, cache: str) -> Response:
    headers = {
        "ETag": asset.etag,
        "Cache-Control": cache,
        "Access-Control-Allow-Origin": "*",
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Resource-Policy": "cross-origin",
    }
    if _not_modified(request, asset.etag):
        return Response(status_code=304, headers=headers)
    return Response(asset.body, media_type=asset.media_type, headers=headers)


@router.get(
    "/configurator.js",
    summary="The configurator web component (loader)",
    response_class=Response,
    responses={200: {"content": {"text/javascript": {}}}, 304: {"description": "not modified"}},
)
def loader(request: Request) -> Response:
    """`<script type="module" src=".../v1/embed/configurator.js">` defines `<product-configurator>`."""
    return _serve(request, LOADER, REVALIDATE)


@router.get(
    "/example",
    summary="An example shop page embedding the configurator",
    response_class=Response,
    responses={200: {"content": {"text/html": {}}}, **problem_responses(404, 422)},
)
def example(
    product: Annotated[str | None, Query(max_length=63, description="product code; none: a list")] = None,
) -> Response:
    if product is not None and not _PRODUCT.match(product):
        raise HTTPException(404, "no such product")
    page = EXAMPLE.substitute(
        version=VERSION,
        product=html.escape(product or "", quote=True),
    )
    headers = {"Content-Security-Policy": EXAMPLE_CSP, "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
    return Response(page, media_type="text/html; charset=utf-8", headers=headers)


@router.get(
    "/{version}/{name}",
    summary="One file of the configurator, under its content version (immutable)",
    response_class=Response,
    responses={
        200: {"content": {"text/javascript": {}, "text/css": {}}},
        304: {"description": "not modified"},
        **problem_responses(404),
    },
)
def asset(request: Request, version: str, name: str) -> Response:
    found = FILES.get(name) if version == VERSION else None
    if found is None:
        raise HTTPException(404, "no such file (the configurator was updated: reload the page)")
    return _serve(request, found, IMMUTABLE)
