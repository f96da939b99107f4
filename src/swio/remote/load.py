"""Load the graph into a real triplestore over HTTP (``swio load``).

Two protocols:

* SPARQL 1.1 Graph Store HTTP Protocol (``--store URL``): batches of N-Triples,
  ``PUT`` for the first and ``POST`` for the rest;
* SPARQL 1.1 Update (``--update URL``): batches of ``INSERT DATA``.

The ontology and the data each go into their own named graph. Every graph is
first written to a staging graph, its triples are counted through the query
endpoint and compared with what was sent, and only then are all staging graphs
moved onto their targets in one update request (``MOVE GRAPH``), so a failed or
interrupted load leaves the published graphs as they were. A reload therefore
replaces rather than duplicates.

``bulk=True`` (Oxigraph only) uses Oxigraph's non-transactional bulk loader
(``POST /store?no_transaction&lenient``) straight into the target graph: several
times faster for millions of triples, but not atomic — on failure the partly
loaded graph is dropped.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

import requests

from ..errors import EndpointError, InputError
from ..namespaces import DATASET_IRI, ONTOLOGY_IRI

DEFAULT_GRAPHS = {"ontology": ONTOLOGY_IRI, "data": DATASET_IRI}
NT = "application/n-triples"


@dataclass
class Endpoints:
    query: str
    store: str | None = None  # Graph Store Protocol endpoint
    update: str | None = None  # SPARQL Update endpoint
    graph_param: str = "graph"  # Virtuoso's crud endpoints also accept graph-uri


def derive_endpoints(store: str | None = None, update: str | None = None, query: str | None = None) -> Endpoints:
    """Fill in the endpoints a store usually has next to the one given (Oxigraph, Virtuoso, Fuseki, GraphDB)."""
    if not store and not update:
        raise InputError("give --store URL (Graph Store Protocol) or --update URL (SPARQL Update)")
    guessed_query = guessed_update = None
    for url in filter(None, (store, update)):
        q, u = _siblings(url)
        guessed_query = guessed_query or q
        guessed_update = guessed_update or u
    query = query or guessed_query
    if not query:
        raise InputError(f"cannot tell the query endpoint of {store or update}; give --query URL")
    param = "graph-uri" if store and "sparql-graph-crud" in store else "graph"
    return Endpoints(query=query, store=store, update=update or (guessed_update if store else None), graph_param=param)


def _siblings(url: str) -> tuple[str | None, str | None]:
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


@dataclass
class GraphLoad:
    name: str  # "ontology" | "data"
    graph: str
    ntriples: bytes
    triples: int
    counted: int | None = None


@dataclass
class LoadReport:
    graphs: list[GraphLoad]
    method: str
    seconds: float
    requests: int
    log: list[str] = field(default_factory=list)


class _Http:
    """requests with auth, timeouts, bounded retries with backoff, and one-line errors."""

    def __init__(self, user=None, password=None, auth="auto", timeout=60.0, retries=3, backoff=0.5,
                 log: Callable[[str], None] | None = None):
        self.session = requests.Session()
        self.user, self.password, self.auth_kind = user, password, auth
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.requests = 0
        self.log = log or (lambda _msg: None)
        if user is not None:
            self.session.auth = self._auth(auth if auth != "auto" else "basic")

    def _auth(self, kind: str):
        from requests.auth import HTTPBasicAuth, HTTPDigestAuth

        return HTTPDigestAuth(self.user, self.password or "") if kind == "digest" else HTTPBasicAuth(
            self.user, self.password or "")

    def request(self, method: str, url: str, *, what: str, ok=(200, 201, 204), retry: bool = True,
                **kwargs) -> requests.Response:
        """``retry=False`` for requests that must not be repeated blindly (MOVE): a timeout may
        have hidden a success, so the caller checks the outcome instead."""
        kwargs.setdefault("timeout", self.timeout)
        retries = self.retries if retry else 0
        attempt = 0
        while True:
            attempt += 1
            self.requests += 1
            try:
                response = self.session.request(method, url, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as err:
                reason = "timed out" if isinstance(err, requests.Timeout) else _connection_reason(err)
                if attempt > retries:
                    raise EndpointError(f"{url}: cannot {what}: {reason} (after {attempt} attempt{'s' if attempt != 1 else ''})") from None
                self._wait(attempt, f"{what}: {reason}")
                continue
            if (response.status_code == 401 and self.user is not None and self.auth_kind == "auto"
                    and not isinstance(self.session.auth, _digest_type())):
                # Basic was refused (some stores, like Virtuoso, then send no challenge at all): try Digest once.
                self.log("the store refused basic authentication; trying digest")
                self.session.auth = self._auth("digest")
                attempt -= 1
                continue
            if response.status_code in ok:
                return response
            if response.status_code >= 500 and attempt <= retries:
                self._wait(attempt, f"{what}: HTTP {response.status_code}")
                continue
            raise EndpointError(_http_error(url, what, response, attempt))

    def _wait(self, attempt: int, reason: str) -> None:
        delay = self.backoff * (2 ** (attempt - 1))
        self.log(f"retrying in {delay:.1f} s ({reason})")
        time.sleep(delay)


def _digest_type():
    from requests.auth import HTTPDigestAuth

    return HTTPDigestAuth


def _connection_reason(err: Exception) -> str:
    text = str(err)
    for key, label in (("Connection refused", "connection refused"), ("Name or service not known", "unknown host"),
                       ("RemoteDisconnected", "the server closed the connection"),
                       ("Connection reset", "connection reset"), ("Connection aborted", "connection aborted")):
        if key in text:
            return label
    return "connection failed"


def _http_error(url: str, what: str, response: requests.Response, attempts: int) -> str:
    code = response.status_code
    body = re.sub(r"<[^>]+>", " ", response.text or "")
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")[:200]
    if code == 401:
        scheme = response.headers.get("WWW-Authenticate", "").split(" ", 1)[0] or "HTTP"
        return f"{url}: 401 Unauthorized: give --user and --password (the store asks for {scheme} authentication)"
    if code == 403:
        return f"{url}: 403 Forbidden: this user may not {what}"
    if code == 404:
        return f"{url}: 404 Not Found: is this the store's endpoint for {what}?"
    if code >= 500:
        return f"{url}: server error HTTP {code} while trying to {what} (after {attempts} attempt{'s' if attempts != 1 else ''}){': ' + first if first else ''}"
    return f"{url}: the store refused to {what} (HTTP {code}){': ' + first if first else ''}"


def staging_graph(graph: str) -> str:
    return "urn:swio:staging:" + hashlib.sha256(graph.encode("utf-8")).hexdigest()[:16]


def _slices(ntriples: bytes, parts: int) -> list[bytes]:
    """Cut N-Triples into ``parts`` pieces at line ends."""
    if parts <= 1 or len(ntriples) < 1_000_000:
        return [ntriples]
    out, start = [], 0
    for i in range(1, parts):
        cut = ntriples.find(b"\n", len(ntriples) * i // parts)
        if cut == -1:
            break
        out.append(ntriples[start:cut + 1])
        start = cut + 1
    out.append(ntriples[start:])
    return [piece for piece in out if piece]


def _batches(ntriples: bytes, size: int) -> Iterable[bytes]:
    lines = ntriples.splitlines(keepends=True)
    for start in range(0, len(lines), size):
        yield b"".join(lines[start:start + size])


class Loader:
    def __init__(self, endpoints: Endpoints, http: _Http, *, batch_size: int = 100_000, update_batch_size: int = 5_000,
                 parallel: int = 2, log: Callable[[str], None] | None = None):
        self.ep = endpoints
        self.http = http
        self.parallel = max(1, parallel)
        self.batch_size = batch_size
        self.update_batch_size = update_batch_size
        self.log = log or (lambda _m: None)

    # -- queries and updates --------------------------------------------------------------
    def count(self, graph: str) -> int:
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        response = self.http.request("POST", self.ep.query, what="count triples", data={"query": query},
                                     headers={"Accept": "application/sparql-results+json"}, ok=(200,))
        try:
            bindings = response.json()["results"]["bindings"]
            return int(bindings[0]["n"]["value"]) if bindings else 0
        except (ValueError, KeyError, IndexError):
            raise EndpointError(f"{self.ep.query}: the count query did not answer with SPARQL JSON results") from None

    def update(self, text: str, what: str, retry: bool = True) -> None:
        if not self.ep.update:
            raise EndpointError("this store has no SPARQL Update endpoint configured (give --update URL)")
        self.http.request("POST", self.ep.update, what=what, data=text.encode("utf-8"), retry=retry,
                          headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    def _store_url(self, graph: str, extra: str = "") -> str:
        from urllib.parse import quote

        sep = "&" if "?" in self.ep.store else "?"
        return f"{self.ep.store}{sep}{self.ep.graph_param}={quote(graph, safe='')}{extra}"

    # -- writing ----------------------------------------------------------------------------
    def write_gsp(self, graph: str, ntriples: bytes) -> None:
        for i, batch in enumerate(_batches(ntriples, self.batch_size)):
            method = "PUT" if i == 0 else "POST"
            self.http.request(method, self._store_url(graph), what=f"write graph {graph}", data=batch,
                              headers={"Content-Type": NT})

    def write_update(self, graph: str, ntriples: bytes) -> None:
        self.update(f"DROP SILENT GRAPH <{graph}>", f"clear graph {graph}")
        for batch in _batches(ntriples, self.update_batch_size):
            text = f"INSERT DATA {{ GRAPH <{graph}> {{\n{batch.decode('utf-8')}}} }}"
            self.update(text, f"insert into graph {graph}")

    def load(self, loads: list[GraphLoad], bulk: bool = False) -> str:
        if bulk:
            return self._bulk(loads)
        use_gsp = self.ep.store is not None
        if use_gsp and not self.ep.update:
            return self._gsp_without_update(loads)
        staged = [(g, staging_graph(g.graph)) for g in loads]
        try:
            for g, stage in staged:
                self.log(f"writing {g.triples} triples of the {g.name} graph to staging graph <{stage}>")
                if use_gsp:
                    self.update(f"DROP SILENT GRAPH <{stage}>", "clear a staging graph")
                    self.write_gsp(stage, g.ntriples)
                else:
                    self.write_update(stage, g.ntriples)
                counted = self.count(stage)
                if counted != g.triples:
                    raise EndpointError(f"{self.ep.query}: the staging graph for <{g.graph}> holds {counted} triples "
                                        f"but {g.triples} were sent; nothing was published")
            moves = " ;\n".join(f"MOVE GRAPH <{stage}> TO <{g.graph}>" for g, stage in staged)
            try:
                self.update(moves, "publish the staged graphs", retry=False)
            except EndpointError:
                # MOVE is not repeatable: if the store finished it anyway, that is a success
                if not all(self.count(g.graph) == g.triples and self.count(stage) == 0 for g, stage in staged):
                    raise
                self.log("the store finished publishing after the request timed out")
        except BaseException:
            self._drop_quietly(stage for _, stage in staged)
            raise
        for g in loads:
            g.counted = self.count(g.graph)
            if g.counted != g.triples:
                raise EndpointError(f"{self.ep.query}: graph <{g.graph}> holds {g.counted} triples after loading, "
                                    f"but {g.triples} were sent")
        return "graph store protocol, staged" if use_gsp else "sparql update, staged"

    def _gsp_without_update(self, loads: list[GraphLoad]) -> str:
        """A Graph Store without an update endpoint: one PUT per graph (atomic at the server)."""
        for g in loads:
            self.http.request("PUT", self._store_url(g.graph), what=f"write graph {g.graph}", data=g.ntriples,
                              headers={"Content-Type": NT})
            g.counted = self.count(g.graph)
            if g.counted != g.triples:
                raise EndpointError(f"{self.ep.query}: graph <{g.graph}> holds {g.counted} triples after loading, "
                                    f"but {g.triples} were sent")
        return "graph store protocol, one PUT per graph"

    def _bulk(self, loads: list[GraphLoad]) -> str:
        """Oxigraph's bulk loader, fed ``parallel`` slices of each graph at once (each request
        is loaded by one server thread)."""
        from concurrent.futures import ThreadPoolExecutor

        if not self.ep.store:
            raise InputError("--bulk needs --store (Oxigraph's /store endpoint)")
        url_suffix = "&no_transaction&lenient"
        for g in loads:
            try:
                self.update(f"DROP SILENT GRAPH <{g.graph}>", f"clear graph {g.graph}")
                slices = _slices(g.ntriples, self.parallel)
                with ThreadPoolExecutor(max_workers=len(slices)) as pool:
                    list(pool.map(lambda body: self.http.request(
                        "POST", self._store_url(g.graph, url_suffix), what=f"bulk-load graph {g.graph}",
                        data=body, headers={"Content-Type": NT}, retry=False), slices))
                g.counted = self.count(g.graph)
            except BaseException:
                self._drop_quietly([g.graph])
                raise
            if g.counted != g.triples:
                self._drop_quietly([g.graph])
                raise EndpointError(f"{self.ep.query}: graph <{g.graph}> holds {g.counted} triples after bulk loading, "
                                    f"but {g.triples} were sent; the graph was dropped")
        return "oxigraph bulk loader (not atomic)"

    def _drop_quietly(self, graphs) -> None:
        for graph in graphs:
            try:
                saved = self.http.retries
                self.http.retries = 0
                self.update(f"DROP SILENT GRAPH <{graph}>", "clean up")
            except Exception:  # the store may be gone: nothing more to do
                pass
            finally:
                self.http.retries = saved


def graph_payloads(dataset, graphs: dict[str, str] | None = None) -> list[GraphLoad]:
    """The ontology (ontology + vocabularies) and data graphs as N-Triples, without duplicates."""
    import pyoxigraph as ox

    names = dict(DEFAULT_GRAPHS)
    names.update(graphs or {})
    out = []
    for name, files in (("ontology", [f for f in dataset.files if f.schema]),
                        ("data", [f for f in dataset.files if not f.schema])):
        if not files:
            continue
        dumps = [dataset.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(f.graph)) for f in files]
        if len(dumps) == 1:  # one graph: Oxigraph's dump already holds each triple once
            body, count = dumps[0], files[0].triples
        else:  # a triple may be stated in several files
            lines = set()
            for dump in dumps:
                lines.update(dump.splitlines())
            lines.discard(b"")
            body, count = b"\n".join(lines) + b"\n", len(lines)
        out.append(GraphLoad(name=name, graph=names[name], ntriples=body, triples=count))
    return out


def load(dataset, *, store: str | None = None, update: str | None = None, query: str | None = None,
         graphs: dict[str, str] | None = None, user: str | None = None, password: str | None = None,
         auth: str = "auto", timeout: float = 60.0, retries: int = 3, batch_size: int = 100_000,
         update_batch_size: int = 5_000, bulk: bool = False, parallel: int = 2, backoff: float = 0.5,
         log: Callable[[str], None] | None = None) -> LoadReport:
    start = time.perf_counter()
    endpoints = derive_endpoints(store, update, query)
    messages: list[str] = []

    def note(message: str) -> None:
        messages.append(message)
        if log:
            log(message)

    http = _Http(user, password, auth, timeout, retries, backoff, log=note)
    loader = Loader(endpoints, http, batch_size=batch_size, update_batch_size=update_batch_size, parallel=parallel,
                    log=note)
    loads = graph_payloads(dataset, graphs)
    method = loader.load(loads, bulk=bulk)
    return LoadReport(graphs=loads, method=method, seconds=time.perf_counter() - start, requests=http.requests,
                      log=messages)
