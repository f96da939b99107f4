"""Load Turtle files into an embedded Oxigraph store, one named graph per file.

Every file goes into its own named graph (its ``file:`` URI), so a validation
result can name the file its focus node is defined in, while queries see the
union of all graphs as their default graph. Bad input raises
:class:`~swio.errors.InputError` with the file, line and what is wrong; nothing
is kept from a file that fails to parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .. import resources
from . import turtle_scan
from ..errors import InputError
from ..namespaces import CHECKED_DATATYPES, PREFIXES, RDF_TYPE, XSD

TURTLE_SUFFIXES = (".ttl",)


MAX_REPORTED = 20  # ill-typed literals listed one per line; the rest are counted


@dataclass(frozen=True)
class SourceFile:
    path: Path
    graph: str  # IRI of the named graph that holds the file's triples
    triples: int
    schema: bool  # True for the ontology and vocabularies, False for data


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files stay as given; directories expand to the ``.ttl`` files inside them (recursively)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in TURTLE_SUFFIXES and p.is_file())
            if not found:
                raise InputError(f"{path}: directory holds no .ttl files")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            raise InputError(f"{path}: not a regular file")
        else:
            raise InputError(f"{path}: no such file or directory")
    return files


def graph_iri(path: Path) -> str:
    return path.resolve().as_uri()


def _syntax_message(path: Path, err: SyntaxError) -> str:
    text = str(err.msg if hasattr(err, "msg") and err.msg else err)
    text = re.sub(r"^Parser error (at|between) [^:]*: ", "", text)
    line = getattr(err, "lineno", None)
    col = getattr(err, "offset", None)
    where = f"{path}:{line}:{col}" if line else f"{path}"
    return f"{where}: not valid Turtle: {text}"


def _read(path: Path) -> tuple[bytes, str]:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None
    if not data.strip():
        raise InputError(f"{path}: file is empty (no triples)")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}:1:1: not valid Turtle: this is a binary file, not Turtle text")
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not valid Turtle: the file is not UTF-8 text") from None


class Dataset:
    """An in-memory Oxigraph store with one named graph per loaded file."""

    def __init__(self) -> None:
        self.store = ox.Store()
        self.files: list[SourceFile] = []
        self.prefixes: dict[str, str] = dict(PREFIXES)
        self._typed: dict[Path, tuple[str, list]] = {}  # file -> (text, typed literals), until checked

    # -- loading -----------------------------------------------------------------------
    @classmethod
    def load(cls, data_paths: Iterable[str | Path] | None = None, *, schema: bool = True) -> "Dataset":
        """The ontology and vocabularies (unless ``schema=False``) plus the data files.

        ``data_paths`` of ``None`` means the shipped data; files and directories are accepted.
        """
        dataset = cls()
        if schema:
            for path in resources.SCHEMA_FILES:
                dataset.add_file(path, schema=True)
        files = resources.shipped_data_files() if data_paths is None else expand_paths(data_paths)
        if not files:
            raise InputError("no data files given")
        for path in files:
            dataset.add_file(path)
        dataset.check_literals()
        return dataset

    def add_file(self, path: str | Path, *, schema: bool = False) -> SourceFile:
        path = Path(path)
        data, text = _read(path)
        graph = graph_iri(path)
        if any(f.graph == graph for f in self.files):
            raise InputError(f"{path}: given twice")
        target = ox.NamedNode(graph)
        try:
            self.store.load(data, format=ox.RdfFormat.TURTLE, base_iri=graph, to_graph=target)
        except SyntaxError as err:
            self.store.clear_graph(target)
            raise InputError(_syntax_message(path, err)) from None
        count = self.count_graph(graph)
        if count == 0:
            self.store.remove_graph(target)
            raise InputError(f"{path}: file is empty (no triples)")
        declared = turtle_scan.prefixes(text)
        for prefix, ns in declared.items():
            self.prefixes.setdefault(prefix, ns)
        self._typed[path] = (text, turtle_scan.typed_literals(text, declared))
        source = SourceFile(path=path, graph=graph, triples=count, schema=schema)
        self.files.append(source)
        return source

    def check_literals(self) -> None:
        """Reject ill-typed literals ("2013-13-45"^^xsd:date) with file and line.

        The candidates come from scanning each file's text; Oxigraph's XSD casts decide
        which are ill-typed (one query over the distinct literals).
        """
        candidates = {(t.lexical, t.datatype) for _, found in self._typed.values() for t in found}
        bad: set[tuple[str, str]] = set()
        if candidates:
            values = " ".join(_literal_sparql(lex, dt) for lex, dt in sorted(candidates))
            query = ("SELECT ?o WHERE { VALUES ?o { " + values + " } FILTER (!COALESCE("
                     + " || ".join(f"(datatype(?o) = <{XSD}{t}> && datatype(<{XSD}{t}>(STR(?o))) = <{XSD}{t}>)"
                                   for t in CHECKED_DATATYPES) + ", false)) }")
            bad = {(row["o"].value, row["o"].datatype.value) for row in self.store.query(query)}
        problems = []
        for path, (text, found) in self._typed.items():
            for t in found:
                if (t.lexical, t.datatype) in bad:
                    datatype = t.datatype.replace(XSD, "xsd:")
                    line = turtle_scan.line_of(text, t.offset)
                    problems.append((str(path), line, f'{path}:{line}: ill-typed literal '
                                                      f'"{t.lexical}"^^{datatype}: not a valid {datatype} value'))
        self._typed.clear()
        if problems:
            lines = [message for _, _, message in sorted(problems)]
            if len(lines) > MAX_REPORTED:
                lines = lines[:MAX_REPORTED] + [f"... and {len(lines) - MAX_REPORTED} more ill-typed literals"]
            raise InputError("\n".join(lines))

    # -- access ------------------------------------------------------------------------
    def count_graph(self, graph: str) -> int:
        rows = self.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(next(iter(rows))["n"].value)

    def query(self, sparql: str, **kwargs):
        kwargs.setdefault("use_default_graph_as_union", True)
        return self.store.query(sparql, **kwargs)

    def __len__(self) -> int:
        return sum(f.triples for f in self.files)

    @property
    def data_files(self) -> list[SourceFile]:
        return [f for f in self.files if not f.schema]

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

    def triples(self, graphs: Iterable[SourceFile] | None = None) -> Iterator[ox.Triple]:
        for f in self.files if graphs is None else graphs:
            for quad in self.store.quads_for_pattern(None, None, None, ox.NamedNode(f.graph)):
                yield quad.triple

    def to_rdflib(self, graphs: Iterable[SourceFile] | None = None):
        """The union of the given files' graphs (default: all) as one rdflib Graph."""
        import rdflib

        g = rdflib.Graph()
        for prefix, ns in self.prefixes.items():
            if prefix:
                g.bind(prefix, ns, override=False)
        for f in self.files if graphs is None else graphs:
            data = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(f.graph))
            g.parse(data=data, format="nt")
        return g




def _literal_sparql(lexical: str, datatype: str) -> str:
    escaped = lexical.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"^^<{datatype}>'
