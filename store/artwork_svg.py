"""Uploaded SVG artwork, rebuilt from an allowlist (see `store.artwork_files`): pure, no database.

The file is parsed with defusedxml (no DTDs, entities or external references); every element and
attribute must be on the allowlist, `style` declarations too, and every `url(...)` must point
inside the file. What comes out is written afresh from the parsed tree, so comments, processing
instructions and editor metadata never reach the stored file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element
from xml.sax.saxutils import escape, quoteattr

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

MAX_SVG_BYTES = 500_000
MAX_SVG_ELEMENTS = 5_000
SVG_NS = "http://www.w3.org/2000/svg"
EDITOR_NAMESPACES = (
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://purl.org/dc/elements/1.1/",
)
ELEMENTS = frozenset(
    [
        "svg",
        "g",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "defs",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
        "title",
        "desc",
    ]
)
DROPPED = frozenset({"metadata"})  # harmless editor data: left out of the stored file
ATTRIBUTES = frozenset(
    [
        "id",
        "viewBox",
        "width",
        "height",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "fx",
        "fy",
        "d",
        "points",
        "transform",
        "preserveAspectRatio",
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-miterlimit",
        "opacity",
        "clip-path",
        "clip-rule",
        "offset",
        "stop-color",
        "stop-opacity",
        "gradientUnits",
        "gradientTransform",
        "spreadMethod",
        "clipPathUnits",
        "font-size",
        "font-family",
        "font-weight",
        "font-style",
        "text-anchor",
        "dominant-baseline",
        "letter-spacing",
        "visibility",
        "display",
        "version",
    ]
)
STYLE_PROPERTIES = ATTRIBUTES & frozenset(
    [
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-miterlimit",
        "opacity",
        "clip-rule",
        "stop-color",
        "stop-opacity",
        "font-size",
        "font-family",
        "font-weight",
        "font-style",
        "text-anchor",
        "dominant-baseline",
        "letter-spacing",
        "visibility",
        "display",
    ]
)
_URL = re.compile(r"url\(\s*([^)]*)\)", re.IGNORECASE)
_LOCAL = re.compile(r"^['\"]?#[A-Za-z_][\w.-]*['\"]?$")
_BAD_VALUE = re.compile(r"javascript:|data:|expression\(|@import|\\", re.IGNORECASE)


class ArtworkError(ValueError):
    """An uploaded file refused, with where and why (nothing was stored)."""


@dataclass(frozen=True, slots=True)
class CheckedArtwork:
    media_type: str
    content: bytes  # the rebuilt SVG or the re-encoded picture: what is stored and drawn
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _local(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _value(name: str, value: str, where: str) -> str:
    if _BAD_VALUE.search(value):
        raise ArtworkError(f"{where}: attribute {name} holds a script, data or escaped value")
    for reference in _URL.findall(value):
        if not _LOCAL.match(reference.strip()):
            raise ArtworkError(f"{where}: attribute {name} refers outside the file ({reference.strip()[:40]})")
    return value


def _style(value: str, where: str) -> list[tuple[str, str]]:
    kept = []
    for declaration in value.split(";"):
        name, _, val = declaration.partition(":")
        name, val = name.strip().lower(), val.strip()
        if not name:
            continue
        if name not in STYLE_PROPERTIES:
            raise ArtworkError(f"{where}: style property {name[:40]} is not allowed in artwork")
        kept.append((name, _value(name, val, where)))
    return kept


def _rebuild(element: Element, where: str, count: list[int], out: list[str], root: bool = False) -> None:
    namespace, name = _local(element.tag) if isinstance(element.tag, str) else ("", "")
    if namespace in EDITOR_NAMESPACES or name in DROPPED:
        return
    if namespace != SVG_NS or name not in ELEMENTS:
        raise ArtworkError(f"{where}: element <{name or element.tag}> is not allowed in artwork")
    count[0] += 1
    if count[0] > MAX_SVG_ELEMENTS:
        raise ArtworkError(f"{where}: more than {MAX_SVG_ELEMENTS:,} elements")
    attributes: dict[str, str] = {}
    for key, raw in element.attrib.items():
        space, attribute = _local(key)
        if space in EDITOR_NAMESPACES:
            continue
        if space or attribute.lower().startswith("on"):
            raise ArtworkError(f"{where}: attribute {attribute} on <{name}> is not allowed in artwork")
        if attribute == "style":
            for prop, val in _style(raw, where):
                attributes.setdefault(prop, val)
            continue
        if attribute not in ATTRIBUTES:
            raise ArtworkError(f"{where}: attribute {attribute} on <{name}> is not allowed in artwork")
        attributes[attribute] = _value(attribute, raw, where)
    head = f'<{name} xmlns="{SVG_NS}"' if root else f"<{name}"
    out.append(head + "".join(f" {k}={quoteattr(v)}" for k, v in attributes.items()))
    children = list(element)
    text = element.text if name in {"text", "tspan", "title", "desc"} else None
    if not children and not text:
        out.append(" />")
    else:
        out.append(">" + escape(text or ""))
        for child in children:
            _rebuild(child, where, count, out)
            if child.tail and name in {"text", "tspan"}:
                out.append(escape(child.tail))
        out.append(f"</{name}>")


def _number(text: str | None) -> int:
    match = re.match(r"^\s*(\d+(?:\.\d+)?)", text or "")
    return round(float(match.group(1))) if match else 0


def rebuild_svg(data: bytes, where: str) -> CheckedArtwork:
    if len(data) > MAX_SVG_BYTES:
        raise ArtworkError(f"{where}: an SVG may be at most {MAX_SVG_BYTES:,} bytes")
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ArtworkError(
            f"{where}: document type declarations and entities are not allowed ({type(exc).__name__}); "
            "export it as plain SVG, without the <!DOCTYPE ...> line"
        ) from None
    except SafeET.ParseError as exc:
        raise ArtworkError(f"{where}: not well-formed XML ({exc})") from None
    if _local(root.tag) != (SVG_NS, "svg"):
        raise ArtworkError(f"{where}: the root element must be <svg> in the SVG namespace")
    out: list[str] = []
    _rebuild(root, where, [0], out, root=True)
    box = (root.get("viewBox") or "").replace(",", " ").split()
    width = _number(root.get("width")) or (_number(box[2]) if len(box) == 4 else 0)
    height = _number(root.get("height")) or (_number(box[3]) if len(box) == 4 else 0)
    if not width or not height:
        raise ArtworkError(f"{where}: the <svg> needs a viewBox or a width and a height")
    return CheckedArtwork(media_type="image/svg+xml", content="".join(out).encode(), width=width, height=height)
