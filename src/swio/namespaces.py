"""IRIs and prefixes used across the package."""

from __future__ import annotations

SWIO = "https://w3id.org/swio/def#"
SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = RDF + "type"

ONTOLOGY_IRI = "https://w3id.org/swio/def"
SHAPES_IRI = "https://w3id.org/swio/shapes"
DATASET_IRI = "https://w3id.org/swio/id/dataset"

#: Prefixes for display (prefixed names in reports and tables). Files add their own.
PREFIXES: dict[str, str] = {
    "swio": SWIO,
    "swiosh": SHAPES_IRI + "#",
    "sh": SH,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "body": "https://w3id.org/swio/id/org/",
    "person": "https://w3id.org/swio/id/person/",
    "post": "https://w3id.org/swio/id/post/",
    "place": "https://w3id.org/swio/id/place/",
    "event": "https://w3id.org/swio/id/event/",
    "activity": "https://w3id.org/swio/id/activity/",
    "qty": "https://w3id.org/swio/id/quantity/",
    "quote": "https://w3id.org/swio/id/quotation/",
    "model": "https://w3id.org/swio/id/model/",
    "feature": "https://w3id.org/swio/id/feature/",
    "stage": "https://w3id.org/swio/id/stage/",
    "task": "https://w3id.org/swio/id/task/",
    "group": "https://w3id.org/swio/id/group/",
    "src": "https://w3id.org/swio/id/source/",
}


def shorten(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """``https://w3id.org/swio/id/org/x`` -> ``body:x``; unknown IRIs stay ``<...>``."""
    best = None
    for prefix, ns in (prefixes or PREFIXES).items():
        if iri.startswith(ns) and (best is None or len(ns) > len(best[1])):
            local = iri[len(ns) :]
            if local and all(c.isalnum() or c in "-_." for c in local):
                best = (prefix, ns)
    if best is None:
        return f"<{iri}>"
    return f"{best[0]}:{iri[len(best[1]) :]}"


#: Prefixes for the vocabularies' concepts and the release description, on top of PREFIXES:
#: used when writing Turtle, TriG, RDF/XML and JSON-LD (release, synth).
EXTRA_PREFIXES = {
    "scheme": "https://w3id.org/swio/id/scheme/",
    "akind": "https://w3id.org/swio/id/association-kind/",
    "level": "https://w3id.org/swio/id/level/",
    "dtype": "https://w3id.org/swio/id/division-type/",
    "role": "https://w3id.org/swio/id/role/",
    "bound": "https://w3id.org/swio/id/bound/",
    "counted": "https://w3id.org/swio/id/counted/",
    "pgroup": "https://w3id.org/swio/id/population-group/",
    "unit": "https://w3id.org/swio/id/unit/",
    "skind": "https://w3id.org/swio/id/support-kind/",
    "stype": "https://w3id.org/swio/id/service-type/",
    "bgroup": "https://w3id.org/swio/id/beneficiary-group/",
    "grole": "https://w3id.org/swio/id/government-role/",
    "stance": "https://w3id.org/swio/id/stance/",
    "mode": "https://w3id.org/swio/id/discourse-mode/",
    "membership": "https://w3id.org/swio/id/membership/",
    "award": "https://w3id.org/swio/id/award/",
    "distinction": "https://w3id.org/swio/id/distinction/",
    "period": "https://w3id.org/swio/id/period/",
    "instant": "https://w3id.org/swio/id/instant/",
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "spdx": "http://spdx.org/rdf/terms#",
}
ALL_PREFIXES = {**PREFIXES, **EXTRA_PREFIXES}
