"""In-store validation (issue 12.1): ``swio validate --endpoint`` runs the compiled shapes as queries
inside a real store and must report what the embedded engine reports on the same data.

Real servers: an Oxigraph server (from PyPI) and Virtuoso (Debian's virtuoso-opensource, which
``scripts/test`` installs), started once per module on 127.0.0.1. Virtuoso runs with its
silent result cap lowered to 10,000 rows, so the 100k-triple graph's larger answers must be paged.

Results are compared as (severity, focus node, shape, component, path, value), the value by its
datatype and value: stores canonicalise literals when they store them (``"90.0"`` comes back as
``"90"``), so a literal is the same result whatever lexical form each side shows.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner
from rdflib import BNode, Literal

from swio import synth
from swio.cli import main
from swio.input.dataset import Dataset
from swio.remote.load import load
from swio.remote.validate import validate_endpoint
from swio.shacl.validation import validate

from .support.helpers import REPO
from .support.servers import start_oxigraph, start_virtuoso

FIXTURES = REPO / "tests" / "fixtures"
BROKEN = sorted((FIXTURES / "shapes").glob("*.fail.ttl")) + [FIXTURES / "bad" / "violations.ttl"]


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def store(request, tmp_path_factory):
    if request.param == "oxigraph":
        server = start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "db")
        server.credentials = {}
    else:
        server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"), max_rows=10_000, max_query_seconds=120)
        server.credentials = {"user": server.user, "password": server.password}
    server.name = request.param
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    return synth.generate(tmp_path_factory.mktemp("synth"), scale=100_000, seed=11, violations=3)


def put(server, paths, name: str) -> list[str]:
    """Load files into two graphs of the store (not validated first: broken data must get in) and
    return the graph IRIs."""
    graphs = {"ontology": f"urn:swio:test:{name}:ontology", "data": f"urn:swio:test:{name}:data"}
    load(
        Dataset.load(paths),
        store=server.store,
        update=server.update,
        query=server.query,
        graphs=graphs,
        validate=False,
        **server.credentials,
    )
    return list(graphs.values())


def key(r) -> tuple:
    def term(t):
        if t is None:
            return None
        if isinstance(t, BNode):
            return "_:"
        if isinstance(t, Literal):
            value = t.toPython()
            return (str(t.datatype or ""), t.language, value if value is not t else str(t))
        return str(t)

    return (
        r.severity,
        term(r.focus),
        str(r.named_shape),
        "_:" if isinstance(r.shape, BNode) else str(r.shape),
        r.component,
        r.path,
        term(r.value),
    )


def same_results(in_store, embedded) -> None:
    a, b = Counter(map(key, in_store.results)), Counter(map(key, embedded.results))
    assert a == b, f"only in the store: {a - b}\nonly embedded: {b - a}"


def test_the_shipped_graph(store):
    graphs = put(store, None, "shipped")
    report = validate_endpoint(store.query, graphs=graphs, **store.credentials)
    embedded = validate()
    same_results(report, embedded)
    assert report.triples == embedded.triples
    assert report.warnings == 1 and report.infos == 1 and report.violations == 0


def test_the_broken_fixtures(store):
    graphs = put(store, BROKEN, "broken")
    report = validate_endpoint(store.query, graphs=graphs, **store.credentials)
    embedded = validate(BROKEN)
    assert embedded.violations > 20  # the fixtures break many shapes
    same_results(report, embedded)


def test_a_seeded_synthetic_graph_of_100k_triples(store, synthetic):
    graphs = put(store, [synthetic.path], "synthetic")
    report = validate_endpoint(store.query, graphs=graphs, workers=2, **store.credentials)
    assert report.triples > 100_000
    missing, unexpected = synth.compare(report.results, synthetic.ground_truth)
    assert not missing and not unexpected, (missing, unexpected)
    same_results(report, validate([synthetic.path]))


def test_the_cli_prints_the_report_and_exits_1_on_violations(store):
    graphs = put(store, BROKEN, "cli")
    auth = ["--user", store.user, "--password", store.password] if store.credentials else []
    args = ["validate", "--endpoint", store.query, "--graph", graphs[0], "--graph", graphs[1], *auth]
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert doc["store"].startswith(store.query) and graphs[1] in doc["store"]
    assert doc["counts"]["violations"] == validate(BROKEN).violations
    text = CliRunner().invoke(main, args)
    assert text.exit_code == 1
    assert f"in the store {store.query}" in text.stdout.splitlines()[-1]


def test_an_empty_graph_is_an_error_not_a_pass(store):
    result = CliRunner().invoke(main, ["validate", "--endpoint", store.query, "--graph", "urn:swio:test:nothing-here"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"swio: error: {store.query}: the graph(s) <urn:swio:test:nothing-here> hold no triples; nothing to validate "
        "(check --graph)"
    ]


def test_shapes_the_store_cannot_run_are_refused_with_one_line(store, tmp_path):
    graphs = put(store, [FIXTURES / "shapes" / "LabelShape.pass.ttl"], "refusals")
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <urn:ex:> .
ex:S a sh:NodeShape ; sh:targetClass <https://w3id.org/swio/def#SocialWorkAssociation> ;
  sh:sparql [ sh:select "SELECT $this WHERE { GRAPH $shapesGraph { ?s ?p ?o } }" ] .
""")
    result = CliRunner().invoke(
        main,
        ["validate", "--endpoint", store.query, "--shapes", str(shapes), "--graph", graphs[0], "--graph", graphs[1]],
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "$shapesGraph" in lines[0], result.stderr


def test_a_store_without_lateral_refuses_zero_length_paths_instead_of_answering_wrongly(store, tmp_path):
    graphs = put(store, [FIXTURES / "shapes" / "LabelShape.pass.ttl"], "lateral")
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <urn:ex:> .
ex:S a sh:NodeShape ; sh:targetClass <https://w3id.org/swio/def#SocialWorkAssociation> ;
  sh:property [ sh:path [ sh:zeroOrMorePath ex:partOf ] ; sh:nodeKind sh:IRI ] .
""")
    args = ["validate", "--endpoint", store.query, "--shapes", str(shapes), "--graph", graphs[0], "--graph", graphs[1]]
    if store.credentials:
        args += ["--user", store.user, "--password", store.password]
    result = CliRunner().invoke(main, args)
    if store.name == "oxigraph":  # Oxigraph has LATERAL: the same answer as embedded (conforms)
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "LATERAL" in lines[0], result.stderr


def test_options_that_need_an_endpoint_are_refused_without_one():
    result = CliRunner().invoke(main, ["validate", "--graph", "urn:x:g"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "swio: error: --graph only applies with --endpoint"
    result = CliRunner().invoke(main, ["validate", "data", "--endpoint", "http://127.0.0.1:9/sparql"])
    assert result.exit_code == 2
    assert "not both" in result.stderr


def test_an_unreachable_endpoint_is_one_line_and_exit_2():
    result = CliRunner().invoke(main, ["validate", "--endpoint", "http://127.0.0.1:9/sparql", "--timeout", "3"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "connection refused" in lines[0], result.stderr
