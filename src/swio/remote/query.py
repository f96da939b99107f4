"""Run SELECT/ASK queries on any SPARQL 1.1 endpoint with SPARQLWrapper.

By default the query gets ``FROM`` clauses for the two graphs ``swio load``
writes (ontology and data), so it answers the same whether or not the store's
default graph is the union of its named graphs. ``graphs=[]`` leaves the
endpoint's default graph as it is.
"""

from __future__ import annotations

import re
import socket
import urllib.error

from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from ..errors import EndpointError, QueryError
from ..sparql_syntax import top_level_where
from ..namespaces import DATASET_IRI, ONTOLOGY_IRI
from ..queries.table import Cell, ResultTable, make_literal

DEFAULT_GRAPHS = (ONTOLOGY_IRI, DATASET_IRI)


def with_from(text: str, graphs) -> str:
    """Insert ``FROM <g>`` clauses before the top-level WHERE of a SELECT/ASK query."""
    if not graphs:
        return text

    brace = top_level_where(text)
    if brace is None:
        raise QueryError("cannot find the WHERE clause to add FROM clauses")
    head = text[:brace]
    m = re.search(r"\bWHERE\s*$", head, re.I)
    at = m.start() if m else brace
    clauses = "".join(f"FROM <{g}>\n" for g in graphs)
    return text[:at] + clauses + text[at:]


def select(endpoint: str, text: str, *, name: str = "query", graphs=DEFAULT_GRAPHS, user: str | None = None,
           password: str | None = None, timeout: float = 60.0) -> ResultTable:
    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(int(max(1, timeout)))
    if user is not None:
        client.setCredentials(user, password or "")
    client.setQuery(with_from(text, graphs))
    try:
        data = client.queryAndConvert()
    except urllib.error.HTTPError as err:
        raise EndpointError(f"{endpoint}: HTTP {err.code} {err.reason} for {name}") from None
    except (urllib.error.URLError, socket.timeout, ConnectionError, TimeoutError) as err:
        reason = getattr(err, "reason", err)
        raise EndpointError(f"{endpoint}: cannot reach the SPARQL endpoint ({reason})") from None
    except SPARQLWrapperException as err:
        raise EndpointError(f"{endpoint}: {_explain(err, name)}") from None
    if not isinstance(data, dict):
        raise EndpointError(f"{endpoint}: did not answer with SPARQL JSON results")
    if "boolean" in data:
        return ResultTable(["answer"], [[Cell("literal", bool(data["boolean"]), None)]])
    columns = data.get("head", {}).get("vars", [])
    rows = [[_cell(b.get(c)) for c in columns] for b in data.get("results", {}).get("bindings", [])]
    return ResultTable(columns, rows)


def _explain(err: SPARQLWrapperException, name: str) -> str:
    from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, EndPointNotFound, QueryBadFormed, Unauthorized

    detail = " ".join(str(err).split())
    if isinstance(err, Unauthorized):
        return "HTTP 401 Unauthorized: give --user and --password"
    if isinstance(err, EndPointNotFound):
        return "HTTP 404 Not Found: is this the SPARQL query endpoint?"
    if isinstance(err, QueryBadFormed):
        return f"HTTP 400: the endpoint rejected {name}: {detail[:200]}"
    if isinstance(err, EndPointInternalError):
        return f"HTTP 500: the endpoint failed on {name}: {detail[:200]}"
    return f"{name} failed: {detail[:200]}"


def _cell(binding) -> Cell | None:
    if binding is None:
        return None
    kind = binding.get("type")
    if kind == "uri":
        return Cell("iri", binding["value"])
    if kind == "bnode":
        return Cell("bnode", binding["value"])
    return make_literal(binding.get("value", ""), binding.get("datatype"), binding.get("xml:lang"))
