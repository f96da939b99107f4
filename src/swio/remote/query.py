"""Run SELECT/ASK queries on any SPARQL 1.1 endpoint (``swio query --endpoint``).

By default the query gets ``FROM`` clauses for the two graphs ``swio load``
writes (ontology and data), so it answers the same whether or not the store's
default graph is the union of its named graphs. ``graphs=[]`` leaves the
endpoint's default graph as it is.

The query goes through :class:`~swio.remote.sparql.SparqlEndpoint` — the same HTTP
client as ``swio load`` (whole-request ``timeout``, challenge-driven authentication,
credentials never printed) — which only ever sends SELECT or ASK and never returns
a truncated answer as complete.
"""

from __future__ import annotations

from ..namespaces import DATASET_IRI, ONTOLOGY_IRI
from ..queries.table import Cell, ResultTable, converting_once, make_literal
from .http import HttpClient, check_url
from .sparql import SparqlEndpoint

DEFAULT_GRAPHS = (ONTOLOGY_IRI, DATASET_IRI)


def select(
    endpoint: str,
    text: str,
    *,
    name: str = "query",
    graphs=DEFAULT_GRAPHS,
    user: str | None = None,
    password: str | None = None,
    auth: str = "auto",
    timeout: float = 60.0,
    retries: int = 0,
    max_rows: int | None = None,
    log=None,
) -> ResultTable:
    url, url_user, url_password = check_url(endpoint, "endpoint")
    if user is None and url_user is not None:
        user, password = url_user, url_password
    http = HttpClient(user, password, auth=auth, timeout=timeout, retries=retries, log=log)
    try:
        return select_on(SparqlEndpoint(url, http, max_rows=max_rows), text, name=name, graphs=graphs)
    finally:
        http.close()


def select_on(
    endpoint: SparqlEndpoint, text: str, *, name: str = "query", graphs=DEFAULT_GRAPHS, timeout: float | None = None
) -> ResultTable:
    """The answer table of a SELECT or ASK on an open endpoint (every row: capped answers are paged)."""
    answer = endpoint.select_all(text, graphs=graphs, name=name, timeout=timeout)
    if answer.boolean is not None:
        return ResultTable(["answer"], [[Cell("literal", answer.boolean, None)]])
    cell = converting_once(_cell, lambda b: (b.get("type"), b.get("value"), b.get("datatype"), b.get("xml:lang")))
    rows = [[cell(b.get(c)) for c in answer.variables] for b in answer.rows]
    return ResultTable(answer.variables, rows)


def _cell(binding) -> Cell | None:
    if binding is None:
        return None
    kind = binding.get("type")
    if kind == "uri":
        return Cell("iri", binding["value"])
    if kind == "bnode":
        return Cell("bnode", binding["value"])
    return make_literal(binding.get("value", ""), binding.get("datatype"), binding.get("xml:lang"))
