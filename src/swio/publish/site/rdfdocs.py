"""One resource's statements as Turtle, JSON-LD, N-Triples and RDF/XML documents.

Each document holds exactly the triples it is given (the resource's description as
written). Turtle and RDF/XML declare only the prefixes the document uses, and the
JSON-LD carries only the part of the release's ``@context`` it needs, so every
document stands alone (no remote context to fetch) and stays small.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from ..jsonld import Compactor, grouped, node_object
from . import urls

#: extension -> (pyoxigraph format, media type), in the order the site lists them
FORMATS = {
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "rdf": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
}
FORMAT_NAMES = {"ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples", "rdf": "RDF/XML"}


def _iris(triples: list[ox.Triple]):
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                yield term.value
            elif isinstance(term, ox.Literal) and term.datatype is not None:
                yield term.datatype.value


def used_prefixes(triples: list[ox.Triple], prefixes: dict[str, str]) -> dict[str, str]:
    by_ns = {ns: name for name, ns in sorted(prefixes.items())}
    used = {}
    for iri in set(_iris(triples)):
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        name = by_ns.get(iri[:cut])
        if name is not None:
            used[name] = iri[:cut]
    return dict(sorted(used.items()))


class Documents:
    """Serialises descriptions with the site's prefixes and the release's JSON-LD ``@context``."""

    def __init__(self, prefixes: dict[str, str], context: dict):
        self.prefixes = prefixes
        self.context = context
        self.compactor = Compactor(context)

    def reduced_context(self, triples: list[ox.Triple]) -> dict:
        """The entries of the context that compacting these triples uses: their prefixes and their terms."""
        keep = set()
        for iri in set(_iris(triples)):
            term = self.compactor.terms.get(iri)
            if term is not None:
                keep.add(term[0])
            cut = max(iri.rfind("/"), iri.rfind("#")) + 1
            name = self.compactor.prefixes.get(iri[:cut])
            if name is not None:
                keep.add(name)
        # a term whose definition names a datatype by prefix needs that prefix too
        for name in list(keep):
            definition = self.context.get(name)
            if isinstance(definition, dict) and ":" in str(definition.get("@type", "")):
                keep.add(definition["@type"].split(":", 1)[0])
        return {name: value for name, value in sorted(self.context.items()) if name in keep}

    def jsonld(self, triples: list[ox.Triple]) -> bytes:
        """A stand-alone JSON-LD document: the context entries it needs and one node object per subject.

        Compacting with the full context or with the part it uses gives the same node objects,
        so the release's compactor is built once and reused for every document.
        """
        ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        nodes = [node_object(subject, pairs, self.compactor) for subject, pairs in grouped(ordered)]
        document = {"@context": self.reduced_context(triples), "@graph": nodes}
        return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")

    def serialize(self, triples: list[ox.Triple], fmt: str) -> bytes:
        if fmt == "jsonld":
            return self.jsonld(triples)
        rdf_format = FORMATS[fmt][0]
        if fmt == "nt":
            return ox.serialize(sorted(triples, key=str), format=rdf_format)
        return ox.serialize(triples, format=rdf_format, prefixes=used_prefixes(triples, self.prefixes))


def schema_org_json(data: dict) -> str:
    """JSON for a ``<script type="application/ld+json">`` element (``</`` cannot end the script early)."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).replace("</", "<\\/")


class DescribedDocument:
    """A document of the site published as ``{STEM}.{lang}.html`` and as the triples it describes in each RDF
    format (``{STEM}.{ttl,jsonld,nt,rdf}``). Subclasses give ``STEM``, ``self.pub``, ``documented()`` (the
    IRIs described) and ``html(lang)``."""

    STEM = ""

    def names(self) -> list[str]:
        return [urls.file_name(self.STEM, fmt) for fmt in (*urls.LANGS, *FORMATS)]

    def files(self):
        for name in self.names():
            yield name, self.file(name)

    def file(self, name: str) -> bytes | None:
        if name not in self.names():
            return None
        fmt = name[len(self.STEM) + 1 :].split(".")[0]
        if fmt in urls.LANGS:
            return self.html(fmt)
        return self.pub.documents.serialize(self.pub.index.describe(self.documented()), fmt)
