"""Reading SPARQL text without a full parser: where the top-level WHERE group opens.

Used to insert ``VALUES`` (query parameters) and ``FROM`` clauses into query text,
so the same text runs on the embedded store and on any endpoint.
"""

from __future__ import annotations

import re


def where_brace(text: str) -> int | None:
    """Index of the '{' that opens the top-level WHERE group of a SELECT/ASK query (comments must be blanked)."""
    match = re.search(r"\b(select|ask)\b", text, re.I)
    if not match:
        return None
    depth = 0
    i = match.end()
    in_string = None
    while i < len(text):
        ch = text[i]
        if in_string:
            if ch == "\\":
                i += 2
                continue
            if ch == in_string:
                in_string = None
        elif ch in "\"'":
            in_string = ch
        elif ch == "<":
            end = text.find(">", i)
            if end != -1 and not re.search(r"\s", text[i:end]):  # an IRI, not a comparison
                i = end + 1
                continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "{" and depth == 0:
            return i
        i += 1
    return None


def blank_comments(text: str) -> str:
    """The text with ``#`` comments replaced by spaces (same length), strings and IRIs left alone."""
    out = []
    i, n = 0, len(text)
    quote = None
    while i < n:
        ch = text[i]
        if quote:
            out.append(ch)
            if ch == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if ch == quote or ch == "\n":
                quote = None
        elif ch in "\"'":
            quote = ch
            out.append(ch)
        elif ch == "<":
            end = text.find(">", i)
            if end != -1 and not re.search(r"\s", text[i:end]):
                out.append(text[i : end + 1])
                i = end + 1
                continue
            out.append(ch)
        elif ch == "#":
            end = text.find("\n", i)
            end = n if end == -1 else end
            out.append(" " * (end - i))
            i = end
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def top_level_where(text: str) -> int | None:
    """:func:`where_brace` after blanking comments (so a ``{`` in a comment is not taken)."""
    return where_brace(blank_comments(text))


_PROLOGUE = re.compile(r"\s*(?:PREFIX\s+[^\s:<]*:\s*<[^>]*>|BASE\s*<[^>]*>)", re.I)  # any PN_PREFIX (组织:)
_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def prologue_end(text: str) -> int:
    """Index just past the prologue (PREFIX and BASE declarations) of SPARQL text."""
    blanked = blank_comments(text)
    pos = 0
    while True:
        m = _PROLOGUE.match(blanked, pos)
        if not m:
            return pos
        pos = m.end()


def query_form(text: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``, ``UPDATE`` (any SPARQL Update operation), or
    ``None`` when the text starts with none of these after its prologue (PREFIX/BASE) and comments."""
    blanked = blank_comments(text)
    m = re.compile(r"\s*([A-Za-z]+)").match(blanked, prologue_end(text))
    keyword = m.group(1).upper() if m else ""
    if keyword in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        return keyword
    if keyword in _UPDATE_KEYWORDS:
        return "UPDATE"
    return None
