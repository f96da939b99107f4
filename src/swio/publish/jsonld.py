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
_SAFE_INTEGER = 2**53  # beyond this, JSON readers lose digits (and JSON-LD turns >= 10^21 into xsd:double)


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
        self._compacted: dict[str, str] = {}  # IRI -> its compact form (IRIs recur: types, datatypes, links)
        #: predicate IRI -> how it is written (see predicate_usage), filled as predicates are met
        self.usage: dict[str, tuple] = {}

    def predicate_usage(self, iri: str) -> tuple:
        """How a predicate is written: whether it is rdf:type (``@type`` for node objects), its term or None,
        the term's ``@container`` and ``@type``, and its compact IRI (for values that do not fit the term)."""
        term, definition = self.terms.get(iri, (None, {}))
        return (iri == RDF_TYPE, term, definition.get("@container"), definition.get("@type"), self.iri(iri))

    def iri(self, iri: str) -> str:
        compact = self._compacted.get(iri)
        if compact is None:
            cut = max(iri.rfind("/"), iri.rfind("#")) + 1
            name = self.prefixes.get(iri[:cut]) if 0 < cut < len(iri) else None
            compact = self._compacted[iri] = f"{name}:{iri[cut:]}" if name and not iri[cut:].startswith("//") else iri
        return compact

    def node(self, term: ox.NamedNode | ox.BlankNode) -> str:
        return self.iri(term.value) if type(term) is ox.NamedNode else f"_:{term.value}"


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
    usage = compactor.usage
    for predicate, obj in pairs:
        p = predicate.value
        use = usage.get(p)
        if use is None:
            use = usage[p] = compactor.predicate_usage(p)
        is_type, term, container, coerce, full = use
        if is_type and not isinstance(obj, ox.Literal):
            node.setdefault("@type", []).append(compactor.node(obj))
            continue
        if isinstance(obj, ox.Literal):
            if container == "@language" and obj.language:
                node.setdefault(term, {}).setdefault(obj.language, []).append(obj.value)
                continue
            # a term coerces strings to IRIs (@type @id) or expects a language map: use the compact IRI
            key = term if term and not container and coerce is None else full
            value = _literal_value(obj, compactor)
        elif term and not container:
            key = term
            value = compactor.node(obj) if coerce == "@id" else {"@id": compactor.node(obj)}
        else:
            key, value = full, {"@id": compactor.node(obj)}
        node.setdefault(key, []).append(value)
    return {key: _tidy(value) for key, value in node.items()}


def _tidy(value):
    """Single values unwrapped; order is the (sorted) input order, so output is deterministic."""
    if isinstance(value, dict):  # a language map
        return {lang: _tidy(texts) for lang, texts in sorted(value.items())}
    return value[0] if len(value) == 1 else value


def grouped(triples: Iterable) -> Iterator[tuple[object, list]]:
    """``(subject, [(predicate, object), ...])`` for triples (or quads) sorted, or at least grouped, by subject."""
    subject, pairs = None, []
    for t in triples:
        s, p, o = t.subject, t.predicate, t.object
        if s != subject:
            if pairs:
                yield subject, pairs
            subject, pairs = s, []
        pairs.append((p, o))
    if pairs:
        yield subject, pairs


def write_jsonld(triples: Iterable[ox.Triple], context: dict) -> bytes:
    """``{"@context": context, "@graph": [...]}`` for triples sorted (or at least grouped) by subject:
    the context indented, then one node object per line (keys sorted), so a large graph is both quick
    to write (the C JSON encoder) and easy to read or ``grep`` line by line."""
    compactor = Compactor(context)
    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(", ", ": ")).encode
    head = json.dumps({"@context": context}, ensure_ascii=False, indent=1)
    nodes = ",\n".join(["  " + encode(node_object(subject, pairs, compactor)) for subject, pairs in grouped(triples)])
    return "".join((head[:-2], ',\n "@graph": [\n', nodes, "\n ]\n}\n")).encode("utf-8")
