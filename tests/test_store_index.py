"""The site's index read from a SPARQL store (``StoreIndex``) answers exactly what the local SQLite index
(``TripleIndex``) answers about the same statements, on real Oxigraph and Virtuoso servers.

The graph is made to hit the store quirks: blank nodes nested deeper than one description query reaches
(so the query is repeated deeper), lists holding IRIs and blank nodes, blank nodes pointing at IRIs from
inside lists (their owner is the named resource that holds them), more referrers than the limit per
predicate, IRIs where one is a prefix of another (sorted as the local index sorts them), labels in
several languages and predicates, and — on Virtuoso, whose row cap is lowered to 10 — answers longer
than the store's silent cap (fetched in pages).
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import requests
from requests.auth import HTTPDigestAuth

from swio.publish.site.store_index import StoreIndex
from swio.publish.site.triple_index import TripleIndex
from swio.remote.http import HttpClient
from swio.remote.sparql import SparqlEndpoint

from .support.servers import start_oxigraph, start_virtuoso

GRAPH = "urn:swio:test:store-index"
NS = "https://w3id.org/swio/id/"
ITEMS = 25  # subjects pointing at the hub: more than Virtuoso's lowered row cap (10)
TURTLE = (
    """
@prefix ex: <https://w3id.org/swio/id/test/> .
@prefix other: <https://w3id.org/swio/id/other/> .
@prefix kinded: <https://w3id.org/swio/id/kinded/> .
@prefix named: <https://w3id.org/swio/id/named/> .
@prefix mixed: <https://w3id.org/swio/id/mixed/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:a a owl:Class ; rdfs:label "A"@en, "甲"@zh, "Z"@fr ; skos:prefLabel "Alpha"@en ; foaf:name "N" ;
    ex:p [ ex:q "1"^^xsd:integer ; ex:r [ ex:s ( ex:b [ ex:t ex:c ] "x"@en ) ] ] ;
    ex:deep [ ex:n [ ex:n [ ex:n [ ex:n [ ex:n [ ex:n [ ex:end ex:c ] ] ] ] ] ] ] ;
    ex:link ex:hub .
ex:b rdfs:label "B"@en ; rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:link ;
    owl:someValuesFrom [ owl:unionOf ( ex:c ex:hub ) ] ] .
ex:c rdfs:label "C"@en ; skos:prefLabel "Cee"@en, "丙"@zh .
ex:x rdfs:label "x"@en . ex:x-2 rdfs:label "x2"@en . <https://w3id.org/swio/id/test/x/y> rdfs:label "xy"@en .
other:o1 ex:link ex:hub ; foaf:name "o1" .
kinded:k1 a ex:b ; skos:inScheme ex:s1, ex:s2 ; rdfs:label "k1"@en .
kinded:k2 a ex:b, ex:c ; skos:inScheme ex:s2, ex:s1 .
kinded:k3 a ex:c ; skos:inScheme ex:s2 .
ex:c rdfs:subClassOf ex:b .
named:n1 a ex:c . named:n2 a ex:c, ex:b . named:n3 a ex:c ; skos:inScheme ex:s1 .
mixed:m1 a ex:b . mixed:m2 a ex:hub .
<http://example.org/elsewhere> ex:link ex:c ; rdfs:label "elsewhere"@en .
ex:hub rdfs:label "hub"@en ; ex:link [ ex:in ( ex:c ) ] .
"""
    + "".join(f"ex:item-{n:02d} ex:link ex:hub ; rdfs:label 'item {n}'@en .\n" for n in range(ITEMS))
    + "".join(f"[ ex:link ex:hub ; ex:n {n} ] .\n" for n in range(3))
)


@pytest.fixture(scope="module")
def local():
    index = TripleIndex.build(q.triple for q in ox.parse(input=TURTLE.encode(), format=ox.RdfFormat.TURTLE))
    yield index
    index.close()


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def store(request, tmp_path_factory):
    if request.param == "oxigraph":
        server = start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "db")
        auth, url = None, f"{server.store}?graph={GRAPH}"
    else:
        server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"), max_rows=10)
        auth, url = HTTPDigestAuth(server.user, server.password), f"{server.store}?graph-uri={GRAPH}"
    try:
        response = requests.put(
            url, data=TURTLE.encode(), headers={"Content-Type": "text/turtle"}, auth=auth, timeout=30
        )
        assert response.status_code in (200, 201, 204), response.text
        http = HttpClient(timeout=30, retries=0)
        index = StoreIndex(SparqlEndpoint(server.query, http), [GRAPH], timeout=30)
        index.name = request.param
        yield index
        http.close()
    finally:
        server.stop()


def named_subjects(local) -> list[str]:
    return list(local.subjects())


def test_every_description_is_the_same_triples(local, store):
    for iri in named_subjects(local):
        assert store.describe([iri]) == local.describe([iri]), iri
    several = ["https://w3id.org/swio/id/test/a", "https://w3id.org/swio/id/test/b"]
    assert store.describe(several) == local.describe(several)


def test_blank_nodes_deeper_than_one_query_are_read_by_repeating_it_deeper(store):
    before = store.queries
    triples = store.describe(["https://w3id.org/swio/id/test/b"])
    assert store.queries - before == 1  # the restriction and its union list: within one query
    assert len(triples) == 10
    before = store.queries
    triples = store.describe(["https://w3id.org/swio/id/test/a"])
    assert store.queries - before == 3  # ex:deep goes 7 levels deep: queries reaching 3, 6 and 12 levels
    assert any(t.predicate.value.endswith("/end") for t in triples)


def test_statements_pointing_at_each_resource(local, store):
    for iri in named_subjects(local) + ["https://w3id.org/swio/id/test/missing"]:
        for limit in (2, 200):
            assert store.referrers(iri, limit) == local.referrers(iri, limit), (iri, limit)


def test_a_blank_referrer_is_reported_as_the_resource_that_holds_it(store):
    found, counts = store.referrers("https://w3id.org/swio/id/test/c", 10)
    assert (
        "https://w3id.org/swio/id/test/hub",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#first",
        ("https://w3id.org/swio/id/test/link", "https://w3id.org/swio/id/test/in"),
    ) in found


def test_labels_and_subjects(local, store):
    iris = named_subjects(local) + ["https://w3id.org/swio/id/test/missing", "http://example.org/nothing"]
    assert store.nodes(iris) == local.nodes(iris)
    assert store.node("https://w3id.org/swio/id/test/a") == {
        "zh": "甲",
        "en": "A",
        "": "Z",
    }  # rdfs:label@fr before foaf:name
    assert store.node("https://w3id.org/swio/id/test/missing") is None


def test_lists_of_subjects(local, store):
    for namespace in ("", NS, NS + "test/", "http://example.org/"):
        assert list(store.subjects(namespace)) == list(local.subjects(namespace)), namespace
        assert store.count_subjects(namespace) == local.count_subjects(namespace), namespace
    assert (
        store.kinds(NS) == local.kinds(NS) == {"kinded": 3, "mixed": 2, "named": 3, "other": 1, "test": 4 + 3 + ITEMS}
    )
    for offset, limit in ((0, 10), (5, 7), (30, 10)):
        assert store.subjects_page(NS + "test/", offset, limit) == local.subjects_page(NS + "test/", offset, limit)
    assert list(store.subjects_outside(NS)) == list(local.subjects_outside(NS)) == ["http://example.org/elsewhere"]
    owl = "http://www.w3.org/2002/07/owl#"
    assert store.subjects_of_type([owl + "Class", owl + "Restriction"]) == local.subjects_of_type([owl + "Class"])
    hub = "https://w3id.org/swio/id/test/hub"
    assert store.objects("https://w3id.org/swio/id/test/a", NS + "test/link") == [hub]


def test_what_names_each_kind_is_the_same_and_read_without_a_scan_per_kind(local, store):
    """The term naming a kind (a scheme all its subjects are in, else the most specific class all are instances
    of, subclasses counted): the store finds it from one subject of each kind and a count per term tried."""
    ex = NS + "test/"

    def rank(predicate, term):
        depth = {ex + "c": 2, ex + "b": 1}.get(term, 0)
        return (0 if predicate.endswith("inScheme") else 1, -depth, term)

    expected = {"kinded": ex + "s2", "named": ex + "c", "mixed": None, "other": None, "test": None}
    assert local.shared_terms(NS, rank) == expected
    before = store.queries
    assert store.shared_terms(NS, rank) == expected
    # the census (already kept by the earlier test, or one query), the terms of one subject per kind, and
    # a count per term tried until one holds
    assert store.queries - before <= 1 + 1 + 8


def test_bracket_order_is_kept(store):
    """``…/x-2`` and ``…/x/y`` sort before ``…/x`` as ``<iri>`` text (``-`` and ``/`` < ``>``), as the local
    index and the static site list them; a store sorting bare IRIs would put them after."""
    assert list(store.subjects(NS + "test/x")) == [NS + "test/x-2", NS + "test/x/y", NS + "test/x"]
    assert store.subjects_page(NS + "test/", 29, 10) == [NS + "test/x-2", NS + "test/x/y", NS + "test/x"]


def test_search_by_label(local, store):
    for text in ("item", "ITEM 1", "x", "甲", "hub", "elsewhere", "nothing matches this", " a "):
        for limit, offset in ((5, 0), (5, 5), (100, 0)):
            assert store.search(text, limit, offset) == local.search(text, limit, offset), (text, limit, offset)
    assert store.search("item 1", 3) == [NS + "test/item-01", NS + "test/item-10", NS + "test/item-11"]
    assert store.search("x", 3) == [NS + "test/x", NS + "test/x-2", NS + "test/x/y"]  # equal, then starting with


def test_batched_look_ups_of_the_entries(local, store):
    """What the entries and pictures read beyond a page's own description (values, incoming, instances …)."""
    subjects = named_subjects(local)
    predicates = [NS + "test/link", NS + "test/n", "http://www.w3.org/2000/01/rdf-schema#label", NS + "test/p"]
    assert store.values(subjects, predicates) == local.values(subjects, predicates)
    targets = [NS + "test/hub", NS + "test/c", NS + "test/missing"]
    for limit in (3, 100):
        assert store.incoming(targets, predicates, limit) == local.incoming(targets, predicates, limit)
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    assert store.with_predicate(label) == local.with_predicate(label)
    owl = "http://www.w3.org/2002/07/owl#Class"
    assert store.instances(owl) == local.instances(owl) == [NS + "test/a"]
    assert list(store.typed_subjects(NS)) == list(local.typed_subjects(NS))
