"""In-store validation: the compiled SHACL shapes run as queries against a SPARQL 1.1 endpoint
(``swio validate --endpoint``), so a store is validated where it lives, without downloading it.

The engine is the embedded one (:class:`swio.shacl.sparql_engine.SparqlEngine`): the same
compiler, the same plans and results. Only the *run* differs. :class:`EndpointRun` sends every
query through :meth:`SparqlEndpoint.select_all <swio.remote.sparql.SparqlEndpoint.select_all>`
(``FROM`` the chosen graphs, whole-request deadline, Virtuoso's silent row cap paged and
counted, partial answers refused) and writes nothing into the store: the node sets that the
embedded run keeps in a temporary graph (shape references, focus nodes of nested shapes) are
written inline as ``VALUES``.

What a store cannot give, the run refuses with one line instead of answering differently:

* ``$shapesGraph`` in a SHACL-SPARQL query (the shapes graph is not in the store);
* a plan that needs ``LATERAL`` (zero-length paths, SHACL-SPARQL pre-binding inside nested
  groups) on a store without it (Virtuoso; Oxigraph has it);
* a store's blank node that a later query must name again (Oxigraph cannot; Virtuoso's
  ``nodeID://`` names are used).

Literals are checked as the store holds them: stores canonicalise literals when they are stored
(``"5"^^xsd:int``, ``"0042"^^xsd:integer``), so lexical-form constraints see the store's form;
ill-typed literals are found by reading the literals of each ``sh:datatype`` datatype back and
checking them with :mod:`swio.input.xsd`.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Literal
from rdflib.namespace import SH, XSD

from ..errors import EndpointError, InputError
from ..input import xsd
from ..input.terms import from_rdflib
from ..namespaces import DATASET_IRI, ONTOLOGY_IRI
from ..shacl.paths import Predicate
from ..shacl.run_common import RunCommon
from .http import HttpClient, check_url, redact
from .sparql import SparqlEndpoint

if TYPE_CHECKING:
    from ..shacl.results import Report

DEFAULT_GRAPHS = (ONTOLOGY_IRI, DATASET_IRI)
_VIRTUOSO_BNODE = "nodeID://"
_PLACEHOLDER = "urn:x-swio:shapes-blank-node:"
_FLAG = re.compile(r"swio_f\d+|failure")
#: the closing filter of a compiled query that keeps rows where any of its failure flags holds
_FLAG_FILTER = re.compile(r"FILTER \((\?swio_f\d+(?: \|\| \?swio_f\d+)*)\) \}\s*$")
_INTEGER = ox.NamedNode(str(XSD.integer))
_BOOLEAN = ox.NamedNode(str(XSD.boolean))
_TRUE, _FALSE = ox.Literal("true", datatype=_BOOLEAN), ox.Literal("false", datatype=_BOOLEAN)


class Solutions(list):
    """Rows of an endpoint's answer, read like pyoxigraph's ``QuerySolutions`` (``.variables``,
    ``row[name]`` giving the term or None)."""

    def __init__(self, variables: list[str], rows: list[dict]):
        super().__init__(rows)
        self.variables = [ox.Variable(v) for v in variables]


class _Row(dict):
    def __missing__(self, key):
        return None


def same_term(a: str, b: str) -> str:
    """sameTerm(a, b) as every store evaluates it: an IRI compared with ``=`` (for two IRIs the same
    test; Virtuoso 7 leaves sameTerm unbound for an IRI in the object position)."""
    if b.startswith("<"):
        return f"({a} = {b})"
    if b.startswith("?"):
        return f"((isIRI({a}) && {a} = {b}) || (!isIRI({a}) && sameTerm({a}, {b})))"
    return f"sameTerm({a}, {b})"


class InlineSet:
    """A set of terms written into the query text (the remote counterpart of a temporary graph)."""

    def __init__(self, texts: list[str]):
        self.texts = texts

    def pattern(self, var: str) -> str:
        return f"VALUES {var} {{ {' '.join(self.texts)} }}"

    def contains(self, var: str) -> str:
        if not self.texts:
            return "false"
        return f"EXISTS {{ VALUES ?swio_m {{ {' '.join(self.texts)} }} FILTER ({same_term('?swio_m', var)}) }}"


class EndpointRun(RunCommon):
    """One validation of the data behind a SPARQL endpoint (the interface of
    :class:`swio.shacl.sparql_engine.Run`)."""

    has_surrogates = False
    #: Virtuoso's JSON answers give some literals another datatype than they have ("20"^^xsd:decimal
    #: comes back as xsd:integer) and it joins VALUES literals by value: terms from answers are not
    #: written back into queries where the exact term matters (on every store: a store cannot be
    #: asked whether it does this)
    exact_terms = False

    def __init__(self, endpoint: SparqlEndpoint, model, graphs=DEFAULT_GRAPHS, *, timeout: float | None = None):
        self.endpoint, self.model = endpoint, model
        self.graphs = list(graphs)
        self.timeout = timeout
        self._lock = threading.Lock()
        self._closure: dict = {}
        self._ill: dict | None = None
        self._ill_lock = threading.Lock()
        self._bnodes: dict[str, str] = {}  # blank node id in our terms -> how the store names it in a query
        self._placeholders: dict[str, ox.BlankNode] = {}
        self._ids = itertools.count()
        self.lateral = True  # until probe_lateral() says otherwise
        self.integer_booleans = False  # until probe_booleans() says otherwise

    def close(self) -> None:
        pass

    # -- queries --------------------------------------------------------------------------
    def _select(self, text: str, name: str):
        return self.endpoint.select_all(text, graphs=self.graphs, timeout=self.timeout, name=name)

    def probe_lateral(self) -> bool:
        """Whether the store evaluates SPARQL ``LATERAL`` (SEP-0006) correctly; call it once the endpoint is
        known to answer (a refusal then means the syntax is not supported)."""
        try:
            answer = self.endpoint.select_all(
                "SELECT ?y WHERE { BIND (1 AS ?x) LATERAL { BIND (?x AS ?y) } }",
                timeout=self.timeout,
                name="a probe for LATERAL",
            )
        except EndpointError:
            self.lateral = False
        else:
            self.lateral = [r.get("y", {}).get("value") for r in answer.rows] == ["1"]
        return self.lateral

    def query(self, text: str, view: str, where: str = "a compiled SHACL constraint"):
        if not self.lateral and "LATERAL" in text:
            raise InputError(
                f"{where}: needs SPARQL LATERAL (a zero-length path, or pre-binding inside nested "
                f"groups), which {redact(self.endpoint.url)} does not support; validate this data "
                "embedded (swio validate FILES) or in an Oxigraph store"
            )
        flags = _FLAG_FILTER.search(text) if self.integer_booleans else None
        if flags:
            return self._query_flag_by_flag(text, flags, where)
        answer = self._select(text, where)
        if answer.boolean is not None:
            return answer.boolean
        return Solutions(answer.variables, [self._row(b) for b in answer.rows])

    def _query_flag_by_flag(self, text: str, flags: re.Match, where: str) -> Solutions:
        """Virtuoso 7 keeps a row whose flag ``BIND (COALESCE(!(EXISTS {…}), true) AS ?swio_f0)`` holds
        (its FILTER sees it true) but may answer the flag itself as ``0``: read as given, the failure
        would be lost. So each flag is asked for in a query of its own, ``FILTER (?swio_fN)``, and a
        row's flags are which of those queries returned it."""
        names = [name[1:] for name in flags.group(1).split(" || ")]
        variables: list[str] = []
        rows: dict[tuple, _Row] = {}
        for name in names:
            one = f"{text[: flags.start()]}FILTER (?{name}) }}"
            answer = self._select(one, where)
            variables = answer.variables
            for binding in answer.rows:
                row = self._row(binding)
                key = tuple(sorted((k, v) for k, v in row.items() if not _FLAG.fullmatch(k)))
                kept = rows.setdefault(key, _Row({**dict(key), **{n: _FALSE for n in names}}))
                kept[name] = _TRUE
        return Solutions(variables, list(rows.values()))

    def _row(self, binding: dict) -> _Row:
        row = _Row({k: self._term(v) for k, v in binding.items()})
        if self.integer_booleans:
            for name, term in row.items():
                if _FLAG.fullmatch(name) and isinstance(term, ox.Literal) and term.datatype == _INTEGER:
                    row[name] = ox.Literal("true" if term.value != "0" else "false", datatype=_BOOLEAN)
        return row

    def probe_booleans(self) -> None:
        """Virtuoso answers a boolean expression with ``1``/``0`` (xsd:integer): the run then reads the
        engine's flag variables (``?swio_f0``..., ``?failure``) as booleans again."""
        answer = self.endpoint.select_all(
            "SELECT ((1 = 1) AS ?t) WHERE { }", timeout=self.timeout, name="a probe for boolean answers"
        )
        got = answer.rows[0].get("t", {}) if answer.rows else {}
        self.integer_booleans = got.get("datatype") == _INTEGER.value

    def _term(self, b: dict):
        kind, value = b.get("type"), b.get("value", "")
        if kind == "uri":
            if value.startswith(_PLACEHOLDER):
                return self._placeholders[value]
            return ox.NamedNode(value)
        if kind == "bnode":
            label = "b" + "".join(c if c.isalnum() else "_" for c in value)
            if value.startswith(_VIRTUOSO_BNODE):
                self._bnodes[label] = f"<{value}>"
            return ox.BlankNode(label)
        if b.get("xml:lang"):
            return ox.Literal(value, language=b["xml:lang"])
        if b.get("datatype"):
            return ox.Literal(value, datatype=ox.NamedNode(b["datatype"]))
        return ox.Literal(value)

    # -- terms and sets -------------------------------------------------------------------
    def _text(self, term) -> str | None:
        """SPARQL text naming a data term, or None for a shapes-graph blank node (it names nothing in the store)."""
        if not isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
            term = from_rdflib(term)
            if isinstance(term, ox.BlankNode):
                return None
        if isinstance(term, ox.BlankNode):
            if term.value in self._bnodes:
                return self._bnodes[term.value]
            raise InputError(
                f"{redact(self.endpoint.url)}: a shape refers back to a blank node of the store, "
                "which this store does not let a query name; validate this data embedded"
            )
        return str(term)

    def _texts(self, terms) -> list[str]:
        return [t for t in (self._text(term) for term in terms) if t is not None]

    def new_set(self, terms, view: str) -> InlineSet:
        return InlineSet(sorted(set(self._texts(terms))))

    def values_pattern(self, terms: list, var: str, view: str) -> str:
        return self.new_set(terms, view).pattern(var)

    def member_test(self, terms: list, var: str, view: str) -> str:
        texts = self._texts(terms)
        if not texts:
            return "false"
        if len(texts) > 64:
            return InlineSet(texts).contains(var)
        return "(" + " || ".join(same_term(var, t) for t in texts) + ")"

    def constant(self, term, view: str) -> str | None:
        texts = self._texts([term])
        return texts[0] if texts else None

    def constants_pattern(self, values: dict, view: str) -> str:
        names, texts = [], []
        for name, term in values.items():
            text = self._text(term)
            if text is None:  # a blank shape ($currentShape): a name that matches nothing, mapped back in results
                with self._lock:
                    iri = f"{_PLACEHOLDER}{next(self._ids)}"
                    self._placeholders[iri] = from_rdflib(term)
                text = f"<{iri}>"
            names.append(f"?{name}")
            texts.append(text)
        return f"VALUES ({' '.join(names)}) {{ ({' '.join(texts)}) }}" if names else ""

    def written_value(self, term):
        return term

    # -- data-dependent caches --------------------------------------------------------------
    def ill_typed(self, datatype) -> list:
        """Ill-typed literals of ``datatype``: the store's literals of that datatype that are not in its
        lexical space, and those of the shapes graph. The first call reads, in one scan, the literals
        of every XSD datatype a ``sh:datatype`` of the shapes names (xsd:string excepted: every string
        is well formed) and checks them with :func:`swio.input.xsd.well_formed`."""
        with self._ill_lock:  # one scan, whichever thread asks first
            if self._ill is None:
                self._ill = self._scan_ill_typed()
        return self._ill.get(str(datatype), [])

    def _scan_ill_typed(self) -> dict:
        wanted, predicates, everywhere = set(), set(), False
        for shape in self.model.all_shapes():
            for c in shape.constraints:
                if c.parameter != SH.datatype or not str(c.value).startswith(str(XSD)) or c.value == XSD.string:
                    continue
                wanted.add(str(c.value))
                if isinstance(shape.path, Predicate):
                    predicates.add(str(shape.path.iri))  # only the values of this predicate are tested
                else:
                    everywhere = True  # a node shape or a complex path: any literal may be a value node
        found: dict[str, set] = {d: set() for d in wanted}
        if wanted:
            types = ", ".join(f"<{d}>" for d in sorted(wanted))
            scope = "" if everywhere else "VALUES ?p { " + " ".join(f"<{p}>" for p in sorted(predicates)) + " } "
            rows = self.query(
                f"SELECT DISTINCT ?o WHERE {{ {scope}?s ?p ?o FILTER (isLiteral(?o) && datatype(?o) IN ({types})) }}",
                "canonical",
                "the literals of the datatypes the shapes name",
            )
            for row in rows:
                lit = row["o"]
                if lit.datatype.value in found and not xsd.well_formed(lit.value, lit.datatype.value):
                    found[lit.datatype.value].add(lit)
        for lit in set(self.model.graph.objects()):
            key = str(getattr(lit, "datatype", None) or "")
            if isinstance(lit, Literal) and key.startswith(str(XSD)) and not xsd.well_formed(str(lit), key):
                found.setdefault(key, set()).add(from_rdflib(lit))
        return {k: sorted(v, key=str) for k, v in found.items()}

    def shapes_graph_iri(self) -> str:
        raise InputError(
            "a SHACL-SPARQL query uses $shapesGraph, which in-store validation cannot offer (the "
            "shapes graph is not in the store); validate this data embedded (swio validate FILES)"
        )


def validate_endpoint(
    endpoint: str,
    *,
    graphs: Sequence[str] = DEFAULT_GRAPHS,
    shapes: str | Path | None = None,
    user: str | None = None,
    password: str | None = None,
    auth: str = "auto",
    timeout: float = 300.0,
    retries: int = 0,
    max_rows: int | None = None,
    workers: int = 2,
    log: Callable[[str], None] | None = None,
) -> Report:
    """Validate the data behind a SPARQL 1.1 query endpoint against the shapes (default: the SWIO shapes)
    and return a :class:`swio.shacl.results.Report`, as :func:`swio.shacl.validation.validate` does for files.

    ``graphs``: the graphs to validate, read as one default graph (``FROM``); the default is the two
    graphs ``swio load`` writes; ``[]`` reads the endpoint's default graph as it is. ``timeout`` bounds
    each query (the whole request)."""
    from ..shacl.results import Report
    from ..shacl.sparql_engine import SparqlEngine
    from ..shacl.validation import load_model

    start = time.perf_counter()
    model = load_model(shapes)
    address, url_user, url_password = check_url(endpoint, "endpoint")
    if user is None and url_user is not None:
        user, password = url_user, url_password
    http = HttpClient(user, password, auth=auth, timeout=timeout, retries=retries, log=log)
    try:
        sparql = SparqlEndpoint(address, http, max_rows=max_rows)
        run = EndpointRun(sparql, model, graphs, timeout=timeout)
        triples = _count_triples(run)
        if triples == 0:
            where = (
                ("the graph(s) " + " ".join(f"<{g}>" for g in graphs) + " hold")
                if graphs
                else "the default graph holds"
            )
            raise InputError(f"{redact(address)}: {where} no triples; nothing to validate (check `graphs`)")
        run.probe_lateral()
        run.probe_booleans()
        results = SparqlEngine(model).validate_run(run, workers=workers)
    finally:
        http.close()
    results.sort(key=lambda r: r.sort_key())
    shown = redact(address) + "".join(f" <{g}>" for g in graphs)
    return Report(
        results=results,
        engine="sparql (in-store)",
        files=[],
        triples=triples,
        seconds=time.perf_counter() - start,
        store=shown,
    )


def _count_triples(run: EndpointRun) -> int:
    rows = run.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "canonical", "count the triples")
    return int(rows[0]["n"].value) if rows else 0
