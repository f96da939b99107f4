"""SHACL-SPARQL: SPARQL-based constraints (sh:sparql) and SPARQL-based constraint components, compiled
with :mod:`.prebinding` into one query for all focus nodes (or one per focus node where the query
needs it), run on the canonical view of the data; the terms of results are reported as written."""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox
from rdflib import URIRef

from ..errors import InputError
from ..input.terms import to_rdflib
from .model import ComponentConstraint, Shape, SparqlConstraint
from .plans import CANONICAL, DEFAULT_MESSAGES, Focus, Plan, ResultFactory, named, path_values, predicate_path, show
from .prebinding import prepare


class SparqlPlans:
    """The plans of the SPARQL-based constraints of a shape (``compiler``: a :class:`.compiler.Compiler`)."""

    def __init__(self, compiler):
        self.compiler = compiler
        self.run = compiler.run

    def _prebound_pattern(self, shape: Shape, focus: Focus, mentions: set, constants: dict) -> str:
        values = {}
        if "currentShape" in mentions:
            values["currentShape"] = shape.node
        if "shapesGraph" in mentions:
            values["shapesGraph"] = URIRef(self.run.shapes_graph_iri())
        values.update({k: v for k, v in constants.items() if k in mentions})
        pattern = focus.pattern(CANONICAL)
        if values:
            pattern += " " + self.run.constants_pattern(values, CANONICAL)
        return pattern

    def _run_prepared(self, prepared, shape, focus, constants, make_result, label) -> list[Plan]:
        """Plans for a prepared SELECT (bulk, or one per focus node when the query needs it)."""
        if prepared.mode != "per-focus":
            if focus.subjects_of is not None and str(focus.subjects_of) in prepared.anchors():
                focus = replace(focus, patterns={CANONICAL: ""})  # the query itself enumerates the focus nodes
            query = prepared.select(self._prebound_pattern(shape, focus, prepared.mentions, constants))
            return [Plan(query, CANONICAL, lambda rows: make_result(rows, None), shape, label)]
        plans = []
        for node in self.compiler.focus_nodes(focus):
            single = self.compiler.set_focus([node])
            query = prepared.select(self._prebound_pattern(shape, single, prepared.mentions, constants), per_focus=True)
            plans.append(Plan(query, CANONICAL, lambda rows, node=node: make_result(rows, node), shape, label))
        return plans

    def constraint(self, shape: Shape, sparql: SparqlConstraint, focus: Focus) -> list[Plan]:
        where = f"{shape.name}: SPARQL constraint {show(sparql.node)}"
        prepared = prepare(
            sparql.query,
            sparql.prefixes,
            form="SELECT",
            prebound={"this", "currentShape", "shapesGraph"},
            path=shape.path_sparql,
            where=where,
        )
        make = ResultFactory(
            shape,
            "SPARQLConstraintComponent",
            named=named(shape, focus),
            templates=sparql.messages,
            default=DEFAULT_MESSAGES["SPARQLConstraintComponent"],
            constraint=sparql.node,
            extra={"currentShape": shape.node, "shape": named(shape, focus)},
        )
        return self._run_prepared(prepared, shape, focus, {}, self._select_results(shape, make, focus, where), where)

    def _select_results(self, shape, make, focus, where):
        def emit(rows, fixed_focus):
            names = [v.value for v in rows.variables]
            for row in rows:
                bindings = {n: row[n] for n in names if row[n] is not None}
                failure = bindings.get("failure")
                if isinstance(failure, ox.Literal) and failure.value == "true":
                    raise InputError(f"{where}: the query reports a failure (?failure is true)")
                f = bindings.get("this", fixed_focus)
                if f is None:
                    raise InputError(f"{where}: a solution does not bind $this")
                f = self.run.written_value(f)
                value = bindings.get("value")
                if value is not None:
                    value = self.run.written_value(value)
                elif not shape.is_property:
                    value = f
                path = bindings.get("path")
                path = predicate_path(path.value) if isinstance(path, ox.NamedNode) else None
                terms = {n: to_rdflib(self.run.written_value(t)) for n, t in bindings.items()}
                yield from (
                    make(to_rdflib(f), to_rdflib(value), path=path, bindings=terms) for _ in range(focus.times(f))
                )

        return emit

    def component(self, shape: Shape, cc: ComponentConstraint, focus: Focus) -> list[Plan]:
        comp = cc.component_def
        validator = comp.validator_for(shape)
        where = f"{shape.name}: constraint component {show(comp.node)} ({show(validator.node)})"
        params = set(cc.bindings) | {p.name for p in comp.parameters}
        templates = shape.messages or validator.messages or comp.messages
        make = ResultFactory(
            shape,
            str(comp.node),
            named=named(shape, focus),
            templates=templates,
            extra={**cc.bindings, "currentShape": shape.node},
        )
        if validator.kind == "ask":
            prepared = prepare(
                validator.query,
                validator.prefixes,
                form="ASK",
                prebound={"this", "value", "currentShape", "shapesGraph"} | params,
                path=None,
                where=where,
            )
            pattern = self._prebound_pattern(shape, focus, prepared.mentions | {"this"}, cc.bindings)
            if shape.is_property:
                pattern += " " + path_values(shape)
            else:
                pattern += " BIND (?this AS ?value)"
            emit = self._select_results(shape, make, focus, where)
            return [Plan(prepared.select(pattern), CANONICAL, lambda rows: emit(rows, None), shape, where)]
        prepared = prepare(
            validator.query,
            validator.prefixes,
            form="SELECT",
            prebound={"this", "currentShape", "shapesGraph"} | params,
            path=shape.path_sparql,
            where=where,
        )
        return self._run_prepared(
            prepared, shape, focus, cc.bindings, self._select_results(shape, make, focus, where), where
        )
