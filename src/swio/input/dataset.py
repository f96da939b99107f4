"""Load Turtle files into an embedded Oxigraph store, one named graph per file, terms kept as written.

Every file goes into its own named graph (its ``file:`` URI), so a validation result
can name the file its focus node is defined in. Bad input raises
:class:`~swio.errors.InputError` with the file, line and what is wrong; nothing is
kept from a file that fails to parse.

**Terms as written.** The store canonicalises literals (``"5"^^xsd:int`` becomes
``"5"^^xsd:integer``, ``"0042"`` ``"42"``; see :mod:`swio.input.terms`). Each file is
parsed once by Oxigraph straight into the store and, at the same time on another
core, once more by ``pyoxigraph.parse`` in Python, which reports the typed literals
exactly as written. One query then asks the store what it made of each distinct
typed literal; for every literal it changed, the triples holding it move from the
file's graph ``G`` to a side graph ``G#canonical``, and the same triples with the
literal's *surrogate* go to ``G#written``. Two views result:

* ``written`` = every ``G`` + every ``G#written``: the input's terms (surrogates
  decoded by :func:`swio.input.terms.as_written`); what the release, the loader and the
  SHACL engine's core constraints read;
* ``canonical`` = every ``G`` + every ``G#canonical``: what any SPARQL store would hold;
  what queries (canned questions, SPARQL constraints) read.

When one canonical literal stands for several written forms in a file (``4.0`` and
``4.00``, or ``5`` and ``"5"^^xsd:int``), the move cannot tell the triples apart, so
that file is rebuilt from the Python parse instead (exact; slower, and rare).

Ill-typed literals (``"2012-04-31"^^xsd:date``: not in the lexical space of the
datatype, for every XSD datatype, :mod:`swio.input.xsd`) are collected in
:attr:`Dataset.ill_typed`; :meth:`Dataset.load` refuses them by default (an input
error with file and line), or keeps them for SHACL to report (``strict_literals=False``).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .. import resources
from ..errors import InputError
from ..namespaces import PREFIXES, RDF_TYPE, XSD
from . import terms, turtle_scan, xsd
from .files import expand_paths, graph_iri, read_turtle, syntax_message, too_big_message

MAX_REPORTED = 20  # ill-typed literals listed one per line; the rest are counted
VIEWS = ("canonical", "written")
_CHUNK = 5000  # typed literals per canonical-form query


@dataclass
class SourceFile:
    path: Path
    graph: str  # IRI of the named graph that holds the file's triples
    triples: int
    schema: bool  # True for the ontology and vocabularies, False for data
    side_graphs: bool = False  # True when G#written / G#canonical hold literals the store rewrote

    @property
    def written_graph(self) -> str:
        return self.graph + "#written"

    @property
    def canonical_graph(self) -> str:
        return self.graph + "#canonical"


@dataclass(frozen=True)
class IllTyped:
    literal: ox.Literal
    path: Path
    line: int | None

    def message(self) -> str:
        datatype = self.literal.datatype.value.replace(XSD, "xsd:")
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f'{where}: ill-typed literal "{self.literal.value}"^^{datatype}: not a valid {datatype} value'


@dataclass
class _Scan:
    """What the Python parse of one file found: its distinct typed literals, in document order."""

    typed: list[ox.Literal] = field(default_factory=list)
    error: BaseException | None = None


class Dataset:
    """An in-memory Oxigraph store with one named graph per loaded file and two views (see module doc)."""

    def __init__(self) -> None:
        self.store = ox.Store()
        self.files: list[SourceFile] = []
        self.prefixes: dict[str, str] = dict(PREFIXES)
        #: the prefixes the files declare (first declaration of each prefix)
        self.file_prefixes: dict[str, str] = {}
        #: ill-typed literals as written -> where first seen (file, line)
        self.ill_typed: dict[ox.Literal, IllTyped] = {}
        #: canonical literal -> the written forms the store rewrote into it
        self.rewritten: dict[ox.Literal, set[ox.Literal]] = defaultdict(set)
        self._views: dict[str, list[ox.NamedNode]] | None = None

    # -- loading -----------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        data_paths: Iterable[str | Path] | None = None,
        *,
        schema: bool = True,
        strict_literals: bool = True,
        allow_empty: bool = False,
    ) -> Dataset:
        """The ontology and vocabularies (unless ``schema=False``) plus the data files.

        ``data_paths`` of ``None`` means the shipped data; files and directories are accepted.
        With ``strict_literals`` (the default) an ill-typed literal is an input error. A file with no
        triples is an input error unless ``allow_empty`` (SHACL validation: ``sh:targetNode`` shapes
        have focus nodes in an empty graph).
        """
        dataset = cls()
        if schema:
            for path in resources.SCHEMA_FILES:
                dataset.add_file(path, schema=True)
        files = resources.shipped_data_files() if data_paths is None else expand_paths(data_paths)
        if not files:
            raise InputError("no data files given")
        for path in files:
            dataset.add_file(path, allow_empty=allow_empty)
        if strict_literals:
            dataset.check_literals()
        return dataset

    def add_file(self, path: str | Path, *, schema: bool = False, allow_empty: bool = False) -> SourceFile:
        path = Path(path)
        data = read_turtle(path, allow_empty=allow_empty)
        graph = graph_iri(path)
        if any(f.graph == graph for f in self.files):
            raise InputError(f"{path}: given twice")
        target = ox.NamedNode(graph)
        scan = self._parse_into_store(path, data, target)
        text = data.decode("utf-8")
        for prefix, ns in turtle_scan.prefixes(text).items():
            self.prefixes.setdefault(prefix, ns)
            self.file_prefixes.setdefault(prefix, ns)
        source = SourceFile(path=path, graph=graph, triples=0, schema=schema)
        if scan.typed:
            canonical = self._canonical_forms(scan.typed)
            source.side_graphs = self._keep_written_forms(source, data, canonical)
            self._note_ill_typed(path, text, scan.typed)
        source.triples = self._count(source)
        if source.triples == 0 and not allow_empty:
            self._drop(source)
            raise InputError(f"{path}: file is empty (no triples)")
        self.files.append(source)
        self._views = None
        return source

    def _parse_into_store(self, path: Path, data: bytes, target: ox.NamedNode) -> _Scan:
        """Oxigraph loads the file into the store on one thread while Python scans it on this one."""
        loaded: list[BaseException] = []

        def load() -> None:
            try:
                self.store.load(data, format=ox.RdfFormat.TURTLE, base_iri=target.value, to_graph=target)
            except BaseException as err:  # reported below, after the scan
                loaded.append(err)

        worker = threading.Thread(target=load, name=f"swio-load-{path.name}")
        worker.start()
        scan = _Scan()
        try:
            scan.typed = _typed_literals(data, target.value)
        except BaseException as err:
            scan.error = err
        worker.join()
        error = scan.error or (loaded[0] if loaded else None)
        if error is not None:
            self.store.clear_graph(target)
            if isinstance(error, SyntaxError):
                raise InputError(syntax_message(path, error)) from None
            if isinstance(error, MemoryError):
                raise InputError(too_big_message(path)) from None
            raise error
        return scan

    def _canonical_forms(self, literals: list[ox.Literal]) -> dict[ox.Literal, ox.Literal]:
        """What the store makes of each literal (its canonical form; the literal itself if unchanged)."""
        out: dict[ox.Literal, ox.Literal] = {}
        for start in range(0, len(literals), _CHUNK):
            chunk = literals[start : start + _CHUNK]
            rows = " ".join(f"({i} {lit})" for i, lit in enumerate(chunk))
            for row in self.store.query(f"SELECT ?i ?x WHERE {{ VALUES (?i ?x) {{ {rows} }} }}"):
                out[chunk[int(row["i"].value)]] = row["x"]
        return out

    def _keep_written_forms(self, source: SourceFile, data: bytes, canonical: dict) -> bool:
        """Move the triples whose literal the store rewrote into the side graphs; True if there were any."""
        changed = {w: c for w, c in canonical.items() if c != w}
        if not changed:
            return False
        for written, canon in changed.items():
            self.rewritten[canon].add(written)
        preimages: dict[ox.Literal, int] = defaultdict(int)
        for _written, canon in canonical.items():
            preimages[canon] += 1
        if any(preimages[c] > 1 for c in changed.values()):
            self._rebuild_exactly(source, data, changed)
            return True
        pairs = " ".join(f"({c} {terms.surrogate(w)})" for w, c in changed.items())
        g, gc, gw = (f"<{x}>" for x in (source.graph, source.canonical_graph, source.written_graph))
        self.store.update(
            f"DELETE {{ GRAPH {g} {{ ?s ?p ?c }} }} "
            f"INSERT {{ GRAPH {gc} {{ ?s ?p ?c }} GRAPH {gw} {{ ?s ?p ?w }} }} "
            f"WHERE {{ VALUES (?c ?w) {{ {pairs} }} GRAPH {g} {{ ?s ?p ?c }} }}"
        )
        return True

    def _rebuild_exactly(self, source: SourceFile, data: bytes, changed: dict) -> None:
        """The file's graphs built from the Python parse, triple by triple (used when the move is ambiguous)."""
        g, gc, gw = (ox.NamedNode(x) for x in (source.graph, source.canonical_graph, source.written_graph))
        for graph in (g, gc, gw):
            self.store.clear_graph(graph)
        quads = []
        for q in ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=source.graph):
            o = q.object
            canon = changed.get(o) if type(o) is ox.Literal else None
            if canon is None:
                quads.append(ox.Quad(q.subject, q.predicate, o, g))
            else:
                quads.append(ox.Quad(q.subject, q.predicate, canon, gc))
                quads.append(ox.Quad(q.subject, q.predicate, terms.surrogate(o), gw))
        self.store.extend(quads)

    def _note_ill_typed(self, path: Path, text: str, typed: list[ox.Literal]) -> None:
        """Ill-typed literals, in document order; the line of the first few is looked up in the text."""
        position = 0
        for literal in typed:
            if literal in self.ill_typed or xsd.well_formed(literal.value, literal.datatype.value):
                continue
            line = None
            if len(self.ill_typed) < MAX_REPORTED:
                found = _find_literal(text, literal.value, position)
                if found != -1:
                    position = found
                    line = text.count("\n", 0, found) + 1
            self.ill_typed[literal] = IllTyped(literal, path, line)

    def check_literals(self) -> None:
        """Refuse ill-typed literals ("2013-13-45"^^xsd:date) with file and line (the first 20; the rest counted)."""
        if self.ill_typed:
            raise ill_typed_error(list(self.ill_typed.values()))

    def _count(self, source: SourceFile) -> int:
        graphs = [source.graph] + ([source.written_graph] if source.side_graphs else [])
        return sum(self.count_graph(g) for g in graphs)

    def _drop(self, source: SourceFile) -> None:
        for graph in (source.graph, source.written_graph, source.canonical_graph):
            if self.store.contains_named_graph(ox.NamedNode(graph)):
                self.store.remove_graph(ox.NamedNode(graph))

    # -- views -------------------------------------------------------------------------
    def view_graphs(self, view: str = "canonical") -> list[ox.NamedNode]:
        if view not in VIEWS:
            raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
        if self._views is None:
            plain = [ox.NamedNode(f.graph) for f in self.files]
            self._views = {
                "written": plain + [ox.NamedNode(f.written_graph) for f in self.files if f.side_graphs],
                "canonical": plain + [ox.NamedNode(f.canonical_graph) for f in self.files if f.side_graphs],
            }
        return self._views[view]

    @property
    def has_surrogates(self) -> bool:
        """True when the written view holds surrogates (some literal was rewritten by the store)."""
        return any(f.side_graphs for f in self.files)

    def query(self, sparql: str, *, view: str = "canonical", **kwargs: Any) -> Any:
        """A SPARQL query over the union of the loaded files, in the ``canonical`` (default) or ``written`` view:
        pyoxigraph's answer for the query's form (``QuerySolutions``, ``QueryBoolean`` or ``QueryTriples``)."""
        if "use_default_graph_as_union" not in kwargs and "default_graph" not in kwargs:
            kwargs["default_graph"] = self.view_graphs(view)
        return self.store.query(sparql, **kwargs)

    def written_form(self, items: Iterable) -> dict:
        """For terms as written (e.g. from a shapes graph), how each appears in the written view:
        its surrogate if the store would rewrite it, else itself."""
        wanted = [t for t in items if isinstance(t, ox.Literal) and terms.is_typed(t)]
        canonical = self._canonical_forms(list(dict.fromkeys(wanted))) if wanted else {}
        return {t: (terms.surrogate(t) if canonical.get(t, t) != t else t) for t in items}

    def written_value(self, term):
        """A term from the canonical view as written, where that is unambiguous: a canonical literal that
        stands for exactly one written form (and is not itself written anywhere) becomes that form."""
        forms = self.rewritten.get(term) if isinstance(term, ox.Literal) else None
        if forms and len(forms) == 1 and not self._written_as_is(term):
            return next(iter(forms))
        return term

    def _written_as_is(self, literal: ox.Literal) -> bool:
        plain = [ox.NamedNode(f.graph) for f in self.files]
        return bool(self.store.query(f"ASK {{ ?s ?p {literal} }}", default_graph=plain))

    # -- access ------------------------------------------------------------------------
    def count_graph(self, graph: str) -> int:
        rows = self.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(next(iter(rows))["n"].value)

    def __len__(self) -> int:
        return sum(f.triples for f in self.files)

    @property
    def data_files(self) -> list[SourceFile]:
        return [f for f in self.files if not f.schema]

    @property
    def schema_files(self) -> list[SourceFile]:
        return [f for f in self.files if f.schema]

    def triples(self, graphs: Iterable[SourceFile] | None = None) -> Iterator[ox.Triple]:
        """The triples of the given files (default: all), with every term exactly as written.

        A triple stated in two files is yielded once per file."""
        for f in self.files if graphs is None else graphs:
            yield from (q.triple for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(f.graph)))
            if f.side_graphs:
                for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(f.written_graph)):
                    yield terms.as_written_triple(q.triple)

    def ntriples_lines(self, graphs: Iterable[SourceFile] | None = None) -> list[bytes]:
        """The triples of the given files (default: all), terms exactly as written, as N-Triples lines (no line
        ends), each once, sorted by code point: the order of ``(str(s), str(p), str(o))``.

        Made by the store's own N-Triples writer, without a Python object per triple (at a million triples
        about 4x faster than sorting :meth:`triples`); the surrogates of the written side graphs are decoded
        in the text (:func:`swio.input.terms.as_written_ntriples`)."""
        lines: list[bytes] = []
        nt = ox.RdfFormat.N_TRIPLES
        for f in self.files if graphs is None else graphs:
            lines += self.store.dump(format=nt, from_graph=ox.NamedNode(f.graph)).splitlines()
            if f.side_graphs:
                written = self.store.dump(format=nt, from_graph=ox.NamedNode(f.written_graph)).splitlines()
                lines += map(terms.as_written_ntriples, written)
        lines.sort()
        return list(dict.fromkeys(lines))

    def defining_files(self, nodes: Iterable[ox.NamedNode | ox.BlankNode]) -> dict:
        """For each node, the file where it is typed (or failing that, where it is a subject)."""
        out: dict = {}
        data_first = sorted(self.files, key=lambda f: f.schema)
        for node in nodes:
            if node in out or isinstance(node, ox.Literal):
                continue
            chosen = None
            for pattern in ((node, ox.NamedNode(RDF_TYPE), None), (node, None, None)):
                for f in data_first:
                    graph = ox.NamedNode(f.graph)
                    if next(iter(self.store.quads_for_pattern(*pattern, graph)), None) is not None:
                        chosen = f.path
                        break
                if chosen:
                    break
            out[node] = chosen
        return out

    def locate(self, nodes: Iterable) -> dict:
        """For each node, ``(file, line)`` where it is defined: the file as :meth:`defining_files` finds it,
        the line of its first use as a subject in that file's text (``None`` for blank nodes and literals)."""
        from .locate import Locator

        files = self.defining_files([n for n in nodes if not isinstance(n, ox.Literal)])
        lines = Locator().lines(files)
        return {node: (path, lines[node]) for node, path in files.items()}

    def to_rdflib(self, graphs: Iterable[SourceFile] | None = None):
        """The union of the given files' graphs (default: all) as one rdflib Graph, terms as written."""
        import rdflib

        g = rdflib.Graph()
        for prefix, ns in self.prefixes.items():
            if prefix:
                g.bind(prefix, ns, override=False)
        convert = terms.to_rdflib
        for t in self.triples(graphs):
            g.add((convert(t.subject), convert(t.predicate), convert(t.object)))
        return g


def ill_typed_error(found: list[IllTyped]) -> InputError:
    """One line per ill-typed literal, with file and line (the first 20; the rest counted)."""
    lines = [bad.message() for bad in found[:MAX_REPORTED]]
    if len(found) > MAX_REPORTED:
        lines.append(f"... and {len(found) - MAX_REPORTED} more ill-typed literals")
    return InputError("\n".join(lines))


def ntriples_document(lines: list[bytes]) -> bytes:
    """An N-Triples document of lines such as :meth:`Dataset.ntriples_lines` gives."""
    return b"\n".join(lines) + b"\n" if lines else b""


def _typed_literals(data: bytes, base_iri: str) -> list[ox.Literal]:
    """The distinct literals with a datatype other than xsd:string in a Turtle document, in document order."""
    typed: dict[ox.Literal, None] = {}  # an ordered set
    literal_type = ox.Literal
    string = terms.XSD_STRING
    for quad in ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=base_iri, lenient=True):
        o = quad.object
        if type(o) is literal_type and o.language is None and o.datatype.value != string:
            typed[o] = None
    return list(typed)


def _find_literal(text: str, lexical: str, start: int) -> int:
    """Offset of the literal's lexical form in quotes at or after ``start`` (else anywhere), or -1."""
    for quote in ('"', "'"):
        for begin in (start, 0):
            found = text.find(quote + lexical + quote, begin)
            if found != -1:
                return found
    found = text.find(lexical, start)
    return found if found != -1 else text.find(lexical)
