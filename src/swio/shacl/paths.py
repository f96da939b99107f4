"""SHACL property paths: read from the shapes graph, written as SPARQL, copied into reports.

A path is a small immutable tree (:class:`Predicate`, :class:`Inverse`, :class:`Sequence`,
:class:`Alternative`, :class:`ZeroOrMore`, :class:`OneOrMore`, :class:`ZeroOrOne`), so two paths
compare structurally (the W3C runner compares ``sh:resultPath`` that way) and every SHACL path
maps to exactly one SPARQL 1.1 property path.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from ..errors import InputError


class Path:
    """Base class of the path kinds."""

    def sparql(self) -> str:
        raise NotImplementedError

    def to_graph(self, graph: Graph):
        """Write the path into ``graph`` in SHACL syntax; return its node (an IRI or a blank node)."""
        raise NotImplementedError

    @property
    def predicate(self) -> URIRef | None:
        """The IRI when this is a predicate path, else ``None``."""
        return None


@dataclass(frozen=True)
class Predicate(Path):
    iri: URIRef

    def sparql(self) -> str:
        return f"<{self.iri}>"

    def to_graph(self, graph: Graph):
        return self.iri

    @property
    def predicate(self) -> URIRef | None:
        return self.iri


@dataclass(frozen=True)
class Inverse(Path):
    path: Path

    def sparql(self) -> str:
        return f"^{_wrap(self.path)}"

    def to_graph(self, graph: Graph):
        node = BNode()
        graph.add((node, SH.inversePath, self.path.to_graph(graph)))
        return node


@dataclass(frozen=True)
class Sequence(Path):
    steps: tuple[Path, ...]

    def sparql(self) -> str:
        return "(" + "/".join(_wrap(p) for p in self.steps) + ")"

    def to_graph(self, graph: Graph):
        node = BNode()
        Collection(graph, node, [p.to_graph(graph) for p in self.steps])
        return node


@dataclass(frozen=True)
class Alternative(Path):
    options: tuple[Path, ...]

    def sparql(self) -> str:
        return "(" + "|".join(_wrap(p) for p in self.options) + ")"

    def to_graph(self, graph: Graph):
        node, items = BNode(), BNode()
        Collection(graph, items, [p.to_graph(graph) for p in self.options])
        graph.add((node, SH.alternativePath, items))
        return node


@dataclass(frozen=True)
class _Repeat(Path):
    path: Path

    symbol = ""
    predicate_iri = None

    def sparql(self) -> str:
        return f"{_wrap(self.path)}{self.symbol}"

    def to_graph(self, graph: Graph):
        node = BNode()
        graph.add((node, self.predicate_iri, self.path.to_graph(graph)))
        return node


@dataclass(frozen=True)
class ZeroOrMore(_Repeat):
    symbol = "*"
    predicate_iri = SH.zeroOrMorePath


@dataclass(frozen=True)
class OneOrMore(_Repeat):
    symbol = "+"
    predicate_iri = SH.oneOrMorePath


@dataclass(frozen=True)
class ZeroOrOne(_Repeat):
    symbol = "?"
    predicate_iri = SH.zeroOrOnePath


def _wrap(path: Path) -> str:
    text = path.sparql()
    return text if isinstance(path, (Predicate, Sequence, Alternative)) else f"({text})"


_REPEATS = {SH.zeroOrMorePath: ZeroOrMore, SH.oneOrMorePath: OneOrMore, SH.zeroOrOnePath: ZeroOrOne}


def read_path(graph: Graph, node, where: str = "") -> Path:
    """The path whose SHACL syntax starts at ``node`` (an IRI, a list, or a blank node with one of
    sh:inversePath, sh:alternativePath, sh:zeroOrMorePath, sh:oneOrMorePath, sh:zeroOrOnePath).

    A list wins over other path predicates on the same node (W3C test path-strange-001). Anything
    else is an :class:`InputError` naming ``where`` (the shape)."""
    return _read(graph, node, where, frozenset())


def _read(graph: Graph, node, where: str, seen: frozenset) -> Path:
    if isinstance(node, URIRef):
        if node == RDF.nil:
            raise InputError(f"{where}: rdf:nil is not a valid sh:path")
        return Predicate(node)
    if not isinstance(node, BNode):
        raise InputError(f"{where}: sh:path {node!r} is a literal, not a path")
    if node in seen:
        raise InputError(f"{where}: sh:path is cyclic")
    seen = seen | {node}
    if (node, RDF.first, None) in graph:
        steps = tuple(_read(graph, item, where, seen) for item in _items(graph, node, where))
        if len(steps) < 2:
            raise InputError(f"{where}: a sequence path needs at least two members")
        return Sequence(steps)
    kinds = [p for p in (SH.inversePath, SH.alternativePath, *_REPEATS) if (node, p, None) in graph]
    if len(kinds) > 1:
        raise InputError(
            f"{where}: a path node has more than one of " + ", ".join("sh:" + str(k).rsplit("#", 1)[-1] for k in kinds)
        )
    inverse = list(graph.objects(node, SH.inversePath))
    if inverse:
        return Inverse(_read(graph, _single(inverse, where), where, seen))
    alternatives = list(graph.objects(node, SH.alternativePath))
    if alternatives:
        options = tuple(_read(graph, item, where, seen) for item in _items(graph, _single(alternatives, where), where))
        if len(options) < 2:
            raise InputError(f"{where}: sh:alternativePath needs a list of at least two paths")
        return Alternative(options)
    for predicate, kind in _REPEATS.items():
        inner = list(graph.objects(node, predicate))
        if inner:
            return kind(_read(graph, _single(inner, where), where, seen))
    raise InputError(f"{where}: sh:path is a blank node that is not a SHACL path")


def _single(values: list, where: str):
    if len(values) != 1:
        raise InputError(f"{where}: a path node has more than one value for the same path predicate")
    return values[0]


def _items(graph: Graph, node, where: str) -> list:
    items, seen = [], set()
    while node != RDF.nil:
        if node in seen or not isinstance(node, (BNode, URIRef)):
            raise InputError(f"{where}: malformed RDF list in sh:path")
        seen.add(node)
        first = list(graph.objects(node, RDF.first))
        rest = list(graph.objects(node, RDF.rest))
        if len(first) != 1 or len(rest) != 1:
            raise InputError(f"{where}: malformed RDF list in sh:path")
        items.append(first[0])
        node = rest[0]
    return items


def nullable(path: Path) -> bool:
    """True when the path can have length zero (the focus node is then one of its own values)."""
    if isinstance(path, (ZeroOrMore, ZeroOrOne)):
        return True
    if isinstance(path, (Inverse, OneOrMore)):
        return nullable(path.path)
    if isinstance(path, Sequence):
        return all(nullable(p) for p in path.steps)
    if isinstance(path, Alternative):
        return any(nullable(p) for p in path.options)
    return False
