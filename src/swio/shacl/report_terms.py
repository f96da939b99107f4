"""How reports write a result's terms: its path, and its severity and component as IRIs.

Every engine gives a result's path as SPARQL property-path text with full IRIs
(``ValidationResult.path``, e.g. ``^<http://www.w3.org/ns/org#heldBy>/<...>*``). Reports
need it three ways: with prefixed names for people (:func:`short_path`), parsed
(:func:`parse_path`, rdflib's SPARQL grammar, so two spellings of one path compare equal),
and as SHACL path syntax for ``sh:resultPath`` (:func:`write_shacl_path`: blank nodes with
``sh:inversePath``, ``sh:alternativePath``, RDF lists for sequences, ...). Severities and
components are local names in the sh: namespace (``Violation``, ``MinCountConstraintComponent``)
or full IRIs for custom ones (:func:`sh_iri`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.paths import AlternativePath, InvPath, MulPath, OneOrMore, SequencePath, ZeroOrMore, ZeroOrOne

from ..namespaces import XSD, shorten

_IRI = re.compile(r"<([^>]+)>")
_REPEATS = {ZeroOrMore: SH.zeroOrMorePath, OneOrMore: SH.oneOrMorePath, ZeroOrOne: SH.zeroOrOnePath}


def sh_iri(name: str) -> URIRef:
    """``Violation`` -> ``sh:Violation``; a full IRI (a custom severity or component) stays as it is."""
    return URIRef(name) if ":" in name else URIRef(SH + name)


def short_path(path: str, prefixes: dict[str, str] | None = None) -> str:
    """``<http://www.w3.org/ns/org#postIn>`` -> ``org:postIn``, inside any path expression (remembered in
    ``prefixes.short`` where the prefix map has one, as :class:`swio.shacl.results.Prefixes` does)."""
    cache = getattr(prefixes, "short", None)
    if cache is not None:
        found = cache.get(path)
        if found is None:
            found = cache[path] = _IRI.sub(lambda m: shorten(m.group(1), prefixes), path)
        return found
    return _IRI.sub(lambda m: shorten(m.group(1), prefixes), path)


@lru_cache(maxsize=4096)
def parse_path(path: str):
    """The path as rdflib sees it: a URIRef for a predicate path, else an :mod:`rdflib.paths` object."""
    from rdflib.plugins.sparql import prepareQuery

    bgp = prepareQuery(f"ASK {{ ?s {path} ?o }}").algebra.p.p
    ((_, parsed, _),) = bgp.triples
    return parsed


def write_shacl_path(graph: Graph, path: str):
    """Add the SHACL syntax of ``path`` to ``graph``; return its node (the IRI itself for a predicate path)."""
    return _write(graph, parse_path(path))


def _write(graph: Graph, path):
    if isinstance(path, URIRef):
        return path
    node = BNode()
    if isinstance(path, InvPath):
        graph.add((node, SH.inversePath, _write(graph, path.arg)))
    elif isinstance(path, SequencePath):
        Collection(graph, node, [_write(graph, step) for step in path.args])
    elif isinstance(path, AlternativePath):
        options = BNode()
        Collection(graph, options, [_write(graph, option) for option in path.args])
        graph.add((node, SH.alternativePath, options))
    elif isinstance(path, MulPath):
        graph.add((node, _REPEATS[path.mod], _write(graph, path.path)))
    else:  # a negated property set: SPARQL has it, SHACL paths do not
        raise ValueError(f"not a SHACL path: {path!r}")
    return node


# -- Turtle, written term by term (the streamed report) ---------------------------------------------------
_TURTLE_BARE = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.?[0-9]+)[eE][+-]?[0-9]+"),
    XSD + "boolean": re.compile(r"true|false"),
}
_TEXT_BARE = (XSD + "integer", XSD + "decimal", XSD + "boolean")
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_PREFIX = re.compile(r"(?:[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9_-]|[A-Za-z])?")
_IRI_ESCAPE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_STRING_ESCAPE = re.compile(r'[\\"\n\r]')
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}


def bare_literal(lexical: str, datatype: str, *, turtle: bool = False) -> bool:
    """Whether Turtle writes this literal without quotes: an integer, decimal or boolean (``turtle``: and
    double) whose lexical form is exactly the bare syntax. ``"none"^^xsd:boolean`` and ``"1"^^xsd:boolean``
    keep their quotes and datatype (bare, the first is not Turtle, the second an integer)."""
    if not turtle and datatype not in _TEXT_BARE:
        return False
    pattern = _TURTLE_BARE.get(datatype)
    return pattern is not None and pattern.fullmatch(lexical) is not None


class TurtleTerms:
    """Terms as Turtle text, IRIs shortened with the prefixes that are valid Turtle prefix names (each IRI
    shortened once, then remembered)."""

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = {
            p: ns for p, ns in prefixes.items() if _PREFIX.fullmatch(p) and not _IRI_ESCAPE.search(ns) and ns
        }
        self._iris: dict[str, str] = {}
        self._blank: dict[str, str] = {}

    def declarations(self) -> str:
        return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(self.prefixes.items()))

    def iri(self, iri: str) -> str:
        found = self._iris.get(iri)
        if found is None:
            best = None
            for prefix, ns in self.prefixes.items():
                if iri.startswith(ns) and (best is None or len(ns) > len(best[1])):
                    if _LOCAL.fullmatch(iri[len(ns) :]):
                        best = (prefix, ns)
            if best is not None:
                found = f"{best[0]}:{iri[len(best[1]) :]}"
            else:
                found = "<" + _IRI_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04X}", iri) + ">"
            if len(self._iris) < 100_000:
                self._iris[iri] = found
        return found

    def blank(self, label: str) -> str:
        """A blank node of the data or the shapes: ``_:n`` and its label, or a new label where it is not a
        Turtle label."""
        found = self._blank.get(label)
        if found is None:
            found = f"_:n{label}" if _LOCAL.fullmatch(label) else f"_:x{len(self._blank)}"
            self._blank[label] = found
        return found

    def literal(self, lexical: str, *, language: str | None = None, datatype: str | None = None) -> str:
        if datatype and not language and bare_literal(lexical, datatype, turtle=True):
            return lexical
        text = '"' + _STRING_ESCAPE.sub(lambda m: _STRING_ESCAPES[m.group()], lexical) + '"'
        if language:
            return f"{text}@{language}"
        if datatype and datatype != XSD + "string":
            return f"{text}^^{self.iri(datatype)}"
        return text

    def term(self, term) -> str:
        """An rdflib term."""
        if isinstance(term, URIRef):
            return self.iri(str(term))
        if isinstance(term, BNode):
            return self.blank(str(term))
        return self.literal(str(term), language=term.language, datatype=str(term.datatype or "") or None)

    def path(self, path: str, structure=None) -> str:
        """A SPARQL property path (full IRIs) in SHACL path syntax: ``[ sh:inversePath ex:p ]``, lists for
        sequences, ...; from its ``structure`` (a :class:`swio.shacl.paths.Path`) when given, without parsing
        the text (rdflib's SPARQL parser takes a while to import)."""
        if structure is not None:
            return self._structure(structure)
        return self._path(parse_path(path))

    def _structure(self, path) -> str:
        from . import paths

        if isinstance(path, paths.Predicate):
            return self.iri(str(path.iri))
        if isinstance(path, paths.Inverse):
            return f"[ {self.iri(SH + 'inversePath')} {self._structure(path.path)} ]"
        if isinstance(path, paths.Sequence):
            return "( " + " ".join(self._structure(step) for step in path.steps) + " )"
        if isinstance(path, paths.Alternative):
            options = "( " + " ".join(self._structure(o) for o in path.options) + " )"
            return f"[ {self.iri(SH + 'alternativePath')} {options} ]"
        return f"[ {self.iri(str(path.predicate_iri))} {self._structure(path.path)} ]"

    def _path(self, path) -> str:
        if isinstance(path, URIRef):
            return self.iri(str(path))
        if isinstance(path, InvPath):
            return f"[ {self.iri(SH + 'inversePath')} {self._path(path.arg)} ]"
        if isinstance(path, SequencePath):
            return "( " + " ".join(self._path(step) for step in path.args) + " )"
        if isinstance(path, AlternativePath):
            options = "( " + " ".join(self._path(o) for o in path.args) + " )"
            return f"[ {self.iri(SH + 'alternativePath')} {options} ]"
        if isinstance(path, MulPath):
            return f"[ {self.iri(str(_REPEATS[path.mod]))} {self._path(path.path)} ]"
        raise ValueError(f"not a SHACL path: {path!r}")
