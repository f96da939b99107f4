"""Pre-binding for all focus nodes at once gives exactly what running the query once per focus node
with ``$this`` replaced by the node gives (the definition of pre-binding, SHACL 5.3.1).

The reference substitutes the focus IRI for ``$this`` in the query text and runs it alone; the
engine's one-query form (join, LATERAL, or per focus node for aggregates and LIMIT) must return
the same multiset of solutions for every focus node.
"""

from __future__ import annotations

from collections import Counter

import pytest

from swio.input.dataset import Dataset
from swio.shacl.prebinding import prepare

from .support.shacl_snippets import write

DATA = """
ex:a ex:p ex:b , ex:c ; ex:name "A" ; ex:n 1 .
ex:b ex:p ex:c ; ex:name "B" , "Bee" ; ex:n 2 .
ex:c ex:q ex:a ; ex:n 3 .
ex:d ex:name "D" .
"""
FOCUS = ["a", "b", "c", "d", "e"]  # ex:e is in no triple

QUERIES = {
    "filter only": "SELECT ?x WHERE { ?x ex:n ?n FILTER ($this = ex:a || ?x = $this) }",
    "union branch": "SELECT ?o WHERE { { ?s ex:name ?o } UNION { $this ex:p ?o } }",
    "nested filter": "SELECT ?o WHERE { { { $this ex:p ?o } FILTER (?o != $this) } FILTER (true) }",
    "bind": "SELECT ?that ?o WHERE { BIND ($this AS ?that) OPTIONAL { ?that ex:name ?o } }",
    "optional": "SELECT ?s ?o WHERE { ?s ex:n ?n OPTIONAL { ?s ex:p ?o FILTER (?o = $this) } }",
    "not exists in optional": "SELECT ?s WHERE { ?s ex:n ?n OPTIONAL { ?s ex:p ?o FILTER NOT EXISTS { $this ex:q ?o } } }",
    "exists at top": "SELECT ?s WHERE { ?s ex:n ?n FILTER EXISTS { ?s ex:p $this } }",
    "sub-select": "SELECT ?o WHERE { { SELECT $this ?o WHERE { $this ex:p ?o } } }",
    "sub-select with aggregate": "SELECT ?k WHERE { { SELECT $this (COUNT(?o) AS ?k) WHERE { $this ex:p ?o } "
    "GROUP BY $this } }",
    "group by": "SELECT ?o (COUNT(*) AS ?k) WHERE { $this ex:p ?o . ?o ex:n ?n } GROUP BY ?o",
    "implicit group": "SELECT (COUNT(?o) AS ?k) WHERE { OPTIONAL { $this ex:name ?o } }",
    "limit": "SELECT ?o WHERE { $this ex:name ?o } ORDER BY ?o LIMIT 1",
    "graph pattern only about others": "SELECT ?s WHERE { ?s ex:q ?o }",
    "filter in a union branch": "SELECT ?o WHERE { ?x ex:n ?o { FILTER (false) } UNION { FILTER ($this = ex:a) } }",
    "filter in a nested group": "SELECT ?o WHERE { ?x ex:n ?o { FILTER (?x = $this) } }",
    "filter in a sub-select": "SELECT ?o ?z WHERE { ?x ex:n ?o { SELECT $this ?z WHERE { BIND (1 AS ?z) "
    "FILTER ($this != ex:b) } } }",
    "distinct": "SELECT DISTINCT ?o WHERE { { $this ex:p ?x } UNION { ?x ex:p $this } ?x ex:n ?o }",
}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    path = write(tmp_path_factory.mktemp("prebinding"), "data.ttl", DATA)
    return Dataset.load([path], schema=False)


def _rows(result, names):
    return Counter(tuple(str(row[n]) if row[n] is not None else None for n in names) for row in result)


def _reference(dataset, text, node):
    """The query with the focus node written in place of $this (a sub-SELECT then projects the constant
    away, and GROUP BY takes it as an expression: both mean the same)."""
    text = text.replace("SELECT $this", "SELECT").replace("GROUP BY $this", "GROUP BY ($this)")
    query = "PREFIX ex: <http://example.org/>\n" + text.replace("$this", f"<http://example.org/{node}>")
    result = dataset.query(query, view="written")
    names = [v.value for v in result.variables]
    return names, _rows(result, names)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_one_query_for_all_focus_nodes_equals_one_query_per_node(dataset, name):
    text = QUERIES[name]
    prepared = prepare(text, {"ex": "http://example.org/"}, form="SELECT", prebound={"this"}, path=None, where=name)
    focus = "VALUES ?this { " + " ".join(f"<http://example.org/{n}>" for n in FOCUS) + " }"
    expected = {}
    for node in FOCUS:
        names, rows = _reference(dataset, text, node)
        expected[node] = rows
    actual = {}
    if prepared.mode == "per-focus":
        for node in FOCUS:
            result = dataset.query(
                prepared.select(f"VALUES ?this {{ <http://example.org/{node}> }}", per_focus=True), view="written"
            )
            actual[node] = _rows(result, names)
    else:
        result = dataset.query(prepared.select(focus), view="written")
        for node in FOCUS:
            actual[node] = Counter()
        for row in result:
            key = tuple(str(row[n]) if row[n] is not None else None for n in names)
            actual[row["this"].value.rsplit("/", 1)[-1]][key] += 1
    assert actual == expected


def test_the_modes_are_the_ones_expected():
    def mode(text):
        return prepare(text, {"ex": "http://example.org/"}, form="SELECT", prebound={"this"}, path=None, where="t").mode

    assert mode(QUERIES["exists at top"]) == "join"
    assert mode(QUERIES["filter in a nested group"]) == "lateral"
    assert mode(QUERIES["filter only"]) == "join"
    assert mode(QUERIES["union branch"]) == "lateral"
    assert mode(QUERIES["filter in a union branch"]) == "lateral"
    assert mode(QUERIES["not exists in optional"]) == "lateral"
    assert mode(QUERIES["group by"]) == "join"
    assert mode(QUERIES["implicit group"]) == "per-focus"
    assert mode(QUERIES["limit"]) == "per-focus"


@pytest.mark.parametrize(
    "body,anchors",
    [
        ("$this ex:p ?o", {"http://example.org/p"}),
        ("$this <http://example.org/q> ?o ; ex:p ?x", {"http://example.org/q"}),
        ("OPTIONAL { ?a ex:q ?b } $this ex:p ?o", {"http://example.org/p"}),
        ("BIND ($this AS ?x) $this ex:p ?o", set()),
        ("$this ex:p/ex:q ?o", set()),
        ("?s ex:p $this", set()),
        ("{ $this ex:p ?o } UNION { $this ex:q ?o }", set()),
    ],
)
def test_a_query_that_starts_from_this_needs_no_focus_pattern(body, anchors):
    prepared = prepare(
        f"SELECT $this WHERE {{ {body} }}",
        {"ex": "http://example.org/"},
        form="SELECT",
        prebound={"this"},
        path=None,
        where="t",
    )
    assert prepared.anchors() == anchors


def test_anchored_query_on_subjects_of_target_gives_the_per_focus_results(tmp_path):
    from .support.shacl_snippets import short, validate

    shapes = (
        'ex:S sh:targetSubjectsOf ex:p ; sh:sparql [ sh:prefixes ex: ; sh:select """'
        'SELECT $this ?o WHERE { $this ex:p ?o FILTER (?o > 1) }""" ] .\n'
        'ex: sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .'
    )
    results = validate(tmp_path, "ex:a ex:p 1 , 2 , 3 . ex:b ex:p 0 . ex:c ex:q 5 .", shapes)
    assert sorted((short(r.focus), str(r.bindings["o"])) for r in results) == [("a", "2"), ("a", "3")]
