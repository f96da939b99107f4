"""The reference engine: pySHACL over an rdflib graph (``--engine pyshacl``).

The data graph is the input as parsed: rdflib parses the dataset's files itself
(ontology, vocabularies and data), with rdflib's literal normalisation off, so
``"0042"^^xsd:integer`` and ``"5"^^xsd:int`` reach pySHACL as written — not read
back from the embedded store, which canonicalises literals (issue 9).

Inference is off on purpose: with RDFS inference and the ontology's range
axioms, ``sh:class`` constraints would pass trivially (pySHACL issue #73).
Class targets still see the ontology's ``rdfs:subClassOf`` because the
ontology is part of the data graph.

pySHACL runs a SPARQL constraint once per focus node with the same query text
and ``$this`` pre-bound, and rdflib parses that text again every time (four
fifths of pySHACL's time on our shapes). While pySHACL runs, rdflib's SPARQL
processor is swapped for one that parses each distinct text once
(:class:`PreparedQueries`, a prepared query as rdflib's own ``prepareQuery``
makes); evaluation is rdflib's, unchanged.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyshacl
import rdflib
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.namespace import SH
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.query import Processor

from ..errors import InputError
from .model import ShapesModel
from .results import ValidationResult, severity_name


class PyshaclEngine:
    name = "pyshacl"

    def __init__(self, model: ShapesModel):
        self.model = model
        self.shapes = {shape.node: shape for shape in model.all_shapes()}

    def validate(self, dataset, sink=None) -> list[ValidationResult]:
        """The results (with ``sink``, a function taking an iterable of results: given to it, and [] returned)."""
        results = self.validate_graph(parse_as_written(f.path for f in dataset.files))
        if sink is None:
            return results
        sink(results)
        return []

    def validate_graph(self, data_graph) -> list[ValidationResult]:
        with prepared_queries():
            _conforms, report, _text = pyshacl.validate(
                data_graph, shacl_graph=self.model.graph, inference="none", advanced=False, allow_warnings=True
            )
        results = []
        for node in report.subjects(RDF.type, SH.ValidationResult):
            source = report.value(node, SH.sourceShape)
            shape = self.shapes.get(source)
            component = str(report.value(node, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
            constraint = report.value(node, SH.sourceConstraint)
            path_node = report.value(node, SH.resultPath)
            if shape is not None and shape.is_property:
                path = shape.path_sparql
            elif isinstance(path_node, URIRef):
                path = f"<{path_node}>"
            else:
                path = None
            templates = []
            if shape is not None:
                if constraint is not None:
                    sparql = next((c for c in shape.sparql if c.node == constraint), None)
                    templates = list(sparql.messages) if sparql else []
                templates += [m for m in shape.messages if m not in templates]
            results.append(
                ValidationResult(
                    severity=severity_name(report.value(node, SH.resultSeverity)),
                    focus=report.value(node, SH.focusNode),
                    shape=source,
                    named_shape=shape.named.node if shape is not None else source,
                    component=component,
                    path=path,
                    value=report.value(node, SH.value),
                    constraint=constraint,
                    templates=templates,
                    bindings=_bindings_from_messages(report, node, templates),
                )
            )
        return results


_RDFLIB_SWITCHES = threading.Lock()  # rdflib's settings are process-wide: one switch at a time


def parse_as_written(paths: Iterable[str | Path]) -> Graph:
    """One rdflib graph of the Turtle files, every literal exactly as written.

    rdflib normalises literals while parsing by default (``"0042"^^xsd:integer`` becomes
    ``"42"``); the switch is the module global ``rdflib.NORMALIZE_LITERALS``, so it is turned
    off only around the parse (under a lock) and restored."""
    graph = Graph()
    with _RDFLIB_SWITCHES:
        saved = rdflib.NORMALIZE_LITERALS
        rdflib.NORMALIZE_LITERALS = False
        try:
            for path in paths:
                try:
                    graph.parse(path, format="turtle")
                except BadSyntax as err:  # Oxigraph read the file, rdflib does not (e.g. a space before ^^)
                    raise InputError(_syntax_message(path, err)) from None
        finally:
            rdflib.NORMALIZE_LITERALS = saved
    return graph


def _syntax_message(path, err: BadSyntax) -> str:
    """One line: the file and line, and rdflib's reason ("Bad syntax (expected '.' ...)")."""
    lines = str(err).splitlines()
    reason = lines[1].removesuffix(" at ^ in:") if len(lines) > 1 else lines[0]
    return (
        f"{path}:{err.lines + 1}: the pyshacl engine cannot read this file with rdflib, its parser: {reason} "
        f"(use the default engine)"
    )


class PreparedQueries(SPARQLProcessor):
    """rdflib's SPARQL processor, with each distinct query text parsed and translated once."""

    cache: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803 (rdflib's names)
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            prepared = self.cache.get(key)
            if prepared is None:
                prepared = self.cache[key] = translateQuery(parseQuery(strOrQuery), base, initNs)
            strOrQuery = prepared
        return super().query(strOrQuery, initBindings, initNs, base, DEBUG)


@contextmanager
def prepared_queries() -> Iterator[None]:
    """rdflib's ``sparql`` query processor is :class:`PreparedQueries` inside the block, then rdflib's again."""
    with _RDFLIB_SWITCHES:
        rdflib.plugin.register("sparql", Processor, __name__, PreparedQueries.__name__)
        try:
            yield
        finally:
            rdflib.plugin.register("sparql", Processor, SPARQLProcessor.__module__, SPARQLProcessor.__name__)
            PreparedQueries.cache.clear()


def _bindings_from_messages(report, node, templates) -> dict:
    """pySHACL returns filled-in messages, not the SPARQL solution: recover the variables
    by matching each message against the templates it came from."""
    import re

    bindings: dict = {}
    messages = [str(m) for m in report.objects(node, SH.resultMessage)]
    focus = report.value(node, SH.focusNode)
    value = report.value(node, SH.value)
    if focus is not None:
        bindings["this"] = focus
    if value is not None:
        bindings["value"] = value
    for template in templates:
        text = str(template)
        names = re.findall(r"\{[?$]([A-Za-z_]\w*)\}", text)
        if not names:
            continue
        pattern = "^" + re.sub(r"\\\{(?:\\\?|\\\$)([A-Za-z_]\w*)\\\}", r"(?P<\1>.*?)", re.escape(text)) + "$"
        for message in messages:
            match = re.match(pattern, message, re.S)
            if match:
                for name, raw in match.groupdict().items():
                    bindings.setdefault(name, _guess_term(raw, bindings))
                break
    return bindings


def _guess_term(raw: str, known: dict):
    from rdflib import Literal

    for term in known.values():
        if str(term) == raw:
            return term
    if raw.startswith(("http://", "https://", "urn:", "file:")):
        return URIRef(raw)
    return Literal(raw) if not raw.startswith("_:") else BNode(raw[2:])
