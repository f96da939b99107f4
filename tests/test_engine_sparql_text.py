"""The SPARQL text analysis behind pre-binding and the choice of the union graph for SPARQL constraints."""

from __future__ import annotations

import pytest

from swio.shacl.sparql_text import has_variable_predicate, iris, parse

PREFIX = "PREFIX ex: <http://example.org/>\n"


@pytest.mark.parametrize(
    "where,expected",
    [
        ("?s ex:p ?o", False),
        ("?s ?p ?o", True),
        ("?s ex:p ?o ; ?q ?r", True),
        ("?s ex:p ?o , ?o2 ; ex:q [ ex:r ?x ; ?y ?z ]", True),
        ("?s ex:p ?o , ?o2 ; ex:q [ ex:r ?x ] . ?x a ex:C", False),
        ("?s ex:p/ex:q* ?o . ?s ^ex:r|ex:t ?x", False),
        ("?s (ex:p|ex:q) ?o", False),
        ("?s (ex:q|^ex:r)*/a ?o . ?o ex:s ( 1 ?x )", False),
        ("?s !ex:p ?o", True),  # a negated property set: any other predicate
        ("?s ex:p/!(ex:q|ex:r) ?o", True),
        ("?s (ex:p|!ex:q) ?o", True),
        ('?s ex:p "a"@en , "1"^^<http://www.w3.org/2001/XMLSchema#int> ; ex:q ?x FILTER (?x != ?s)', False),
        ("?s ex:p ?o FILTER NOT EXISTS { ?o ?any ?thing }", True),
        ("?s ex:p ?o FILTER (EXISTS { ?o ex:q ?v } && ?o > 1) ?o ex:r ?z", False),
        ("{ ?s ex:p ?o } UNION { ?s ex:q ?o } OPTIONAL { ?o ex:r ?x } BIND (STR(?x) AS ?y)", False),
        ("{ SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ex:p ?o } GROUP BY ?s ORDER BY ?n LIMIT 3 } ?s ex:q ?v", False),
        ("GRAPH ?g { ?s ex:p ?o }", False),
        ("VALUES ?t { ex:A ex:B } ?s a ?t FILTER EXISTS { VALUES (?x ?y) { (ex:a 1) (UNDEF 2) } ?s ex:p ?x }", False),
        ("VALUES ?t { ex:A } ?s ?t ?o", True),
        ("?s ex:p ( 1 2 ?x ) . ( ?a ?b ) ex:q ?c", False),
    ],
)
def test_variable_predicates_are_found(where, expected):
    assert has_variable_predicate(parse(PREFIX + f"SELECT * WHERE {{ {where} }}")) is expected


def test_iris_expand_prefixed_names():
    found = iris(parse(PREFIX + "SELECT * WHERE { ?s a ex:C ; <http://other.org/p> ex:v }"))
    assert found == {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://example.org/C",
        "http://other.org/p",
        "http://example.org/v",
    }
