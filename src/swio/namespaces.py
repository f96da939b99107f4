"""IRIs and prefixes used across the package."""

from __future__ import annotations

SWIO = "https://w3id.org/swio/def#"
SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

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

#: Literal datatypes whose lexical form the loader checks (ill-typed literals are input errors).
CHECKED_DATATYPES = (
    "date", "gYearMonth", "gYear", "dateTime", "decimal", "integer", "boolean", "duration",
    "double", "float",
)


def shorten(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """``https://w3id.org/swio/id/org/x`` -> ``body:x``; unknown IRIs stay ``<...>``."""
    best = None
    for prefix, ns in (prefixes or PREFIXES).items():
        if iri.startswith(ns) and (best is None or len(ns) > len(best[1])):
            local = iri[len(ns):]
            if local and all(c.isalnum() or c in "-_." for c in local):
                best = (prefix, ns)
    if best is None:
        return f"<{iri}>"
    return f"{best[0]}:{iri[len(best[1]):]}"
