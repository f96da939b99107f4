"""The ontology: header, bilingual labels and definitions, and every term the data uses is declared."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SKOS, TIME, VANN, XSD

from swio import resources
from swio.namespaces import SWIO

from .support.helpers import changelog_versions

SWIO_NS = rdflib.Namespace(SWIO)
ONTOLOGY = URIRef("https://w3id.org/swio/def")
REUSED = {str(ns): ns for ns in (ORG, PROV, TIME, SKOS, DCTERMS, FOAF)}
CORE = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
    str(XSD),
)


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
    for prop in (
        OWL.versionIRI,
        OWL.versionInfo,
        DCTERMS.license,
        DCTERMS.creator,
        DCTERMS.created,
        DCTERMS.modified,
        VANN.preferredNamespacePrefix,
        VANN.preferredNamespaceUri,
    ):
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
        assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}, (
            f"{term} is not an OWL term"
        )


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
            node = next(
                o
                for o in ontology.objects(node, RDFS.subClassOf)
                if SWIO_NS.PublicBody in set(ontology.transitive_objects(o, RDFS.subClassOf))
            )
            depth += 1
        assert depth <= 2, f"{cls} is {depth} levels under swio:PublicBody"


# --- metadata (Widoco's guide: abstract, issued, citation, versions) ---------------------------


def test_header_has_abstract_issued_citation_and_profile_statement(ontology):
    for prop in (DCTERMS.abstract, DCTERMS.bibliographicCitation, RDFS.comment, RDFS.label):
        assert sorted(l.language for l in ontology.objects(ONTOLOGY, prop)) == ["en", "zh"], prop
    assert ontology.value(ONTOLOGY, DCTERMS.issued).datatype == XSD.date
    version = str(ontology.value(ONTOLOGY, OWL.versionInfo))
    for citation in ontology.objects(ONTOLOGY, DCTERMS.bibliographicCitation):
        assert version in citation and str(ontology.value(ONTOLOGY, OWL.versionIRI)) in citation
    profile = next(str(c) for c in ontology.objects(ONTOLOGY, RDFS.comment) if c.language == "en")
    assert "OWL 2 DL" in profile and "SHACL" in profile


def _version_key(text):
    return tuple(int(part) for part in text.split("."))


def test_prior_version_names_the_previous_release(ontology):
    """The first release (the oldest in CHANGELOG.md) has no prior version; every later one names an earlier
    version IRI."""
    version = str(ontology.value(ONTOLOGY, OWL.versionInfo))
    prior = ontology.value(ONTOLOGY, OWL.priorVersion)
    if version == changelog_versions()[-1]:
        assert prior is None
    else:
        assert prior is not None, f"version {version} must name its owl:priorVersion"
        base = str(ontology.value(ONTOLOGY, OWL.versionIRI)).rsplit("/", 1)[0]
        assert str(prior).startswith(base + "/")
        assert _version_key(str(prior).rsplit("/", 1)[1]) < _version_key(version)


def test_shapes_header_has_a_version_iri_like_the_ontology(ontology):
    shapes = rdflib.Graph().parse(resources.SHAPES_FILE)
    header = URIRef("https://w3id.org/swio/shapes")
    version = str(ontology.value(ONTOLOGY, OWL.versionInfo))
    assert str(shapes.value(header, OWL.versionInfo)) == version
    assert str(shapes.value(header, OWL.versionIRI)) == f"https://w3id.org/swio/shapes/{version}"


# --- hygiene: labels, superclasses, disjointness, examples, reused terms -----------------------


@pytest.fixture(scope="module")
def schema():
    g = rdflib.Graph()
    for path in resources.SCHEMA_FILES:
        g.parse(path)
    return g


def test_every_label_is_unique_per_language(schema, data_graph):
    seen = {}
    for s, label in (schema + data_graph).subject_objects(RDFS.label):
        seen.setdefault((str(label), label.language), set()).add(s)
    shared = {k: sorted(map(str, v)) for k, v in seen.items() if len(v) > 1}
    assert shared == {}


def test_award_quantity_and_task_have_superclasses(ontology):
    assert (SWIO_NS.Award, RDFS.subClassOf, PROV.Entity) in ontology
    assert (SWIO_NS.Quantity, RDFS.subClassOf, PROV.Entity) in ontology
    assert (SWIO_NS.Task, RDFS.subClassOf, PROV.Activity) in ontology
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if str(cls).startswith(SWIO):
            assert any(isinstance(o, URIRef) for o in ontology.objects(cls, RDFS.subClassOf)), cls


def test_the_top_classes_are_pairwise_disjoint(ontology):
    top = [
        ORG.Organization,
        FOAF.Person,
        PROV.Activity,
        SWIO_NS.Quantity,
        SWIO_NS.Place,
        SKOS.Concept,
        DCTERMS.BibliographicResource,
        ORG.Post,
        ORG.Membership,
        TIME.Interval,
    ]
    for i, a in enumerate(top):
        for b in top[i + 1 :]:
            assert (a, OWL.disjointWith, b) in ontology or (b, OWL.disjointWith, a) in ontology, (a, b)
    # no blank nodes: the release is byte-reproducible only for graphs without them
    assert not any(isinstance(term, rdflib.BNode) for triple in ontology for term in triple)


def test_reused_terms_carry_their_vocabularys_english_label_and_ours_in_chinese(ontology):
    reused = [s for s in ontology.subjects(RDFS.isDefinedBy, None) if not str(s).startswith(SWIO)]
    assert len(reused) >= 40
    for term in reused:
        assert sorted(l.language for l in ontology.objects(term, RDFS.label)) == ["en", "zh"], term
    assert ("resulted in", "en") in {
        (str(l), l.language) for l in ontology.objects(ORG.resultingOrganization, RDFS.label)
    }


def test_every_swio_class_has_an_example_from_the_data(ontology, data_graph):
    graph = ontology + data_graph
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(SWIO):
            continue
        examples = list(ontology.objects(cls, SKOS.example))
        assert examples, f"{cls} has no skos:example"
        for example in examples:
            if isinstance(example, URIRef):
                kinds = set(graph.objects(example, RDF.type))
                below = set(graph.transitive_subjects(RDFS.subClassOf, cls))
                assert kinds & below, f"the example {example} of {cls} is not one of its instances"
            else:
                assert {l.language for l in ontology.objects(cls, SKOS.example)} == {"zh", "en"}


# OWL 2 datatype map (OWL 2 Structural Specification, section 4): the ranges a DL reasoner accepts
OWL2_DATATYPES = {
    XSD[t]
    for t in (
        "string",
        "boolean",
        "decimal",
        "integer",
        "nonNegativeInteger",
        "dateTime",
        "dateTimeStamp",
        "double",
        "float",
        "anyURI",
        "normalizedString",
        "token",
    )
}


def test_datatype_property_ranges_are_in_the_owl2_datatype_map(ontology):
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        for rng in ontology.objects(prop, RDFS.range):
            assert rng in OWL2_DATATYPES, f"{prop} has range {rng}, outside the OWL 2 datatype map (SHACL checks it)"


def test_text_valued_properties_are_annotation_properties(ontology):
    for prop in ontology.subjects(RDFS.range, RDF.langString):
        assert (prop, RDF.type, OWL.AnnotationProperty) in ontology, prop
    for name in ("sourceText", "quotedText", "translation", "editorialNote", "dateNote", "purpose"):
        assert (SWIO_NS[name], RDF.type, OWL.AnnotationProperty) in ontology
