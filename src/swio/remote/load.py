"""Load the graph into a real triplestore over HTTP (``swio load``).

The ontology and the data each go into their own named graph. What a run sends is
validated first (embedded SHACL engine; a graph with violations is not sent), cut into
batches that never split a blank node (:mod:`.payload`), and published so that readers
see the old version or the new one, never a mix, and a failed or killed run leaves the
published graphs as they were. How depends on the store (``method`` in the report):

``atomic: all graphs replaced in one transaction`` (Oxigraph)
    One update request replaces every target with the payload
    (``DROP SILENT GRAPH <t> ; INSERT DATA { GRAPH <t> {…} }`` for each graph): one
    transaction, so nothing is half-published, readers of a union default graph never see
    a mix, a killed run leaves nothing behind, and the request is idempotent (a dropped
    connection is simply retried). The counts are checked afterwards. No staging graph:
    Oxigraph's ``MOVE`` copies a graph triple by triple and dropping a staging graph costs
    as much as deleting the triples (measured in ``benchmarks/load.py``), while the store
    parses the payload with the same parser swio used to count it. The triples are written
    as compact Turtle-style SPARQL: Oxigraph refuses update bodies over 128 MiB. A payload
    over that is published with one PUT per graph (atomic per graph, not across graphs).

``staged …, published with MOVE`` (Virtuoso, Fuseki, GraphDB, any other store)
    Every graph goes to a staging graph private to this run (:mod:`.staging`), is counted
    through the query endpoint and compared with what was sent, and only then are all
    staging graphs moved onto their targets in ONE update request. On Virtuoso it starts
    with ``DEFINE sql:log-enable 1`` (transactional and in the transaction log, so a kill
    -9 right after the run cannot lose it). A MOVE is not idempotent: when its answer is
    lost, the outcome is checked (are the run's staging graphs gone?) and it is sent again
    only if it did not happen. Staging graphs are dropped on every failure path (a refused
    batch, a count mismatch, Ctrl-C, SIGTERM); those a killed run leaves behind are dropped
    by the next run once older than ``stale_after`` hours, or at once by :func:`cleanup`.

``graph store protocol, one PUT per graph``
    A Graph Store without an update endpoint: each graph is replaced by one PUT.

``oxigraph bulk loader (not atomic)``
    Oxigraph's non-transactional bulk loader straight into the targets: fastest, not
    atomic (on failure the partly loaded graph is dropped).

Publishing is serialised between runs by a lock in the store (:meth:`Loader.acquire_publish_lock`):
stores isolate transactions by snapshot, so two publish requests at once would mix.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import EndpointError, InputError, ValidationFailed
from ..input.dataset import ntriples_document
from . import staging
from .endpoints import Endpoints, derive_endpoints
from .http import HttpClient, TransientError, redact
from .payload import NT, GraphPayload, flatten, graph_payloads, pack_groups, sparql_triples
from .sparql import SparqlEndpoint, check_iri, iri_ref

if TYPE_CHECKING:
    from ..input.dataset import Dataset

UNION_MODES = ("auto", "yes", "no")
VIRTUOSO_DURABLE = "DEFINE sql:log-enable 1\n"  # transactional and logged, whatever the connection's mode
OXIGRAPH_UPDATE_LIMIT = 128 * 2**20  # Oxigraph refuses SPARQL bodies above 128 MiB
LOCK_GRAPH = "urn:swio:lock"  # who is about to publish into this store
LOCK_RUN = "urn:swio:run:"
LOCK_SINCE = "urn:swio:since"


def _age(row: dict) -> float:
    """Seconds between a lock entry's ``since`` and the store's ``now`` (both xsd:dateTime, the store's clock);
    0 when they cannot be read."""
    from datetime import datetime

    try:
        since, now = (datetime.fromisoformat(row[k]["value"].replace("Z", "+00:00")) for k in ("since", "now"))
        if (since.tzinfo is None) != (now.tzinfo is None):
            since, now = since.replace(tzinfo=None), now.replace(tzinfo=None)
        return (now - since).total_seconds()
    except (KeyError, ValueError, TypeError):
        return 0.0


@dataclass
class LoadReport:
    graphs: list[GraphPayload]
    method: str
    seconds: float
    requests: int
    union: bool | None = None
    validation: str = ""  # the validation summary, or "skipped (`validate=False`)"
    store: str = ""  # the store's Server header
    cleaned: list[str] = field(default_factory=list)  # stale staging graphs dropped
    log: list[str] = field(default_factory=list)


class Loader:
    def __init__(
        self,
        endpoints: Endpoints,
        http: HttpClient,
        *,
        batch_size: int = 100_000,
        update_batch_size: int = 5_000,
        parallel: int = 2,
        union: str = "auto",
        stale_after: float = 24.0,
        prefixes: dict[str, str] | None = None,
        log: Callable[[str], None] | None = None,
        progress: Callable[[str], None] | None = None,
    ):
        for parameter, value in (
            ("batch_size", batch_size),
            ("update_batch_size", update_batch_size),
            ("parallel", parallel),
        ):
            if not isinstance(value, int) or value < 1:
                raise InputError(f"`{parameter}` must be a whole number of at least 1, not {value}")
        if union not in UNION_MODES:
            raise InputError(f"`union` must be one of {', '.join(UNION_MODES)}, not {union!r}")
        if stale_after is None or stale_after < 0:
            raise InputError(f"`stale_after` must be 0 or more hours, not {stale_after}")
        self.ep = endpoints
        self.http = http
        self.sparql = SparqlEndpoint(endpoints.query, http)
        self.batch_size, self.update_batch_size, self.parallel = batch_size, update_batch_size, parallel
        self.union_mode, self.stale_after = union, stale_after
        self.prefixes = {p: check_iri(ns, "prefix namespace") for p, ns in (prefixes or {}).items() if p}
        self.log = log or (lambda _m: None)
        self.progress = progress or (lambda _m: None)  # a status line now and then (a terminal shows it)
        self.run = staging.Run.new()
        self.update_limit = OXIGRAPH_UPDATE_LIMIT - 2**20  # bytes of one publish request, with a margin
        self.union: bool | None = None
        self.published = False
        self.method = ""
        self.cleaned: list[str] = []

    # -- what kind of store ----------------------------------------------------------------
    @property
    def kind(self) -> str:
        server = self.http.server.lower()
        if "oxigraph" in server:
            return "oxigraph"
        if "virtuoso" in server:
            return "virtuoso"
        return "other"

    # -- small requests ------------------------------------------------------------------------
    def update(self, text: str | bytes, what: str, retry: bool = True) -> None:
        if not self.ep.update:
            raise EndpointError("this store has no SPARQL Update endpoint configured (give `update`, its URL)")
        body = text.encode("utf-8") if isinstance(text, str) else text
        self.http.request(
            "POST",
            self.ep.update,
            what=what,
            data=body,
            retry=retry,
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    def count(self, graph: str) -> int:
        return self.sparql.count_triples(graph)

    def store_url(self, graph: str, extra: str = "") -> str:
        from urllib.parse import quote

        sep = "&" if "?" in self.ep.store else "?"
        return f"{self.ep.store}{sep}{self.ep.graph_param}={quote(check_iri(graph, 'graph'), safe='')}{extra}"

    def drop(self, graph: str, what: str = "drop a graph", retry: bool = True) -> None:
        if self.ep.update:
            self.update(f"DROP SILENT GRAPH {iri_ref(graph, 'graph')}", what, retry=retry)
        else:
            self.http.request("DELETE", self.store_url(graph), what=what, ok=(200, 204, 404), retry=retry)

    def drop_quietly(self, graphs) -> None:
        """Best effort on a failure path: one short attempt per graph, errors ignored (the store may be gone;
        a later run drops what is left once it is stale)."""
        saved = self.http.retries, self.http.timeout
        self.http.retries, self.http.timeout = 0, min(self.http.timeout, 10.0)
        try:
            for graph in graphs:
                try:
                    self.drop(graph, "clean up a staging graph")
                except Exception:  # noqa: BLE001 — nothing more can be done here
                    pass
        finally:
            self.http.retries, self.http.timeout = saved

    # -- probing --------------------------------------------------------------------------------
    def probe_union(self) -> bool:
        """Is the store's default graph the union of its named graphs? One triple is written to a
        private probe graph, looked for in the default graph, and dropped."""
        if self.union_mode != "auto":
            self.sparql.ask("ASK {}", name="a first query")  # the answer's Server header tells the store
            return self.union_mode == "yes"
        graph = self.run.graph("probe")
        subject = f"urn:swio:probe:{self.run.id}"
        triple = f'<{subject}> <urn:swio:probe> "{self.run.id}" .\n'
        try:
            if self.ep.update:
                self.update(f"INSERT DATA {{ GRAPH <{graph}> {{ {triple} }} }}", "write a probe triple")
            else:
                self.http.request(
                    "PUT",
                    self.store_url(graph),
                    what="write a probe triple",
                    data=triple.encode(),
                    headers={"Content-Type": NT},
                )
            return self.sparql.ask(f"ASK {{ <{subject}> <urn:swio:probe> ?o }}", name="the union probe")
        finally:
            self.drop_quietly([graph])

    def _drop_own_graphs(self) -> None:
        """After an interruption before publishing: every graph of this run left in the store (a staging graph,
        the union probe), whichever step was cut short — even the clean-up of that step."""
        try:
            own = [g for g in self.staging_graphs() if self.run.id in g]
        except Exception:  # noqa: BLE001 — the store may be gone; a later run drops what is left once stale
            return
        self.drop_quietly(own)

    def staging_graphs(self) -> list[str]:
        query = staging.LIST_QUERY
        if self.kind == "oxigraph":  # lists named graphs without scanning their triples
            query = f'SELECT ?g WHERE {{ GRAPH ?g {{ }} FILTER (STRSTARTS(STR(?g), "{staging.PREFIX}")) }}'
        answer = self.sparql.select_all(query, name="list staging graphs")
        return [row["g"]["value"] for row in answer.rows if "g" in row]

    def cleanup_stale(self, older_than: float | None = None) -> list[str]:
        """Drop the staging graphs of runs that started more than ``older_than`` hours ago (default
        ``stale_after``): runs that were killed before they could clean up."""
        hours = self.stale_after if older_than is None else older_than
        old = [g for g in staging.stale(self.staging_graphs(), hours) if self.run.id not in g]
        for graph in old:
            self.log(f"dropping stale staging graph <{graph}> (left by a run that did not finish)")
            self.drop(graph, "drop a stale staging graph")
        self.cleaned.extend(old)
        return old

    # -- writing --------------------------------------------------------------------------------
    def write_gsp(self, graph: str, payload: GraphPayload) -> None:
        sent = 0
        for i, body in enumerate(payload.batches(self.batch_size)):
            self.progress(f"{payload.name} graph: {sent:,} of {payload.count:,} triples sent")
            sent += body.count(b"\n")
            self.http.request(
                "PUT" if i == 0 else "POST",
                self.store_url(graph),
                what=f"write graph <{graph}>",
                data=body,
                headers={"Content-Type": NT},
            )

    def write_bulk(self, graph: str, payload: GraphPayload) -> None:
        """Oxigraph's bulk loader, fed ``parallel`` slices at once (each request is loaded by one server thread).
        Not retried: a bulk load is not transactional, so a repeat could double nothing but could not undo either."""
        slices = payload.slices(self.parallel)
        url = self.store_url(graph, "&no_transaction&lenient")

        def post(body: bytes) -> None:
            self.http.request(
                "POST", url, what=f"bulk-load graph <{graph}>", data=body, retry=False, headers={"Content-Type": NT}
            )

        if len(slices) == 1:
            post(slices[0])
            return
        with ThreadPoolExecutor(max_workers=len(slices)) as pool:
            list(pool.map(post, slices))

    def write_update(self, graph: str, payload: GraphPayload) -> None:
        target = iri_ref(graph, "graph")
        sent = 0
        for groups in pack_groups(payload.groups(), self.update_batch_size):
            self.progress(f"{payload.name} graph: {sent:,} of {payload.count:,} triples sent")
            self._insert(target, groups)
            sent += sum(len(group) if isinstance(group, list) else 1 for group in groups)

    def _insert(self, target: str, groups: list) -> None:
        """INSERT DATA one batch; a batch the store finds too long (Virtuoso's SP031) is halved, never
        splitting a blank-node component."""
        lines = flatten(groups)
        body = b"INSERT DATA { GRAPH " + target.encode() + b" {\n" + ntriples_document(lines) + b"} }"
        try:
            self.update(body, f"insert into graph {target}")
        except EndpointError as err:
            if "SP031" not in str(err) or len(groups) < 2:
                raise
            self.log(f"the store found {len(lines)} triples too many for one INSERT DATA; halving the batch")
            self._insert(target, groups[: len(groups) // 2])
            self._insert(target, groups[len(groups) // 2 :])

    def replace_request(self, payloads: list[GraphPayload]) -> bytes:
        """One update request replacing every target with its payload (one transaction), releasing the lock.
        The triples go as compact Turtle-style SPARQL (prefixed names): Oxigraph caps update bodies."""
        prologue: list[bytes] = []
        parts = []
        for p in payloads:
            declared, triples = sparql_triples(p.turtle(self.prefixes))
            prologue.extend(d for d in declared if d not in prologue)
            target = iri_ref(p.graph, "graph").encode()
            parts.append(b"DROP SILENT GRAPH " + target)
            parts.append(b"INSERT DATA { GRAPH " + target + b" {\n" + triples + b"} }")
        parts.append(self.release_text().encode())
        return b"".join(prologue) + b" ;\n".join(parts)

    # -- one publisher at a time -------------------------------------------------------------------
    def lock_entry(self) -> str:
        return f"{LOCK_RUN}{self.run.id}"

    def acquire_publish_lock(self) -> None:
        """Wait until no other run is publishing into this store.

        Stores isolate transactions by snapshot (Oxigraph: "repeatable read"): two publish requests that
        run at once each delete the old version they saw and insert their own, leaving both new versions
        mixed. So every run registers in the lock graph with the *store's* clock (``NOW()``), and publishes
        only when its entry is the oldest (ties: the smaller run id) — twice in a row, a moment apart, so a
        registration still committing is seen. A publish request also releases the lock, in the same
        transaction; entries older than the longest a publish request may take (``--timeout``, plus ten
        seconds) belong to killed runs and are ignored and removed. Waiting longer than that fails cleanly."""
        me = self.lock_entry()
        self.update(
            f"INSERT {{ GRAPH <{LOCK_GRAPH}> {{ <{me}> <{LOCK_SINCE}> ?now }} }} WHERE {{ BIND (NOW() AS ?now) }}",
            "register for publishing",
        )
        stale_after = self.http.timeout + 10.0
        deadline = time.monotonic() + 2 * stale_after
        first_in_a_row = 0
        while True:
            answer = self.sparql.select_all(
                f"SELECT ?run ?since (NOW() AS ?now) WHERE {{ GRAPH <{LOCK_GRAPH}> {{ ?run <{LOCK_SINCE}> ?since }} }} "
                "ORDER BY ?since ?run",
                name="read the publish lock",
            )
            live, dead = [], []
            for row in answer.rows:
                run = row["run"]["value"]
                (live if run == me or _age(row) < stale_after else dead).append(run)
            for run in dead:
                self.log(f"removing the publish lock of a run that did not finish (<{run}>)")
                self.update(
                    f"DELETE WHERE {{ GRAPH <{LOCK_GRAPH}> {{ <{check_iri(run)}> ?p ?o }} }}",
                    "remove a stale publish lock",
                )
            if live and live[0] == me:
                first_in_a_row += 1
                if first_in_a_row == 2:
                    return
                time.sleep(0.3)
                continue
            first_in_a_row = 0
            if time.monotonic() > deadline:
                raise EndpointError(
                    f"{redact(self.ep.update)}: another swio load has been publishing into this store "
                    f"for over {2 * stale_after:.0f} s; nothing was published"
                )
            if live and me in live:
                self.log(f"waiting for another run to publish first (<{live[0]}>)")
            time.sleep(0.5)

    def release_publish_lock(self) -> None:
        saved = self.http.retries, self.http.timeout
        self.http.retries, self.http.timeout = 0, min(self.http.timeout, 10.0)
        try:
            self.update(self.release_text(), "release the publish lock")
        except Exception:  # noqa: BLE001 — a dead entry is ignored and removed by later runs
            pass
        finally:
            self.http.retries, self.http.timeout = saved

    def release_text(self) -> str:
        return f"DELETE WHERE {{ GRAPH <{LOCK_GRAPH}> {{ <{self.lock_entry()}> ?p ?o }} }}"

    # -- strategies ------------------------------------------------------------------------------
    def load(self, payloads: list[GraphPayload], bulk: bool = False) -> str:
        """Load the payloads; returns how. A run that has published never ends in an exception it could
        mistake for failure: an interruption after publishing only skips the final counts."""
        for p in payloads:
            check_iri(p.graph, f"`graphs` {p.name}=")
        try:
            return self._load(payloads, bulk)
        except KeyboardInterrupt:
            if not self.published:
                self._drop_own_graphs()
                raise
            self.log("interrupted after publishing: the graphs are published, their counts were not checked")
            return self.method

    def _load(self, payloads: list[GraphPayload], bulk: bool) -> str:
        if bulk:
            return self._bulk(payloads)
        if not self.ep.update:
            return self._put_each(payloads)
        self.union = self.probe_union()
        self.cleanup_stale()
        if self.kind == "oxigraph":
            return self._direct(payloads)
        if self.union:
            self.log(
                f"note: the default graph of this store ({self.kind}) is the union of its named graphs: readers of "
                "the default graph see the staging graphs while this load runs (queries with FROM, as swio "
                "query sends, do not)"
            )
        return self._staged(payloads)

    def _staged(self, payloads: list[GraphPayload]) -> str:
        staged = [(p, self.run.graph(p.name)) for p in payloads]
        self.method = f"staged ({'graph store protocol' if self.ep.store else 'sparql update'}), published with MOVE"
        published = False
        try:
            for p, stage in staged:
                self.log(f"writing {p.count} triples of the {p.name} graph to staging graph <{stage}>")
                if self.ep.store:
                    self.write_gsp(stage, p)
                else:
                    self.write_update(stage, p)
                counted = self.count(stage)
                if counted != p.count:
                    raise EndpointError(
                        f"{redact(self.ep.query)}: the staging graph for <{p.graph}> holds {counted} "
                        f"triples but {p.count} were sent; nothing was published"
                    )
            prefix = VIRTUOSO_DURABLE if self.kind == "virtuoso" else ""
            text = (
                prefix
                + " ;\n".join(
                    [f"MOVE GRAPH {iri_ref(stage, 'graph')} TO {iri_ref(p.graph, 'graph')}" for p, stage in staged]
                    + [self.release_text()]
                )
            ).encode("utf-8")
            try:
                self.acquire_publish_lock()
                self._publish(text, staged)
            except BaseException:
                self.release_publish_lock()
                raise
            published = True
        except KeyboardInterrupt:
            published = published or self._moved(staged)
            if not published:
                raise
            self.log("interrupted, but the store had already published this run's graphs")
        finally:
            if not published:
                self.drop_quietly(stage for _, stage in staged)
        self.published = True
        self._check_counts(payloads)
        return self.method

    def _publish(self, text: bytes, staged) -> None:
        """Send the one publish request. Its outcome is checked when the answer is lost: the request drops
        this run's staging graphs, so they are gone if and only if it happened (a MOVE must not be repeated
        once it happened); it is sent again only when it did not happen and the failure was transient."""
        attempt = 0
        while True:
            attempt += 1
            try:
                self.update(text, "publish the staged graphs", retry=False)
                return
            except EndpointError as err:
                if self._moved(staged):
                    self.log(f"the answer to the publish request was lost ({err}), but the store had published")
                    return
                if not isinstance(err, TransientError) or attempt > self.http.retries:
                    raise
                self.http.backoff_wait(attempt, "publish: the store did not publish; sending it again")

    def _moved(self, staged) -> bool:
        """Did this run's MOVE happen? Its staging graphs (which held triples) are gone. Errors here mean 'unknown'."""
        try:
            return all(self.count(stage) == 0 for _, stage in staged)
        except Exception:  # noqa: BLE001
            return False

    def _direct(self, payloads: list[GraphPayload]) -> str:
        self.method = "atomic: all graphs replaced in one transaction"
        text = self.replace_request(payloads)
        if len(text) > self.update_limit and self.ep.store:
            self.method = "atomic per graph: one PUT per graph (over Oxigraph's update size limit)"
            self.log(
                f"the publish request would be {len(text) / 2**20:.0f} MiB, over Oxigraph's limit of "
                f"{OXIGRAPH_UPDATE_LIMIT / 2**20:.0f} MiB for an update: each graph is replaced by its own PUT "
                "(atomic per graph, not across graphs)"
            )
            text = None
        self.progress(f"publishing {sum(p.count for p in payloads):,} triples")
        try:
            self.acquire_publish_lock()
            if text is None:
                for p in payloads:  # a PUT replaces the graph in one transaction; idempotent, so retried
                    self.http.request(
                        "PUT",
                        self.store_url(p.graph),
                        what=f"replace graph <{p.graph}>",
                        data=p.turtle(self.prefixes),
                        headers={"Content-Type": "text/turtle"},
                    )
                self.release_publish_lock()
            else:
                self.update(text, "publish the graphs")  # idempotent: retried when it fails
        except BaseException:
            self.release_publish_lock()
            raise
        self.published = True
        self._check_counts(payloads)
        return self.method

    def _put_each(self, payloads: list[GraphPayload]) -> str:
        """A Graph Store without an update endpoint: one PUT per graph (atomic per graph at the server)."""
        self.method = "graph store protocol, one PUT per graph"
        for p in payloads:
            self.http.request(
                "PUT",
                self.store_url(p.graph),
                what=f"write graph <{p.graph}>",
                data=p.ntriples(),
                headers={"Content-Type": NT},
            )
        self.published = True
        self._check_counts(payloads)
        return self.method

    def _bulk(self, payloads: list[GraphPayload]) -> str:
        self.method = "oxigraph bulk loader (not atomic)"
        if not self.ep.store:
            raise InputError("`bulk=True` needs `store` (Oxigraph's /store endpoint)")
        for p in payloads:
            self.progress(f"{p.name} graph: bulk-loading {p.count:,} triples")
            try:
                self.drop(p.graph, f"clear graph <{p.graph}>")
                self.write_bulk(p.graph, p)
                p.counted = self.count(p.graph)
            except BaseException:
                self.drop_quietly([p.graph])
                raise
            if p.counted != p.count:
                self.drop_quietly([p.graph])
                raise EndpointError(
                    f"{redact(self.ep.query)}: graph <{p.graph}> holds {p.counted} triples after bulk "
                    f"loading, but {p.count} were sent; the graph was dropped"
                )
        self.published = True
        return self.method

    def _check_counts(self, payloads: list[GraphPayload]) -> None:
        """Count the published graphs. The store confirmed the publication: a count that cannot be made
        (connection lost) is a warning; a count that differs is an error."""
        self.progress("counting the published graphs")
        try:
            for p in payloads:
                p.counted = self.count(p.graph)
        except EndpointError as err:
            self.log(f"warning: published, but the graphs could not be counted afterwards: {err}")
            return
        wrong = [p for p in payloads if p.counted != p.count]
        if wrong:
            raise EndpointError(
                "; ".join(
                    f"{redact(self.ep.query)}: graph <{p.graph}> holds {p.counted} triples after publishing, not the "
                    f"{p.count} this run sent (changed by another writer since, or lost by the store)"
                    for p in wrong
                )
            )


def validation_gate(dataset) -> str:
    """Validate with the embedded engine; violations stop the load before anything is sent."""
    from ..shacl.report_formats import result_line, summary
    from ..shacl.validation import validate_dataset

    report = validate_dataset(dataset)
    if report.violations:
        lines = [result_line(r, report, "en") for r in report.results if r.severity == "Violation"]
        shown = lines[:10] + ([f"... and {len(lines) - 10} more"] if len(lines) > 10 else [])
        raise ValidationFailed(
            "\n".join(
                shown
                + [
                    f"{summary(report)}: nothing was loaded, the published graphs are untouched "
                    "(fix the data, or give `validate=False` to load it anyway)"
                ]
            )
        )
    return summary(report)


def load(
    dataset: Dataset,
    *,
    store: str | None = None,
    update: str | None = None,
    query: str | None = None,
    graphs: dict[str, str] | None = None,
    user: str | None = None,
    password: str | None = None,
    auth: str = "auto",
    timeout: float = 120.0,
    retries: int = 3,
    batch_size: int = 100_000,
    update_batch_size: int = 5_000,
    bulk: bool = False,
    parallel: int = 2,
    backoff: float = 0.5,
    union: str = "auto",
    stale_after: float = 24.0,
    validate: bool = True,
    log: Callable[[str], None] | None = None,
    progress: Callable[[str], None] | None = None,
) -> LoadReport:
    """Validate ``dataset`` (unless ``validate=False``) and load it into a store; see the module docstring.
    ``log`` gets the notes a user should read; ``progress``, a status line now and then."""
    start = time.perf_counter()
    messages: list[str] = []

    def note(message: str) -> None:
        messages.append(message)
        if log:
            log(message)

    endpoints = derive_endpoints(store, update, query)
    for name, iri in (graphs or {}).items():
        check_iri(iri, f"`graphs` {name}=")
    if user is None and endpoints.user is not None:
        user, password = endpoints.user, endpoints.password
    http = HttpClient(user, password, auth=auth, timeout=timeout, retries=retries, backoff=backoff, log=note)
    loader = Loader(
        endpoints,
        http,
        batch_size=batch_size,
        update_batch_size=update_batch_size,
        parallel=parallel,
        union=union,
        stale_after=stale_after,
        prefixes=dataset.prefixes,
        log=note,
        progress=progress,
    )
    if progress:
        progress("validating the data" if validate else "preparing the requests")
    if validate:  # the request bodies are prepared while the store's queries validate on other threads
        with ThreadPoolExecutor(1, thread_name_prefix="swio-validate") as pool:
            checked = pool.submit(validation_gate, dataset)
            payloads = graph_payloads(dataset, graphs)
            validation = checked.result()
    else:
        validation, payloads = "skipped (`validate=False`)", graph_payloads(dataset, graphs)
    try:
        method = loader.load(payloads, bulk=bulk)
    finally:
        http.close()
    return LoadReport(
        graphs=payloads,
        method=method,
        seconds=time.perf_counter() - start,
        requests=http.requests,
        union=loader.union,
        validation=validation,
        store=http.server,
        cleaned=loader.cleaned,
        log=messages,
    )


def cleanup(
    *,
    store: str | None = None,
    update: str | None = None,
    query: str | None = None,
    user: str | None = None,
    password: str | None = None,
    auth: str = "auto",
    timeout: float = 120.0,
    retries: int = 3,
    older_than: float = 24.0,
    log: Callable[[str], None] | None = None,
) -> list[str]:
    """Drop the staging graphs that runs started more than ``older_than`` hours ago left in a store."""
    endpoints = derive_endpoints(store, update, query)
    if user is None and endpoints.user is not None:
        user, password = endpoints.user, endpoints.password
    http = HttpClient(user, password, auth=auth, timeout=timeout, retries=retries, log=log)
    try:
        return Loader(endpoints, http, stale_after=older_than, log=log).cleanup_stale()
    finally:
        http.close()
