"""The ontology: header, bilingual labels and definitions, and every term the data uses is declared."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SKOS, TIME, VANN, XSD

from swio import resources
from swio.namespaces import SWIO

SWIO_NS = rdflib.Namespace(SWIO)
ONTOLOGY = URIRef("https://w3id.org/swio/def")
REUSED = {str(ns): ns for ns in (ORG, PROV, TIME, SKOS, DCTERMS, FOAF)}
CORE = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
        "http://www.w3.org/2002/07/owl#", str(XSD))


@pytest.fixture(scope="module")
def ontology():
    return rdflib.Graph().parse(resources.ONTOLOGY_FILE)


@pytest.fixture(scope="module")
def data_graph():
    g = rdflib.Graph()
    for path in (resources.VOCABULARIES_FILE, *resources.shipped_data_files()):
        g.parse(path)
    return g


def swio_terms(ontology):
    return sorted({s for s in ontology.subjects(RDF.type, None) if str(s).startswith(SWIO)})


def test_header_has_version_licence_creators_dates_and_prefix(ontology):
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    for prop in (OWL.versionIRI, OWL.versionInfo, DCTERMS.license, DCTERMS.creator, DCTERMS.created,
                 DCTERMS.modified, VANN.preferredNamespacePrefix, VANN.preferredNamespaceUri):
        assert ontology.value(ONTOLOGY, prop) is not None, f"ontology header lacks {prop}"
    assert str(ontology.value(ONTOLOGY, VANN.preferredNamespacePrefix)) == "swio"
    assert str(ontology.value(ONTOLOGY, OWL.versionIRI)).endswith(str(ontology.value(ONTOLOGY, OWL.versionInfo)))
    langs = {l.language for l in ontology.objects(ONTOLOGY, SKOS.changeNote)}
    assert langs == {"zh", "en"}, "the changelog is kept in both languages"


def test_every_swio_term_has_zh_and_en_label_and_definition(ontology):
    terms = swio_terms(ontology)
    assert len(terms) > 60
    for term in terms:
        for prop in (RDFS.label, SKOS.definition):
            langs = sorted(l.language for l in ontology.objects(term, prop))
            assert langs == ["en", "zh"], f"{term} has {prop} in {langs}, wants exactly one zh and one en"


def test_every_swio_class_and_property_is_typed_as_owl(ontology):
    for term in swio_terms(ontology):
        kinds = set(ontology.objects(term, RDF.type))
        assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, f"{term} is not an OWL term"


def test_reused_terms_are_declared_with_their_source(ontology):
    declared = [s for s in ontology.subjects(RDFS.isDefinedBy, None)]
    assert declared, "the ontology declares the terms it reuses"
    for term in declared:
        ns = str(ontology.value(term, RDFS.isDefinedBy))
        assert str(term).startswith(ns.rstrip("#/")), f"{term} is declared as defined by {ns}"


def _used_terms(data_graph):
    classes = set(data_graph.objects(None, RDF.type))
    properties = set(data_graph.predicates())
    return classes, properties


def _known(term, ontology) -> bool:
    text = str(term)
    if text.startswith(SWIO):
        return (term, RDF.type, None) in ontology
    for ns, defined in REUSED.items():
        if text.startswith(ns):
            return term in defined
    return text.startswith(CORE) or text.startswith(str(VANN))


def test_every_class_and_property_used_in_the_data_is_declared(ontology, data_graph):
    classes, properties = _used_terms(data_graph)
    unknown = sorted(str(t) for t in classes | properties if not _known(t, ontology))
    assert unknown == []


def test_reuse_check_would_catch_an_invented_term(ontology):
    assert not _known(URIRef("http://www.w3.org/ns/org#headOfPost"), ontology)
    assert not _known(SWIO_NS.notATerm, ontology)
    assert _known(ORG.heldBy, ontology)


def test_subclass_hierarchy_places_public_bodies_under_org(ontology):
    closure = set(ontology.transitive_objects(SWIO_NS.GovernmentBody, RDFS.subClassOf))
    assert {SWIO_NS.PublicBody, ORG.FormalOrganization, ORG.Organization} <= closure


def test_public_body_hierarchy_is_at_most_two_levels_deep(ontology):
    """The canned queries spell out rdfs:subClassOf to two levels under swio:PublicBody (Virtuoso 7.2
    gets rdfs:subClassOf* wrong inside joins); a deeper hierarchy must update those queries."""
    for cls in ontology.transitive_subjects(RDFS.subClassOf, SWIO_NS.PublicBody):
        depth = 0
        node = cls
        while node != SWIO_NS.PublicBody:
            node = next(o for o in ontology.objects(node, RDFS.subClassOf) if
                        SWIO_NS.PublicBody in set(ontology.transitive_objects(o, RDFS.subClassOf)))
            depth += 1
        assert depth <= 2, f"{cls} is {depth} levels under swio:PublicBody"
