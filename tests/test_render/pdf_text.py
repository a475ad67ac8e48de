"""The text of a PDF that fpdf2 wrote, read back through each font's ToUnicode map.

fpdf2 writes text as two-byte glyph codes of a font subset; each font carries a ToUnicode CMap
from those codes to characters. This reads both back, so a test can check which characters a
reader sees (a glyph the fonts lack is left out of the file and so is missing here too).
"""

from __future__ import annotations

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_LENGTH = re.compile(rb"/Length\s+(\d+)\s")
_STRINGS = re.compile(rb"\(((?:\\.|[^\\)])*)\)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in _OBJECT.finditer(data)}


def _stream(body: bytes) -> bytes:
    found = _STREAM.search(body)
    if found is None:
        return b""
    raw = found.group(1)
    length = _LENGTH.search(body)
    if length is not None:  # the stream's own length: compressed data may end in a "\r" byte
        raw = body[found.start(1) : found.start(1) + int(length.group(1))]
    return zlib.decompress(raw) if b"/FlateDecode" in body else raw


def _cmap(text: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for code, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def _literal(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        ch = raw[i : i + 1]
        if ch == b"\\":
            nxt = raw[i + 1 : i + 2]
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(0), 8) & 0xFF)
                i += 1 + len(octal.group(0))
                continue
            out += _ESCAPES.get(nxt, nxt)
            i += 2
            continue
        out += ch
        i += 1
    return bytes(out)


def pdf_text(data: bytes) -> str:
    """Every shown string of every page, in order, one line per text object (a justified line,
    written as an array of strings, read as one)."""
    objects = _objects(data)
    fonts: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        for name, number in re.findall(rb"/(F\d+)\s+(\d+) 0 R", body):
            font = objects.get(int(number), b"")
            unicode_ref = re.search(rb"/ToUnicode\s+(\d+) 0 R", font)
            if unicode_ref:
                fonts[name] = _cmap(_stream(objects[int(unicode_ref.group(1))]))
    lines: list[str] = []
    for body in objects.values():
        if b"stream" not in body or b"/Length1" in body or b"/Subtype /Image" in body:
            continue
        try:
            content = _stream(body)
        except zlib.error:
            continue
        if b" Tj" not in content and b"TJ" not in content:
            continue
        current: dict[int, str] = {}
        saved: list[dict[int, str]] = []  # q / Q save and restore the graphics state, font included
        pattern = (
            rb"/(F\d+)\s+[\d.]+\s+Tf|\(((?:\\.|[^\\)])*)\)\s*Tj|(ET)|(?<![\w/])([qQ])(?=\s)"
            rb"|\[((?:\s*(?:\((?:\\.|[^\\)])*\)|-?[\d.]+))*)\s*\]\s*TJ"  # a justified line: strings and spacings
        )
        for token in re.finditer(pattern, content, re.S):
            if token.group(1):
                current = fonts.get(token.group(1), {})
            elif token.group(4):
                if token.group(4) == b"q":
                    saved.append(current)
                elif saved:
                    current = saved.pop()
            elif token.group(3):
                lines.append("")
            else:
                parts = [token.group(2)] if token.group(5) is None else _STRINGS.findall(token.group(5))
                raw = b"".join(_literal(part) for part in parts)
                codes = [int.from_bytes(raw[j : j + 2], "big") for j in range(0, len(raw) - 1, 2)]
                lines.append("".join(current.get(code, "") for code in codes))
    return "\n".join(line for line in lines if line)
