"""SHACL Core and SHACL-SPARQL compiled to SPARQL and run on Oxigraph.

Each constraint becomes one SELECT over the union of the loaded graphs: the
focus nodes come from the shape's targets (``rdf:type/rdfs:subClassOf*`` for
class targets, as the SHACL spec defines them), and the query returns exactly
the focus/value pairs that fail. The results follow pyshacl's conventions
(which value, path and message each component reports), so the two engines
can be compared result for result; the tests do so on the shipped shapes.
"""

from __future__ import annotations

import os
import re

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from ..sparql_syntax import where_brace
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
        # pySHACL: the tag equals a listed language, or its first subtag does (case-insensitive);
        # for a range without "-" that is exactly SPARQL's langMatches
        wanted = [str(t).lower() for t in c.value]
        if "*" in wanted:
            return f'(isLiteral({v}) && lang({v}) != "")'
        tests = [f"langMatches(lang({v}), {sparql_term(Literal(w))})" if "-" not in w
                 else f"LCASE(lang({v})) = {sparql_term(Literal(w))}" for w in wanted]
        return f"(isLiteral({v}) && ({' || '.join(tests) or 'false'}))"
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


def focus_pattern(shape: Shape, closure: dict | None = None) -> str:
    """A group pattern binding ?this to each focus node of the shape, once.

    With ``closure`` (class -> the class and all its subclasses, read from the data
    graph), class targets become one ``VALUES`` list instead of property paths.
    """
    branches = []
    classes: list[str] = []
    for kind, term in shape.targets:
        if kind == SH.targetClass:
            if closure is None:
                branches.append(f"?this <{RDF.type}>/<{RDFS.subClassOf}>* <{term}> .")
            else:
                classes.extend(c for c in closure.get(str(term), [str(term)]) if c not in classes)
        elif kind == SH.targetNode:
            branches.append(f"VALUES ?this {{ {sparql_term(term)} }}")
        elif kind == SH.targetSubjectsOf:
            branches.append(f"?this <{term}> ?swio_o .")
        elif kind == SH.targetObjectsOf:
            branches.append(f"?swio_s <{term}> ?this .")
    if classes:
        branches.append("VALUES ?swio_t { " + " ".join(f"<{c}>" for c in classes) + f" }} ?this <{RDF.type}> ?swio_t .")
    union = " UNION ".join("{ " + b + " }" for b in branches)
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"


def _implied_by_path(node_shape: Shape, shape: Shape) -> bool:
    """True when every subject with a value on the shape's path is a focus node and vice versa
    (the node shape targets exactly the subjects of that one predicate)."""
    return (shape.is_property and len(node_shape.targets) == 1 and node_shape.targets[0][0] == SH.targetSubjectsOf
            and shape.path_sparql == f"<{node_shape.targets[0][1]}>")


class SparqlEngine:
    """Validates a :class:`~swio.input.dataset.Dataset` against a :class:`ShapesModel` with Oxigraph."""

    name = "sparql"

    def __init__(self, model: ShapesModel):
        if model.unsupported:
            raise UnsupportedShapes("; ".join(model.unsupported))
        self.model = model
        self.closure: dict | None = None
        self.plans = list(self._plan())

    def class_closure(self, dataset) -> dict:
        """Every class the shapes mention, with its subclasses in the data graph (rdfs:subClassOf*)."""
        classes = set()
        for shape in self.model.all_shapes():
            classes.update(str(t) for k, t in shape.targets if k == SH.targetClass)
            for c in shape.constraints:
                if c.parameter == SH["class"]:
                    classes.add(str(c.value))
        closure = {}
        for cls in sorted(classes):
            rows = dataset.query(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* <{cls}> }}")
            closure[cls] = sorted({cls} | {row["c"].value for row in rows if isinstance(row["c"], ox.NamedNode)})
        return closure

    # -- planning: queries, each with the function that turns its rows into results -----
    def _plan(self):
        for node_shape in self.model.shapes:
            focus = focus_pattern(node_shape, self.closure)
            self._owner = node_shape
            yield from self._plan_shape(node_shape, focus)
            for prop in node_shape.properties:
                if not prop.deactivated:
                    yield from self._plan_shape(prop, focus)

    def _plan_shape(self, shape: Shape, focus: str):
        if _implied_by_path(self._owner, shape):
            focus = ""  # the value pattern itself enumerates exactly the focus nodes
        classes = [c for c in shape.constraints if c.parameter == SH["class"]] if shape.is_property else []
        for c in classes:
            yield self._class_plan(shape, c, focus)
        values = [c for c in shape.constraints if c.select is None and c.parameter not in FOCUS_PARAMS
                  and c not in classes]
        counts = [c for c in shape.constraints if c.parameter in (SH.minCount, SH.maxCount)]
        others = [c for c in shape.constraints if c.parameter in (SH.hasValue, SH.uniqueLang)]
        if values:
            yield self._values_plan(shape, values, focus)
        if counts:
            if not shape.is_property:
                raise UnsupportedShapes("sh:minCount/sh:maxCount on a node shape is not supported")
            yield self._counts_plan(shape, counts, focus)
        for c in others:
            if shape.is_property:
                yield self._property_plan(shape, c, focus)
            elif c.parameter == SH.hasValue:
                query = f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER (!sameTerm(?this, {sparql_term(c.value)})) }}"
                yield query, self._simple(shape, c, None)
            else:
                raise UnsupportedShapes(f"{c.component} on a node shape is not supported")
        for c in shape.constraints:
            if c.select is not None and c.select.strip():
                yield self._sparql_plan(shape, c, focus)

    def _simple(self, shape: Shape, c: Constraint, value_from: str | None):
        def emit(rows):
            out = []
            for row in rows:
                focus = to_rdflib(row["this"])
                value = to_rdflib(row[value_from]) if value_from else None
                out.append(self._result(shape, c, focus, value))
            return out
        return emit

    def _values_plan(self, shape: Shape, constraints: list[Constraint], focus: str):
        """All per-value constraints of a shape in one pass over its value nodes."""
        v = "?value" if shape.is_property else "?this"
        binds = " ".join(f"BIND (!({value_expression(c, v)}) AS ?swio_f{i})" for i, c in enumerate(constraints))
        flags = " ".join(f"?swio_f{i}" for i in range(len(constraints)))
        test = " || ".join(f"?swio_f{i}" for i in range(len(constraints)))
        if shape.is_property:
            query = (f"SELECT DISTINCT ?this ?value {flags} WHERE {{ {focus} ?this {shape.path_sparql} ?value . "
                     f"{binds} FILTER ({test}) }}")
        else:
            query = f"SELECT DISTINCT ?this {flags} WHERE {{ {focus} {binds} FILTER ({test}) }}"

        def emit(rows):
            out = []
            for row in rows:
                focus_node = to_rdflib(row["this"])
                value = to_rdflib(row["value"]) if shape.is_property else focus_node
                for i, c in enumerate(constraints):
                    flag = row[f"swio_f{i}"]
                    if flag is not None and flag.value == "true":
                        out.append(self._result(shape, c, focus_node, value))
            return out
        return query, emit

    def _class_plan(self, shape: Shape, c: Constraint, focus: str):
        """sh:class, checked once per distinct value node, then joined back to the focus nodes."""
        path = shape.path_sparql
        query = (f"SELECT ?this ?value WHERE {{ "
                 f"{{ SELECT ?value WHERE {{ {{ SELECT DISTINCT ?value WHERE {{ ?swio_x {path} ?value }} }} "
                 f"FILTER (!({self._class_test(c, '?value')})) }} }} "
                 f"{focus} ?this {path} ?value }}")
        return query, self._simple(shape, c, "value")

    def _class_test(self, c: Constraint, v: str) -> str:
        if self.closure is None:
            return value_expression(c, v)
        classes = " ".join(f"<{x}>" for x in self.closure.get(str(c.value), [str(c.value)]))
        return f"EXISTS {{ VALUES ?swio_c {{ {classes} }} {v} <{RDF.type}> ?swio_c }}"

    def _counts_plan(self, shape: Shape, constraints: list[Constraint], focus: str):
        path = shape.path_sparql
        low = max((int(c.value) for c in constraints if c.parameter == SH.minCount), default=0)
        high = min((int(c.value) for c in constraints if c.parameter == SH.maxCount), default=None)
        if not focus:  # focus nodes are the subjects of the path: at least one value each
            low = 0
            having = f"COUNT(DISTINCT ?swio_v) > {high}" if high is not None else "false"
            query = (f"SELECT ?this (COUNT(DISTINCT ?swio_v) AS ?swio_n) WHERE {{ ?this {path} ?swio_v }} "
                     f"GROUP BY ?this HAVING ({having})")
        elif high is None and low == 1:
            query = f"SELECT ?this (0 AS ?swio_n) WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?swio_v }} }}"
        else:
            having = " || ".join(filter(None, [f"COUNT(DISTINCT ?swio_v) < {low}" if low > 0 else "",
                                               f"COUNT(DISTINCT ?swio_v) > {high}" if high is not None else ""]))
            having = having or "false"
            query = (f"SELECT ?this (COUNT(DISTINCT ?swio_v) AS ?swio_n) WHERE {{ {focus} OPTIONAL {{ ?this {path} ?swio_v }} }} "
                     f"GROUP BY ?this HAVING ({having})")

        def emit(rows):
            out = []
            for row in rows:
                n = int(row["swio_n"].value)
                focus_node = to_rdflib(row["this"])
                for c in constraints:
                    limit = int(c.value)
                    if (c.parameter == SH.minCount and n < limit) or (c.parameter == SH.maxCount and n > limit):
                        out.append(self._result(shape, c, focus_node, None))
            return out
        return query, emit

    def _property_plan(self, shape: Shape, c: Constraint, focus: str):
        path = shape.path_sparql
        if c.parameter == SH.hasValue:
            query = f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} {sparql_term(c.value)} }} }}"
            return query, self._simple(shape, c, None)
        # sh:uniqueLang: one result per focus node and repeated language
        if not (isinstance(c.value, Literal) and c.value.toPython() is True):
            return "SELECT ?this WHERE { FILTER (false) }", self._simple(shape, c, None)
        query = (f"SELECT ?this ?swio_lang WHERE {{ {focus} ?this {path} ?swio_v . "
                 f'FILTER (isLiteral(?swio_v) && lang(?swio_v) != "") BIND (LCASE(lang(?swio_v)) AS ?swio_lang) }} '
                 f"GROUP BY ?this ?swio_lang HAVING (COUNT(DISTINCT ?swio_v) > 1)")
        return query, self._simple(shape, c, None)

    def _sparql_plan(self, shape: Shape, c: Constraint, focus: str):
        text = re.sub(r"\$this\b", "?this", c.select)
        head_end = where_brace(text)
        if head_end is None:
            raise UnsupportedShapes(f"cannot find the WHERE clause of the SPARQL constraint on {shape.node}")
        head, body = text[:head_end], text[head_end + 1:]
        projected = re.search(r"select\s+(distinct\s+|reduced\s+)?(.*?)\s*(where|\{)", head, re.I | re.S)
        if projected and "?this" not in projected.group(2) and projected.group(2).strip() != "*":
            head = head[: projected.start(2)] + "?this " + head[projected.start(2):]
        query = head + "{ " + focus + " " + body
        return query, lambda rows, dataset=None: self._sparql_results(shape, c, rows, dataset)

    # -- running -----------------------------------------------------------------------
    def plans_for(self, dataset) -> list:
        self.closure = self.class_closure(dataset)
        try:
            return list(self._plan())
        finally:
            self.closure = None

    def validate(self, dataset, workers: int | None = None) -> list[ValidationResult]:
        """Run every plan; queries run in parallel threads (Oxigraph releases the GIL while evaluating)."""
        from concurrent.futures import ThreadPoolExecutor

        plans = self.plans_for(dataset)

        def run(plan):
            query, emit = plan
            rows = dataset.query(query)
            return emit(rows, dataset) if "dataset" in emit.__code__.co_varnames else emit(rows)

        workers = workers or min(len(plans), os.cpu_count() or 1)
        if workers <= 1:
            batches = [run(plan) for plan in plans]
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                batches = list(pool.map(run, plans))
        return [result for batch in batches for result in batch]

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

    def _sparql_results(self, shape: Shape, c: Constraint, rows, dataset=None):
        seen = set()
        variables = [v.value for v in rows.variables]
        written = dataset.written_value if dataset is not None else (lambda term: term)
        out = []
        for row in rows:
            bindings = {name: to_rdflib(written(row[name])) for name in variables if row[name] is not None}
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
