"""SHACL Core and SHACL-SPARQL compiled to SPARQL and run on Oxigraph.

Each constraint becomes one SELECT over the union of the loaded graphs: the
focus nodes come from the shape's targets (``rdf:type/rdfs:subClassOf*`` for
class targets, as the SHACL spec defines them), and the query returns exactly
the focus/value pairs that fail. The results follow pyshacl's conventions
(which value, path and message each component reports), so the two engines
can be compared result for result; the tests do so on the shipped shapes.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from .model import FOCUS_PARAMS, Constraint, Shape, ShapesModel
from .results import ValidationResult, severity_name


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class UnsupportedShapes(Exception):
    pass


def to_rdflib(term):
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # a simple literal, as rdflib parses it
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected term {term!r}")


def sparql_term(term) -> str:
    """An rdflib term as SPARQL syntax."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype is not None:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    raise UnsupportedShapes(f"blank node {term} as a constraint parameter is not supported")


_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
}
_RANGE_OPS = {
    SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<",
}


def value_expression(c: Constraint, v: str) -> str:
    """A SPARQL boolean expression that is true when the value node ``v`` conforms to ``c``."""
    p = c.parameter
    if p == SH.datatype:
        if c.value == RDFS.Literal:
            return f"isLiteral({v})"
        return f"(isLiteral({v}) && datatype({v}) = <{c.value}>)"
    if p == SH.nodeKind:
        return _NODE_KINDS[c.value].format(v=v)
    if p == SH["class"]:
        return f"EXISTS {{ {v} <{RDF.type}>/<{RDFS.subClassOf}>* <{c.value}> }}"
    if p == SH["in"]:
        if not c.value:
            return "false"
        return "(" + " || ".join(f"sameTerm({v}, {sparql_term(t)})" for t in c.value) + ")"
    if p == SH.hasValue:
        return f"sameTerm({v}, {sparql_term(c.value)})"
    if p == SH.pattern:
        flags = f", {sparql_term(Literal(c.flags))}" if c.flags else ""
        return f"(!isBlank({v}) && REGEX(STR({v}), {sparql_term(Literal(str(c.value)))}{flags}))"
    if p == SH.languageIn:
        wanted = [str(t).lower() for t in c.value]
        if "*" in wanted:
            return f'(isLiteral({v}) && lang({v}) != "")'
        listed = ", ".join(sparql_term(Literal(w)) for w in wanted) or '""'
        return (f'(isLiteral({v}) && lang({v}) != "" && (LCASE(lang({v})) IN ({listed}) || '
                f'LCASE(STRBEFORE(lang({v}), "-")) IN ({listed})))')
    if p in _RANGE_OPS:
        return f"COALESCE({v} {_RANGE_OPS[p]} {sparql_term(c.value)}, false)"
    if p == SH.minLength:
        return f"(!isBlank({v}) && STRLEN(STR({v})) >= {int(c.value)})"
    if p == SH.maxLength:
        return f"(!isBlank({v}) && STRLEN(STR({v})) <= {int(c.value)})"
    if p in (SH["or"], SH["and"], SH.xone, SH["not"]):
        members = [shape_expression(m, v) for m in c.value]
        if p == SH["or"]:
            return "(" + " || ".join(members) + ")" if members else "false"
        if p == SH["and"]:
            return "(" + " && ".join(members) + ")" if members else "true"
        if p == SH["not"]:
            return f"(!{members[0]})"
        return "((" + " + ".join(f"IF({m}, 1, 0)" for m in members) + ") = 1)"
    raise UnsupportedShapes(f"{c.component} is not supported as a value constraint")


def shape_expression(shape: Shape, v: str) -> str:
    parts = [value_expression(c, v) for c in shape.constraints]
    return "(" + " && ".join(parts) + ")" if parts else "true"


def focus_pattern(shape: Shape) -> str:
    """A group pattern binding ?this to each focus node of the shape, once."""
    branches = []
    for kind, term in shape.targets:
        if kind == SH.targetClass:
            branches.append(f"?this <{RDF.type}>/<{RDFS.subClassOf}>* <{term}> .")
        elif kind == SH.targetNode:
            branches.append(f"VALUES ?this {{ {sparql_term(term)} }}")
        elif kind == SH.targetSubjectsOf:
            branches.append(f"?this <{term}> ?swio_o .")
        elif kind == SH.targetObjectsOf:
            branches.append(f"?swio_s <{term}> ?this .")
    union = " UNION ".join("{ " + b + " }" for b in branches)
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"


class SparqlEngine:
    """Validates a :class:`~swio.dataset.Dataset` against a :class:`ShapesModel` with Oxigraph."""

    name = "sparql"

    def __init__(self, model: ShapesModel):
        if model.unsupported:
            raise UnsupportedShapes("; ".join(model.unsupported))
        self.model = model
        self.plans = list(self._plan())

    # -- planning: one (query, handler) per constraint ---------------------------------
    def _plan(self):
        for node_shape in self.model.shapes:
            focus = focus_pattern(node_shape)
            yield from self._plan_shape(node_shape, focus, owner=node_shape)
            for prop in node_shape.properties:
                if prop.deactivated:
                    continue
                yield from self._plan_shape(prop, focus, owner=node_shape)

    def _plan_shape(self, shape: Shape, focus: str, owner: Shape):
        for c in shape.constraints:
            if c.select is not None:
                if c.select.strip():
                    yield self._sparql_plan(shape, c, focus)
            elif shape.is_property:
                yield self._property_plan(shape, c, focus)
            else:
                yield self._node_plan(shape, c, focus)

    def _node_plan(self, shape: Shape, c: Constraint, focus: str):
        if c.parameter == SH.hasValue:
            expr = f"sameTerm(?this, {sparql_term(c.value)})"
        elif c.parameter in FOCUS_PARAMS:
            raise UnsupportedShapes(f"{c.component} on a node shape is not supported")
        else:
            expr = value_expression(c, "?this")
        query = f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER (!({expr})) }}"
        value_from = None if c.parameter == SH.hasValue else "this"
        return query, (shape, c, value_from)

    def _property_plan(self, shape: Shape, c: Constraint, focus: str):
        path = shape.path_sparql
        p = c.parameter
        if p == SH.minCount:
            n = int(c.value)
            if n <= 0:
                return "SELECT ?this WHERE { FILTER (false) }", (shape, c, None)
            if n == 1:
                query = f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?swio_v }} }}"
            else:
                query = (f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path} ?swio_v }} }} "
                         f"GROUP BY ?this HAVING (COUNT(DISTINCT ?swio_v) < {n})")
            return query, (shape, c, None)
        if p == SH.maxCount:
            query = (f"SELECT ?this WHERE {{ {focus} ?this {path} ?swio_v }} "
                     f"GROUP BY ?this HAVING (COUNT(DISTINCT ?swio_v) > {int(c.value)})")
            return query, (shape, c, None)
        if p == SH.hasValue:
            query = f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} {sparql_term(c.value)} }} }}"
            return query, (shape, c, None)
        if p == SH.uniqueLang:
            if not (isinstance(c.value, Literal) and c.value.toPython() is True):
                return "SELECT ?this WHERE { FILTER (false) }", (shape, c, None)
            query = (f"SELECT ?this ?swio_lang WHERE {{ {focus} ?this {path} ?swio_v . "
                     f'FILTER (isLiteral(?swio_v) && lang(?swio_v) != "") BIND (LCASE(lang(?swio_v)) AS ?swio_lang) }} '
                     f"GROUP BY ?this ?swio_lang HAVING (COUNT(DISTINCT ?swio_v) > 1)")
            return query, (shape, c, None)
        expr = value_expression(c, "?value")
        query = f"SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {path} ?value . FILTER (!({expr})) }}"
        return query, (shape, c, "value")

    def _sparql_plan(self, shape: Shape, c: Constraint, focus: str):
        text = re.sub(r"\$this\b", "?this", c.select)
        head_end = _where_brace(text)
        if head_end is None:
            raise UnsupportedShapes(f"cannot find the WHERE clause of the SPARQL constraint on {shape.node}")
        head, body = text[:head_end], text[head_end + 1:]
        projected = re.search(r"select\s+(distinct\s+|reduced\s+)?(.*?)\s*(where|\{)", head, re.I | re.S)
        if projected and "?this" not in projected.group(2) and projected.group(2).strip() != "*":
            head = head[: projected.start(2)] + "?this " + head[projected.start(2):]
        query = head + "{ " + focus + " " + body
        return query, (shape, c, "sparql")

    # -- running -----------------------------------------------------------------------
    def validate(self, dataset) -> list[ValidationResult]:
        results: list[ValidationResult] = []
        for query, (shape, c, value_from) in self.plans:
            rows = dataset.query(query)
            if value_from == "sparql":
                results.extend(self._sparql_results(shape, c, rows))
                continue
            for row in rows:
                focus = to_rdflib(row["this"])
                value = None
                if value_from == "value":
                    value = to_rdflib(row["value"])
                elif value_from == "this":
                    value = focus
                results.append(self._result(shape, c, focus, value))
        return results

    def _result(self, shape: Shape, c: Constraint, focus, value, **extra) -> ValidationResult:
        return ValidationResult(
            severity=severity_name(shape.severity),
            focus=focus,
            shape=shape.node,
            named_shape=shape.named.node,
            component=c.component,
            path=shape.path_sparql if shape.is_property else extra.pop("path", None),
            value=value,
            templates=list(shape.messages),
            **extra,
        )

    def _sparql_results(self, shape: Shape, c: Constraint, rows):
        seen = set()
        variables = [v.value for v in rows.variables]
        out = []
        for row in rows:
            bindings = {name: to_rdflib(row[name]) for name in variables if row[name] is not None}
            bindings.pop("failure", None)
            marker = tuple(sorted((k, str(v)) for k, v in bindings.items()))
            if marker in seen:
                continue
            seen.add(marker)
            focus = bindings.get("this")
            value = bindings.get("value", focus)
            path = bindings.get("path")
            templates = list(c.messages) + [m for m in shape.messages if m not in c.messages]
            result = self._result(shape, c, focus, value, path=f"<{path}>" if isinstance(path, URIRef) else None,
                                  constraint=c.node, bindings=bindings)
            result.templates = templates
            out.append(result)
        return out


def _where_brace(text: str) -> int | None:
    """Index of the '{' that opens the top-level WHERE group of a SELECT query."""
    match = re.search(r"\bselect\b", text, re.I)
    if not match:
        return None
    depth = 0
    i = match.end()
    in_string = None
    while i < len(text):
        ch = text[i]
        if in_string:
            if ch == "\\":
                i += 2
                continue
            if ch == in_string:
                in_string = None
        elif ch in "\"'":
            in_string = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "{" and depth == 0:
            return i
        i += 1
    return None
