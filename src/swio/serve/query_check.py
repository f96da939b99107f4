"""What ``/sparql`` checks in a query text before any worker sees it, in time linear in the text.

One pass of :mod:`swio.sparql_lexer` over the text finds:

* its form: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``; an update is refused (403),
  anything else is not a query (400);
* a federated query: any keyword or prefixed name that begins with ``SERVICE`` is refused
  (403) -- Oxigraph's parser reads ``SERVICE<x>``, ``SERVICEex:x`` and, where the empty prefix
  is declared, ``service:x { }`` as a SERVICE clause, which would make the worker send a
  request to any address it can reach. This server sends no request on a client's behalf;
  since a lexer is not the parser (``<`` may be a less-than where the lexer sees an IRI),
  the workers also cannot open network connections at all (:mod:`.sandbox`);
* nesting: at most ``max_nesting`` brackets, braces and parentheses open at once, and at
  most ``max_operators`` operators and pattern keywords (``+``, ``||``, ``UNION``,
  ``OPTIONAL``, ``FILTER`` ...): Oxigraph parses and evaluates such chains by recursion,
  and tens of thousands of them overflow a worker's stack. Brackets and operator
  characters inside what the lexer reads as an IRI count too, in case the ``<`` was a
  less-than.
"""

from __future__ import annotations

from ..sparql_lexer import iter_tokens
from ..sparql_syntax import query_form

_OPEN, _CLOSE = "({[", ")}]"
_OPERATORS = {"||", "&&", "=", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "|", "^", "!"}
_PATTERN_KEYWORDS = {"UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "EXISTS", "GRAPH", "LATERAL"}
_IRI_OPERATOR_CHARS = set("+-*/&=!")
SERVICE_REFUSED = (
    "federated queries (SERVICE) are refused: this server sends no requests to other servers on a client's behalf"
)


class QueryRefused(Exception):
    """The query text is refused before it reaches a worker: ``status`` (400 or 403) and a one-line reason."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def check_query(text: str, *, max_nesting: int = 128, max_operators: int = 4096) -> str:
    """The query's form (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``), or :class:`QueryRefused`."""
    form = query_form(text)
    if form == "UPDATE":
        raise QueryRefused(403, "this endpoint is read-only: SPARQL Update is not accepted")
    if form is None:
        raise QueryRefused(400, "not a SPARQL query (expected SELECT, ASK, CONSTRUCT or DESCRIBE)")
    depth = operators = 0
    for token in iter_tokens(text):
        kind = token.kind
        if kind == "punct" or kind == "iri":
            # a bracket or an operator; in what the lexer reads as an IRI, each of its characters (see above)
            marks, counted = ((token.text,), _OPERATORS) if kind == "punct" else (token.text, _IRI_OPERATOR_CHARS)
            for mark in marks:
                if mark in _OPEN:
                    depth += 1
                    if depth > max_nesting:
                        raise _too_deep(max_nesting)
                elif mark in _CLOSE:
                    depth = max(depth - 1, 0)
                elif mark in counted:
                    operators += 1
        elif kind == "name" or kind == "pname":
            word = token.text.upper()
            if word.startswith("SERVICE"):
                raise QueryRefused(403, SERVICE_REFUSED)
            if word in _PATTERN_KEYWORDS:
                operators += 1
        if operators > max_operators:
            raise QueryRefused(
                400,
                f"the query has more than {max_operators} operators and pattern keywords; split it into smaller ones",
            )
    return form


def _too_deep(limit: int) -> QueryRefused:
    return QueryRefused(400, f"the query nests brackets, braces or parentheses more than {limit} deep")
