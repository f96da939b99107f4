"""The site's index of the statements, read from a SPARQL store instead of a local SQLite file.

:class:`StoreIndex` answers what :class:`~.triple_index.TripleIndex` answers — a resource's
statements with the blank nodes under it, the statements pointing at it, the labels of many
IRIs, lists of subjects — with a bounded number of SPARQL SELECT queries, so that ``swio serve
--endpoint`` makes every page from the store that holds the graph and keeps no copy of it:

* a description: **one** query for the statements of the IRIs and, through ``rdf:rest*`` and a
  few levels of nesting, of every blank node under them (a deeper nesting, rare, repeats the query
  with twice the depth);
* statements pointing at an IRI: **one** count per predicate, **one** query for the subjects
  (up to ``limit`` per predicate), and one more only when some subjects are blank nodes (to find
  the named resource that holds each, as the local index does);
* the labels of any number of IRIs: **one** query per 400 IRIs (and whether each is a subject).

Store quirks are handled here or by :class:`~swio.remote.sparql.SparqlEndpoint`:

* Virtuoso's silent row cap: every answer that reaches it is fetched again in pages and counted;
* blank nodes: a store gives them its own labels (Virtuoso ``nodeID://b1001``); they never leave
  this module under those labels — descriptions relabel them by content (:func:`describe_with`),
  exactly as the local index does, so documents do not depend on the store;
* canonical literals: a store keeps its own canonical form of some typed literals
  (``"500.0"^^xsd:decimal`` is ``"500"`` in Oxigraph and Virtuoso); the pages and documents show
  what the store holds (``docs/deploying.md`` says so), except Virtuoso's booleans, kept as ``1``
  and ``0``, which are read back as ``true`` and ``false`` (the same values, in canonical form).

The shapes are not in the store (``swio load`` sends the ontology and the data): they are read
from the package into a small local :class:`TripleIndex` and merged with the store's answers,
unless the store holds them too (its graph has ``<https://w3id.org/swio/shapes>``).
"""

from __future__ import annotations

import heapq
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from ...errors import EndpointError
from ...namespaces import SHAPES_IRI
from ...remote.http import redact
from ...remote.sparql import SparqlEndpoint
from . import urls
from .triple_index import LABEL_PREDICATES, OWNER_DEPTH, TripleIndex, best_labels, describe_with, term_of

RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
IN_SCHEME = "http://www.w3.org/2004/02/skos/core#inScheme"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
DEPTH = 3  # levels of blank nodes (each level a blank node plus the list cells after it) in one description query
MAX_DEPTH = 24
BATCH = 400  # IRIs per label query
SEARCH_MATCHES = 10_000  # matching labels a search reads from the store
_STORE_BNODE = "_:store_"
#: a path under a namespace made of safe segments, as :func:`urls.safe_segments` checks (XPath regex)
_SEGMENTS = "[A-Za-z0-9][A-Za-z0-9_-]{0,150}(/[A-Za-z0-9][A-Za-z0-9_-]{0,150})*"


def _ref(iri: str) -> str:
    return f"<{iri}>"


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _regex_escape(text: str) -> str:
    return "".join("\\" + c if c in ".^$*+?()[]{}|\\-" else c for c in text)


def term_text(binding: dict) -> str:
    """A SPARQL JSON term as the N-Triples text the local index stores (blank nodes marked as the store's)."""
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return str(ox.NamedNode(value))
    if kind == "bnode":
        return _STORE_BNODE + "".join(c if c.isalnum() else "_" for c in value)
    return str(term(binding))


def term(binding: dict):
    """A SPARQL JSON term as a pyoxigraph term (blank nodes get labels safe in N-Triples)."""
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode("store_" + "".join(c if c.isalnum() else "_" for c in value))
    language = binding.get("xml:lang")
    if language:
        return ox.Literal(value, language=language)
    datatype = binding.get("datatype")
    if datatype == XSD_BOOLEAN and value in ("1", "0"):  # Virtuoso keeps booleans as 1 and 0
        value = "true" if value == "1" else "false"
    if datatype and datatype != XSD_STRING:
        return ox.Literal(value, datatype=ox.NamedNode(datatype))
    return ox.Literal(value)


def _values(var: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{var} {{ {' '.join(_ref(i) for i in iris)} }}"


def _pairs(first: str, second: str, firsts: Iterable[str], seconds: Iterable[str]) -> str:
    """One VALUES block of every (first, second) pair: two separate VALUES blocks make Oxigraph join a scan
    of the whole store with their product (seconds instead of milliseconds at a million triples)."""
    seconds = list(seconds)
    rows = " ".join(f"({_ref(a)} {_ref(b)})" for a in firsts for b in seconds)
    return f"VALUES (?{first} ?{second}) {{ {rows} }}"


def _order_key(var: str) -> str:
    """An ORDER BY key sorting IRIs as the local index does (as the text ``<iri>``), blank nodes last."""
    return f'isBlank(?{var}) (CONCAT("<", STR(?{var}), ">"))'


class StoreIndex:
    """The statements of a graph in a SPARQL store (plus the shapes, from the package), as the site reads them."""

    remote = True  # the statements are in a store (search asks it: see search_index)

    def __init__(
        self,
        endpoint: SparqlEndpoint,
        graphs: list[str] | None,
        *,
        shapes: TripleIndex | None = None,
        timeout: float | None = None,
    ):
        self.endpoint = endpoint
        self.graphs = list(graphs or [])
        self.timeout = timeout
        self.shapes = shapes
        self.queries = 0  # queries sent (the tests count them per page)
        self._censuses: dict[
            str, tuple[int, dict[str, int], dict[str, str]]
        ] = {}  # one per namespace: this index is one version
        self._census_lock = threading.Lock()  # threads asking at once share one scan of the store

    def close(self) -> None:
        if self.shapes is not None:
            self.shapes.close()

    def close_connections(self) -> None:
        if self.shapes is not None:
            self.shapes.close_connections()

    def __enter__(self) -> StoreIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- queries ------------------------------------------------------------------------------
    def select(self, text: str, name: str) -> list[dict]:
        """The rows (SPARQL JSON bindings) of a SELECT over the graphs, all of them (capped answers are paged)."""
        self.queries += 1
        what = f"the query to {name}"  # "cannot run the query to describe <…>"
        return self.endpoint.select_all(text, graphs=self.graphs, timeout=self.timeout, name=what).rows

    def _shapes_has(self, iri: str) -> bool:
        return self.shapes is not None and self.shapes.has_subject(iri)

    # -- subjects -----------------------------------------------------------------------------
    def _subject_filter(self, namespace: str, *, safe: bool = False) -> str:
        test = "isIRI(?s)"
        if namespace:  # Virtuoso: STRSTARTS(x, "") is false
            test += f" && STRSTARTS(STR(?s), {_string(namespace)})"
        if safe:
            test += f" && REGEX(STR(?s), {_string('^' + _regex_escape(namespace) + _SEGMENTS + '$')})"
        return test

    def _only_shapes(self, namespace: str) -> bool:
        """True for the shapes' namespace when the shapes are read from the package (the store has none)."""
        return self.shapes is not None and namespace.startswith(SHAPES_IRI)

    def subjects(self, namespace: str = "") -> Iterator[str]:
        """IRIs of the named subjects starting with ``namespace``, sorted as the local index sorts them."""
        rows = (
            []
            if self._only_shapes(namespace)
            else self.select(
                f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER ({self._subject_filter(namespace)}) }}",
                f"list the subjects in {namespace or 'the graph'}",
            )
        )
        found = sorted(f"<{row['s']['value']}>" for row in rows if "s" in row)
        mine = iter(found)
        theirs = (f"<{s}>" for s in (self.shapes.subjects(namespace) if self.shapes is not None else ()))
        last = None
        for s in heapq.merge(mine, theirs):
            if s != last:
                yield s[1:-1]
                last = s

    def _census(self, namespace: str) -> tuple[int, dict[str, int], dict[str, str]]:
        """The subjects in ``namespace``: how many, how many of each kind (``namespace{kind}/…``, safe path
        segments only) and one of each kind — one scan of the store, kept (the landing page and the lists
        both need it)."""
        with self._census_lock:
            return self._census_once(namespace)

    def _census_once(self, namespace: str) -> tuple[int, dict[str, int], dict[str, str]]:
        if namespace not in self._censuses:
            safe = _string("^" + _regex_escape(namespace) + _SEGMENTS + "$")
            rows = self.select(
                "SELECT ?kind (COUNT(?s) AS ?n) (SAMPLE(?s) AS ?one) WHERE { "
                f"{{ SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER ({self._subject_filter(namespace)}) }} }} "
                f'BIND (IF(REGEX(STR(?s), {safe}), STRBEFORE(STRAFTER(STR(?s), {_string(namespace)}), "/"), "") '
                "AS ?kind) } GROUP BY ?kind",
                f"count the subjects in {namespace or 'the graph'} by kind",
            )
            total, kinds, samples = 0, {}, {}
            for row in rows:
                n = int(row["n"]["value"])
                total += n
                kind = row.get("kind", {}).get("value", "")
                if kind:
                    kinds[kind] = n
                    samples[kind] = row["one"]["value"]
            self._censuses[namespace] = (total, kinds, samples)
        return self._censuses[namespace]

    def count_subjects(self, namespace: str = "") -> int:
        n = 0 if self._only_shapes(namespace) else self._census(namespace)[0]
        if self.shapes is not None and self.shapes.count_subjects(namespace):
            extra = list(self.shapes.subjects(namespace))
            n += len(extra) - (0 if self._only_shapes(namespace) else len(self.nodes_in_store(extra)))
        return n

    def kinds(self, namespace: str) -> dict[str, int]:
        """Subjects ``namespace{kind}/…`` (safe path segments only) counted by kind."""
        counts = {} if self._only_shapes(namespace) else dict(self._census(namespace)[1])
        if self.shapes is not None:
            for kind, n in self.shapes.kinds(namespace).items():
                counts[kind] = counts.get(kind, 0) + n
        return dict(sorted(counts.items()))

    def shared_terms(self, namespace: str, rank: Callable[[str, str], Any]) -> dict[str, str | None]:
        """As :meth:`TripleIndex.shared_terms`, without scanning the store per kind: what all subjects of a kind
        share is among what one of them has (the census keeps one of each kind), so the terms of those few
        subjects are read in one query and tried best first by ``rank``, each by counting the kind's subjects
        that have it through the store's index of that scheme or class (a count equal to the kind's size:
        all of them share it)."""
        if self.shapes is not None and self.shapes.count_subjects(namespace):
            raise EndpointError(f"the shapes' subjects are in {namespace}: the kinds there cannot be read from a store")
        if self._only_shapes(namespace):
            return {}
        _, sizes, samples = self._census(namespace)
        found: dict[str, str | None] = {kind: None for kind in sizes}
        if not samples:
            return found
        one_each = " ".join(_ref(iri) for iri in sorted(set(samples.values())))
        rows = self.select(
            f"SELECT DISTINCT ?s ?p ?o WHERE {{ {{ VALUES ?s {{ {one_each} }} ?s <{IN_SCHEME}> ?o "
            f"BIND (<{IN_SCHEME}> AS ?p) }} UNION {{ VALUES ?s {{ {one_each} }} ?s <{RDF_TYPE}> ?t . "
            f"?t <{SUBCLASS_OF}>* ?o BIND (<{RDF_TYPE}> AS ?p) }} FILTER isIRI(?o) }}",
            f"read the schemes and classes of one subject of each kind in {namespace}",
        )
        terms: dict[str, set[tuple[str, str]]] = {}
        for row in rows:
            terms.setdefault(row["s"]["value"], set()).add((row["p"]["value"], row["o"]["value"]))
        safe = _string("^" + _regex_escape(namespace) + _SEGMENTS + "$")
        for kind, one in samples.items():
            for predicate, term in sorted(terms.get(one, ()), key=lambda pt: rank(*pt)):
                pattern = (
                    f"?s <{IN_SCHEME}> {_ref(term)}"
                    if predicate == IN_SCHEME
                    else f"?s <{RDF_TYPE}> ?t . ?t <{SUBCLASS_OF}>* {_ref(term)}"
                )
                rows = self.select(
                    f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {pattern} "
                    f"FILTER (isIRI(?s) && STRSTARTS(STR(?s), {_string(namespace + kind + '/')}) "
                    f"&& REGEX(STR(?s), {safe})) }}",
                    f"count the subjects of kind {kind} in {namespace} with <{term}>",
                )
                if _int(rows, "n") == sizes[kind]:
                    found[kind] = term
                    break
        return found

    def subjects_page(self, namespace: str, offset: int, limit: int) -> list[str]:
        """Safe-segment subjects in ``namespace``, sorted, ``limit`` from ``offset`` (one query; the sort is
        in a subquery with the paging outside, which Virtuoso allows past its sort limit)."""
        rows = self.select(
            "SELECT ?s WHERE { { SELECT ?s WHERE { "
            f"{{ SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER ({self._subject_filter(namespace, safe=True)}) }} }} "
            f"}} ORDER BY {_order_key('s')} }} }} LIMIT {int(limit)} OFFSET {int(offset)}",
            f"list the subjects in {namespace}",
        )
        found = [row["s"]["value"] for row in rows if "s" in row]
        if self.shapes is not None and self.shapes.count_subjects(namespace):  # rare: merge locally
            every = sorted(set(self.subjects(namespace)), key=lambda i: f"<{i}>")
            every = [i for i in every if urls.safe_segments(i[len(namespace) :])]
            return every[offset : offset + limit]
        return found

    def search(self, text: str, limit: int, offset: int = 0) -> list[str]:
        """As :meth:`TripleIndex.search`, by one query that reads every label of the store (stores have no
        standard text index: its time grows with the number of labels; ``docs/deploying.md`` gives figures)."""
        return [iri for _, _, iri in self.search_keys(text, offset + limit)[offset:]]

    def search_keys(self, text: str, count: int) -> list[tuple[int, int, str]]:
        """The first ``count`` results with their sort keys (rank, length, IRI). The store finds the labels holding
        the text (one scan of the labels: the store has no text index) and they are ranked here: the store's
        own ranking (GROUP BY with MIN) took three times the scan on Oxigraph. At most :data:`SEARCH_MATCHES`
        matching labels are read: past that, the best of those."""
        needle = text.strip().lower()
        if not needle or count <= 0:
            return []
        rows = self.select(
            f"SELECT DISTINCT ?s ?l WHERE {{ {_values('p', LABEL_PREDICATES)} ?s ?p ?l "
            f"FILTER (isIRI(?s) && isLiteral(?l) && CONTAINS(LCASE(STR(?l)), {_string(needle)})) }} "
            f"LIMIT {SEARCH_MATCHES}",
            f"search the labels for {text!r}",
        )
        best: dict[str, tuple[int, int, str]] = {}
        candidates = [(row["s"]["value"], row["l"]["value"]) for row in rows if "s" in row and "l" in row]
        if self.shapes is not None:
            candidates += [(iri, label) for iri, label in self.shapes.search_labels(needle)]
        for iri, label in candidates:
            low = label.lower()
            if needle not in low:  # the store's LCASE and Python's lower() differ on a few letters
                continue
            key = (0 if low == needle else 1 if low.startswith(needle) else 2, len(label), iri)
            if iri not in best or key < best[iri]:
                best[iri] = key
        return sorted(best.values(), key=lambda k: (k[0], k[1], f"<{k[2]}>"))[:count]

    def subjects_outside(self, namespace: str) -> Iterator[str]:
        rows = self.select(
            f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER (isIRI(?s) && !STRSTARTS(STR(?s), {_string(namespace)})) }}",
            f"list the subjects outside {namespace}",
        )
        found = {row["s"]["value"] for row in rows if "s" in row}
        if self.shapes is not None:
            found.update(self.shapes.subjects_outside(namespace))
        yield from sorted(found, key=lambda i: f"<{i}>")

    def subjects_of_type(self, types: Iterable[str]) -> set[str]:
        types = list(types)
        rows = self.select(
            f"SELECT DISTINCT ?s WHERE {{ {_values('t', types)} ?s <{RDF_TYPE}> ?t FILTER isIRI(?s) }}",
            "list the declared terms",
        )
        found = {row["s"]["value"] for row in rows if "s" in row}
        if self.shapes is not None:
            found |= self.shapes.subjects_of_type(types)
        return found

    def objects(self, subject: str, predicate: str) -> list[str]:
        rows = self.select(
            f"SELECT DISTINCT ?o WHERE {{ {_ref(subject)} {_ref(predicate)} ?o FILTER isIRI(?o) }}",
            f"read the objects of <{subject}>",
        )
        found = {row["o"]["value"] for row in rows if "o" in row}
        if self.shapes is not None:
            found.update(self.shapes.objects(subject, predicate))
        return sorted(found, key=lambda i: f"<{i}>")

    def count(self) -> int:
        if self.graphs:
            rows = self.select(
                f"SELECT (COUNT(*) AS ?n) WHERE {{ {_values('g', self.graphs)} GRAPH ?g {{ ?s ?p ?o }} }}",
                "count the triples",
            )
        else:
            rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "count the triples")
        return _int(rows, "n")

    def values(self, iris: Iterable[str], predicates: Iterable[str]) -> dict[str, dict[str, list]]:
        """As :meth:`TripleIndex.values`: one query per :data:`BATCH` subjects."""
        iris, predicates = sorted(set(iris)), sorted(set(predicates))
        found: dict[str, dict[str, set[str]]] = {}
        if iris and predicates:
            for start in range(0, len(iris), BATCH):
                chunk = iris[start : start + BATCH]
                rows = self.select(
                    f"SELECT ?s ?p ?o WHERE {{ {_pairs('s', 'p', chunk, predicates)} ?s ?p ?o FILTER (!isBlank(?o)) }}",
                    f"read {len(predicates)} properties of {len(chunk)} resources",
                )
                for row in rows:
                    found.setdefault(row["s"]["value"], {}).setdefault(row["p"]["value"], set()).add(
                        term_text(row["o"])
                    )
        if self.shapes is not None:
            for subject, by_predicate in self.shapes.values(iris, predicates).items():
                for predicate, terms in by_predicate.items():
                    found.setdefault(subject, {}).setdefault(predicate, set()).update(str(t) for t in terms)
        return {
            subject: {predicate: [term_of(o) for o in sorted(texts)] for predicate, texts in sorted(by.items())}
            for subject, by in sorted(found.items())
        }

    def incoming(self, iris: Iterable[str], predicates: Iterable[str], limit: int) -> dict[str, dict[str, list[str]]]:
        """As :meth:`TripleIndex.incoming`: one query (a subquery per IRI and predicate) per 100 pairs."""
        pairs = [(t, p) for t in sorted(set(iris)) for p in sorted(set(predicates))]
        found: dict[str, dict[str, set[str]]] = {}
        for start in range(0, len(pairs), 100):
            chunk = pairs[start : start + 100]
            branches = " UNION ".join(
                f"{{ SELECT ?s ?p ?t WHERE {{ ?s {_ref(p)} {_ref(t)} FILTER isIRI(?s) "
                f"BIND ({_ref(p)} AS ?p) BIND ({_ref(t)} AS ?t) }} ORDER BY {_order_key('s')} LIMIT {int(limit)} }}"
                for t, p in chunk
            )
            rows = self.select(f"SELECT ?s ?p ?t WHERE {{ {branches} }}", f"read what points at {len(chunk)} resources")
            for row in rows:
                found.setdefault(row["t"]["value"], {}).setdefault(row["p"]["value"], set()).add(row["s"]["value"])
        if self.shapes is not None:
            for target, by_predicate in self.shapes.incoming(iris, predicates, limit).items():
                for predicate, subjects in by_predicate.items():
                    found.setdefault(target, {}).setdefault(predicate, set()).update(subjects)
        return {
            target: {
                predicate: sorted(subjects, key=lambda i: f"<{i}>")[:limit]
                for predicate, subjects in sorted(by.items())
            }
            for target, by in sorted(found.items())
        }

    def with_predicate(self, predicate: str) -> list[tuple[str, object]]:
        """As :meth:`TripleIndex.with_predicate` (a small whole-graph table: one query)."""
        rows = self.select(
            f"SELECT DISTINCT ?s ?o WHERE {{ ?s {_ref(predicate)} ?o FILTER (isIRI(?s) && !isBlank(?o)) }}",
            f"read every <{predicate}>",
        )
        found = {(f"<{row['s']['value']}>", term_text(row["o"])) for row in rows}
        if self.shapes is not None:
            found |= {(f"<{s}>", str(o)) for s, o in self.shapes.with_predicate(predicate)}
        return [(s[1:-1], term_of(o)) for s, o in sorted(found)]

    def instances(self, cls: str, limit: int | None = None) -> list[str]:
        """As :meth:`TripleIndex.instances`."""
        paging = f"LIMIT {int(limit)}" if limit is not None else ""
        rows = self.select(
            f"SELECT ?s WHERE {{ {{ SELECT DISTINCT ?s WHERE {{ ?s <{RDF_TYPE}> {_ref(cls)} FILTER isIRI(?s) }} }} }} "
            f"ORDER BY {_order_key('s')} {paging}",
            f"list the instances of <{cls}>",
        )
        found = {row["s"]["value"] for row in rows}
        if self.shapes is not None:
            found.update(self.shapes.instances(cls, limit))
        ordered = sorted(found, key=lambda i: f"<{i}>")
        return ordered if limit is None else ordered[:limit]

    def typed_subjects(self, namespace: str = "") -> Iterator[tuple[str, list[str]]]:
        """As :meth:`TripleIndex.typed_subjects` (the whole graph's types: one query, paged by the store)."""
        rows = self.select(
            f"SELECT DISTINCT ?s ?t WHERE {{ ?s <{RDF_TYPE}> ?t FILTER ({self._subject_filter(namespace)} "
            "&& isIRI(?t)) }",
            f"read the types of the subjects in {namespace or 'the graph'}",
        )
        found: dict[str, set[str]] = {}
        for row in rows:
            found.setdefault(f"<{row['s']['value']}>", set()).add(f"<{row['t']['value']}>")
        if self.shapes is not None:
            for iri, types in self.shapes.typed_subjects(namespace):
                found.setdefault(f"<{iri}>", set()).update(f"<{t}>" for t in types)
        for subject in sorted(found):
            yield subject[1:-1], [t[1:-1] for t in sorted(found[subject])]

    # -- labels -------------------------------------------------------------------------------
    def nodes(self, iris: Iterable[str]) -> dict[str, dict[str, str]]:
        """The best labels of many IRIs (as :meth:`TripleIndex.node`), one query per :data:`BATCH` IRIs;
        IRIs that are not subjects are left out."""
        iris = sorted(set(iris))
        candidates: dict[str, list[tuple[int, str, str]]] = {}
        ranks = {p: i for i, p in enumerate(LABEL_PREDICATES)}
        for start in range(0, len(iris), BATCH):
            chunk = iris[start : start + BATCH]
            rows = self.select(
                "SELECT ?x ?p ?l WHERE { "
                f"{{ {_pairs('x', 'p', chunk, LABEL_PREDICATES)} ?x ?p ?l FILTER isLiteral(?l) }} "
                f"UNION {{ {_values('x', chunk)} FILTER EXISTS {{ ?x ?anyp ?anyo }} }} }}",
                f"read the labels of {len(chunk)} IRIs",
            )
            for row in rows:
                iri = row["x"]["value"]
                found = candidates.setdefault(iri, [])
                if "p" in row and "l" in row:
                    label = row["l"]
                    found.append((ranks[row["p"]["value"]], label.get("xml:lang", ""), label["value"]))
        if self.shapes is not None:
            for iri, more in self.shapes.label_candidates(iris).items():
                candidates.setdefault(iri, []).extend(more)
        return {iri: best_labels(found) for iri, found in candidates.items()}

    def nodes_in_store(self, iris: list[str]) -> set[str]:
        rows = self.select(
            f"SELECT ?x WHERE {{ {_values('x', iris)} FILTER EXISTS {{ ?x ?anyp ?anyo }} }}",
            "check which IRIs are subjects",
        )
        return {row["x"]["value"] for row in rows if "x" in row}

    def node(self, iri: str) -> dict[str, str] | None:
        return self.nodes([iri]).get(iri)

    def labels(self, iri: str) -> dict[str, str]:
        return self.node(iri) or {}

    def has_subject(self, iri: str) -> bool:
        return self.node(iri) is not None

    # -- descriptions ---------------------------------------------------------------------------
    def _closure_query(self, iris: list[str], depth: int) -> str:
        # every branch a subquery with its own VALUES (Virtuoso 7 cannot compile the plain union:
        # "sparp_gp_deprecate(): equiv replaces filter but under deprecation")
        roots = _values("root", iris)
        branches = [f"{{ SELECT ?d ?root ?s ?p ?o WHERE {{ {roots} ?root ?p ?o BIND (?root AS ?s) BIND (0 AS ?d) }} }}"]
        for level in range(1, depth + 1):
            steps = []
            node = "?root"
            for k in range(1, level + 1):
                last = k == level
                cell = "?s" if last else f"?x{k}"
                rest_filter = f" && ?q{k} != <{RDF_REST}>" if k > 1 else ""
                steps.append(
                    f"{node} ?q{k} ?h{k} FILTER (isBlank(?h{k}){rest_filter}) "
                    f"?h{k} <{RDF_REST}>* {cell} FILTER isBlank({cell})"
                )
                node = cell
            branches.append(
                f"{{ SELECT ?d ?root ?s ?p ?o WHERE {{ {roots} "
                + " ".join(steps)
                + f" ?s ?p ?o BIND ({level} AS ?d) }} }}"
            )
        return "SELECT ?d ?root ?s ?p ?o WHERE { " + " UNION ".join(branches) + " }"

    def _store_rows(self, iris: list[str]) -> dict[str, set[tuple[str, str]]]:
        """node -> its (predicate, object) rows for the IRIs and every blank node under them, from one query
        (repeated deeper for the IRIs whose deepest level still points at blank nodes)."""
        found: dict[str, set[tuple[str, str]]] = {}
        todo, depth = list(iris), DEPTH
        while todo:
            rows = self.select(self._closure_query(todo, depth), f"describe <{todo[0]}>" + (" …" if todo[1:] else ""))
            deeper = set()
            for row in rows:
                s, p, o = term_text(row["s"]), term_text(row["p"]), term_text(row["o"])
                found.setdefault(s, set()).add((p, o))
                if o.startswith(_STORE_BNODE) and int(row["d"]["value"]) == depth and p != f"<{RDF_REST}>":
                    deeper.add(row["root"]["value"])
            if deeper and depth >= MAX_DEPTH:
                raise EndpointError(
                    f"{redact(self.endpoint.url)}: the blank nodes under <{min(deeper)}> are nested more than "
                    f"{MAX_DEPTH} levels deep: its description cannot be read from the store"
                )
            todo, depth = sorted(deeper), min(depth * 2, MAX_DEPTH)
        return found

    def _rows_function(self, store: dict[str, set[tuple[str, str]]]):
        def rows_of(node: str) -> list[tuple[str, str]]:
            if node.startswith(_STORE_BNODE):
                return sorted(store.get(node, ()))
            own = set(store.get(node, ()))
            if self.shapes is not None:
                own.update(self.shapes.rows_of(node))
            return sorted(own)

        return rows_of

    def describe(self, iris: Iterable[str], *, rows=None) -> list[ox.Triple]:
        """The concise bounded descriptions of the IRIs (statements plus the blank nodes under them, relabelled
        by content as the local index does), from one query to the store (and the shapes); ``rows`` is
        accepted for the local index's signature and not used."""
        iris = list(iris)
        if not iris:
            return []
        return describe_with(self._rows_function(self._store_rows(iris)), iris)

    def describe_each(self, iris: Iterable[str]) -> dict[str, list[ox.Triple]]:
        """:meth:`describe` of each IRI on its own, from one query per :data:`BATCH` IRIs."""
        iris = list(dict.fromkeys(iris))
        out: dict[str, list[ox.Triple]] = {}
        for start in range(0, len(iris), BATCH):
            chunk = iris[start : start + BATCH]
            rows_of = self._rows_function(self._store_rows(chunk))
            for iri in chunk:
                out[iri] = describe_with(rows_of, [iri])
        return out

    # -- statements pointing at an IRI ----------------------------------------------------------
    def referrers(self, iri: str, limit: int) -> tuple[list[tuple[str, str, tuple]], dict[str, int]]:
        """As :meth:`TripleIndex.referrers`: up to ``limit`` (subject, predicate, via) per predicate (a blank
        subject reported as the named resource holding it) and the count per predicate."""
        return self.referrers_each([iri], limit)[iri]

    def referrers_each(self, iris: Iterable[str], limit: int) -> dict[str, tuple[list, dict[str, int]]]:
        """:meth:`referrers` of many IRIs: one count query and one listing query per :data:`BATCH` IRIs (one
        more when blank nodes point at them)."""
        iris = list(dict.fromkeys(iris))
        out = {}
        for start in range(0, len(iris), BATCH):
            out.update(self._referrers_batch(iris[start : start + BATCH], limit))
        return out

    def _referrers_batch(self, iris: list[str], limit: int) -> dict[str, tuple[list, dict[str, int]]]:
        what = f"<{iris[0]}>" + (f" and {len(iris) - 1} more" if iris[1:] else "")
        count_rows = self.select(
            f"SELECT ?t ?p (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {_values('t', iris)} ?s ?p ?t }} GROUP BY ?t ?p",
            f"count the statements pointing at {what}",
        )
        counts: dict[str, dict[str, int]] = {iri: {} for iri in iris}
        for row in count_rows:
            if "p" in row and "t" in row:
                counts[row["t"]["value"]][row["p"]["value"]] = int(row["n"]["value"])
        found: dict[str, set[tuple[str, str, tuple]]] = {iri: set() for iri in iris}
        small = [(t, p) for t in iris for p, n in counts[t].items() if n <= limit]
        big = [(t, p) for t in iris for p, n in sorted(counts[t].items()) if n > limit]
        branches = []
        if small:
            pairs = " ".join(f"({_ref(t)} {_ref(p)})" for t, p in small)
            branches.append(f"{{ VALUES (?t ?p) {{ {pairs} }} ?s ?p ?t }}")
        for t, p in big:
            branches.append(
                f"{{ SELECT ?s ?p ?t WHERE {{ ?s {_ref(p)} {_ref(t)} BIND ({_ref(p)} AS ?p) BIND ({_ref(t)} AS ?t) }} "
                f"ORDER BY {_order_key('s')} LIMIT {int(limit)} }}"
            )
        blank = set()
        if branches:
            rows = self.select(
                "SELECT ?s ?p ?t WHERE { " + " UNION ".join(branches) + " }",
                f"list the statements pointing at {what}",
            )
            for row in rows:
                if row["s"]["type"] == "bnode":
                    blank.add((row["t"]["value"], row["p"]["value"]))
                else:
                    found[row["t"]["value"]].add((row["s"]["value"], row["p"]["value"], ()))
        if blank:
            for t, owned in self._blank_referrers(sorted(blank), limit).items():
                found[t] |= owned
        out = {}
        for iri in iris:
            mine = found[iri]
            tally = counts[iri]
            if self.shapes is not None:
                more, more_counts = self.shapes.referrers(iri, limit)
                mine.update((s, p, tuple(v)) for s, p, v in more)
                for p, n in more_counts.items():
                    tally[p] = tally.get(p, 0) + n
            out[iri] = (sorted(mine), dict(sorted(tally.items(), key=lambda item: f"<{item[0]}>")))
        return out

    def _blank_referrers(self, pairs: list[tuple[str, str]], limit: int) -> dict[str, set[tuple[str, str, tuple]]]:
        """For (target, predicate) pairs: the named resources holding the blank nodes that point at the target
        (climbing through blank nodes and lists, at most :data:`OWNER_DEPTH` levels), with the predicates
        leading down to them."""
        branches = " UNION ".join(
            f"{{ SELECT ?s ?p ?t WHERE {{ ?s {_ref(p)} {_ref(t)} FILTER isBlank(?s) "
            f"BIND ({_ref(p)} AS ?p) BIND ({_ref(t)} AS ?t) }} LIMIT {int(limit)} }}"
            for t, p in pairs
        )
        # one alternative per depth k: k - 1 blank holders, then a named one, each a join from the bound ?s
        # (nested OPTIONALs read the same, but Oxigraph evaluates an OPTIONAL's climb over the whole graph
        # on its own: minutes at a million triples)
        alternatives = []
        for depth in range(1, OWNER_DEPTH + 1):
            climb = ""
            for k in range(1, depth + 1):
                below = "?s" if k == 1 else f"?o{k - 1}"
                kind = "isIRI" if k == depth else "isBlank"
                climb += (
                    f"?h{k} <{RDF_REST}>* {below} . ?o{k} ?q{k} ?h{k} FILTER (?q{k} != <{RDF_REST}> && {kind}(?o{k})) "
                )
            alternatives.append(f"{{ {branches} {climb}}}")
        owners = " ".join(f"?o{k} ?q{k}" for k in range(1, OWNER_DEPTH + 1))
        rows = self.select(
            f"SELECT ?s ?p ?t {owners} WHERE {{ {' UNION '.join(alternatives)} }}",
            f"find who holds the blank nodes pointing at <{pairs[0][0]}>",
        )
        best: dict[tuple[str, str, str], tuple] = {}
        for row in rows:
            via: list[str] = []
            owner = None
            for k in range(1, OWNER_DEPTH + 1):
                node, predicate = row.get(f"o{k}"), row.get(f"q{k}")
                if node is None or predicate is None:
                    break
                via.insert(0, predicate["value"])
                if node["type"] == "uri":
                    owner = node["value"]
                    break
            if owner is None:
                continue
            key = (row["t"]["value"], term_text(row["s"]), row["p"]["value"])
            candidate = (owner, row["p"]["value"], tuple(via))
            if key not in best or candidate < best[key]:
                best[key] = candidate
        out: dict[str, set[tuple[str, str, tuple]]] = {}
        for (t, _, _), candidate in best.items():
            out.setdefault(t, set()).add(candidate)
        return out

    # -- the whole graph, one subject at a time (a static site from a store: slow, but bounded) ---
    def stream(self, namespace: str, limit: int) -> Iterator[tuple[str, None, tuple]]:
        for iri in self.subjects(namespace):
            yield iri, None, self.referrers(iri, limit)


def _int(rows: list[dict], var: str) -> int:
    try:
        return int(rows[0][var]["value"]) if rows else 0
    except (KeyError, ValueError) as err:
        raise EndpointError(f"a count query did not answer with a number ({err})") from None
