"""Running other SHACL test suites (W3C, TopQuadrant's DASH tests, shacl-engine's, pySHACL's issue cases) with
swio's engine, and comparing its results with each test's expected report.

Results are compared as the W3C suite's README says: sh:conforms, and the multiset of (focusNode, resultPath,
value, sourceShape, sourceConstraintComponent, resultSeverity), blank nodes compared by position (any blank
node matches any blank node), paths structurally. Where an expected result gives sh:resultMessage, the
messages are compared too (shacl-engine's message tests).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SH

from swio.input.dataset import Dataset
from swio.shacl.model import graph_from_triples, load_shapes, read_model
from swio.shacl.paths import read_path
from swio.shacl.sparql_engine import SparqlEngine

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"


def parse(path: Path, base: str | None = None):
    """A Turtle file as an rdflib graph, terms as written."""
    return graph_from_triples(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=base or path.as_uri()))


def file_of(iri) -> Path:
    assert str(iri).startswith("file://"), iri
    return Path(str(iri)[len("file://") :])


def manifest_entries(manifest: Path):
    """(manifest graph, entry node) for every entry of a manifest and the manifests it includes."""
    g = parse(manifest)
    for include in g.objects(None, URIRef(MF + "include")):
        yield from manifest_entries(file_of(include))
    for lst in g.objects(None, URIRef(MF + "entries")):
        for entry in g.items(lst):
            yield g, entry


def load_data(path: Path) -> Dataset:
    """The data graph alone (no SWIO ontology), ill-typed literals kept for sh:datatype to report."""
    return Dataset.load([path], schema=False, strict_literals=False, allow_empty=True)


def validate_files(data_path: Path, shapes_path: Path):
    """swio's results for a data graph and a shapes graph (one graph when the paths are the same file: the
    blank nodes of the shapes are then those of the data)."""
    dataset = load_data(data_path)
    if shapes_path == data_path:
        shapes = graph_from_triples(dataset.triples())
    else:
        shapes = load_shapes(shapes_path)
    return SparqlEngine(read_model(shapes)).validate(dataset)


def term_key(term):
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal):
        return ("literal", str(term), str(term.datatype or ""), (term.language or "").lower())
    return str(term)


@dataclass
class Expected:
    conforms: bool
    results: Counter
    messages: bool = False  # the expected results give messages, which are compared
    extra: list = field(default_factory=list)  # predicates of the expected results swio does not give


def expected_report(g, report, *, messages: bool = True) -> Expected:
    """The expected sh:ValidationReport ``report`` of graph ``g``; ``messages``: compare sh:resultMessage
    where the expected results give it (the W3C suite's README says not to)."""
    conforms = g.value(report, SH.conforms)
    results = list(g.objects(report, SH.result))
    messages = messages and any(g.value(r, SH.resultMessage) is not None for r in results)
    keys = Counter()
    for r in results:
        path = g.value(r, SH.resultPath)
        key = (
            term_key(g.value(r, SH.focusNode)),
            read_path(g, path, "expected result") if path is not None else None,
            term_key(g.value(r, SH.value)),
            term_key(g.value(r, SH.sourceShape)),
            str(g.value(r, SH.sourceConstraintComponent)),
            str(g.value(r, SH.resultSeverity)),
        )
        if messages:
            key += (frozenset(str(m) for m in g.objects(r, SH.resultMessage)),)
        keys[key] += 1
    extra = sorted({str(p) for r in results for p in g.predicates(r) if p == SH.detail})
    return Expected(str(conforms) == "true", keys, messages, extra)


def actual_results(results, messages: bool = False) -> Counter:
    keys = Counter()
    for r in results:
        key = (
            term_key(r.focus),
            r.result_path,
            term_key(r.value),
            term_key(r.shape),
            str(r.component_iri),
            str(r.severity_iri),
        )
        if messages:
            key += (frozenset(r.messages().values()) if r.templates else frozenset(),)
        keys[key] += 1
    return keys


def outcome(results, expected: Expected) -> str:
    """``same`` when swio's results are the expected report's, else a short description of the difference."""
    actual = actual_results(results, expected.messages)
    if (not results) == expected.conforms and actual == expected.results:
        return "same"
    missing = expected.results - actual
    extra = actual - expected.results
    return f"differs: {sum(missing.values())} expected results not given, {sum(extra.values())} others given"
