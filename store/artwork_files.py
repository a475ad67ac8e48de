"""Checking an uploaded artwork file before anything is stored: pure, no database.

- SVG is parsed with defusedxml (no DTDs, entities or external references), then rebuilt from an
  allowlist of drawing elements and presentation attributes: scripts, `foreignObject`, event
  handlers, `<style>`, links and every reference that is not `#local` are refused with the reason.
  Editor metadata (Inkscape, Sodipodi, RDF) is dropped. What is stored is the rebuilt text.
- PNG and JPEG are decoded with Pillow only after their header says they are within the pixel
  limits (a decompression bomb is refused before it is expanded), then re-encoded: EXIF, text
  chunks and anything else in the file are gone, and a JPEG's orientation is applied first.
- The content decides the type, not the file name; the name must agree with it.

>>> svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" fill="red"/></svg>'
>>> art = check_artwork(svg, "logo.svg")
>>> art.media_type, art.width, art.content.decode()[-35:]
('image/svg+xml', 10, '<rect width="5" fill="red" /></svg>')
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from store.artwork_svg import ArtworkError, CheckedArtwork, rebuild_svg

__all__ = ["MAX_BYTES", "MAX_PIXELS", "MAX_SIDE", "ArtworkError", "CheckedArtwork", "check_artwork"]

MAX_BYTES = 2_000_000  # an upload, any type
MAX_SIDE = 4_096  # pixels
MAX_PIXELS = 8_000_000
_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype")):
        return "image/svg+xml"
    return None


def check_artwork(data: bytes, file_name: str) -> CheckedArtwork:
    """The file as it will be stored; ArtworkError naming the file and the reason otherwise."""
    where = file_name or "the file"
    if not data:
        raise ArtworkError(f"{where}: the file is empty")
    if len(data) > MAX_BYTES:
        raise ArtworkError(f"{where}: {len(data):,} bytes; artwork may be at most {MAX_BYTES:,} bytes")
    kind = _sniff(data)
    if kind is None:
        raise ArtworkError(f"{where}: not an SVG, PNG or JPEG picture")
    suffix = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if _TYPES.get(suffix) != kind:
        raise ArtworkError(f"{where}: the name says {suffix or 'no type'} but the content is {kind}")
    if kind == "image/svg+xml":
        return rebuild_svg(data, where)
    return _raster(data, where, kind)


# -- PNG and JPEG ---------------------------------------------------------------------------------


def _raster(data: bytes, where: str, kind: str) -> CheckedArtwork:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG" if kind == "image/png" else "JPEG"]) as image:
                width, height = image.size
                if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                    raise ArtworkError(
                        f"{where}: {width} x {height} pixels; artwork may be at most {MAX_SIDE} pixels a side "
                        f"and {MAX_PIXELS:,} pixels in all (a larger picture is refused before it is decoded)"
                    )
                image.load()
                if kind == "image/jpeg":
                    picture = ImageOps.exif_transpose(image).convert("RGB")
                else:
                    picture = image.convert("RGBA")
    except ArtworkError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ArtworkError(
            f"{where}: a decompression bomb: its header claims far more than {MAX_PIXELS:,} pixels; "
            "refused before it is decoded"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ArtworkError(f"{where}: the picture cannot be read ({type(exc).__name__})") from None
    out = io.BytesIO()
    if kind == "image/jpeg":
        picture.save(out, format="JPEG", quality=90, optimize=True)
    else:
        picture.save(out, format="PNG", optimize=True)
    return CheckedArtwork(media_type=kind, content=out.getvalue(), width=picture.width, height=picture.height)
