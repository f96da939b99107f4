"""Compile shapes into SPARQL queries over a set of focus nodes.

:meth:`Compiler.plans` turns a shape and its focus nodes (:class:`~.plans.Focus`) into
:class:`~.plans.Plan`\\ s: a query whose rows are exactly the failures of one or more constraints,
and a function that turns those rows into results. The plans of a shape:

- one query per focus node set for the constraints one lookup per focus node decides: the
  cardinalities of every path (a LATERAL group counting the values, or one existence test),
  sh:hasValue, and a node shape's value tests; a node shape's property shapes join it;
- per property shape, the value tests (sh:class, sh:datatype, ...) on every value of its path
  first, whoever the subject (one scan, usually finding nothing, which the engine shares between
  the shapes on the same path: :mod:`.value_scans`), then the failing values joined back to the
  focus nodes; tests on shapes and paths with repetition go through the focus nodes;
- one query for each other constraint (property pairs, sh:uniqueLang, sh:closed, qualified shapes),
  and the SHACL-SPARQL plans (:mod:`.sparql_constraints`).

Shape references (sh:node, sh:not, sh:and, sh:or, sh:xone, sh:qualifiedValueShape, and
sh:property below a property shape) are resolved first, in Python (Corman et al.): the candidate
value nodes are written into a temporary named graph, the referenced shape is evaluated over
them (recursively, with :meth:`Compiler.failing`), and the set of candidates that do not conform
is written there too, so the referring constraint becomes a membership test. Recursive shapes
are refused when the model is read.

Core constraints run on the *written* view of the data (literals as in the input).
"""

from __future__ import annotations

from collections import Counter

from rdflib import URIRef
from rdflib.namespace import RDF, SH

from ..input.terms import as_written, sparql_value, to_rdflib
from .expressions import SHAPE_VALUE_PARAMETERS, VALUE_PARAMETERS, conforms
from .model import Constraint, Shape
from .paths import Alternative, Inverse, Predicate, Sequence, nullable
from .plans import (
    CANONICAL,
    DEFAULT_MESSAGES,
    FOCUS_KEYS,
    WRITTEN,
    Focus,
    Plan,
    ResultFactory,
    message_bindings,
    named,
    path_values,
    predicate_path,
)
from .sparql_constraints import SparqlPlans
from .value_scans import ValueScan, scan_plan


class Compiler:
    """Compiles shapes for one validation run (``run``: a :class:`~.sparql_engine.Run`)."""

    def __init__(self, run):
        self.run = run
        self._failing_cache: dict = {}
        self.sparql = SparqlPlans(self)

    # -- focus nodes ------------------------------------------------------------------------
    def target_focus(self, shape: Shape) -> Focus:
        patterns = {}
        for view in (WRITTEN, CANONICAL):
            branches, classes, nodes = [], [], []
            for kind, term in shape.targets:
                if kind == SH.targetClass:
                    classes.extend(c for c in self.run.class_closure(term) if c not in classes)
                elif kind == SH.targetNode:
                    nodes.append(term)
                elif kind == SH.targetSubjectsOf:
                    branches.append(f"?this <{term}> ?swio_o .")
                elif kind == SH.targetObjectsOf:
                    branches.append(f"?swio_s <{term}> ?this .")
            if classes:
                branches.append(
                    "VALUES ?swio_t { " + " ".join(f"<{c}>" for c in classes) + f" }} ?this <{RDF.type}> ?swio_t ."
                )
            if nodes:
                branches.append(self.run.values_pattern(nodes, "?this", view))
            union = " UNION ".join("{ " + b + " }" for b in branches) or "FILTER (false)"
            # SHACL-SPARQL needs each focus node once; the core plans are written to give the same rows for
            # a node met twice (two classes, two files), so they skip the cost of DISTINCT
            distinct = "DISTINCT " if view == CANONICAL else ""
            patterns[view] = f"{{ SELECT {distinct}?this WHERE {{ {union} }} }}"
        subjects = None
        if len(shape.targets) == 1 and shape.targets[0][0] == SH.targetSubjectsOf:
            subjects = shape.targets[0][1]
        return Focus(patterns, subjects_of=subjects, owner=named(shape, Focus({})))

    def set_focus(self, nodes, multiplicity: Counter | None = None) -> Focus:
        """Focus nodes given as terms of the written view (a temporary set)."""
        written = self.run.new_set(nodes, WRITTEN)

        def canonical():  # written only if a SPARQL-based constraint needs it
            return self.run.new_set([as_written(n) for n in nodes], CANONICAL).pattern("?this")

        return Focus(
            {WRITTEN: written.pattern("?this"), CANONICAL: canonical}, nodes_set=written, multiplicity=multiplicity
        )

    def focus_nodes(self, focus: Focus) -> list:
        return [
            row["this"]
            for row in self.run.query(f"SELECT DISTINCT ?this WHERE {{ {focus.pattern(WRITTEN)} }}", WRITTEN)
        ]

    def value_nodes(self, shape: Shape, focus: Focus) -> list:
        """The distinct value nodes of ``shape`` over the focus nodes (written view)."""
        if not shape.is_property:
            return self.focus_nodes(focus)
        rows = self.run.query(
            f"SELECT DISTINCT ?value WHERE {{ {focus.pattern(WRITTEN)} {path_values(shape)} }}", WRITTEN
        )
        return [row["value"] for row in rows]

    # -- conformance (shape references) -------------------------------------------------------
    def failing(self, shape: Shape, focus: Focus) -> set:
        """The focus nodes that do not conform to ``shape`` (any result, whatever its severity)."""
        out = set()
        for plan in self.plans(shape, focus, report=False):
            out.update(row["this"] for row in self.run.query(plan.query, plan.view, plan.where))
        return out

    def failing_set(self, shape: Shape, candidates: Focus):
        """The temporary set of candidates that do not conform to ``shape`` (cached per candidates)."""
        key = (id(shape), candidates.key)
        if key not in self._failing_cache:
            if shape.deactivated:
                bad = set()
            else:
                bad = self.failing(shape, candidates)
            self._failing_cache[key] = self.run.new_set(list(bad), WRITTEN)
        return self._failing_cache[key]

    # -- plans ------------------------------------------------------------------------------
    @staticmethod
    def _factory(shape: Shape, c: Constraint, focus: Focus) -> ResultFactory:
        return ResultFactory(
            shape,
            c.component,
            named=named(shape, focus),
            default=DEFAULT_MESSAGES.get(c.component),
            extra=message_bindings(c),
        )

    def plans(self, shape: Shape, focus: Focus, *, report: bool = True, skip: frozenset = frozenset()) -> list[Plan]:
        """The plans checking ``shape`` on ``focus``; ``report=False`` when only the failing focus nodes
        matter (every plan's rows then bind ?this to one). Constraints in ``skip`` are checked elsewhere."""
        if shape.deactivated:
            return []
        out: list[Plan] = []
        env = _Env(self, shape, focus, report)
        constraints = [c for c in shape.constraints if id(c) not in skip]
        for c in constraints:
            if c.parameter == SH.pattern:
                self.run.check_regex(str(c.value), c.flags, shape.name)
        # per focus node, in one query: counts of 0 or 1, sh:hasValue, and a node shape's value tests,
        # for this shape and (a node shape) the property shapes directly below it
        probes = self._probes(shape, constraints, env)
        child_skip: set[int] = set()
        if not shape.is_property:
            for child in shape.properties:
                if not child.deactivated:
                    found = self._probes(child, child.constraints, _Env(self, child, focus, report))
                    probes.extend(found)
                    child_skip.update(id(c) for _, c, _, _ in found)
        if probes and self.run.lateral:
            out.append(self._probe_plan(probes, focus))
        elif probes:  # without LATERAL, counts are grouped subqueries: one per query (Virtuoso 7 mixes up
            # the rows of several grouped subqueries joined in one query)
            by_shape: dict[int, list] = {}
            for probe in probes:
                by_shape.setdefault(id(probe[0]), []).append(probe)
            out.extend(self._probe_plan(group, focus) for group in by_shape.values())
        probed = {id(c) for _, c, _, _ in probes}
        constraints = [c for c in constraints if id(c) not in probed]
        value_cs = [c for c in constraints if c.parameter in VALUE_PARAMETERS]
        if value_cs:
            if report and shape.is_property and _scannable(shape.path):
                first = [c for c in value_cs if c.parameter not in SHAPE_VALUE_PARAMETERS]
                if first:
                    out.append(self._value_first_plan(shape, first, focus, env))
                value_cs = [c for c in value_cs if c not in first]
            if value_cs:
                out.append(self._values_plan(shape, value_cs, focus, env))
        for c in constraints:
            build = self._builders.get(c.parameter)
            if build is not None:
                out.extend(build(self, shape, c, focus, env))
        for sparql in shape.sparql:
            out.extend(self.sparql.constraint(shape, sparql, focus))
        for component in shape.components:
            out.extend(self.sparql.component(shape, component, focus))
        out.extend(self._property_plans(shape, focus, report, frozenset(child_skip)))
        return out

    def _probes(self, shape: Shape, constraints: list[Constraint], env) -> list[tuple]:
        """(shape, constraint, pattern, expression true when the focus node fails it) for the constraints
        decided once per focus node: cardinality (the values of the path counted in a LATERAL group, one
        row per focus node), sh:hasValue, and a node shape's value-node tests."""
        out = []
        path = shape.path_sparql
        counter = f"?swio_n{next(FOCUS_KEYS)}"
        counted = False
        counts = [c for c in constraints if c.parameter in (SH.minCount, SH.maxCount)]
        # a lone "at least one value" / "no value" is one existence test, cheaper than counting
        existence = (
            len(counts) == 1
            and not (shape.is_property and nullable(shape.path))
            and (
                (counts[0].parameter == SH.minCount and counts[0].value == 1)
                or (counts[0].parameter == SH.maxCount and counts[0].value == 0)
            )
        )
        for c in constraints:
            p = c.parameter
            pattern = ""
            if not shape.is_property and p in VALUE_PARAMETERS:
                expr = f"COALESCE(!({conforms(c, '?this', env, self.run.has_surrogates)}), true)"
            elif p in (SH.minCount, SH.maxCount) and shape.is_property and existence:
                expr = f"{'NOT ' if p == SH.minCount else ''}EXISTS {{ ?this {path} ?swio_v }}"
            elif p in (SH.minCount, SH.maxCount) and shape.is_property:
                if not counted:
                    value = counter.replace("?swio_n", "?swio_v")
                    values = (
                        path_values(shape, value, correlated=True)
                        if nullable(shape.path)
                        else f"OPTIONAL {{ ?this {path} {value} }}"
                    )
                    if self.run.lateral:
                        pattern = (
                            f"LATERAL {{ SELECT ?this (COUNT(DISTINCT {value}) AS {counter}) WHERE {{ "
                            f"{values} }} GROUP BY ?this }}"
                        )
                    else:  # a store without LATERAL: the focus nodes again inside the grouped subquery
                        focus_nodes = env.focus.pattern(WRITTEN)
                        values = (
                            f"{{ {focus_nodes} BIND (?this AS {value}) }} UNION {{ {focus_nodes} ?this {path} "
                            f"{value} }}"
                            if nullable(shape.path)
                            else f"{focus_nodes} OPTIONAL {{ ?this {path} {value} }}"
                        )
                        pattern = (
                            f"{{ SELECT ?this (COUNT(DISTINCT {value}) AS {counter}) WHERE {{ "
                            f"{values} }} GROUP BY ?this }}"
                        )
                    counted = True
                expr = f"{counter} < {c.value}" if p == SH.minCount else f"{counter} > {c.value}"
                if p == SH.minCount and c.value == 0:
                    expr = "false"
            elif p == SH.hasValue:
                test = env.member_test([c.value], "?swio_h")
                constant = self.run.constant(c.value, WRITTEN)
                if shape.is_property and constant is not None and not nullable(shape.path):
                    expr = f"NOT EXISTS {{ ?this {path} {constant} }}"  # both ends bound: one lookup
                else:
                    expr = (
                        f"NOT EXISTS {{ {path_values(shape, '?swio_h', correlated=True)} FILTER ({test}) }}"
                        if shape.is_property
                        else f"!({test.replace('?swio_h', '?this')})"
                    )
            else:
                continue
            out.append((shape, c, pattern, expr))
        return out

    def _probe_plan(self, probes: list[tuple], focus: Focus) -> Plan:
        patterns = " ".join(pattern for _, _, pattern, _ in probes if pattern)
        binds = " ".join(f"BIND ({expr} AS ?swio_f{i})" for i, (_, _, _, expr) in enumerate(probes))
        flags = " ".join(f"?swio_f{i}" for i in range(len(probes)))
        test = " || ".join(f"?swio_f{i}" for i in range(len(probes)))
        query = f"SELECT ?this {flags} WHERE {{ {focus.pattern(WRITTEN)} {patterns} {binds} FILTER ({test}) }}"
        lone = probes[0][3] if len(probes) == 1 else ""
        if (
            lone.startswith("NOT EXISTS {")
            and " FILTER " not in lone
            and not nullable(probes[0][0].path)
            and not self.run.union_is_the_view(query, WRITTEN)
        ):
            # one "no value" test over several graphs: an anti-join (MINUS) is cheaper than a lookup per focus
            # node in each graph
            group = lone[len("NOT EXISTS ") :]
            query = f"SELECT ?this (true AS ?swio_f0) WHERE {{ {focus.pattern(WRITTEN)} MINUS {group} }}"
        makers = [(self._factory(shape, c, focus), c.parameter in VALUE_PARAMETERS) for shape, c, _, _ in probes]

        def emit(rows):
            seen = set()
            for row in rows:
                f = row["this"]
                if f in seen:  # a focus node met twice by the focus pattern
                    continue
                seen.add(f)
                focus_term = to_rdflib(f)
                for i, (make, with_value) in enumerate(makers):
                    flag = row[f"swio_f{i}"]
                    if flag is not None and flag.value == "true":
                        yield from (make(focus_term, focus_term if with_value else None) for _ in range(focus.times(f)))

        first = probes[0][0]
        owner = first.parent if first.is_property and first.parent is not None else first
        kinds = Counter(c.component.replace("ConstraintComponent", "") for _, c, _, _ in probes)
        return Plan(
            query, WRITTEN, emit, owner, "per focus node: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        )

    def _value_first_plan(self, shape: Shape, constraints: list[Constraint], focus: Focus, env) -> Plan:
        """Per-value constraints tested on every value of the path (whoever the subject), then the few
        failing values joined back to the focus nodes: no lookup per focus node (see :mod:`.value_scans`)."""
        if not self.run.exact_terms:  # the failing values could not be named again: test each (focus, value) pair
            return self._values_plan(shape, constraints, focus, env)
        tests = [f"COALESCE(!({conforms(c, '?value', env, self.run.has_surrogates)}), true)" for c in constraints]
        factories = [self._factory(shape, c, focus) for c in constraints]
        label = "values: " + ", ".join(c.component for c in constraints)

        def finish(failing: dict):
            pairs = self.run.query(
                f"SELECT DISTINCT ?this ?value WHERE {{ "
                f"{self.run.values_pattern(list(failing), '?value', WRITTEN)} "
                f"{self._pairs(shape, focus)} }}",
                WRITTEN,
                f"{shape.name} ({label})",
            )
            values: dict = {}  # the few failing values, each converted once
            for row in pairs:
                f, value = row["this"], row["value"]
                value_term = values.get(value)
                if value_term is None:
                    value_term = values[value] = to_rdflib(value)
                focus_term = to_rdflib(f)
                for make, flag in zip(factories, failing[value]):
                    if flag is not None and flag.value == "true":
                        yield from (make(focus_term, value_term) for _ in range(focus.times(f)))

        distinct = any(c.parameter == SH["class"] for c in constraints)  # a lookup per value: each value once
        return scan_plan([ValueScan(shape.path_sparql, tests, finish, distinct)], WRITTEN, shape, label)

    def _property_plans(self, shape: Shape, focus: Focus, report: bool, skip: frozenset) -> list[Plan]:
        out: list[Plan] = []
        children = [c for c in shape.properties if not c.deactivated]
        if not children:
            return out
        if not shape.is_property:
            for child in children:
                out.extend(self.plans(child, focus, report=report, skip=skip))
            return out
        # sh:property below a property shape: the value nodes are the focus nodes of the child
        if report:
            rows = self.run.query(
                f"SELECT DISTINCT ?this ?value WHERE {{ {focus.pattern(WRITTEN)} {path_values(shape)} }}", WRITTEN
            )
            counts: Counter = Counter()
            for row in rows:
                counts[row["value"]] += focus.times(row["this"])
            child_focus = self.set_focus(list(counts), counts)
            child_focus.owner = named(shape, focus)
            for child in children:
                out.extend(self.plans(child, child_focus, report=True))
            return out
        values = self.value_nodes(shape, focus)
        child_focus = self.set_focus(values)
        for child in children:
            bad = self.failing_set(child, child_focus)
            out.append(
                Plan(
                    f"SELECT DISTINCT ?this WHERE {{ {focus.pattern(WRITTEN)} "
                    f"{path_values(shape)} {bad.pattern('?value')} }}",
                    WRITTEN,
                    lambda rows: [],
                    shape,
                    "nested sh:property",
                )
            )
        return out

    # -- value-node constraints ---------------------------------------------------------------
    def _emit_flags(self, shape, constraints, focus, value_var):
        factories = [self._factory(shape, c, focus) for c in constraints]

        def emit(rows):
            for row in rows:
                f = row["this"]
                value = row[value_var]
                focus_term, value_term = to_rdflib(f), to_rdflib(value)
                for i, make in enumerate(factories):
                    flag = row[f"swio_f{i}"]
                    if flag is not None and flag.value == "true":
                        yield from (make(focus_term, value_term) for _ in range(focus.times(f)))

        return emit

    def _values_plan(self, shape, constraints, focus, env) -> Plan:
        """All per-value constraints of a property shape in one pass over its (focus, value) pairs."""
        v = "?value"
        binds = " ".join(
            f"BIND (COALESCE(!({conforms(c, v, env, self.run.has_surrogates)}), true) AS ?swio_f{i})"
            for i, c in enumerate(constraints)
        )
        flags = " ".join(f"?swio_f{i}" for i in range(len(constraints)))
        test = " || ".join(f"?swio_f{i}" for i in range(len(constraints)))
        query = f"SELECT DISTINCT ?this ?value {flags} WHERE {{ {self._pairs(shape, focus)} {binds} FILTER ({test}) }}"
        return Plan(
            query,
            WRITTEN,
            self._emit_flags(shape, constraints, focus, "value"),
            shape,
            "values: " + ", ".join(c.component for c in constraints),
        )

    def _pairs(self, shape, focus) -> str:
        """The (focus, value) pairs of a property shape."""
        if focus.subjects_of is not None and shape.path_sparql == f"<{focus.subjects_of}>":
            return f"?this {shape.path_sparql} ?value ."  # the focus nodes are exactly the path's subjects
        return f"{focus.pattern(WRITTEN)} {path_values(shape)}"

    # -- other core constraints ------------------------------------------------------------
    def _simple_emit(self, shape, c, focus, value_var=None, *, extra_vars=()):
        make = self._factory(shape, c, focus)

        def emit(rows):
            for row in rows:
                f = row["this"]
                value = to_rdflib(row[value_var]) if value_var else None
                bindings = {name: to_rdflib(row[name]) for name in extra_vars if row[name] is not None}
                path = None
                if "swio_p" in extra_vars:
                    path_iri = row["swio_p"]
                    path = predicate_path(path_iri.value)
                    bindings["path"] = URIRef(path_iri.value)
                yield from (make(to_rdflib(f), value, path=path, bindings=bindings) for _ in range(focus.times(f)))

        return emit

    def _unique_lang(self, shape, c, focus, env) -> list[Plan]:
        """Focus nodes with more values than languages first (cheap: grouped by focus node only, counting
        rows), then the exact repeated languages of those few."""
        pairs = self._pairs(shape, focus).replace("?value", "?swio_v")
        exact_all = (
            f'SELECT ?this ?lang WHERE {{ {pairs} BIND (lang(?swio_v) AS ?lang) FILTER (?lang != "") }} '
            f"GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?swio_v) > 1)"
        )
        if not env.report:  # only the failing focus nodes matter: one exact query
            return [Plan(exact_all, WRITTEN, lambda rows: [], shape, "uniqueLang")]
        first = (
            f'SELECT ?this WHERE {{ {pairs} BIND (lang(?swio_v) AS ?lang) FILTER (?lang != "") }} '
            f"GROUP BY ?this HAVING (COUNT(*) > COUNT(DISTINCT ?lang))"
        )
        emit_exact = self._simple_emit(shape, c, focus, extra_vars=("lang",))
        where = f"{shape.name} (uniqueLang)"

        def emit(rows):
            candidates = [row["this"] for row in rows]
            if not candidates:
                return
            exact = (
                f"SELECT ?this ?lang WHERE {{ {self.run.values_pattern(candidates, '?this', WRITTEN)} "
                f'{path_values(shape, "?swio_v")} BIND (lang(?swio_v) AS ?lang) FILTER (?lang != "") }} '
                f"GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?swio_v) > 1)"
            )
            yield from emit_exact(self.run.query(exact, WRITTEN, where))

        return [Plan(first, WRITTEN, emit, shape, "uniqueLang")]

    def _equals(self, shape, c, focus, env) -> list[Plan]:
        other, f = f"<{c.value}>", focus.pattern(WRITTEN)
        if shape.is_property:
            mine = path_values(shape, correlated=True)
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ "
                f"{{ {f} {path_values(shape)} FILTER NOT EXISTS {{ ?this {other} ?value }} }} UNION "
                f"{{ {f} ?this {other} ?value FILTER NOT EXISTS {{ {mine} }} }} }}"
            )
        else:  # the value node is the focus node itself
            query = (
                f"SELECT DISTINCT ?this ?value WHERE {{ "
                f"{{ {f} FILTER NOT EXISTS {{ ?this {other} ?this }} BIND (?this AS ?value) }} UNION "
                f"{{ {f} ?this {other} ?value FILTER (!sameTerm(?value, ?this)) }} }}"
            )
        return [Plan(query, WRITTEN, self._simple_emit(shape, c, focus, "value"), shape, "equals")]

    def _disjoint(self, shape, c, focus, env) -> list[Plan]:
        mine = path_values(shape) if shape.is_property else "BIND (?this AS ?value)"
        query = f"SELECT DISTINCT ?this ?value WHERE {{ {focus.pattern(WRITTEN)} {mine} ?this <{c.value}> ?value }}"
        return [Plan(query, WRITTEN, self._simple_emit(shape, c, focus, "value"), shape, "disjoint")]

    def _less_than(self, shape, c, focus, env) -> list[Plan]:
        op = "<" if c.parameter == SH.lessThan else "<="
        a, b = "?value", "?other"
        if self.run.has_surrogates:
            a, b = sparql_value(a), sparql_value(b)
        query = (
            f"SELECT DISTINCT ?this ?value ?other WHERE {{ {focus.pattern(WRITTEN)} "
            f"{path_values(shape)} ?this <{c.value}> ?other "
            f"FILTER (!COALESCE({a} {op} {b}, false)) }}"
        )
        return [
            Plan(query, WRITTEN, self._simple_emit(shape, c, focus, "value", extra_vars=("other",)), shape, "lessThan")
        ]

    def _closed(self, shape, c, focus, env) -> list[Plan]:
        allowed = {str(child.path.predicate) for child in shape.properties if child.path.predicate is not None}
        allowed.update(str(t) for t in c.ignored if isinstance(t, URIRef))
        v = "?value" if shape.is_property else "?this"
        pairs = self._pairs(shape, focus) if shape.is_property else focus.pattern(WRITTEN)
        test = " && ".join(f"?swio_p != <{p}>" for p in sorted(allowed)) or "true"
        query = f"SELECT DISTINCT ?this ?swio_p ?swio_o WHERE {{ {pairs} {v} ?swio_p ?swio_o FILTER ({test}) }}"
        return [
            Plan(query, WRITTEN, self._simple_emit(shape, c, focus, "swio_o", extra_vars=("swio_p",)), shape, "closed")
        ]

    def _qualified(self, shape, c, focus, env) -> list[Plan]:
        conforming = f"!{env.failing(c.value).contains('?value')}"
        for sibling in c.siblings:
            conforming += f" && {env.failing(sibling).contains('?value')}"
        tests = []
        if c.min_count is not None:
            tests.append(f"?swio_n < {c.min_count}")
        if c.max_count is not None:
            tests.append(f"?swio_n > {c.max_count}")
        having = " || ".join(tests)
        if shape.is_property:  # count the conforming values (?swio_c unbound for the others)
            values = path_values(shape) if nullable(shape.path) else f"OPTIONAL {{ ?this {shape.path_sparql} ?value }}"
            query = (
                f"SELECT ?this (COUNT(DISTINCT ?swio_c) AS ?swio_n) WHERE {{ {focus.pattern(WRITTEN)} "
                f"{values} BIND (IF(bound(?value) && {conforming}, ?value, ?swio_none) AS ?swio_c) }} "
                f"GROUP BY ?this HAVING ({having.replace('?swio_n', 'COUNT(DISTINCT ?swio_c)')})"
            )
        else:  # the value node is the focus node: 0 or 1 conforming values
            query = (
                f"SELECT DISTINCT ?this WHERE {{ {focus.pattern(WRITTEN)} BIND (?this AS ?value) "
                f"BIND (IF({conforming}, 1, 0) AS ?swio_n) FILTER ({having}) }}"
            )
        return [Plan(query, WRITTEN, self._simple_emit(shape, c, focus), shape, "qualified")]

    _builders = {
        SH.uniqueLang: _unique_lang,
        SH.equals: _equals,
        SH.disjoint: _disjoint,
        SH.lessThan: _less_than,
        SH.lessThanOrEquals: _less_than,
        SH.closed: _closed,
        SH.qualifiedValueShape: _qualified,
    }


def _scannable(path) -> bool:
    """A path whose values over all subjects come from a scan of its predicates (no repetition)."""
    if isinstance(path, Predicate):
        return True
    if isinstance(path, Inverse):
        return _scannable(path.path)
    if isinstance(path, Sequence):
        return all(_scannable(p) for p in path.steps)
    if isinstance(path, Alternative):
        return all(_scannable(p) for p in path.options)
    return False


class _Env:
    """The run-dependent parts of the value expressions (see :class:`.expressions.Env`)."""

    def __init__(self, compiler: Compiler, shape: Shape, focus: Focus, report: bool):
        self.compiler, self.run, self.shape, self.focus = compiler, compiler.run, shape, focus
        self.report = report  # False: only which focus nodes fail matters (every plan's rows bind ?this)
        self._candidates = None

    def member_test(self, terms, var):
        return self.run.member_test(terms, var, WRITTEN)

    def class_test(self, cls, var):
        classes = " ".join(f"<{c}>" for c in self.run.class_closure(cls))
        return f"EXISTS {{ VALUES ?swio_c {{ {classes} }} {var} <{RDF.type}> ?swio_c }}"

    def ill_typed(self, datatype):
        return self.run.ill_typed(datatype)

    def failing(self, shape: Shape):
        if self._candidates is None:
            values = self.compiler.value_nodes(self.shape, self.focus)
            self._candidates = self.compiler.set_focus(values)
        return self.compiler.failing_set(shape, self._candidates)
