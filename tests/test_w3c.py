"""The W3C SHACL test suite (tests/w3c, see its README for the source and licence), one test per
manifest entry, run with the default engine.

Results are compared as the suite's README says: sh:conforms, and the multiset of
(focusNode, resultPath, value, sourceShape, sourceConstraintComponent, resultSeverity), blank
nodes compared by position (any blank node matches any blank node), paths structurally.
``sht:Failure`` entries must be refused with an InputError.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, SH

from swio.errors import InputError
from swio.input.dataset import Dataset
from swio.shacl.model import graph_from_triples, load_shapes, read_model
from swio.shacl.paths import read_path
from swio.shacl.sparql_engine import SparqlEngine

SUITE = Path(__file__).parent / "w3c"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"


def _graph(path: Path):
    return graph_from_triples(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.as_uri()))


def _path_of(iri: URIRef) -> Path:
    assert str(iri).startswith("file://"), iri
    return Path(str(iri)[len("file://") :])


def _entries(manifest: Path):
    g = _graph(manifest)
    for include in g.objects(None, URIRef(MF + "include")):
        yield from _entries(_path_of(include))
    for lst in g.objects(None, URIRef(MF + "entries")):
        for entry in g.items(lst):
            yield manifest, g, entry


ENTRIES = sorted(_entries(SUITE / "manifest.ttl"), key=lambda e: str(e[2]))


def _id(entry) -> str:
    return str(entry[2])[len(SUITE.as_uri()) + 1 :]


def _load_data(path: Path) -> Dataset:
    """The data graph alone (no SWIO ontology), ill-typed literals kept for sh:datatype to report."""
    return Dataset.load([path], schema=False, strict_literals=False)


def _term_key(term):
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal):
        return ("literal", str(term), str(term.datatype or ""), (term.language or "").lower())
    return str(term)


def expected_results(g, report) -> tuple[bool, Counter]:
    conforms = g.value(report, SH.conforms)
    keys = Counter()
    for r in g.objects(report, SH.result):
        path = g.value(r, SH.resultPath)
        keys[
            (
                _term_key(g.value(r, SH.focusNode)),
                read_path(g, path, "expected result") if path is not None else None,
                _term_key(g.value(r, SH.value)),
                _term_key(g.value(r, SH.sourceShape)),
                str(g.value(r, SH.sourceConstraintComponent)),
                str(g.value(r, SH.resultSeverity)),
            )
        ] += 1
    return str(conforms) == "true", keys


def actual_results(results) -> Counter:
    return Counter(
        (
            _term_key(r.focus),
            r.result_path,
            _term_key(r.value),
            _term_key(r.shape),
            str(r.component_iri),
            str(r.severity_iri),
        )
        for r in results
    )


def run_entry(g, entry):
    action = g.value(entry, URIRef(MF + "action"))
    data_path = _path_of(g.value(action, URIRef(SHT + "dataGraph")))
    shapes_path = _path_of(g.value(action, URIRef(SHT + "shapesGraph")))
    dataset = _load_data(data_path)
    if shapes_path == data_path:  # one graph: blank nodes of the shapes are those of the data
        shapes = graph_from_triples(dataset.triples())
    else:
        shapes = load_shapes(shapes_path)
    return SparqlEngine(read_model(shapes)).validate(dataset)


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_w3c(entry):
    _manifest, g, node = entry
    assert (node, RDF.type, URIRef(SHT + "Validate")) in g
    result = g.value(node, URIRef(MF + "result"))
    if result == URIRef(SHT + "Failure"):
        with pytest.raises(InputError):
            run_entry(g, node)
        return
    results = run_entry(g, node)
    conforms, expected = expected_results(g, result)
    assert (not results) == conforms
    assert actual_results(results) == expected


def test_the_suite_is_complete():
    core = [e for e in ENTRIES if _id(e).startswith("core/")]
    sparql = [e for e in ENTRIES if _id(e).startswith("sparql/")]
    assert (len(core), len(sparql)) == (98, 22)
