"""Read a SHACL shapes graph into plain Python objects.

The objects keep the rdflib nodes of the shapes graph (so results from either
engine can be matched to the same shape) and the information the SPARQL engine
compiles. Anything outside the supported part of SHACL Core and SHACL-SPARQL is
recorded in :attr:`ShapesModel.unsupported` with a reason, so a caller can fall
back to pyshacl instead of silently skipping it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.namespace import SH

from ..errors import InputError

#: Shape predicates that carry no constraint.
_IGNORED = {
    RDF.type, RDFS.label, RDFS.comment, RDFS.seeAlso, SH.name, SH.description, SH.order, SH.group,
    SH.defaultValue, SH.message, SH.severity, SH.deactivated, SH.path, SH.property, SH.sparql,
    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.declare, SH.prefixes,
    URIRef("http://www.w3.org/2002/07/owl#versionInfo"), URIRef("http://purl.org/dc/terms/license"),
}

#: Constraint parameters evaluated per value node (expressible as a SPARQL filter on ?value).
VALUE_PARAMS = {
    SH.datatype: "DatatypeConstraintComponent",
    SH.nodeKind: "NodeKindConstraintComponent",
    SH["class"]: "ClassConstraintComponent",
    SH["in"]: "InConstraintComponent",
    SH.pattern: "PatternConstraintComponent",
    SH.languageIn: "LanguageInConstraintComponent",
    SH.minInclusive: "MinInclusiveConstraintComponent",
    SH.maxInclusive: "MaxInclusiveConstraintComponent",
    SH.minExclusive: "MinExclusiveConstraintComponent",
    SH.maxExclusive: "MaxExclusiveConstraintComponent",
    SH.minLength: "MinLengthConstraintComponent",
    SH.maxLength: "MaxLengthConstraintComponent",
    SH["or"]: "OrConstraintComponent",
    SH["and"]: "AndConstraintComponent",
    SH["not"]: "NotConstraintComponent",
    SH.xone: "XoneConstraintComponent",
}
#: Constraint parameters evaluated per focus node.
FOCUS_PARAMS = {
    SH.minCount: "MinCountConstraintComponent",
    SH.maxCount: "MaxCountConstraintComponent",
    SH.hasValue: "HasValueConstraintComponent",
    SH.uniqueLang: "UniqueLangConstraintComponent",
}
_COMPANIONS = {SH.flags}  # read together with sh:pattern


@dataclass
class Constraint:
    component: str  # local name in the sh: namespace, e.g. "MinCountConstraintComponent"
    parameter: URIRef
    value: object  # an rdflib term, or a list of terms / of value shapes
    flags: str | None = None
    # SPARQL-based constraints only
    node: object = None
    select: str | None = None
    messages: list[Literal] = field(default_factory=list)


@dataclass
class Shape:
    node: object  # URIRef or BNode in the shapes graph
    is_property: bool
    parent: "Shape | None" = None
    path: object = None  # rdflib path node (property shapes)
    path_sparql: str | None = None
    targets: list[tuple[URIRef, object]] = field(default_factory=list)
    severity: URIRef = SH.Violation
    messages: list[Literal] = field(default_factory=list)
    deactivated: bool = False
    constraints: list[Constraint] = field(default_factory=list)
    properties: list["Shape"] = field(default_factory=list)

    @property
    def named(self) -> "Shape":
        """The nearest shape with an IRI (the node shape owning a blank property shape)."""
        shape = self
        while isinstance(shape.node, BNode) and shape.parent is not None:
            shape = shape.parent
        return shape


@dataclass
class ShapesModel:
    graph: rdflib.Graph
    shapes: list[Shape]  # node shapes with targets (property shapes hang below them)
    unsupported: list[str]

    def all_shapes(self):
        for shape in self.shapes:
            yield shape
            yield from shape.properties


def load_shapes(path: Path | str) -> rdflib.Graph:
    try:
        return rdflib.Graph().parse(str(path), format="turtle")
    except Exception as err:  # rdflib raises many kinds
        raise InputError(f"{path}: shapes file is not valid Turtle: {str(err).splitlines()[0]}") from None


def read_model(graph: rdflib.Graph) -> ShapesModel:
    unsupported: list[str] = []
    reader = _Reader(graph, unsupported)
    node_shapes = set(graph.subjects(RDF.type, SH.NodeShape))
    for pred in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        node_shapes.update(graph.subjects(pred, None))
    for cls in graph.subjects(RDF.type, RDFS.Class):
        if (cls, RDF.type, SH.NodeShape) in graph or (cls, RDF.type, SH.PropertyShape) in graph:
            node_shapes.add(cls)
    shapes = []
    for node in sorted(node_shapes, key=str):
        shape = reader.shape(node, is_property=(node, SH.path, None) in graph)
        if shape.targets and not shape.deactivated:
            shapes.append(shape)
    return ShapesModel(graph=graph, shapes=shapes, unsupported=unsupported)


class _Reader:
    def __init__(self, graph: rdflib.Graph, unsupported: list[str]):
        self.g = graph
        self.unsupported = unsupported

    def _name(self, node) -> str:
        return node.n3(self.g.namespace_manager)

    def shape(self, node, *, is_property: bool, parent: Shape | None = None) -> Shape:
        g = self.g
        shape = Shape(node=node, is_property=is_property, parent=parent)
        for pred in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            for obj in g.objects(node, pred):
                shape.targets.append((pred, obj))
        if (node, RDF.type, RDFS.Class) in g and not is_property:
            shape.targets.append((SH.targetClass, node))
        shape.severity = g.value(node, SH.severity) or SH.Violation
        shape.messages = sorted(g.objects(node, SH.message), key=lambda m: (m.language or "", str(m)))
        deact = g.value(node, SH.deactivated)
        shape.deactivated = bool(deact is not None and deact.toPython() is True)
        if is_property:
            shape.path = g.value(node, SH.path)
            shape.path_sparql = self.path_to_sparql(shape.path)
        for pred, obj in sorted(g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            if pred in _IGNORED or pred in _COMPANIONS:
                continue
            if pred in VALUE_PARAMS or pred in FOCUS_PARAMS:
                shape.constraints.append(self.constraint(node, pred, obj))
            elif str(pred).startswith(str(SH)):
                self.unsupported.append(f"{self._name(node)}: sh:{pred[len(str(SH)):]} is not supported")
        for prop in g.objects(node, SH.property):
            shape.properties.append(self.shape(prop, is_property=True, parent=shape))
        for sparql_node in g.objects(node, SH.sparql):
            shape.constraints.append(self.sparql_constraint(node, sparql_node, shape))
        return shape

    def constraint(self, shape_node, pred, obj) -> Constraint:
        component = VALUE_PARAMS.get(pred) or FOCUS_PARAMS[pred]
        if pred in (SH["in"], SH.languageIn):
            return Constraint(component, pred, list(self.g.items(obj)))
        if pred in (SH["or"], SH["and"], SH.xone):
            members = [self.value_shape(m) for m in self.g.items(obj)]
            return Constraint(component, pred, members)
        if pred == SH["not"]:
            return Constraint(component, pred, [self.value_shape(obj)])
        if pred == SH.pattern:
            flags = self.g.value(shape_node, SH.flags)
            return Constraint(component, pred, obj, flags=str(flags) if flags is not None else None)
        return Constraint(component, pred, obj)

    def value_shape(self, node) -> Shape:
        """A shape used inside sh:or / sh:and / sh:not / sh:xone."""
        shape = self.shape(node, is_property=(node, SH.path, None) in self.g)
        if shape.is_property or shape.properties or any(c.parameter in FOCUS_PARAMS or c.select for c in shape.constraints):
            self.unsupported.append(
                f"{self._name(node)}: only value constraints are supported inside sh:or/sh:and/sh:not/sh:xone"
            )
        return shape

    def sparql_constraint(self, shape_node, node, shape: Shape) -> Constraint:
        g = self.g
        select = g.value(node, SH.select)
        if select is None:
            self.unsupported.append(f"{self._name(shape_node)}: SPARQL constraint without sh:select")
            select = Literal("")
        text = str(select)
        prefixes = self.prefixes_of(node)
        lowered = text.lower()
        if lowered.count("select") > 1:
            self.unsupported.append(f"{self._name(shape_node)}: sub-SELECTs in SPARQL constraints are not supported")
        for var in ("$value", "$path", "$currentshape", "$shapesgraph"):
            if var in lowered:
                self.unsupported.append(f"{self._name(shape_node)}: {var} in SPARQL constraints is not supported")
        if shape.is_property:
            self.unsupported.append(f"{self._name(shape_node)}: SPARQL constraints on property shapes are not supported")
        messages = sorted(g.objects(node, SH.message), key=lambda m: (m.language or "", str(m)))
        deact = g.value(node, SH.deactivated)
        if deact is not None and deact.toPython() is True:
            text = ""
        return Constraint(
            "SPARQLConstraintComponent", SH.sparql, None, node=node, select=prefixes + text, messages=messages
        )

    def prefixes_of(self, node) -> str:
        lines = []
        for decl_owner in self.g.objects(node, SH.prefixes):
            for decl in self.g.objects(decl_owner, SH.declare):
                prefix = self.g.value(decl, SH.prefix)
                namespace = self.g.value(decl, SH.namespace)
                if prefix is not None and namespace is not None:
                    lines.append(f"PREFIX {prefix}: <{namespace}>")
        return "\n".join(sorted(set(lines))) + ("\n" if lines else "")

    def path_to_sparql(self, path) -> str:
        g = self.g
        if isinstance(path, URIRef):
            return f"<{path}>"
        if path is None:
            self.unsupported.append("property shape without sh:path")
            return "<urn:swio:missing-path>"
        if (path, RDF.first, None) in g:
            return "(" + "/".join(self.path_to_sparql(p) for p in g.items(path)) + ")"
        for pred, fmt in (
            (SH.inversePath, "^({})"), (SH.zeroOrMorePath, "({})*"),
            (SH.oneOrMorePath, "({})+"), (SH.zeroOrOnePath, "({})?"),
        ):
            inner = g.value(path, pred)
            if inner is not None:
                return fmt.format(self.path_to_sparql(inner))
        alternatives = g.value(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path_to_sparql(p) for p in g.items(alternatives)) + ")"
        self.unsupported.append(f"unsupported path {self._name(path)}")
        return "<urn:swio:unsupported-path>"
