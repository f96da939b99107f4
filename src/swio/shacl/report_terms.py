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

from ..namespaces import shorten

_IRI = re.compile(r"<([^>]+)>")
_REPEATS = {ZeroOrMore: SH.zeroOrMorePath, OneOrMore: SH.oneOrMorePath, ZeroOrOne: SH.zeroOrOnePath}


def sh_iri(name: str) -> URIRef:
    """``Violation`` -> ``sh:Violation``; a full IRI (a custom severity or component) stays as it is."""
    return URIRef(name) if ":" in name else URIRef(SH + name)


def short_path(path: str, prefixes: dict[str, str] | None = None) -> str:
    """``<http://www.w3.org/ns/org#postIn>`` -> ``org:postIn``, inside any path expression."""
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
