"""The three endpoints of a store (query, SPARQL Update, Graph Store Protocol), checked and completed.

Given one of them, the others are derived when the store follows the usual layout
(Oxigraph, Virtuoso, Fuseki, GraphDB/RDF4J). Every URL is checked (http/https with a
host) and any credentials written into it are taken out (and never printed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from ..errors import InputError
from .http import check_url


@dataclass
class Endpoints:
    query: str
    store: str | None = None  # Graph Store Protocol endpoint
    update: str | None = None  # SPARQL Update endpoint
    graph_param: str = "graph"  # Virtuoso's crud endpoints also accept graph-uri
    user: str | None = None  # credentials that were written into a URL
    password: str | None = None


def derive_endpoints(store: str | None = None, update: str | None = None, query: str | None = None) -> Endpoints:
    """Check the URLs given and fill in the endpoints a store usually has next to them."""
    if not store and not update:
        raise InputError("give `store` (a Graph Store Protocol URL) or `update` (a SPARQL Update URL)")
    user = password = None
    checked = {}
    for parameter, url in (("store", store), ("update", update), ("query", query)):
        if url is not None:
            clean, u, p = check_url(url, parameter)
            checked[parameter] = clean
            if u is not None and user is None:
                user, password = u, p
    store, update, query = checked.get("store"), checked.get("update"), checked.get("query")
    guessed_query = guessed_update = None
    for url in filter(None, (store, update)):
        q, u = siblings(url)
        guessed_query = guessed_query or q
        guessed_update = guessed_update or u
    query = query or guessed_query
    if not query:
        raise InputError(f"cannot tell the query endpoint of {store or update}; give `query` (its URL)")
    param = "graph-uri" if store and "sparql-graph-crud" in store else "graph"
    return Endpoints(
        query=query,
        store=store,
        update=update or (guessed_update if store else None),
        graph_param=param,
        user=user,
        password=password,
    )


def siblings(url: str) -> tuple[str | None, str | None]:
    """The (query, update) endpoints next to ``url`` for the usual store layouts, or ``(None, None)``."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")

    def at(new_path: str) -> str:
        return urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

    if path.endswith("/store") or path.endswith("/update") or path.endswith("/query"):  # Oxigraph
        base = path.rsplit("/", 1)[0]
        return at(base + "/query"), at(base + "/update")
    if re.search(r"/sparql-graph-crud(-auth)?$", path) or re.search(r"/sparql(-auth)?$", path):  # Virtuoso
        base = path.rsplit("/", 1)[0]
        return at(base + "/sparql"), at(base + "/sparql-auth")
    m = re.search(r"^(.*/repositories/[^/]+)(/statements|/rdf-graphs/service)?$", path)  # GraphDB / RDF4J
    if m:
        return at(m.group(1)), at(m.group(1) + "/statements")
    m = re.search(r"^(/[^/]+)/(data|update|sparql|query|get)$", path)  # Fuseki
    if m:
        return at(m.group(1) + "/query"), at(m.group(1) + "/update")
    return None, None
