"""The reference engine: pySHACL over an rdflib graph (``--engine pyshacl``).

Inference is off on purpose: with RDFS inference and the ontology's range
axioms, ``sh:class`` constraints would pass trivially (pySHACL issue #73).
Class targets still see the ontology's ``rdfs:subClassOf`` because the
ontology is part of the data graph.
"""

from __future__ import annotations

import pyshacl
from rdflib import RDF, BNode, URIRef
from rdflib.namespace import SH

from .model import ShapesModel
from .results import ValidationResult, severity_name


class PyshaclEngine:
    name = "pyshacl"

    def __init__(self, model: ShapesModel):
        self.model = model
        self.shapes = {shape.node: shape for shape in model.all_shapes()}

    def validate(self, dataset) -> list[ValidationResult]:
        return self.validate_graph(dataset.to_rdflib())

    def validate_graph(self, data_graph) -> list[ValidationResult]:
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
            results.append(ValidationResult(
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
            ))
        return results


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
