"""A cheap scan of Turtle text for what the parser does not report: the prefix declarations.

A string search over the file, so it costs a fraction of parsing it; the prefixes name
nodes in reports (``body:hefei-…`` rather than a full IRI) and help find line numbers.
"""

from __future__ import annotations

import re

_PREFIX_LINE = re.compile(r"^[ \t]*(?:@prefix|PREFIX|prefix|Prefix)[ \t]+([A-Za-z][\w.-]*)?:[ \t]*<([^>]*)>", re.M)
_PREFIX_AT = re.compile(r"(?:@prefix|PREFIX)[ \t]+([A-Za-z][\w.-]*)?:[ \t]*<([^>]*)>")
_HEAD = 65536


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


def split_prefix_lines(turtle: bytes) -> tuple[list[bytes], bytes]:
    """Turtle as a serialiser writes it (``@prefix`` lines first) split into those lines and the rest."""
    lines = turtle.splitlines(keepends=True)
    i = 0
    while i < len(lines) and lines[i].startswith(b"@prefix "):
        i += 1
    return lines[:i], b"".join(lines[i:])
