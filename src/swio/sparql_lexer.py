"""The one lexer for SPARQL text: tokens with their offsets, in time linear in the length of the text.

:func:`iter_tokens` yields the tokens of a query lazily (a caller that needs only the
first few, such as the query form after the prologue, reads only those);
:func:`tokenize` is the strict list the SHACL engine parses. The token kinds are the
terminals of the SPARQL 1.1 grammar that a reader of query text needs: ``iri``
(``<...>``, with ``\\u`` escapes), ``string`` (all four quotings), ``var``, ``bnode``,
``pname`` (prefixed names, and ``ex:`` alone), ``number``, ``lang`` (``@en``), ``name``
(keywords, function names and ``a``), ``punct``, and ``comment`` on request.

In the default, tolerant mode nothing is refused: a character no token starts with is
an ``error`` token of its own, and a string that is not closed is an ``error`` token
running to the end of its line (an unclosed long string reads as ``""`` and then that), so any
text, valid or not, is read once from left to right. With ``strict=True`` the first
such place raises :class:`SparqlTextError` instead.

Why it is linear: every token is matched by one regular expression whose parts either
succeed once started or fail at a place no later attempt scans again -- an IRI scan
stops at the next ``<``, a long-string scan at its closing quotes, a short-string scan
at the end of its line -- except a run of name characters that is not followed by ``:``
(``a.b.c``, not a prefixed name): after the first such run is found, no prefixed name is
looked for again before its end. ``tests/test_sparql_lexer.py`` checks the scaling on
megabytes of such text and ``benchmarks/sparql_lexer.py`` prints it.

The lexer does not know the grammar: ``<`` is read as the start of an IRI wherever an IRI
could close, as a SPARQL parser reads it only where an IRI may stand. A check that must
hold against a hostile text (the server's refusal of ``SERVICE``) is therefore a first
line of defence, not the only one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f"
    "\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
# a prefix: a run of name characters and dots that does not end with a dot (possessive: no backtracking)
_PN_PREFIX = f"[{_PN_CHARS_BASE}][{_PN_CHARS}.]*+(?<!\\.)"
_PN_LOCAL = f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

_STRING = (
    r'"""(?:[^"\\]++|\\.|"(?!""))*+"""'
    r"|'''(?:[^'\\]++|\\.|'(?!''))*+'''"
    r'|"(?:[^"\\\n\r]++|\\.)*+"'
    r"|'(?:[^'\\\n\r]++|\\.)*+'"
)
_AFTER_PNAME = (
    r"|(?P<number>(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\].;,*=<>!+\-/^|?])"
    r"|(?P<quote>[\"'])"  # a string that does not close
)
_BEFORE_PNAME = (
    r"(?P<ws>\s+)"
    r"|(?P<comment>#[^\n\r]*)"
    rf"|(?P<iri><(?:[^<>\"{{}}|^`\\\x00-\x20]++|{_UCHAR})*+>)"
    rf"|(?P<string>{_STRING})"
    rf"|(?P<var>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*+)"
    rf"|(?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)"
)
_TOKEN = re.compile(_BEFORE_PNAME + rf"|(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)" + _AFTER_PNAME)
# the same without prefixed names, used inside a run of name characters already known not to be a prefix
_TOKEN_NO_PNAME = re.compile(_BEFORE_PNAME + _AFTER_PNAME)
_NAME_START = re.compile(f"[{_PN_CHARS_BASE}]")
_NAME_RUN = re.compile(f"[{_PN_CHARS}.]*+")
# how far a string that does not close runs: to the end of its line (a long one is read as "" and then this)
_OPEN_STRING = re.compile(r'"(?:[^"\\\n\r]++|\\.)*+\\?|\'(?:[^\'\\\n\r]++|\\.)*+\\?')


class SparqlTextError(ValueError):
    """The text cannot be read as SPARQL tokens (strict mode), or its braces do not match."""


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # iri, string, var, bnode, pname, number, lang, name, punct; comment, error
    text: str
    start: int
    end: int

    def is_name(self, *words: str) -> bool:
        return self.kind == "name" and self.text.upper() in words

    @property
    def var(self) -> str | None:
        return self.text[1:] if self.kind == "var" else None


def iter_tokens(text: str, *, comments: bool = False, strict: bool = False) -> Iterator[Token]:
    """The tokens of ``text`` from left to right (whitespace left out; comments too unless ``comments``)."""
    pos, n = 0, len(text)
    no_pname_before = 0  # inside a run of name characters that is not followed by ":"
    while pos < n:
        pattern = _TOKEN if pos >= no_pname_before else _TOKEN_NO_PNAME
        m = pattern.match(text, pos)
        kind = m.lastgroup if m else None
        end = m.end() if m else pos + 1
        if kind == "quote" or kind is None:
            if strict:
                raise SparqlTextError(f"cannot read the SPARQL text at {_snippet(text, pos)!r}")
            if kind == "quote":
                end = max(end, _end_of(_OPEN_STRING, text, pos))
            kind = "error"
        if kind in ("name", "error") and pos >= no_pname_before and _NAME_START.match(text, pos):
            no_pname_before = _end_of(_NAME_RUN, text, pos)
        if kind == "ws" or (kind == "comment" and not comments):
            pos = end
            continue
        yield Token(kind, text[pos:end], pos, end)
        pos = end


def _end_of(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where a pattern that always matches (it may match nothing) ends, from ``pos``."""
    m = pattern.match(text, pos)
    return m.end() if m else pos


def tokenize(text: str) -> list[Token]:
    """Every token of ``text`` (comments left out), or :class:`SparqlTextError` at the first place that is not SPARQL."""
    return list(iter_tokens(text, strict=True))


def _snippet(text: str, pos: int) -> str:
    part = text[pos : pos + 20]
    return part.splitlines()[0] if part.strip() else part


def unescape_iri(iri_text: str) -> str:
    """The IRI of an ``iri`` token's text (``<...>``) with its ``\\u``/``\\U`` escapes decoded."""
    inner = iri_text[1:-1]
    if "\\" not in inner:
        return inner
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", lambda m: chr(int(m[1] or m[2], 16)), inner)


__all__ = ["SparqlTextError", "Token", "iter_tokens", "tokenize", "unescape_iri"]
