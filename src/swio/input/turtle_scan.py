"""Cheap scans of Turtle text that the parser does not report: prefixes and typed literals.

Both are string searches over the file, so they cost a fraction of parsing it:
the prefixes name nodes in reports, and the typed literals (with their line
numbers) let the loader reject ill-typed ones ("2013-13-45"^^xsd:date) precisely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..namespaces import CHECKED_DATATYPES, XSD

_PREFIX_LINE = re.compile(r"^[ \t]*(?:@prefix|PREFIX|prefix|Prefix)[ \t]+([A-Za-z][\w.-]*)?:[ \t]*<([^>]*)>", re.M)
_PREFIX_AT = re.compile(r"(?:@prefix|PREFIX)[ \t]+([A-Za-z][\w.-]*)?:[ \t]*<([^>]*)>")
_HEAD = 65536
_CHECKED = {XSD + t for t in CHECKED_DATATYPES}


def prefixes(text: str) -> dict[str, str]:
    """Prefix declarations: all of those near the top, and any later ones."""
    found = dict(((p or ""), ns) for p, ns in _PREFIX_LINE.findall(text[:_HEAD]))
    for keyword in ("@prefix", "PREFIX"):
        pos = text.find(keyword, _HEAD)
        while pos != -1:
            m = _PREFIX_AT.match(text, pos)
            if m:
                found.setdefault(m.group(1) or "", m.group(2))
            pos = text.find(keyword, pos + len(keyword))
    return found


@dataclass(frozen=True)
class TypedLiteral:
    lexical: str
    datatype: str
    offset: int  # first occurrence in the text


def typed_literals(text: str, prefix_map: dict[str, str]) -> list[TypedLiteral]:
    """Distinct ``"lex"^^datatype`` literals whose datatype is one the loader checks."""
    seen: dict[tuple[str, str], TypedLiteral] = {}
    for quote in ('"', "'"):
        marker = quote + "^^"
        pos = text.find(marker)
        while pos != -1:
            literal = _literal_before(text, pos, quote)
            datatype = _datatype_after(text, pos + 3, prefix_map)
            if literal is not None and datatype in _CHECKED:
                seen.setdefault((literal, datatype), TypedLiteral(literal, datatype, pos))
            pos = text.find(marker, pos + 3)
    return list(seen.values())


def _literal_before(text: str, end: int, quote: str) -> str | None:
    if text[end - 2:end + 1] == quote * 3:  # """long"""
        start = text.rfind(quote * 3, 0, end - 2)
        return None if start == -1 else text[start + 3:end - 2]
    start = end - 1
    while True:
        start = text.rfind(quote, 0, start)
        if start == -1:
            return None
        backslashes = 0
        while start - backslashes - 1 >= 0 and text[start - backslashes - 1] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            break
    raw = text[start + 1:end]
    return None if "\n" in raw else _unescape(raw)


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw
    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)",
                  lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] in "uU" else
                  {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f"}.get(m.group(1), m.group(1)), raw)


_NAME = re.compile(r"([A-Za-z][\w.-]*)?:([\w.-]*)|<([^>]*)>")


def _datatype_after(text: str, pos: int, prefix_map: dict[str, str]) -> str | None:
    m = _NAME.match(text, pos)
    if not m:
        return None
    if m.group(3) is not None:
        return m.group(3)
    ns = prefix_map.get(m.group(1) or "")
    return None if ns is None else ns + m.group(2).rstrip(".")


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
