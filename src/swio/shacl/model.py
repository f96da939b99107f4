"""Read a SHACL shapes graph into plain Python objects.

The shapes graph is parsed with pyoxigraph (terms exactly as written: ``"0042"^^xsd:integer``
stays ``"0042"``) into an rdflib graph whose literals are not normalised, and every shape the
engine validates with becomes a :class:`Shape`: its targets, its path (:mod:`.paths`), its
severity and messages, and its constraints — the SHACL Core components (:class:`Constraint`),
SPARQL-based constraints (:class:`SparqlConstraint`) and instances of SPARQL-based constraint
components (:class:`ComponentConstraint`).

Shapes graphs that are not valid SHACL (a malformed list, a non-integer ``sh:minCount``, a
recursive shape reference, SHACL Advanced Features targets, ...) raise
:class:`~swio.errors.InputError` naming the shape and what is wrong. Nothing valid is left out.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path as FilePath

import pyoxigraph as ox
import rdflib
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.namespace import OWL, SH, XSD

from ..errors import InputError
from ..input.terms import to_rdflib
from .paths import Path, read_path

#: The target predicates, in the order they are listed.
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
NODE_KINDS = (SH.IRI, SH.BlankNode, SH.Literal, SH.BlankNodeOrIRI, SH.IRIOrLiteral, SH.BlankNodeOrLiteral)
#: Parameters whose values are shapes (or lists of shapes).
SHAPE_PARAMETERS = (SH.node, SH.property, SH.qualifiedValueShape, SH["not"], SH["and"], SH["or"], SH.xone)


@dataclass(eq=False)
class Constraint:
    """One use of a SHACL Core constraint component in a shape.

    ``value`` is the main parameter's value: a term, a list of terms (sh:in, sh:languageIn,
    sh:ignoredProperties), an int (counts, lengths), a :class:`Shape` (sh:node, sh:not,
    sh:qualifiedValueShape) or a list of shapes (sh:and, sh:or, sh:xone)."""

    component: str  # local name in the sh: namespace, e.g. "MinCountConstraintComponent"
    parameter: URIRef
    value: object
    flags: str | None = None  # sh:pattern
    ignored: tuple = ()  # sh:closed: sh:ignoredProperties
    min_count: int | None = None  # sh:qualifiedValueShape
    max_count: int | None = None
    disjoint: bool = False
    siblings: list[Shape] = field(default_factory=list)  # qualified value shapes of sibling property shapes

    @property
    def component_iri(self) -> URIRef:
        return SH[self.component]


@dataclass(eq=False)
class SparqlConstraint:
    """A SPARQL-based constraint (a value of sh:sparql)."""

    node: object
    query: str  # the sh:select text
    prefixes: dict[str, str]
    messages: list[Literal]

    component = "SPARQLConstraintComponent"

    @property
    def component_iri(self) -> URIRef:
        return SH.SPARQLConstraintComponent


@dataclass(eq=False)
class Parameter:
    path: URIRef
    name: str  # the SPARQL variable: the local name of the path
    optional: bool


@dataclass(eq=False)
class Validator:
    node: object
    kind: str  # "select" or "ask"
    query: str
    prefixes: dict[str, str]
    messages: list[Literal]


@dataclass(eq=False)
class Component:
    """A SPARQL-based constraint component (an instance of sh:ConstraintComponent)."""

    node: URIRef
    parameters: list[Parameter]
    validator: Validator | None  # sh:validator (ASK-based, for node and property shapes)
    node_validator: Validator | None
    property_validator: Validator | None
    messages: list[Literal]

    def validator_for(self, shape: Shape) -> Validator | None:
        specific = self.property_validator if shape.is_property else self.node_validator
        return specific or self.validator


@dataclass(eq=False)
class ComponentConstraint:
    """A shape's use of a SPARQL-based constraint component: the parameter values it gives."""

    component_def: Component
    bindings: dict[str, object]  # parameter name -> rdflib term

    @property
    def component(self) -> str:
        return str(self.component_def.node)

    @property
    def component_iri(self) -> URIRef:
        return self.component_def.node


@dataclass(eq=False)
class Shape:
    node: object  # URIRef or BNode in the shapes graph
    path: Path | None = None  # property shapes only
    parent: Shape | None = None  # the first shape that has this one as sh:property
    targets: list[tuple[URIRef, object]] = field(default_factory=list)
    severity: URIRef = SH.Violation
    messages: list[Literal] = field(default_factory=list)
    deactivated: bool = False
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)  # sh:property
    sparql: list[SparqlConstraint] = field(default_factory=list)
    components: list[ComponentConstraint] = field(default_factory=list)
    name: str = ""  # for messages: the node as Turtle would show it

    @property
    def is_property(self) -> bool:
        return self.path is not None

    @property
    def path_sparql(self) -> str | None:
        return self.path.sparql() if self.path is not None else None

    @property
    def named(self) -> Shape:
        """The nearest shape with an IRI (the node shape owning a blank property shape)."""
        shape = self
        while isinstance(shape.node, BNode) and shape.parent is not None:
            shape = shape.parent
        return shape

    def referenced(self) -> list[Shape]:
        """The shapes this one refers to (sh:property, sh:node, the logical and qualified components)."""
        out = list(self.properties)
        for c in self.constraints:
            if isinstance(c.value, Shape):
                out.append(c.value)
            elif isinstance(c.value, list) and c.value and isinstance(c.value[0], Shape):
                out.extend(c.value)
            out.extend(c.siblings)
        return out


@dataclass
class ShapesModel:
    graph: rdflib.Graph
    shapes: list[Shape]  # every active shape with a target (property shapes hang below)
    by_node: dict = field(default_factory=dict)  # every shape read, by its node

    def all_shapes(self):
        """Each shape reachable from the targeted ones, once."""
        seen: set[int] = set()
        stack = list(reversed(self.shapes))
        while stack:
            shape = stack.pop()
            if id(shape) in seen:
                continue
            seen.add(id(shape))
            yield shape
            stack.extend(reversed(shape.referenced()))


# -- reading the shapes graph -------------------------------------------------------------
def graph_from_triples(triples) -> rdflib.Graph:
    """An rdflib graph of pyoxigraph triples (or quads), every term as written (only rdflib's core prefixes
    bound: a shapes file adds its own)."""
    graph = rdflib.Graph(bind_namespaces="core")
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


def load_shapes(path: FilePath | str) -> rdflib.Graph:
    """Parse a Turtle shapes file, literals exactly as written (rdflib would normalise them)."""
    path = FilePath(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read the shapes file: {err.strerror or err}") from None
    try:
        parser = ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(), rename_blank_nodes=True)
        triples = list(parser)
    except SyntaxError as err:
        raise InputError(f"{path}: shapes file is not valid Turtle: {str(err).splitlines()[0]}") from None
    except ValueError as err:
        raise InputError(f"{path}: shapes file is not valid Turtle: {err}") from None
    graph = graph_from_triples(triples)
    for prefix, ns in parser.prefixes.items():  # for readable shape names in messages
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def read_model(graph: rdflib.Graph) -> ShapesModel:
    """Every shape with a target, with everything it refers to; recursion is refused."""
    reader = _Reader(graph)
    candidates = reader.instances_of(SH.NodeShape) | reader.instances_of(SH.PropertyShape)
    for pred in TARGETS:
        candidates.update(graph.subjects(pred, None))
    shapes = []
    for node in sorted(candidates, key=lambda n: (isinstance(n, BNode), str(n))):
        shape = reader.shape(node)
        if shape.targets and not shape.deactivated:
            shapes.append(shape)
    model = ShapesModel(graph=graph, shapes=shapes, by_node=reader.shapes)
    _refuse_recursion(model)
    return model


def _refuse_recursion(model: ShapesModel) -> None:
    """The SHACL spec leaves validation with recursive shapes undefined: refuse them."""
    state: dict[int, int] = {}  # 1 = on the stack, 2 = done

    def visit(shape: Shape, trail: list[Shape]) -> None:
        key = id(shape)
        if state.get(key) == 2:
            return
        if state.get(key) == 1:
            cycle = trail[[id(s) for s in trail].index(key) :] + [shape]
            raise InputError(
                "recursive shapes are not supported (SHACL leaves their validation undefined): "
                + " -> ".join(s.name for s in cycle)
            )
        state[key] = 1
        for ref in shape.referenced():
            visit(ref, trail + [shape])
        state[key] = 2

    for shape in model.shapes:
        visit(shape, [])


def _is_true(term) -> bool:
    """SHACL's boolean parameters are active only for the literal true (W3C test uniqueLang-002)."""
    return isinstance(term, Literal) and term.datatype == XSD.boolean and str(term) == "true"


class _Reader:
    def __init__(self, graph: rdflib.Graph):
        self.g = graph
        self.shapes: dict = {}
        self.property_shapes = self.instances_of(SH.PropertyShape)
        self.components = self._components()

    # -- helpers ---------------------------------------------------------------------------
    def name(self, node) -> str:
        if isinstance(node, BNode):
            return f"_:{node}"
        try:
            return node.n3(self.g.namespace_manager)
        except Exception:  # an IRI rdflib cannot shorten
            return f"<{node}>"

    def instances_of(self, cls) -> set:
        classes = {cls} | set(self.g.transitive_subjects(RDFS.subClassOf, cls))
        out = set()
        for c in classes:
            out.update(self.g.subjects(RDF.type, c))
        return out

    def is_instance(self, node, cls) -> bool:
        types = set(self.g.objects(node, RDF.type))
        return any(cls in set(self.g.transitive_objects(t, RDFS.subClassOf)) for t in types)

    def items(self, node, where: str, what: str) -> list:
        items, seen = [], set()
        while node != RDF.nil:
            first = list(self.g.objects(node, RDF.first))
            rest = list(self.g.objects(node, RDF.rest))
            if node in seen or len(first) != 1 or len(rest) != 1:
                raise InputError(f"{where}: the value of {what} is not a well-formed RDF list")
            seen.add(node)
            items.append(first[0])
            node = rest[0]
        return items

    def one(self, node, pred, where: str):
        values = list(self.g.objects(node, pred))
        if len(values) > 1:
            raise InputError(f"{where}: more than one value for {self.name(pred)}")
        return values[0] if values else None

    def integer(self, term, where: str, what: str) -> int:
        try:
            if not isinstance(term, Literal) or term.datatype != XSD.integer:
                raise ValueError
            value = int(str(term).strip())
        except ValueError:
            raise InputError(f"{where}: {what} must be an xsd:integer, not {self.name(term)}") from None
        if value < 0:
            raise InputError(f"{where}: {what} must not be negative")
        return value

    def iri(self, term, where: str, what: str) -> URIRef:
        if not isinstance(term, URIRef):
            raise InputError(f"{where}: {what} must be an IRI, not {self.name(term)}")
        return term

    def messages(self, node) -> list[Literal]:
        return sorted(self.g.objects(node, SH.message), key=lambda m: (m.language or "", str(m)))

    # -- shapes ----------------------------------------------------------------------------
    def shape(self, node, parent: Shape | None = None) -> Shape:
        if node in self.shapes:
            shape = self.shapes[node]
            if shape.parent is None and parent is not None:
                shape.parent = parent
            return shape
        if isinstance(node, Literal):
            raise InputError(
                f"{self.name(parent.node) if parent else 'shapes graph'}: "
                f"the literal {self.name(node)} is used as a shape"
            )
        g = self.g
        where = self.name(node)
        shape = Shape(node=node, parent=parent, name=where)
        self.shapes[node] = shape
        path = self.one(node, SH.path, where)
        if path is not None:
            shape.path = read_path(g, path, where)
        elif node in self.property_shapes:
            raise InputError(f"{where}: a sh:PropertyShape needs a sh:path")
        if (node, SH.target, None) in g:
            raise InputError(f"{where}: sh:target (SHACL Advanced Features) is not supported")
        for pred in TARGETS:
            for obj in sorted(g.objects(node, pred), key=str):
                if pred != SH.targetNode:
                    self.iri(obj, where, self.name(pred))
                shape.targets.append((pred, obj))
        if self.is_instance(node, RDFS.Class) and (
            self.is_instance(node, SH.NodeShape) or self.is_instance(node, SH.PropertyShape)
        ):
            shape.targets.append((SH.targetClass, node))  # implicit class target
        severity = self.one(node, SH.severity, where)
        shape.severity = self.iri(severity, where, "sh:severity") if severity is not None else SH.Violation
        shape.messages = self.messages(node)
        shape.deactivated = _is_true(self.one(node, SH.deactivated, where))
        self.read_constraints(shape)
        for prop in sorted(g.objects(node, SH.property), key=str):
            child = self.shape(prop, parent=shape)
            if not child.is_property:
                raise InputError(f"{where}: the value {child.name} of sh:property has no sh:path")
            shape.properties.append(child)
        for sparql in sorted(g.objects(node, SH.sparql), key=str):
            constraint = self.sparql_constraint(shape, sparql)
            if constraint is not None:
                shape.sparql.append(constraint)
        for component in self.components:
            shape.components.extend(self.component_constraints(shape, component))
        return shape

    def read_constraints(self, shape: Shape) -> None:
        g, node, where = self.g, shape.node, shape.name
        add = shape.constraints.append

        def values(pred):
            return sorted(g.objects(node, pred), key=lambda t: (type(t).__name__, str(t)))

        for v in values(SH["class"]):
            add(Constraint("ClassConstraintComponent", SH["class"], self.iri(v, where, "sh:class")))
        for v in values(SH.datatype):
            add(Constraint("DatatypeConstraintComponent", SH.datatype, self.iri(v, where, "sh:datatype")))
        for v in values(SH.nodeKind):
            if v not in NODE_KINDS:
                raise InputError(f"{where}: sh:nodeKind {self.name(v)} is not one of the six node kinds")
            add(Constraint("NodeKindConstraintComponent", SH.nodeKind, v))
        for pred, comp in (
            (SH.minCount, "MinCountConstraintComponent"),
            (SH.maxCount, "MaxCountConstraintComponent"),
            (SH.minLength, "MinLengthConstraintComponent"),
            (SH.maxLength, "MaxLengthConstraintComponent"),
        ):
            for v in values(pred):
                if pred in (SH.minCount, SH.maxCount) and not shape.is_property:
                    raise InputError(f"{where}: {self.name(pred)} is only allowed on property shapes")
                add(Constraint(comp, pred, self.integer(v, where, self.name(pred))))
        for pred, comp in (
            (SH.minInclusive, "MinInclusiveConstraintComponent"),
            (SH.maxInclusive, "MaxInclusiveConstraintComponent"),
            (SH.minExclusive, "MinExclusiveConstraintComponent"),
            (SH.maxExclusive, "MaxExclusiveConstraintComponent"),
        ):
            for v in values(pred):
                if not isinstance(v, Literal):
                    raise InputError(f"{where}: {self.name(pred)} must be a literal")
                add(Constraint(comp, pred, v))
        flags = self.one(node, SH.flags, where)
        for v in values(SH.pattern):
            if not isinstance(v, Literal):
                raise InputError(f"{where}: sh:pattern must be a string literal")
            add(
                Constraint("PatternConstraintComponent", SH.pattern, v, flags=str(flags) if flags is not None else None)
            )
        for v in values(SH.languageIn):
            ranges = self.items(v, where, "sh:languageIn")
            if any(not isinstance(r, Literal) for r in ranges):
                raise InputError(f"{where}: the members of sh:languageIn must be literals")
            add(Constraint("LanguageInConstraintComponent", SH.languageIn, ranges))
        for v in values(SH.uniqueLang):
            if _is_true(v):
                if not shape.is_property:
                    raise InputError(f"{where}: sh:uniqueLang is only allowed on property shapes")
                add(Constraint("UniqueLangConstraintComponent", SH.uniqueLang, v))
        for pred, comp in (
            (SH.equals, "EqualsConstraintComponent"),
            (SH.disjoint, "DisjointConstraintComponent"),
            (SH.lessThan, "LessThanConstraintComponent"),
            (SH.lessThanOrEquals, "LessThanOrEqualsConstraintComponent"),
        ):
            for v in values(pred):
                if pred in (SH.lessThan, SH.lessThanOrEquals) and not shape.is_property:
                    raise InputError(f"{where}: {self.name(pred)} is only allowed on property shapes")
                add(Constraint(comp, pred, self.iri(v, where, self.name(pred))))
        for v in values(SH.hasValue):
            add(Constraint("HasValueConstraintComponent", SH.hasValue, v))
        for v in values(SH["in"]):
            add(Constraint("InConstraintComponent", SH["in"], self.items(v, where, "sh:in")))
        for v in values(SH.closed):
            if _is_true(v):
                ignored = []
                for lst in values(SH.ignoredProperties):
                    ignored.extend(self.items(lst, where, "sh:ignoredProperties"))
                add(Constraint("ClosedConstraintComponent", SH.closed, v, ignored=tuple(ignored)))
        for v in values(SH.node):
            add(Constraint("NodeConstraintComponent", SH.node, self.shape(v)))
        for v in values(SH["not"]):
            add(Constraint("NotConstraintComponent", SH["not"], self.shape(v)))
        for pred, comp in (
            (SH["and"], "AndConstraintComponent"),
            (SH["or"], "OrConstraintComponent"),
            (SH.xone, "XoneConstraintComponent"),
        ):
            for v in values(pred):
                members = [self.shape(m) for m in self.items(v, where, self.name(pred))]
                add(Constraint(comp, pred, members))
        self.qualified(shape)

    def qualified(self, shape: Shape) -> None:
        g, node, where = self.g, shape.node, shape.name
        qshapes = sorted(g.objects(node, SH.qualifiedValueShape), key=str)
        if not qshapes:
            return
        low = self.one(node, SH.qualifiedMinCount, where)
        high = self.one(node, SH.qualifiedMaxCount, where)
        disjoint = _is_true(self.one(node, SH.qualifiedValueShapesDisjoint, where))
        siblings = []
        if disjoint:  # sh:property/sh:qualifiedValueShape of every shape that has this one as sh:property
            for parent in g.subjects(SH.property, node):
                for sibling in g.objects(parent, SH.property):
                    siblings.extend(g.objects(sibling, SH.qualifiedValueShape))
        for q in qshapes:
            value = self.shape(q)
            others = [self.shape(s) for s in sorted(set(siblings), key=str) if s != q]
            for count, comp in (
                (low, "QualifiedMinCountConstraintComponent"),
                (high, "QualifiedMaxCountConstraintComponent"),
            ):
                if count is None:
                    continue
                n = self.integer(count, where, "sh:qualified" + comp[9:12] + "Count")
                shape.constraints.append(
                    Constraint(
                        comp,
                        SH.qualifiedValueShape,
                        value,
                        disjoint=disjoint,
                        siblings=others,
                        min_count=n if comp.startswith("QualifiedMin") else None,
                        max_count=n if comp.startswith("QualifiedMax") else None,
                    )
                )

    # -- SHACL-SPARQL ----------------------------------------------------------------------
    def prefixes(self, node, where: str) -> dict[str, str]:
        """The sh:declare prefixes of every sh:prefixes value, following owl:imports in the shapes graph."""
        out: dict[str, str] = {}
        todo = list(self.g.objects(node, SH.prefixes))
        seen = set()
        while todo:
            owner = todo.pop()
            if owner in seen:
                continue
            seen.add(owner)
            todo.extend(self.g.objects(owner, OWL.imports))
            for decl in self.g.objects(owner, SH.declare):
                prefix = self.one(decl, SH.prefix, where)
                namespace = self.one(decl, SH.namespace, where)
                if prefix is None or namespace is None:
                    raise InputError(f"{where}: a sh:declare needs sh:prefix and sh:namespace")
                if str(prefix) in out and out[str(prefix)] != str(namespace):
                    raise InputError(f"{where}: the prefix {prefix}: is declared twice with different namespaces")
                out[str(prefix)] = str(namespace)
        return out

    def sparql_constraint(self, shape: Shape, node) -> SparqlConstraint | None:
        where = f"{shape.name} (sh:sparql {self.name(node)})"
        if _is_true(self.one(node, SH.deactivated, where)):
            return None
        select = self.one(node, SH.select, where)
        if select is None:
            raise InputError(f"{where}: a SPARQL-based constraint needs sh:select")
        return SparqlConstraint(
            node=node, query=str(select), prefixes=self.prefixes(node, where), messages=self.messages(node)
        )

    def _components(self) -> list[Component]:
        out = []
        for node in sorted(self.instances_of(SH.ConstraintComponent), key=str):
            where = self.name(node)
            params = []
            for p in sorted(self.g.objects(node, SH.parameter), key=str):
                path = self.iri(self.one(p, SH.path, where), where, "the sh:path of a sh:parameter")
                local = re.search(r"([A-Za-z_][\w-]*)$", str(path))
                if local is None:
                    raise InputError(f"{where}: cannot derive a variable name from the parameter {self.name(path)}")
                optional = _is_true(self.one(p, SH.optional, where))
                params.append(Parameter(path, local.group(1).replace("-", "_"), optional))
            if not params:
                raise InputError(f"{where}: a constraint component needs at least one sh:parameter")
            out.append(
                Component(
                    node=node,
                    parameters=params,
                    validator=self.validator(node, SH.validator, where),
                    node_validator=self.validator(node, SH.nodeValidator, where),
                    property_validator=self.validator(node, SH.propertyValidator, where),
                    messages=self.messages(node),
                )
            )
        return out

    def validator(self, component, pred, where: str) -> Validator | None:
        node = self.one(component, pred, where)
        if node is None:
            return None
        where = f"{where} ({self.name(pred)})"
        select, ask = self.one(node, SH.select, where), self.one(node, SH.ask, where)
        if (select is None) == (ask is None):
            raise InputError(f"{where}: a validator needs exactly one of sh:select and sh:ask")
        return Validator(
            node=node,
            kind="select" if select is not None else "ask",
            query=str(select or ask),
            prefixes=self.prefixes(node, where),
            messages=self.messages(node),
        )

    def component_constraints(self, shape: Shape, component: Component) -> list[ComponentConstraint]:
        if component.validator_for(shape) is None:
            return []  # no validator for this kind of shape: the component does not apply
        choices = []
        for param in component.parameters:
            vals = sorted(self.g.objects(shape.node, param.path), key=str)
            if not vals:
                if not param.optional:
                    return []
                continue
            choices.append([(param.name, v) for v in vals])
        return [ComponentConstraint(component, dict(combo)) for combo in itertools.product(*choices)]
