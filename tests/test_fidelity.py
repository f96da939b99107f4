"""Terms as written: the embedded store canonicalises literals, swio gives back the input's terms.

Checked against the input parsed independently (``pyoxigraph.parse`` keeps every term as
written), with rdflib's isomorphism test, which tells ``"0042"^^xsd:integer`` from ``"42"``.
"""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from swio.cli import main
from swio.input import terms, xsd
from swio.input.dataset import Dataset
from swio.namespaces import XSD

from .support.helpers import FIXTURES

FIDELITY = FIXTURES / "fidelity"


def parsed(*paths) -> rdflib.Graph:
    """The files as pyoxigraph parses them (terms as written), merged, in rdflib."""
    g = rdflib.Graph()
    for path in paths:
        for q in ox.parse(
            path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(), rename_blank_nodes=True
        ):
            g.add((terms.to_rdflib(q.subject), terms.to_rdflib(q.predicate), terms.to_rdflib(q.object)))
    return g


def test_ntriples_lines_are_the_written_triples_sorted_and_each_once(tmp_path):
    """The release's N-Triples lines (made by the store's writer, surrogates decoded in the text) are exactly
    the written triples, str()-sorted, each once: blank nodes, escapes, language tags, a string that merely
    contains the surrogate marker, rewritten literals, and a triple stated in two files."""
    one = tmp_path / "one.ttl"
    one.write_text(
        "@prefix ex: <https://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'ex:a ex:p "5"^^xsd:int , "0042"^^xsd:integer , "4.0"^^xsd:decimal , "1"^^xsd:boolean , 7 ;\n'
        '  ex:q [ ex:r ( "x" "y\\"z" ) ; ex:s "tab\\there\\nnew line \\\\ backslash" ] ;\n'
        '  ex:t "社会工作"@zh , "Social work"@en-GB , "a ^^<urn:x-swio:written:b>" ;\n'
        '  ex:same "shared" .\n',
        encoding="utf-8",
    )
    two = tmp_path / "two.ttl"
    two.write_text(
        "@prefix ex: <https://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'ex:a ex:same "shared" .\n_:n ex:p "+12"^^xsd:long .\n',
        encoding="utf-8",
    )
    dataset = Dataset.load([one, two], schema=False)
    assert dataset.has_surrogates
    expected = sorted(dict.fromkeys(f"{t} .".encode() for t in dataset.triples()))
    lines = dataset.ntriples_lines()
    assert lines == expected
    assert len(lines) == len(set(dataset.triples())) == len(parsed(one, two))
    back = rdflib.Graph()
    for q in ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES):
        back.add((terms.to_rdflib(q.subject), terms.to_rdflib(q.predicate), terms.to_rdflib(q.object)))
    assert isomorphic(back, parsed(one, two))


def test_the_comparison_tells_lexical_forms_apart():
    a, b = rdflib.Graph(), rdflib.Graph()
    a.add(
        (
            rdflib.URIRef("urn:s"),
            rdflib.URIRef("urn:p"),
            terms.to_rdflib(ox.Literal("0042", datatype=ox.NamedNode(XSD + "integer"))),
        )
    )
    b.add(
        (
            rdflib.URIRef("urn:s"),
            rdflib.URIRef("urn:p"),
            terms.to_rdflib(ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))),
        )
    )
    assert not isomorphic(a, b)


def test_the_store_does_rewrite_these_literals():
    """The premise: without the written view, the store's own triples differ from the input."""
    store = ox.Store()
    path = FIDELITY / "terms.ttl"
    store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
    stored = rdflib.Graph()
    for q in store:
        stored.add((terms.to_rdflib(q.subject), terms.to_rdflib(q.predicate), terms.to_rdflib(q.object)))
    assert not isomorphic(stored, parsed(path))


@pytest.mark.parametrize("name", ["terms.ttl", "simple.ttl"])
def test_triples_come_back_exactly_as_written(name):
    path = FIDELITY / name
    dataset = Dataset.load([path], schema=False)
    assert dataset.has_surrogates
    assert isomorphic(dataset.to_rdflib(), parsed(path))
    assert len(dataset) == len(parsed(path))


def test_views_written_exact_canonical_as_any_store():
    dataset = Dataset.load([FIDELITY / "simple.ttl"], schema=False)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(next(iter(dataset.query(count, view="written")))["n"].value) == len(dataset)
    # the canonical view answers by value, as a SPARQL store would
    total = next(iter(dataset.query("SELECT (SUM(?v) AS ?t) WHERE { ?s <https://example.org/fidelity/amount> ?v }")))
    assert total["t"].value == "120000000"
    rows = list(
        dataset.query(
            "SELECT ?v WHERE { <https://example.org/fidelity/a> <https://example.org/fidelity/count> ?v }",
            view="written",
        )
    )
    assert [terms.as_written(r["v"]) for r in rows] == [ox.Literal("5", datatype=ox.NamedNode(XSD + "int"))]
    rows = list(
        dataset.query("SELECT ?v WHERE { <https://example.org/fidelity/a> <https://example.org/fidelity/count> ?v }")
    )
    assert [r["v"] for r in rows] == [ox.Literal("5", datatype=ox.NamedNode(XSD + "integer"))]


def test_the_same_value_written_twice_stays_two_terms():
    dataset = Dataset.load([FIDELITY / "terms.ttl"], schema=False)
    rows = dataset.query(
        "SELECT (COUNT(DISTINCT ?v) AS ?n) WHERE { <https://example.org/fidelity/twice> "
        "<https://example.org/fidelity/value> ?v }",
        view="written",
    )
    assert next(iter(rows))["n"].value == "2"
    rows = dataset.query(
        "SELECT (COUNT(DISTINCT ?v) AS ?n) WHERE { <https://example.org/fidelity/twice> "
        "<https://example.org/fidelity/value> ?v }"
    )
    assert next(iter(rows))["n"].value == "1"


def test_written_value_maps_a_canonical_literal_back_when_unambiguous():
    dataset = Dataset.load([FIDELITY / "simple.ttl"], schema=False)
    canonical = ox.Literal("60000000", datatype=ox.NamedNode(XSD + "decimal"))
    assert dataset.written_value(canonical) == ox.Literal("60000000.0", datatype=ox.NamedNode(XSD + "decimal"))
    twice = Dataset.load([FIDELITY / "terms.ttl"], schema=False)
    five = ox.Literal("5", datatype=ox.NamedNode(XSD + "integer"))
    assert twice.written_value(five) == five  # written as 5, "5"^^xsd:int and "05": ambiguous


def test_a_triple_in_two_files_is_one_triple_in_each_view(tmp_path):
    first = tmp_path / "a.ttl"
    second = tmp_path / "b.ttl"
    text = '<urn:s> <urn:p> "5"^^<http://www.w3.org/2001/XMLSchema#int> .\n'
    first.write_text(text)
    second.write_text(text + "<urn:s> <urn:p> 5 .\n")
    dataset = Dataset.load([first, second], schema=False)
    written = {r["v"] for r in dataset.query("SELECT DISTINCT ?v WHERE { <urn:s> <urn:p> ?v }", view="written")}
    assert {terms.as_written(v) for v in written} == {
        ox.Literal("5", datatype=ox.NamedNode(XSD + "int")),
        ox.Literal("5", datatype=ox.NamedNode(XSD + "integer")),
    }
    canonical = list(dataset.query("SELECT DISTINCT ?v WHERE { <urn:s> <urn:p> ?v }"))
    assert len(canonical) == 1


FORMS = {  # lexical forms a store may rewrite, per datatype
    "integer": ["5", "05", "+5", "0042", "42", "-0", "0"],
    "int": ["5", "+5", "05", "42"],
    "decimal": ["4.0", "4.00", "4", "+4.0", ".5", "0.50"],
    "boolean": ["1", "0", "true", "false"],
    "double": ["1e3", "1000.0", "1.0E3", "INF"],
    "string": ["5", "4.0"],
}


@pytest.mark.parametrize("seed", range(6))
def test_random_mixtures_of_forms_come_back_exactly(tmp_path, seed):
    """Fast path (a literal moved by value) and exact path (ambiguous files rebuilt from the parse) alike."""
    rnd = random.Random(seed)
    lines = ["@prefix ex: <https://example.org/r/> ."]
    for _ in range(60):
        subject = rnd.choice([f"ex:s{rnd.randrange(8)}", f"_:b{rnd.randrange(5)}", "[]"])
        datatype = rnd.choice(sorted(FORMS))
        lexical = rnd.choice(FORMS[datatype])
        lines.append(f'{subject} ex:p{rnd.randrange(3)} "{lexical}"^^<{XSD}{datatype}> .')
    path = tmp_path / f"mix-{seed}.ttl"
    path.write_text("\n".join(lines) + "\n")
    dataset = Dataset.load([path], schema=False)
    assert isomorphic(dataset.to_rdflib(), parsed(path))


def test_ill_typed_literals_are_found_for_every_datatype(tmp_path):
    path = tmp_path / "ill.ttl"
    path.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<urn:a> <urn:p> "2012-04-31" ^^xsd:date .\n'  # valid Turtle: a space before ^^
        '<urn:a> <urn:p> "25:61:00"^^xsd:time .\n'
        '<urn:a> <urn:p> "twelve"^^xsd:int .\n'
        '<urn:a> <urn:p> "3000000000"^^xsd:int .\n'
        '<urn:a> <urn:p> "ab"^^xsd:gYear .\n'
        '<urn:a> <urn:p> "2013-07-01"^^xsd:date .\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if "ill-typed" in line]
    assert [e.split(": ill-typed literal ")[1].split(":")[0] for e in errors] == [
        '"2012-04-31"^^xsd',
        '"25',
        '"twelve"^^xsd',
        '"3000000000"^^xsd',
        '"ab"^^xsd',
    ]
    assert [e.split(":")[3] for e in errors] == ["2", "3", "4", "5", "6"]  # the lines
    kept = Dataset.load([path], schema=False, strict_literals=False)
    assert len(kept.ill_typed) == 5


@pytest.mark.parametrize(
    "lexical, datatype, ok",
    [
        ("2012-02-29", "date", True),
        ("2013-02-29", "date", False),
        ("2000-02-29", "date", True),
        ("1900-02-29", "date", False),
        ("2012-04-31", "date", False),
        ("0000-01-01", "date", True),
        ("24:00:00", "time", True),
        ("24:00:01", "time", False),
        ("23:59:60", "time", False),
        ("2013-07-01T10:00:00+14:00", "dateTime", True),
        ("2013-07-01T10:00:00+14:01", "dateTime", False),
        ("2013-07-01T10:00:00", "dateTimeStamp", False),
        ("--02-29", "gMonthDay", True),
        ("--04-31", "gMonthDay", False),
        ("-2013", "gYear", True),
        ("213", "gYear", False),
        ("2013-7", "gYearMonth", False),
        ("P1Y2M3DT4H5M6.7S", "duration", True),
        ("P", "duration", False),
        ("PT", "duration", False),
        ("P1YT", "duration", False),
        ("P1D", "yearMonthDuration", False),
        ("PT1H", "dayTimeDuration", True),
        ("127", "byte", True),
        ("128", "byte", False),
        ("-1", "nonNegativeInteger", False),
        ("0", "positiveInteger", False),
        ("18446744073709551615", "unsignedLong", True),
        ("18446744073709551616", "unsignedLong", False),
        (" 5", "integer", False),
        ("5 ", "int", False),
        ("1.", "decimal", True),
        (".", "decimal", False),
        ("1e", "double", False),
        ("-INF", "float", True),
        ("inf", "double", False),
        ("nan", "double", False),
        ("yes", "boolean", False),
        ("TRUE", "boolean", False),
        ("0A1b", "hexBinary", True),
        ("0A1", "hexBinary", False),
        ("aGVsbG8=", "base64Binary", True),
        ("aGVsbG8", "base64Binary", False),
        ("en-GB", "language", True),
        ("en_GB", "language", False),
        ("a  b", "token", False),
        (" a", "token", False),
        ("a\tb", "normalizedString", False),
        ("x:y", "NCName", False),
        ("x:y", "Name", True),
        ("1x", "NCName", False),
        ("a b", "NMTOKENS", True),
    ],
)
def test_xsd_lexical_spaces(lexical, datatype, ok):
    assert xsd.well_formed(lexical, XSD + datatype) is ok


def test_unknown_datatypes_are_not_judged():
    assert xsd.well_formed("anything", "https://example.org/myType")


def test_every_release_distribution_carries_the_terms_as_written(tmp_path):
    """`swio build` of the fixture: Turtle, N-Triples, RDF/XML, JSON-LD and TriG each hold exactly the input's terms."""
    from swio import resources

    source = FIDELITY / "terms.ttl"
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "dist"), str(source)])
    assert result.exit_code == 0, result.output
    expected = parsed(*resources.SCHEMA_FILES, source)
    distributions = sorted((tmp_path / "dist").glob("swio-0*.*"))
    assert sorted(p.suffix for p in distributions) == [".jsonld", ".nt", ".rdf", ".trig", ".ttl"]
    for path in distributions:
        got = rdflib.Graph()
        for q in ox.parse(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:])):
            got.add((terms.to_rdflib(q.subject), terms.to_rdflib(q.predicate), terms.to_rdflib(q.object)))
        assert isomorphic(got, expected), path.name
