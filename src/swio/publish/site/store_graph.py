"""The published graph in a SPARQL store, as the site's producers query it: ``swio serve --endpoint``.

:class:`StoreGraph` offers the producers what a loaded :class:`~swio.input.dataset.Dataset` offers
them — ``query(sparql)`` (rows by variable name, terms as pyoxigraph terms), ``len()`` and the answer
tables of the canned questions — over the graphs ``swio load`` writes (or those chosen), through the
same client as ``swio query --endpoint`` (authentication, whole-request timeouts, Virtuoso's row cap
paged). :func:`open_store_publication` makes the :class:`~.publication.Publication` of such a graph,
with a :class:`~.store_index.StoreIndex`: no statement of the graph is kept in this process.
"""

from __future__ import annotations

import logging
import time

from ...errors import EndpointError, InputError
from ...namespaces import ONTOLOGY_IRI, SHAPES_IRI
from ...remote.http import HttpClient, check_url, redact
from ...remote.query import DEFAULT_GRAPHS, select_on
from ...remote.sparql import SparqlEndpoint, check_iri
from .store_index import StoreIndex, term

log = logging.getLogger("swio.serve")
DCT = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"


class Row(dict):
    """One solution: variable -> pyoxigraph term, ``None`` when unbound (as a pyoxigraph solution answers)."""

    def __missing__(self, key):
        return None


class StoreGraph:
    """SPARQL over the graphs of a store (FROM clauses; none with ``graphs=[]``: the default graph)."""

    def __init__(self, endpoint: SparqlEndpoint, graphs=DEFAULT_GRAPHS, *, timeout: float | None = None):
        self.endpoint = endpoint
        self.graphs = list(graphs)
        self.timeout = timeout
        self._size: int | None = None

    @property
    def url(self) -> str:
        return redact(self.endpoint.url)

    def close(self) -> None:
        self.endpoint.http.close()

    def query(self, sparql: str, *, name: str = "query") -> list[Row] | bool:
        answer = self.endpoint.select_all(sparql, graphs=self.graphs, timeout=self.timeout, name=name)
        if answer.boolean is not None:
            return answer.boolean
        return [Row({var: term(b) for var, b in binding.items()}) for binding in answer.rows]

    def answer(self, sparql: str, *, name: str = "query"):
        """The :class:`~swio.queries.table.ResultTable` of a SELECT or ASK (a canned question)."""
        return select_on(self.endpoint, sparql, name=name, graphs=self.graphs, timeout=self.timeout)

    def count(self) -> int:
        """Triples in the graphs (each graph counted on its own, as ``swio load`` counts what it sent)."""
        if self.graphs:
            values = " ".join(f"<{g}>" for g in self.graphs)
            text = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
            answer = self.endpoint.select_all(text, timeout=self.timeout, name="the query counting the triples")
        else:
            answer = self.endpoint.select_all(
                "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                timeout=self.timeout,
                name="the query counting the triples",
            )
        try:
            return int(answer.rows[0]["n"]["value"])
        except (IndexError, KeyError, ValueError):
            raise EndpointError(f"{self.url}: counting the triples did not answer with a number") from None

    def __len__(self) -> int:
        if self._size is None:
            self._size = self.count()
        return self._size

    def version(self) -> tuple[str, str]:
        """What identifies the published version: the ontology's ``owl:versionInfo`` and ``dcterms:modified``
        (one small query; :meth:`count` is added by the server when it checks for a new version)."""
        rows = self.query(
            f"SELECT ?v ?m WHERE {{ OPTIONAL {{ <{ONTOLOGY_IRI}> <{OWL}versionInfo> ?v }} "
            f"OPTIONAL {{ <{ONTOLOGY_IRI}> <{DCT}modified> ?m }} }}",
            name="the query reading the published version",
        )
        assert not isinstance(rows, bool)  # a SELECT
        versions = sorted({(r["v"].value if r["v"] else "", r["m"].value if r["m"] else "") for r in rows})
        return versions[0] if versions else ("", "")

    def holds_shapes(self) -> bool:
        return bool(self.query(f"ASK {{ <{SHAPES_IRI}> ?p ?o }}", name="the query looking for the shapes"))


def connect(
    url: str,
    *,
    graphs=None,
    default_graph: bool = False,
    user: str | None = None,
    password: str | None = None,
    auth: str = "auto",
    timeout: float = 60.0,
    retries: int = 1,
    connections: int = 64,
    max_rows: int | None = None,
    log=None,
) -> StoreGraph:
    """A :class:`StoreGraph` on the query endpoint ``url`` (checked; credentials in the URL used, never
    printed). ``graphs``: the graph IRIs to read (default: the ontology and data graphs ``swio load``
    writes); ``default_graph``: the endpoint's default graph as it is."""
    clean, url_user, url_password = check_url(url, "endpoint")
    if user is None and url_user is not None:
        user, password = url_user, url_password
    if default_graph and graphs:
        raise InputError("give either `graphs` or `default_graph`, not both")
    chosen = [] if default_graph else [check_iri(g, "graph") for g in graphs] if graphs else list(DEFAULT_GRAPHS)
    http = HttpClient(user, password, auth=auth, timeout=timeout, retries=retries, log=log, connections=connections)
    return StoreGraph(SparqlEndpoint(clean, http, max_rows=max_rows), chosen, timeout=timeout)


def open_store_publication(
    graph: StoreGraph,
    *,
    base_url: str,
    date: str | None = None,
    cache_size: int = 20_000,
    served: bool = False,
):
    """The :class:`~.publication.Publication` of a graph in a store: pages made from the store, the shapes
    read from the package (unless the store holds them). Refused with one line when the store does not
    hold a SWIO ontology header in the chosen graphs. ``served``: pages for ``swio serve`` (its SPARQL page
    and question forms), not for a static copy."""
    from ..release import jsonld_context
    from .publication import Publication, load_shapes
    from .triple_index import TripleIndex

    started = time.monotonic()
    version, _ = graph.version()
    if not version:
        where = ", ".join(f"<{g}>" for g in graph.graphs) or "the default graph"
        raise InputError(
            f"{graph.url}: no SWIO ontology header (<{ONTOLOGY_IRI}> owl:versionInfo) in {where}: "
            "load the graph with swio load, or choose its `graphs`"
        )
    shapes = None if graph.holds_shapes() else TripleIndex.build(load_shapes().triples())
    index = StoreIndex(graph.endpoint, graph.graphs, shapes=shapes, timeout=graph.timeout)
    try:
        publication = Publication(
            graph,
            context=jsonld_context(graph),  # type: ignore[arg-type]  # a StoreGraph answers query() as a Dataset does
            date=date,
            base_url=base_url,
            index=index,
            cache_entries=cache_size,
            question_cache=0,  # answers grow with the graph: their pages and CSV files are kept on disk instead
            served=served,
        )
    except BaseException:
        index.close()
        raise
    log.info("opened the publication of %s in %.2f s", graph.url, time.monotonic() - started)
    return publication
