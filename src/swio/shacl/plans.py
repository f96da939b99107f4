"""What the compiler produces: plans (a query and the function that turns its rows into results),
the focus nodes they run on, and the results and messages of the constraint components."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import BNode, Literal, URIRef

from .expressions import literal_text
from .model import Constraint, Shape
from .paths import Predicate, nullable
from .results import TermList, ValidationResult, severity_name

WRITTEN, CANONICAL = "written", "canonical"
FOCUS_KEYS = itertools.count()


@dataclass
class Plan:
    query: str
    view: str
    emit: Callable  # rows -> list[ValidationResult]
    shape: Shape
    label: str = ""  # what the query checks, for timing reports and errors
    scan: object = None  # the value_scans.ValueScan it runs alone, which the engine may merge with others

    @property
    def where(self) -> str:
        return self.label if self.label.startswith(self.shape.name) else f"{self.shape.name} ({self.label})"


@dataclass
class Focus:
    """The focus nodes of a shape: a pattern binding ``?this`` to each node, per view (in the written
    view a node may come more than once, e.g. an instance of two target classes: the core plans give
    the same rows for it and drop the repeats; the canonical pattern, for SHACL-SPARQL, is DISTINCT).

    ``multiplicity`` counts how many times each node is reached (nested sh:property below a
    property shape reports a result once per parent focus node, W3C property-001); ``None``
    means once each."""

    patterns: dict  # view -> pattern text, or a function computing it on first use
    nodes_set: object = None  # the temporary set holding the nodes (written view), if any
    multiplicity: Counter | None = None
    subjects_of: URIRef | None = None  # the focus nodes are exactly the subjects of this predicate
    key: int = field(default_factory=lambda: next(FOCUS_KEYS))  # identifies the node set in caches
    owner: object = None  # the shape with an IRI these focus nodes are validated under (for named_shape)

    def pattern(self, view: str) -> str:
        pattern = self.patterns[view]
        if callable(pattern):
            pattern = self.patterns[view] = pattern()
        return pattern

    def times(self, node) -> int:
        return 1 if self.multiplicity is None else self.multiplicity.get(node, 1)


@dataclass
class ResultFactory:
    """Builds the results of one shape's constraint."""

    shape: Shape
    component: str
    templates: list = field(default_factory=list)
    default: str | None = None
    constraint: object = None
    extra: dict = field(default_factory=dict)  # bindings for the messages (parameters)
    named: object = None  # the nearest shape with an IRI in the evaluation (default: up the sh:property parents)
    _fixed: tuple | None = field(default=None, init=False, repr=False)  # what every result shares, made once

    def __call__(self, focus, value=None, *, path=None, bindings=None) -> ValidationResult:
        if self._fixed is None:
            shape = self.shape
            path_text = shape.path.sparql() if shape.path is not None else None
            named_shape = self.named if self.named is not None else shape.named.node
            self._fixed = (
                severity_name(shape.severity),
                named_shape,
                path_text,
                tuple(self.templates or shape.messages),
            )
        severity, named_shape, path_text, templates = self._fixed
        result_path = self.shape.path
        if path is not None:
            result_path, path_text = path, path.sparql()
        names = {**self.extra, **bindings} if bindings else self.extra  # shared: results do not change it
        return ValidationResult(
            severity=severity,
            focus=focus,
            shape=self.shape.node,
            named_shape=named_shape,
            component=self.component,
            path=path_text,
            value=value,
            constraint=self.constraint,
            templates=templates,
            bindings=names,
            result_path=result_path,
            default_message=self.default,
        )


DEFAULT_MESSAGES = {
    "ClassConstraintComponent": "value {$value} is not an instance of {$class}",
    "DatatypeConstraintComponent": "value {$value} is not a well-formed literal of datatype {$datatype}",
    "NodeKindConstraintComponent": "value {$value} is not of node kind {$nodeKind}",
    "MinCountConstraintComponent": "fewer than {$minCount} values",
    "MaxCountConstraintComponent": "more than {$maxCount} values",
    "MinInclusiveConstraintComponent": "value {$value} is not greater than or equal to {$minInclusive}",
    "MaxInclusiveConstraintComponent": "value {$value} is not less than or equal to {$maxInclusive}",
    "MinExclusiveConstraintComponent": "value {$value} is not greater than {$minExclusive}",
    "MaxExclusiveConstraintComponent": "value {$value} is not less than {$maxExclusive}",
    "MinLengthConstraintComponent": "value {$value} is shorter than {$minLength} characters",
    "MaxLengthConstraintComponent": "value {$value} is longer than {$maxLength} characters",
    "PatternConstraintComponent": "value {$value} does not match the pattern {$pattern}",
    "LanguageInConstraintComponent": "value {$value} is not a literal in one of the languages {$languageIn}",
    "UniqueLangConstraintComponent": "more than one value with the language tag {$lang}",
    "EqualsConstraintComponent": "value {$value} is not also a value of {$equals} (or the reverse)",
    "DisjointConstraintComponent": "value {$value} is also a value of {$disjoint}",
    "LessThanConstraintComponent": "value {$value} is not less than the value {$other} of {$lessThan}",
    "LessThanOrEqualsConstraintComponent": "value {$value} is not less than or equal to the value {$other} of {$lessThanOrEquals}",
    "NotConstraintComponent": "value {$value} conforms to the shape {$not} it must not conform to",
    "AndConstraintComponent": "value {$value} does not conform to all of the shapes of sh:and",
    "OrConstraintComponent": "value {$value} does not conform to any of the shapes of sh:or",
    "XoneConstraintComponent": "value {$value} does not conform to exactly one of the shapes of sh:xone",
    "NodeConstraintComponent": "value {$value} does not conform to the shape {$node}",
    "QualifiedMinCountConstraintComponent": "fewer than {$qualifiedMinCount} values conform to the shape {$qualifiedValueShape}",
    "QualifiedMaxCountConstraintComponent": "more than {$qualifiedMaxCount} values conform to the shape {$qualifiedValueShape}",
    "ClosedConstraintComponent": "the property {$path} is not allowed (closed shape), value {$value}",
    "HasValueConstraintComponent": "missing the value {$hasValue}",
    "InConstraintComponent": "value {$value} is not one of the allowed values",
    "SPARQLConstraintComponent": "violates a SPARQL-based constraint of the shape {$shape}",
}


def message_bindings(c: Constraint) -> dict:
    name = str(c.parameter).rsplit("#", 1)[-1]
    value = c.value
    if isinstance(value, Shape):
        value = value.node
    elif isinstance(value, list):
        value = TermList(v.node if isinstance(v, Shape) else v for v in value)
    elif isinstance(value, int):
        value = Literal(value)
    out = {name: value}
    if c.component.startswith("Qualified"):
        out["qualifiedMinCount"] = Literal(c.min_count) if c.min_count is not None else None
        out["qualifiedMaxCount"] = Literal(c.max_count) if c.max_count is not None else None
    return {k: v for k, v in out.items() if v is not None}


def show(term) -> str:
    if isinstance(term, Shape):
        term = term.node
    if isinstance(term, Literal):
        return literal_text(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


def named(shape: Shape, focus: Focus):
    """named_shape of a result: the shape itself when it has an IRI, else the IRI-named shape its focus
    nodes are validated under (a blank property shape reached through two node shapes is reported
    under each), else the nearest IRI up its sh:property parents."""
    if isinstance(shape.node, URIRef):
        return shape.node
    if focus.owner is not None:
        return focus.owner
    return shape.named.node


def predicate_path(iri: str) -> Predicate:
    return Predicate(URIRef(iri))


def path_values(shape: Shape, var: str = "?value", *, correlated: bool = False) -> str:
    """A pattern binding ``var`` to each value node of ``shape`` for the bound ?this. A path that can
    have length zero includes ?this itself, also when ?this is in no triple (Oxigraph's property paths
    only return it for nodes of the graph). ``correlated``: inside EXISTS, where ?this is substituted
    into nested groups; else after the focus pattern, through LATERAL."""
    path = shape.path_sparql
    if not nullable(shape.path):
        return f"?this {path} {var} ."
    union = f"{{ BIND (?this AS {var}) }} UNION {{ ?this {path} {var} }}"
    return f"{{ {union} }}" if correlated else f"LATERAL {{ {union} }}"
