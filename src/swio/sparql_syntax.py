"""Reading SPARQL text without a full parser: the prologue, the query form, where the top-level WHERE group opens.

Used to insert ``VALUES`` (query parameters) and ``FROM`` clauses into query text, so the
same text runs on the embedded store and on any endpoint, and to tell queries from updates.
Every function reads the text with :mod:`swio.sparql_lexer` (tolerant mode: any text, in
time linear in its length), so ``{``, ``#`` or a keyword inside a string, an IRI or a
comment is never taken for the real thing.
"""

from __future__ import annotations

from collections.abc import Iterator

from .sparql_lexer import Token, iter_tokens

_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def where_brace(text: str) -> int | None:
    """Index of the '{' that opens the top-level WHERE group of a SELECT/ASK query (``None`` if there is none)."""
    tokens = iter_tokens(text)
    for token in tokens:
        if token.is_name("SELECT", "ASK"):
            break
    else:
        return None
    depth = 0
    for token in tokens:
        if token.kind != "punct":
            continue
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif token.text == "{" and depth == 0:
            return token.start
    return None


def top_level_where(text: str) -> int | None:
    """:func:`where_brace` (kept under this name: comments need no blanking first)."""
    return where_brace(text)


def blank_comments(text: str) -> str:
    """The text with ``#`` comments replaced by spaces (same length), strings and IRIs left alone."""
    parts, last = [], 0
    for token in iter_tokens(text, comments=True):
        if token.kind == "comment":
            parts.append(text[last : token.start])
            parts.append(" " * (token.end - token.start))
            last = token.end
    parts.append(text[last:])
    return "".join(parts)


def _after_prologue(tokens: Iterator[Token]) -> tuple[int, Token | None]:
    """Read the PREFIX and BASE declarations: the index just past the last, and the first token after them."""
    end = 0
    for token in tokens:
        if token.is_name("PREFIX"):
            name, iri = next(tokens, None), next(tokens, None)
            if name is None or name.kind != "pname" or not name.text.endswith(":") or iri is None or iri.kind != "iri":
                return end, token
            end = iri.end
        elif token.is_name("BASE"):
            iri = next(tokens, None)
            if iri is None or iri.kind != "iri":
                return end, token
            end = iri.end
        else:
            return end, token
    return end, None


def prologue_end(text: str) -> int:
    """Index just past the prologue (PREFIX and BASE declarations) of SPARQL text."""
    return _after_prologue(iter_tokens(text))[0]


def query_form(text: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``, ``UPDATE`` (any SPARQL Update operation), or
    ``None`` when the text starts with none of these after its prologue (PREFIX/BASE) and comments."""
    _, first = _after_prologue(iter_tokens(text))
    keyword = first.text.upper() if first is not None and first.kind == "name" else ""
    if keyword in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        return keyword
    if keyword in _UPDATE_KEYWORDS:
        return "UPDATE"
    return None
