"""A streaming JSON-LD writer for the release: one compacted node object per subject.

rdflib's JSON-LD serializer builds the whole graph in memory first (3.6 GB and
~100 s for a million triples); this writer walks triples already sorted by
subject and writes each node as soon as it is complete, in the compacted form
the published ``@context`` gives (language maps for labels, plain strings for
IRI-valued terms, native numbers and booleans where they round-trip exactly).
Every value that does not fit its term's definition is written under the
predicate's compact IRI instead, so the document always expands to exactly the
input triples (``tests/test_release.py`` parses it back with rdflib and pyoxigraph).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from ..namespaces import RDF_TYPE, XSD

_INTEGER = re.compile(r"0|-?[1-9][0-9]*")  # canonical lexical forms only ("-0", "007", "+1" stay strings)
_SAFE_INTEGER = 2 ** 53  # beyond this, JSON readers lose digits (and JSON-LD turns >= 10^21 into xsd:double)


class Compactor:
    """IRIs to terms and compact IRIs according to a context of terms and prefixes."""

    def __init__(self, context: dict):
        # a compact IRI's local part has no "/" or "#", so the only candidate namespace of an
        # IRI is everything up to its last "/" or "#": one dictionary lookup per IRI
        self.prefixes = {ns: name for name, ns in sorted(context.items()) if isinstance(ns, str)}
        self.terms: dict[str, tuple[str, dict]] = {}
        for name, definition in sorted(context.items()):
            if isinstance(definition, dict) and "@id" in definition:
                self.terms.setdefault(definition["@id"], (name, definition))

    def iri(self, iri: str) -> str:
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        name = self.prefixes.get(iri[:cut]) if 0 < cut < len(iri) else None
        return f"{name}:{iri[cut:]}" if name and not iri[cut:].startswith("//") else iri

    def node(self, term: ox.NamedNode | ox.BlankNode) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.iri(term.value)


def _literal_value(literal: ox.Literal, compactor: Compactor) -> object:
    """A literal as a value object, or a native JSON value where that round-trips exactly."""
    datatype = literal.datatype.value
    if literal.language:
        return {"@value": literal.value, "@language": literal.language}
    if datatype == XSD + "string":
        return literal.value
    if datatype == XSD + "integer" and _INTEGER.fullmatch(literal.value) and abs(int(literal.value)) < _SAFE_INTEGER:
        return int(literal.value)
    if datatype == XSD + "boolean" and literal.value in ("true", "false"):
        return literal.value == "true"
    return {"@value": literal.value, "@type": compactor.iri(datatype)}


def node_object(subject, pairs: list[tuple[ox.NamedNode, object]], compactor: Compactor) -> dict:
    """The compacted JSON-LD node object for one subject and its (predicate, object) pairs."""
    node: dict = {"@id": compactor.node(subject)}
    for predicate, obj in pairs:
        p = predicate.value
        if p == RDF_TYPE and not isinstance(obj, ox.Literal):
            node.setdefault("@type", []).append(compactor.node(obj))
            continue
        term, definition = compactor.terms.get(p, (None, {}))
        container, coerce = definition.get("@container"), definition.get("@type")
        if isinstance(obj, ox.Literal):
            if term and container == "@language" and obj.language:
                node.setdefault(term, {}).setdefault(obj.language, []).append(obj.value)
                continue
            # a term coerces strings to IRIs (@type @id) or expects a language map: use the compact IRI
            key = term if term and not container and coerce is None else compactor.iri(p)
            value = _literal_value(obj, compactor)
        elif term and not container:
            key = term
            value = compactor.node(obj) if coerce == "@id" else {"@id": compactor.node(obj)}
        else:
            key, value = compactor.iri(p), {"@id": compactor.node(obj)}
        node.setdefault(key, []).append(value)
    return {key: _tidy(value) for key, value in node.items()}


def _tidy(value):
    """Single values unwrapped; order is the (sorted) input order, so output is deterministic."""
    if isinstance(value, dict):  # a language map
        return {lang: _tidy(texts) for lang, texts in sorted(value.items())}
    return value[0] if len(value) == 1 else value


def _grouped(triples: Iterable[ox.Triple]) -> Iterator[tuple[object, list]]:
    subject, pairs = None, []
    for t in triples:
        if t.subject != subject:
            if pairs:
                yield subject, pairs
            subject, pairs = t.subject, []
        pairs.append((t.predicate, t.object))
    if pairs:
        yield subject, pairs


def write_jsonld(triples: Iterable[ox.Triple], context: dict) -> bytes:
    """``{"@context": context, "@graph": [...]}`` for triples sorted (or at least grouped) by subject."""
    compactor = Compactor(context)
    head = json.dumps({"@context": context}, ensure_ascii=False, indent=1)
    parts = [head[:-2], ',\n "@graph": [\n']
    first = True
    for subject, pairs in _grouped(triples):
        text = json.dumps(node_object(subject, pairs, compactor), ensure_ascii=False, indent=1, sort_keys=True)
        parts.append(("" if first else ",\n") + "  " + text.replace("\n", "\n  "))
        first = False
    parts.append("\n ]\n}\n")
    return "".join(parts).encode("utf-8")
