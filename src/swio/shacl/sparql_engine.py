"""The default engine: SHACL Core and SHACL-SPARQL compiled to SPARQL and run on Oxigraph.

:class:`SparqlEngine` validates a :class:`~swio.input.dataset.Dataset` against a
:class:`~.model.ShapesModel`. A validation :class:`Run` owns a temporary named graph in the
dataset's store (sets of nodes for shape references, constants that cannot be written in query
text such as blank nodes) and removes it at the end; the shapes graph is copied into the store
only when a SPARQL query asks for ``$shapesGraph``.

Validation has two phases, each spread over threads (Oxigraph releases the GIL while it
evaluates): compiling every targeted shape into :class:`~.plans.Plan`\\ s (which first
evaluates the shapes it refers to, if any), then running all plans, the SHACL-SPARQL ones first.

A query reads the dataset's written or canonical view (a list of named graphs), or, when that is
provably the same answer, the union of all the store's graphs: one index scan per pattern instead
of one per graph of the view (see :meth:`Run.query`).
"""

from __future__ import annotations

import itertools
import os
import threading
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
from rdflib import Literal
from rdflib.namespace import XSD

from ..errors import InputError
from ..input import xsd
from ..input.terms import from_rdflib
from .compiler import Compiler
from .model import ShapesModel
from .plans import CANONICAL, WRITTEN, Plan
from .results import ValidationResult
from .run_common import RunCommon
from .sparql_text import SparqlTextError, has_variable_predicate, iris, parse
from .value_scans import merge_scans

_TMP = "urn:x-swio:tmp:"
_MEMBER = ox.NamedNode("urn:x-swio:member")
_INLINE_LIMIT = 64
#: Predicates of the shapes-graph copies that live runs have put in stores (for $shapesGraph): a query
#: using one of them must not read the union of a store's graphs.
_COPIED: dict[str, set[str]] = {}
_COPIED_LOCK = threading.Lock()


class SetRef:
    """A set of terms in the run's temporary graph."""

    def __init__(self, graph: str, iri: str):
        self.graph, self.iri = graph, iri

    def pattern(self, var: str) -> str:
        return f"GRAPH <{self.graph}> {{ <{self.iri}> <{_MEMBER.value}> {var} }}"

    def contains(self, var: str) -> str:
        return f"EXISTS {{ {self.pattern(var)} }}"


class Run(RunCommon):
    """One validation of one dataset: the temporary graph, caches, and query execution."""

    def __init__(self, dataset, model: ShapesModel):
        self.dataset, self.model = dataset, model
        self.store: ox.Store = dataset.store
        self.graph = _TMP + uuid.uuid4().hex
        self.has_surrogates = dataset.has_surrogates
        self._ids = itertools.count()
        self._lock = threading.Lock()
        self._closure: dict = {}
        self._ill: dict | None = None
        self._shapes_graph: str | None = None
        self._foreign = self._foreign_predicates()

    def close(self) -> None:
        self.store.remove_graph(ox.NamedNode(self.graph))
        if self._shapes_graph:
            self.store.remove_graph(ox.NamedNode(self._shapes_graph))
            with _COPIED_LOCK:
                _COPIED.pop(self._shapes_graph, None)

    # -- queries --------------------------------------------------------------------------
    def query(self, text: str, view: str, where: str = "a compiled SHACL constraint"):
        try:
            if self.union_is_the_view(text, view):
                return self.store.query(text, use_default_graph_as_union=True)
            return self.dataset.query(text, view=view)
        except SyntaxError as err:
            raise InputError(f"{where}: SPARQL error: {str(err).splitlines()[0]}") from None

    def _foreign_predicates(self) -> dict[str, set[str]]:
        """For each view, the predicates of the triples in the store outside it: in the other view's side
        graphs, the store's default graph and any other named graph (temporary graphs of runs excepted:
        they hold urn:x-swio:member triples only). The graphs in both views (the files' own graphs, most
        of the triples) are not read."""
        views = {view: set(self.dataset.view_graphs(view)) for view in (WRITTEN, CANONICAL)}
        in_all = set.intersection(*views.values())
        graphs = [g for g in self.store.named_graphs() if not g.value.startswith(_TMP) and g not in in_all]
        predicates = {}
        for g in graphs + [ox.DefaultGraph()]:
            rows = self.store.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }", default_graph=g)
            predicates[g] = {row["p"].value for row in rows}
        return {
            view: set().union(*(p for g, p in predicates.items() if g not in inside)) for view, inside in views.items()
        }

    def union_is_the_view(self, text: str, view: str) -> bool:
        """True when evaluating ``text`` over the union of all the store's graphs gives the view's answer:
        no predicate of its triple patterns is a variable, and none of its IRIs is the predicate of a
        triple outside the view. The union is read with one index scan per pattern instead of one per
        graph of the view (a sixth of the query time at 1M triples)."""
        try:
            query = parse(text)
        except SparqlTextError:
            return False
        with _COPIED_LOCK:
            foreign = self._foreign[view].union(*_COPIED.values())
        return not has_variable_predicate(query) and not (iris(query) & foreign)

    # -- terms and sets -------------------------------------------------------------------
    def written(self, terms: list, view: str) -> list:
        """Shapes-graph terms (rdflib) or data terms (pyoxigraph) as they appear in ``view``."""
        shape_terms = [from_rdflib(t) for t in terms if not isinstance(t, (ox.NamedNode, ox.BlankNode, ox.Literal))]
        data_terms = [t for t in terms if isinstance(t, (ox.NamedNode, ox.BlankNode, ox.Literal))]
        if view == WRITTEN and shape_terms:
            forms = self.dataset.written_form(shape_terms)
            shape_terms = [forms[t] for t in shape_terms]
        return shape_terms + data_terms

    def new_set(self, terms, view: str) -> SetRef:
        iri = f"urn:x-swio:set:{next(self._ids)}"
        graph = ox.NamedNode(self.graph)
        subject = ox.NamedNode(iri)
        self.store.extend([ox.Quad(subject, _MEMBER, t, graph) for t in terms])
        return SetRef(self.graph, iri)

    def values_pattern(self, terms: list, var: str, view: str) -> str:
        """A pattern binding ``var`` to each of ``terms`` (shapes-graph terms)."""
        found = self.written(terms, view)
        if any(isinstance(t, ox.BlankNode) for t in found) or len(found) > _INLINE_LIMIT:
            return self.new_set(found, view).pattern(var)
        return f"VALUES {var} {{ {' '.join(str(t) for t in found)} }}"

    def member_test(self, terms: list, var: str, view: str) -> str:
        found = self.written(terms, view)
        if not found:
            return "false"
        if any(isinstance(t, ox.BlankNode) for t in found) or len(found) > _INLINE_LIMIT:
            return self.new_set(found, view).contains(var)
        return "(" + " || ".join(f"sameTerm({var}, {t})" for t in found) + ")"

    def constant(self, term, view: str) -> str | None:
        """A shapes-graph term as SPARQL text in ``view`` (its surrogate where the written view has one);
        None for a blank node, which query text cannot name."""
        found = self.written([term], view)[0]
        return None if isinstance(found, ox.BlankNode) else str(found)

    def constants_pattern(self, values: dict, view: str) -> str:
        """A pattern binding each variable name of ``values`` to its term (SHACL-SPARQL pre-binding)."""
        inline, parts = {}, []
        for name, term in values.items():
            found = self.written([term], view)[0]
            if isinstance(found, ox.BlankNode):
                parts.append(self.new_set([found], view).pattern(f"?{name}"))
            else:
                inline[name] = found
        if inline:
            names = " ".join(f"?{n}" for n in inline)
            parts.insert(0, f"VALUES ({names}) {{ ({' '.join(str(t) for t in inline.values())}) }}")
        return " ".join(parts)

    def written_value(self, term):
        """A term from the canonical view as written, where that is unambiguous (see Dataset.written_value)."""
        return self.dataset.written_value(term)

    # -- data-dependent caches --------------------------------------------------------------
    def ill_typed(self, datatype) -> list:
        """Ill-typed literals of ``datatype`` in the data and in the shapes graph, as the written view has them."""
        with self._lock:
            if self._ill is None:
                by_type = defaultdict(set)
                for lit in self.dataset.ill_typed:
                    by_type[lit.datatype.value].add(lit)
                for lit in set(self.model.graph.objects()):
                    typed = isinstance(lit, Literal) and str(lit.datatype or "").startswith(str(XSD))
                    if typed and not xsd.well_formed(str(lit), str(lit.datatype)):
                        by_type[str(lit.datatype)].add(from_rdflib(lit))
                everything = [lit for found in by_type.values() for lit in found]
                forms = self.dataset.written_form(everything) if everything else {}
                # as the written view shows them: a literal the store rewrote appears as its surrogate
                self._ill = {k: sorted((forms[lit] for lit in v), key=str) for k, v in by_type.items()}
            return self._ill.get(str(datatype), [])

    def shapes_graph_iri(self) -> str:
        """The named graph holding a copy of the shapes graph (for ``$shapesGraph``)."""
        with self._lock:
            if self._shapes_graph is None:
                iri = "urn:x-swio:shapes:" + uuid.uuid4().hex
                graph = ox.NamedNode(iri)
                with _COPIED_LOCK:  # first, so no query reads the union of graphs once the copy is there
                    _COPIED[iri] = {str(p) for p in self.model.graph.predicates()}
                self.store.extend(
                    ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), graph) for s, p, o in self.model.graph
                )
                self._shapes_graph = iri
            return self._shapes_graph


class SparqlEngine:
    """Validates a dataset against a shapes model with Oxigraph."""

    name = "sparql"

    def __init__(self, model: ShapesModel):
        self.model = model

    def validate(self, dataset, workers: int | None = None, sink=None) -> list[ValidationResult]:
        """Every result, in no particular order; the temporary graph is removed afterwards. With ``sink`` (a
        function taking an iterable of results), the results go to it as each query's rows are read, and the
        list returned is empty: memory does not grow with the number of results."""
        return self.validate_run(Run(dataset, self.model), workers, sink)

    def validate_run(self, run, workers: int | None = None, sink=None) -> list[ValidationResult]:
        """Every result of a validation ``run``: a :class:`Run` on an embedded dataset, or another
        object with its interface (:class:`swio.remote.validate.EndpointRun` for a SPARQL endpoint);
        the run is closed afterwards. ``sink``: as for :meth:`validate`."""
        try:
            plans = self._compile(run, workers)
            return self._execute(run, plans, workers, sink)
        finally:
            run.close()

    def timed_plans(self, dataset) -> list[tuple[Plan, float, int]]:
        """Each plan with the seconds its query took and its number of results, run one after
        another (for benchmarks)."""
        import time

        run = Run(dataset, self.model)
        try:
            out = []
            for plan in self._compile(run, 1):
                start = time.perf_counter()
                results = list(plan.emit(run.query(plan.query, plan.view, plan.where)))
                out.append((plan, time.perf_counter() - start, len(results)))
            return out
        finally:
            run.close()

    def _compile(self, run: Run, workers: int | None) -> list[Plan]:
        compiler = Compiler(run)

        def compile_shape(shape):
            return compiler.plans(shape, compiler.target_focus(shape))

        batches = _map(compile_shape, self.model.shapes, workers)
        return merge_scans([plan for batch in batches for plan in batch])

    def _execute(self, run: Run, plans: list[Plan], workers: int | None, sink=None) -> list[ValidationResult]:
        def execute(plan: Plan):
            rows = run.query(plan.query, plan.view, plan.where)
            try:
                if sink is None:
                    return list(plan.emit(rows))
                batch: list[ValidationResult] = []
                for result in plan.emit(rows):
                    batch.append(result)
                    if len(batch) >= 4096:
                        sink(batch)
                        batch = []
                sink(batch)
                return []
            except BaseException as err:
                # the traceback would keep pyoxigraph's answer (bound to this thread) alive into the main
                # thread, which may not drop it: let it go here
                del rows
                raise err.with_traceback(None) from None

        # the SHACL-SPARQL queries are usually the longest: start them first, so the threads end together
        ordered = sorted(plans, key=lambda plan: plan.view != CANONICAL)
        return [r for batch in _map(execute, ordered, workers) for r in batch]


def _map(function, items, workers: int | None) -> list:
    items = list(items)
    workers = workers or min(len(items), os.cpu_count() or 1)
    if workers <= 1 or len(items) <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(function, items))
