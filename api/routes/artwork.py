"""Routes: a buyer's own picture for a print zone. `POST /v1/artwork` takes the file itself as the
request body (PNG, JPEG or SVG; its name in `?name=`) and stores it through the same checks as
the configure page (`store.buyer_artwork.upload_buyer_artwork`: content sniffed, decoded only
within the pixel limits, re-encoded without metadata, SVG rebuilt from an allowlist). The answer
names the picture by its sha256, which a cart item then places (`artwork` of `addCartItem`).

The size limit is enforced before the file is read into memory: an announced length over it is
refused at once (`api.body_limit`, which allows this path the artwork limit instead of the API's
body limit) and a streamed body is counted as it arrives. The API never serves a picture back:
its sha256 (unguessable) is known only to whoever uploaded it or holds a design, cart or order
that places it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.deps import DbSession
from api.responses import problems
from store.artwork_files import MAX_BYTES
from store.buyer_artwork import MAX_FILE_NAME, ArtworkInfo, upload_buyer_artwork

router = APIRouter(tags=["artwork"])

PATH = "/artwork"
LIMIT = MAX_BYTES  # the largest file this route reads
MEDIA_TYPES = ("image/png", "image/jpeg", "image/svg+xml", "application/octet-stream")


class ArtworkOut(BaseModel):
    """A stored picture: place it in a print zone of a cart item by its `sha256`."""

    sha256: str = Field(description="the picture's name from now on (of its checked, re-encoded content)")
    media_type: str
    width: int = Field(description="pixels (an SVG: its drawing's units)")
    height: int
    size_bytes: int = Field(description="of the checked content as stored")
    file_name: str


def _out(info: ArtworkInfo) -> ArtworkOut:
    return ArtworkOut(
        sha256=info.sha256,
        media_type=info.media_type,
        width=info.width,
        height=info.height,
        size_bytes=info.size_bytes,
        file_name=info.file_name,
    )


async def _read(request: Request) -> bytes:
    """The body, refused with a 413 problem as soon as it passes the artwork limit."""
    chunks: list[bytes] = []
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > LIMIT:
            raise HTTPException(413, f"A picture may have at most {LIMIT:,} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    PATH,
    operation_id="uploadArtwork",
    status_code=status.HTTP_201_CREATED,
    response_model=ArtworkOut,
    responses=problems(413, 422),
    summary="Upload a picture for a print zone (checked and re-encoded by the store)",
    description=(
        "The request body is the file itself (PNG, JPEG or SVG, at most 2,000,000 bytes). A file that is "
        "not a picture, is too large, claims too many pixels or holds script is refused with a 422 problem "
        "(`bad-input`) saying why, or a 413 problem when it is too large to read; nothing is stored then. "
        "The same content uploaded again gives the same `sha256`."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {kind: {"schema": {"type": "string", "format": "binary"}} for kind in MEDIA_TYPES},
        }
    },
)
async def upload(
    session: DbSession,
    request: Request,
    name: Annotated[str, Query(max_length=MAX_FILE_NAME, description="the file's name, e.g. logo.png")] = "",
) -> ArtworkOut:
    data = await _read(request)
    info = await run_in_threadpool(lambda: upload_buyer_artwork(session=session, data=data, file_name=name))
    return _out(info)
