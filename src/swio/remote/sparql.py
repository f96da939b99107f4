"""A SPARQL 1.1 protocol client on :class:`~swio.remote.http.HttpClient`: all rows or a loud failure.

:meth:`SparqlEndpoint.select_all` is the foundation for anything that reads a store
(``swio query --endpoint``, the loader's counts, in-store validation): it only ever
sends SELECT or ASK, adds ``FROM`` clauses for chosen graphs, bounds each query by a
deadline, and never returns a truncated answer as complete:

* Virtuoso caps every answer at ``ResultSetMaxRows`` rows without an error and says so
  only in an ``X-SPARQL-MaxRows`` header; when an answer reaches the cap (from that header,
  or ``max_rows`` given for stores that do not say), the query is fetched again in pages
  (the original query as a sorted subquery, ``LIMIT``/``OFFSET`` outside, which Virtuoso
  accepts past its sort limit) and the rows are checked against a ``COUNT`` of the same
  query; any page that is itself capped, or a total that differs, fails;
* an "anytime" partial answer (Virtuoso's ``X-SQL-State: S1TAT`` when a query runs out of
  time) fails instead of being returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import EndpointError, InputError, QueryError
from ..sparql_syntax import prologue_end, query_form, top_level_where
from .http import HttpClient, redact

SPARQL_JSON = "application/sparql-results+json"

# IRIREF of SPARQL 1.1 / Turtle: no spaces, no <>"{}|^`\ and no control characters; plus a scheme.
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]*")


def check_iri(iri: str, what: str = "IRI") -> str:
    """The IRI itself if it is an absolute IRI that is safe to write as ``<iri>`` in SPARQL; else a
    clear :class:`InputError` (so ``urn:x> ; DROP GRAPH <urn:victim`` never reaches a store)."""
    if not isinstance(iri, str) or not _IRI.fullmatch(iri):
        raise InputError(
            f'{what} {iri!r} is not an absolute IRI (a scheme, then no spaces, <, >, ", {{, }}, |, ^, `, '
            "\\ or control characters)"
        )
    return iri


def iri_ref(iri: str, what: str = "IRI") -> str:
    """``<iri>`` for SPARQL text, after :func:`check_iri`."""
    return f"<{check_iri(iri, what)}>"


def with_from(text: str, graphs) -> str:
    """Insert ``FROM <g>`` clauses before the top-level WHERE of a SELECT/ASK query."""
    if not graphs:
        return text
    clauses = "".join(f"FROM {iri_ref(g, 'graph')}\n" for g in graphs)
    brace = top_level_where(text)
    if brace is None:
        raise QueryError("cannot find the WHERE clause to add FROM clauses")
    m = re.search(r"\bWHERE\s*$", text[:brace], re.I)
    at = m.start() if m else brace
    return text[:at] + clauses + text[at:]


def require_select_or_ask(text: str, name: str = "query") -> str:
    form = query_form(text)
    if form in ("SELECT", "ASK"):
        return form
    if form == "UPDATE":
        raise QueryError(
            f"{name} is a SPARQL Update, not a query: swio only sends SELECT and ASK queries to an "
            "endpoint (use swio load to change a store)"
        )
    if form in ("CONSTRUCT", "DESCRIBE"):
        raise QueryError(f"{name} is a {form} query: only SELECT and ASK queries are supported")
    raise QueryError(f"{name} is not a SPARQL SELECT or ASK query")


@dataclass
class Answer:
    """A SELECT answer (``variables`` and SPARQL JSON ``rows``) or an ASK answer (``boolean``)."""

    variables: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    boolean: bool | None = None
    pages: int = 1


class SparqlEndpoint:
    def __init__(self, url: str, http: HttpClient, *, max_rows: int | None = None):
        self.url = url
        self.http = http
        self.max_rows = max_rows  # a row cap the store applies without saying so

    def _post(self, text: str, what: str, timeout: float | None):
        response = self.http.request(
            "POST",
            self.url,
            what=what,
            ok=(200,),
            timeout=timeout,
            data={"query": text},
            headers={"Accept": f"{SPARQL_JSON}, application/json;q=0.9"},
        )
        state = response.headers.get("X-SQL-State", "")
        if state:
            message = response.headers.get("X-SQL-Message", "")
            raise EndpointError(
                f"{redact(self.url)}: the store returned a partial answer (to {what}) "
                f"({state}{': ' + message if message else ''}); it was not used"
            )
        try:
            data = response.json()
        except ValueError:
            raise EndpointError(f"{redact(self.url)}: the answer (to {what}) is not SPARQL JSON results") from None
        if not isinstance(data, dict):
            raise EndpointError(f"{redact(self.url)}: the answer (to {what}) is not SPARQL JSON results")
        cap = response.headers.get("X-SPARQL-MaxRows")
        cap = int(cap) if cap and cap.strip().isdigit() else None
        return data, cap

    def select_all(self, text: str, *, graphs=None, timeout: float | None = None, name: str = "query") -> Answer:
        """Every row of a SELECT (or the boolean of an ASK) over ``graphs`` (FROM), or an EndpointError."""
        form = require_select_or_ask(text, name)
        data, cap = self._post(with_from(text, graphs), f"run {name}", timeout)
        if form == "ASK" or "boolean" in data:
            if not isinstance(data.get("boolean"), bool):
                raise EndpointError(f"{redact(self.url)}: the answer to {name} has no boolean")
            return Answer(boolean=data["boolean"])
        try:
            variables = list(data["head"]["vars"])
            rows = list(data["results"]["bindings"])
        except (KeyError, TypeError):
            raise EndpointError(f"{redact(self.url)}: the answer to {name} is not SPARQL JSON results") from None
        limit = cap or self.max_rows
        if not limit or len(rows) < limit:
            return Answer(variables, rows)
        return self._paged(text, graphs, variables, limit, timeout, name)

    def _paged(self, text: str, graphs, variables: list[str], page: int, timeout, name: str) -> Answer:
        start = prologue_end(text)
        prologue, body = text[:start], text[start:]
        if re.search(r"\bFROM\b", body[: top_level_where(body) or 0], re.I):
            raise EndpointError(
                f"{redact(self.url)}: the answer to {name} reached the store's cap of {page} rows, "
                "and a query with its own FROM clauses cannot be fetched in pages"
            )
        dataset = "".join(f"FROM {iri_ref(g, 'graph')}\n" for g in graphs or ())
        total = self._count(prologue, dataset, body, timeout, name)
        projection = " ".join(f"?{v}" for v in variables)
        rows: list[dict] = []
        pages = 0
        while len(rows) < total:
            query = (
                f"{prologue}SELECT {projection}\n{dataset}WHERE {{ {{ SELECT {projection} WHERE {{ {{\n{body}\n}} }} "
                f"ORDER BY {projection} }} }}\nLIMIT {page} OFFSET {len(rows)}"
            )
            data, cap = self._post(query, f"run {name} (page {pages + 1})", timeout)
            got = data.get("results", {}).get("bindings", [])
            pages += 1
            if cap is not None and cap < page:
                raise EndpointError(
                    f"{redact(self.url)}: the store caps answers at {cap} rows, fewer than the page size {page}"
                )
            if not got:
                break
            rows.extend(got)
        if len(rows) != total:
            raise EndpointError(
                f"{redact(self.url)}: {name} has {total} rows but {len(rows)} could be fetched "
                f"in pages of {page}: the answer would be incomplete"
            )
        return Answer(variables, rows, pages=pages)

    def _count(self, prologue: str, dataset: str, body: str, timeout, name: str) -> int:
        query = f"{prologue}SELECT (COUNT(*) AS ?swio_rows)\n{dataset}WHERE {{ {{\n{body}\n}} }}"
        data, _ = self._post(query, f"count the rows of {name}", timeout)
        return _int_value(data, "swio_rows", self.url)

    def count_triples(self, graph: str, *, timeout: float | None = None) -> int:
        """Triples in a named graph (0 when it does not exist)."""
        data, _ = self._post(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {iri_ref(graph, 'graph')} {{ ?s ?p ?o }} }}",
            f"count the triples of <{graph}>",
            timeout,
        )
        return _int_value(data, "n", self.url)

    def ask(self, text: str, *, timeout: float | None = None, name: str = "query") -> bool:
        answer = self.select_all(text, timeout=timeout, name=name)
        if answer.boolean is None:
            raise QueryError(f"{name} is not an ASK query")
        return answer.boolean


def _int_value(data: dict, var: str, url: str) -> int:
    try:
        bindings = data["results"]["bindings"]
        return int(bindings[0][var]["value"]) if bindings else 0
    except (KeyError, IndexError, TypeError, ValueError):
        raise EndpointError(f"{redact(url)}: a count query did not answer with a number") from None
