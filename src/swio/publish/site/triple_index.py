"""The statements as written, indexed on disk by subject and by object (SQLite).

The site and ``swio serve`` need, for one resource at a time, its own statements
exactly as the input wrote them (``Dataset.triples()``; the store canonicalises
literals), the statements pointing at it, and the labels of everything it links
to. Holding a million triples in Python objects would take gigabytes, so they go
once into an SQLite file in a temporary folder, as N-Triples terms, with an index
on (subject, predicate, object) and one on (object, predicate, subject); pages
then read a few rows each and memory stays bounded whatever the size of the graph.

A resource's description is its concise bounded description: its statements plus,
recursively, those of the blank nodes it points at. Blank nodes are relabelled in
a canonical order (by the content they hold, not by the parser's random labels),
so documents are the same bytes on every build.
"""

from __future__ import annotations

import itertools
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ...owned_temp import owned_temp_dir
from . import urls

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
#: label predicates, best first: a resource's name in a language is the first one present
LABEL_PREDICATES = (
    RDFS + "label",
    SKOS + "prefLabel",
    "http://xmlns.com/foaf/0.1/name",
    "http://purl.org/dc/terms/title",
    "http://www.w3.org/ns/shacl#name",
)
_BATCH = 20_000
_CHUNK = 500  # IRIs per SQL statement in the batched look-ups
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
SUBCLASS_OF = RDFS + "subClassOf"
IN_SCHEME = SKOS + "inScheme"
OWNER_DEPTH = 8  # levels climbed from a blank node to the named resource holding it (list cells do not count)


class TripleIndex:
    """An on-disk index of triples; build it with :meth:`build`, close it (or use ``with``) to delete it."""

    remote = False  # the statements are here (the store-backed index: store_index.StoreIndex)

    def __init__(self, directory: Path, *, owned: bool):
        self.directory = directory
        self.path = directory / "triples.sqlite"
        self._owned = owned
        #: SQLite page cache of each reading connection (one per thread that reads); the server, which
        #: reads from a few threads at once, asks for less than the site build
        self.reader_cache_kib = 16384
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    # -- building ------------------------------------------------------------------------
    @classmethod
    def build(cls, triples: Iterable[ox.Triple], *, directory: str | Path | None = None) -> TripleIndex:
        owned = directory is None
        folder = owned_temp_dir("swio-site-index-") if owned else Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        index = cls(folder, owned=owned)
        try:
            index._write(triples)
        except BaseException:
            index.close()
            raise
        return index

    def _write(self, triples: Iterable[ox.Triple]) -> None:
        self.path.unlink(missing_ok=True)
        db = sqlite3.connect(self.path)
        try:
            db.executescript("""
                PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = FILE;
                PRAGMA cache_size = -65536;
                CREATE TABLE t (s TEXT NOT NULL, p TEXT NOT NULL, o TEXT NOT NULL);
                CREATE TABLE label (iri TEXT NOT NULL, rank INTEGER NOT NULL, lang TEXT NOT NULL, text TEXT NOT NULL);
            """)
            ranks = {p: i for i, p in enumerate(LABEL_PREDICATES)}
            rows: list[tuple[str, str, str]] = []
            labels: list[tuple[str, int, str, str]] = []
            for t in triples:
                s, p, o = t.subject, t.predicate, t.object
                rows.append((str(s), str(p), str(o)))
                rank = ranks.get(p.value)
                if rank is not None and isinstance(o, ox.Literal) and isinstance(s, ox.NamedNode):
                    labels.append((s.value, rank, o.language or "", o.value))
                if len(rows) >= _BATCH:
                    db.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
                    rows.clear()
                if len(labels) >= _BATCH:
                    db.executemany("INSERT INTO label VALUES (?, ?, ?, ?)", labels)
                    labels.clear()
            db.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
            db.executemany("INSERT INTO label VALUES (?, ?, ?, ?)", labels)
            db.executescript("""
                CREATE INDEX t_spo ON t (s, p, o);
                CREATE INDEX t_ops ON t (o, p, s);
                CREATE INDEX label_iri ON label (iri, rank, lang, text);
                -- one row per named subject with its best label in zh, en and any other language
                CREATE TABLE node (iri TEXT PRIMARY KEY, zh TEXT, en TEXT, other TEXT) WITHOUT ROWID;
                INSERT INTO node (iri) SELECT DISTINCT substr(s, 2, length(s) - 2) FROM t WHERE s LIKE '<%';
                UPDATE node SET
                    zh = (SELECT text FROM label WHERE label.iri = node.iri AND lang = 'zh' ORDER BY rank, text LIMIT 1),
                    en = (SELECT text FROM label WHERE label.iri = node.iri AND lang = 'en' ORDER BY rank, text LIMIT 1),
                    other = (SELECT text FROM label WHERE label.iri = node.iri AND lang NOT IN ('zh', 'en')
                             ORDER BY rank, lang, text LIMIT 1);
                ANALYZE;
            """)
            db.commit()
        finally:
            db.close()

    # -- connections (one per thread: the server reads from a thread pool) ----------------
    @property
    def db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            conn.execute(f"PRAGMA cache_size = -{int(self.reader_cache_kib)}")
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def close_connections(self) -> None:
        """Close every reading connection (they reopen when next needed); required before a fork."""
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
            self._local = threading.local()

    def close(self) -> None:
        self.close_connections()
        if self._owned:
            shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> TripleIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------
    def subjects(self, namespace: str = "") -> Iterator[str]:
        """IRIs (without brackets) of the named subjects, sorted; only those starting with ``namespace``."""
        low = "<" + namespace
        high = low[:-1] + chr(ord(low[-1]) + 1) if namespace else "="
        cursor = self.db.execute("SELECT DISTINCT s FROM t WHERE s >= ? AND s < ? ORDER BY s", (low, high))
        for (s,) in cursor:
            yield s[1:-1]

    def count_subjects(self, namespace: str = "") -> int:
        low = "<" + namespace
        high = low[:-1] + chr(ord(low[-1]) + 1) if namespace else "="
        return self.db.execute("SELECT COUNT(DISTINCT s) FROM t WHERE s >= ? AND s < ?", (low, high)).fetchone()[0]

    def has_subject(self, iri: str) -> bool:
        return self.node(iri) is not None

    def node(self, iri: str) -> dict[str, str] | None:
        """``None`` if ``iri`` is not a subject; else its best labels: ``zh``, ``en`` and ``""`` (any other)."""
        row = self.db.execute("SELECT zh, en, other FROM node WHERE iri = ?", (iri,)).fetchone()
        if row is None:
            return None
        return {lang: text for lang, text in zip(("zh", "en", ""), row) if text is not None}

    def labels(self, iri: str) -> dict[str, str]:
        """Language -> the best label in that language ('' for an untagged or other-language one)."""
        return self.node(iri) or {}

    def rows_of(self, subject: str) -> list[tuple[str, str]]:
        return self.db.execute("SELECT DISTINCT p, o FROM t WHERE s = ? ORDER BY p, o", (subject,)).fetchall()

    def describe(self, iris: Iterable[str], *, rows: list[tuple[str, str]] | None = None) -> list[ox.Triple]:
        """The concise bounded descriptions of the given IRIs, as written, with canonical blank-node labels.

        ``rows`` may give the (predicate, object) rows of a single IRI when the caller already has them.
        """
        iris = list(iris)
        known = {f"<{iris[0]}>": rows} if rows is not None and len(iris) == 1 else {}
        return describe_with(lambda node: known[node] if node in known else self.rows_of(node), iris)

    def stream(self, namespace: str, limit: int) -> Iterator[tuple[str, list, tuple]]:
        """For every named subject in ``namespace``, in order: (IRI, its rows, its referrers as
        :meth:`referrers` gives them) — two ordered scans instead of queries per subject."""
        low = "<" + namespace
        high = low[:-1] + chr(ord(low[-1]) + 1)
        forward = self.db.execute("SELECT DISTINCT s, p, o FROM t WHERE s >= ? AND s < ? ORDER BY s, p, o", (low, high))
        inverse = self._inverse_groups(low, high)
        pending = next(inverse, None)
        for subject, rows in _grouped(forward):
            while pending is not None and pending[0] < subject:
                pending = next(inverse, None)
            found: list = []
            counts: dict[str, int] = {}
            if pending is not None and pending[0] == subject:
                for predicate, subjects in pending[1]:
                    counts[predicate[1:-1]] = len(subjects)
                    for s in subjects[:limit]:
                        if s.startswith("_:"):
                            owner, via = self._owner(s)
                            if owner is not None:
                                found.append((owner[1:-1], predicate[1:-1], tuple(via)))
                        else:
                            found.append((s[1:-1], predicate[1:-1], ()))
            yield subject[1:-1], rows, (sorted(set(found)), counts)

    def _inverse_groups(self, low: str, high: str):
        """(object, [(predicate, [distinct subjects, sorted])]) for the objects in a range, in order."""
        cursor = self.db.cursor()
        cursor.execute("SELECT DISTINCT o, p, s FROM t WHERE o >= ? AND o < ? ORDER BY o, p, s", (low, high))
        current, groups, predicate, subjects = None, [], None, []
        for o, p, s in cursor:
            if o != current:
                if current is not None:
                    groups.append((predicate, subjects))
                    yield current, groups
                current, groups, predicate, subjects = o, [], p, []
            elif p != predicate:
                groups.append((predicate, subjects))
                predicate, subjects = p, []
            subjects.append(s)
        if current is not None:
            groups.append((predicate, subjects))
            yield current, groups

    def referrers(self, iri: str, limit: int) -> tuple[list[tuple[str, str, list[str]]], dict[str, int]]:
        """Statements pointing at ``iri``: up to ``limit`` (subject, predicate, via) per predicate, and counts.

        A referrer that is a blank node is reported as the named resource that holds it, with
        ``via`` the predicates leading from that resource to the blank node (e.g. a property
        shape's ``sh:class`` becomes the node shape, via ``sh:property``).
        """
        target = f"<{iri}>"
        counts = dict(
            self.db.execute(
                "SELECT p, COUNT(DISTINCT s) FROM t WHERE o = ? GROUP BY p ORDER BY p", (target,)
            ).fetchall()
        )
        found: list[tuple[str, str, list[str]]] = []
        for predicate in counts:
            rows = self.db.execute(
                "SELECT DISTINCT s FROM t WHERE o = ? AND p = ? ORDER BY s LIMIT ?", (target, predicate, limit)
            ).fetchall()
            for (s,) in rows:
                if s.startswith("_:"):
                    owner, via = self._owner(s)
                    if owner is None:
                        continue
                    found.append((owner[1:-1], predicate[1:-1], via))
                else:
                    found.append((s[1:-1], predicate[1:-1], []))
        return sorted(set((s, p, tuple(v)) for s, p, v in found)), {p[1:-1]: n for p, n in counts.items()}

    def _owner(self, bnode: str) -> tuple[str | None, list[str]]:
        """The named resource holding a blank node, climbing at most :data:`OWNER_DEPTH` levels (the cells
        of a list do not count: ``rdf:rest`` is not a level), and the predicates leading down to it."""
        via: list[str] = []
        node, seen = bnode, set()
        while len(via) < OWNER_DEPTH and node not in seen:
            seen.add(node)
            row = self.db.execute("SELECT s, p FROM t WHERE o = ? ORDER BY s, p LIMIT 1", (node,)).fetchone()
            if row is None:
                return None, via
            node, predicate = row
            if predicate != f"<{RDF_REST}>":
                via.insert(0, predicate[1:-1])
            if not node.startswith("_:"):
                return node, via
        return None, via

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM (SELECT DISTINCT s, p, o FROM t)").fetchone()[0]

    # -- look-ups a page makes in batches (each one question a SPARQL store answers in one query) --------
    def describe_each(self, iris: Iterable[str]) -> dict[str, list[ox.Triple]]:
        """:meth:`describe` of each IRI on its own (a page documenting many terms)."""
        return {iri: self.describe([iri]) for iri in iris}

    def referrers_each(self, iris: Iterable[str], limit: int) -> dict[str, tuple[list, dict[str, int]]]:
        """:meth:`referrers` of each IRI."""
        return {iri: self.referrers(iri, limit) for iri in iris}

    def nodes(self, iris: Iterable[str]) -> dict[str, dict[str, str]]:
        """:meth:`node` of many IRIs at once; IRIs that are not subjects are left out."""
        out: dict[str, dict[str, str]] = {}
        for chunk in _chunks(sorted(set(iris))):
            marks = ",".join("?" for _ in chunk)
            rows = self.db.execute(f"SELECT iri, zh, en, other FROM node WHERE iri IN ({marks})", chunk)
            for iri, zh, en, other in rows:
                out[iri] = {lang: text for lang, text in (("zh", zh), ("en", en), ("", other)) if text is not None}
        return out

    def values(self, iris: Iterable[str], predicates: Iterable[str]) -> dict[str, dict[str, list]]:
        """The objects of the given predicates for many subjects: IRI -> predicate -> [pyoxigraph terms], in order
        (blank nodes left out: they belong to their owner's description)."""
        subjects = [f"<{iri}>" for iri in sorted(set(iris))]
        wanted = [f"<{p}>" for p in sorted(set(predicates))]
        out: dict[str, dict[str, list]] = {}
        if not subjects or not wanted:
            return out
        p_marks = ",".join("?" for _ in wanted)
        for chunk in _chunks(subjects):
            s_marks = ",".join("?" for _ in chunk)
            rows = self.db.execute(
                f"SELECT DISTINCT s, p, o FROM t WHERE s IN ({s_marks}) AND p IN ({p_marks}) ORDER BY s, p, o",
                (*chunk, *wanted),
            )
            for s, p, o in rows:
                if o.startswith("_:"):
                    continue
                out.setdefault(s[1:-1], {}).setdefault(p[1:-1], []).append(term_of(o))
        return out

    def incoming(self, iris: Iterable[str], predicates: Iterable[str], limit: int) -> dict[str, dict[str, list[str]]]:
        """Named subjects pointing at many IRIs by the given predicates: IRI -> predicate -> [subject IRIs],
        at most ``limit`` per IRI and predicate, sorted."""
        out: dict[str, dict[str, list[str]]] = {}
        for target in sorted(set(iris)):
            for predicate in sorted(set(predicates)):
                rows = self.db.execute(
                    "SELECT DISTINCT s FROM t WHERE o = ? AND p = ? AND s LIKE '<%' ORDER BY s LIMIT ?",
                    (f"<{target}>", f"<{predicate}>", limit),
                ).fetchall()
                if rows:
                    out.setdefault(target, {})[predicate] = [s[1:-1] for (s,) in rows]
        return out

    def with_predicate(self, predicate: str) -> list[tuple[str, object]]:
        """(subject IRI, object term) of every statement with ``predicate`` whose subject is named, sorted
        (for small, whole-graph tables such as the properties' ``swio:inverseLabel``)."""
        rows = self.db.execute(
            "SELECT DISTINCT s, o FROM t WHERE p = ? AND s LIKE '<%' ORDER BY s, o", (f"<{predicate}>",)
        )
        return [(s[1:-1], term_of(o)) for s, o in rows if not o.startswith("_:")]

    def instances(self, cls: str, limit: int | None = None) -> list[str]:
        """The named resources typed ``cls`` (directly), sorted; at most ``limit``."""
        rows = self.db.execute(
            "SELECT DISTINCT s FROM t WHERE o = ? AND p = ? AND s LIKE '<%' ORDER BY s LIMIT ?",
            (f"<{cls}>", f"<{RDF_TYPE}>", -1 if limit is None else limit),
        )
        return [s[1:-1] for (s,) in rows]

    def typed_subjects(self, namespace: str = "") -> Iterator[tuple[str, list[str]]]:
        """(IRI, its rdf:type IRIs) for every named subject in ``namespace`` that has a type, sorted by IRI."""
        low = "<" + namespace
        high = low[:-1] + chr(ord(low[-1]) + 1) if namespace else "="
        rows = self.db.execute(
            "SELECT DISTINCT s, o FROM t WHERE p = ? AND s >= ? AND s < ? AND o LIKE '<%' ORDER BY s, o",
            (f"<{RDF_TYPE}>", low, high),
        )
        current, types = None, []
        for s, o in rows:
            if s != current:
                if current is not None:
                    yield current[1:-1], types
                current, types = s, []
            types.append(o[1:-1])
        if current is not None:
            yield current[1:-1], types

    def label_candidates(self, iris: Iterable[str]) -> dict[str, list[tuple[int, str, str]]]:
        """Every label of each IRI that is a subject, as (rank of the predicate, language, text); IRIs that
        are not subjects are left out (for merging with another source's labels: :func:`best_labels`)."""
        out: dict[str, list[tuple[int, str, str]]] = {}
        for chunk in _chunks(sorted(set(iris))):
            marks = ",".join("?" for _ in chunk)
            for (iri,) in self.db.execute(f"SELECT iri FROM node WHERE iri IN ({marks})", chunk):
                out[iri] = []
            rows = self.db.execute(f"SELECT iri, rank, lang, text FROM label WHERE iri IN ({marks})", chunk)
            for iri, rank, lang, text in rows:
                out[iri].append((rank, lang, text))
        return out

    def objects(self, subject: str, predicate: str) -> list[str]:
        """The IRI objects of one subject and predicate, sorted (IRIs without brackets)."""
        rows = self.db.execute(
            "SELECT DISTINCT o FROM t WHERE s = ? AND p = ? AND o LIKE '<%' ORDER BY o",
            (f"<{subject}>", f"<{predicate}>"),
        )
        return [o[1:-1] for (o,) in rows]

    def subjects_of_type(self, types: Iterable[str]) -> set[str]:
        """The named subjects that have one of these ``rdf:type`` values."""
        types = [f"<{t}>" for t in types]
        marks = ",".join("?" for _ in types)
        rows = self.db.execute(
            f"SELECT DISTINCT s FROM t WHERE p = ? AND o IN ({marks}) AND s LIKE '<%'", (f"<{RDF_TYPE}>", *types)
        )
        return {s[1:-1] for (s,) in rows}

    def kinds(self, namespace: str) -> dict[str, int]:
        """How many named subjects ``namespace{kind}/{rest}`` there are of each kind (the first path segment),
        counting only IRIs whose path is made of safe segments (:func:`urls.safe_segments`)."""
        counts: dict[str, int] = {}
        for iri in self.subjects(namespace):
            rest = iri[len(namespace) :]
            if "/" in rest and urls.safe_segments(rest):
                kind = rest.split("/", 1)[0]
                counts[kind] = counts.get(kind, 0) + 1
        return dict(sorted(counts.items()))

    def kind_terms(self, namespace: str) -> dict[str, tuple[set[str], set[str]]]:
        """For each kind (as :meth:`kinds`): the concept schemes (``skos:inScheme``) every one of its subjects is
        in, and the classes every one of them is an instance of (its types and their superclasses)."""
        ancestors: dict[str, set[str]] = {}

        def up(cls: str) -> set[str]:
            if cls not in ancestors:
                seen, stack = set(), [cls]
                while stack:
                    c = stack.pop()
                    if c not in seen:
                        seen.add(c)
                        stack += self.objects(c, SUBCLASS_OF)
                ancestors[cls] = seen
            return ancestors[cls]

        found: dict[str, tuple[set[str], set[str]]] = {}
        for iri in self.subjects(namespace):
            rest = iri[len(namespace) :]
            if "/" not in rest or not urls.safe_segments(rest):
                continue
            kind = rest.split("/", 1)[0]
            schemes = set(self.objects(iri, IN_SCHEME))
            classes = set().union(*(up(t) for t in self.objects(iri, RDF_TYPE)))
            if kind in found:
                found[kind][0].intersection_update(schemes)
                found[kind][1].intersection_update(classes)
            else:
                found[kind] = (schemes, classes)
        return found

    def shared_terms(self, namespace: str, rank: Callable[[str, str], Any]) -> dict[str, str | None]:
        """For each kind (as :meth:`kinds`): the first by ``rank(predicate, term)`` of the concept schemes
        (``skos:inScheme``) and classes (``rdf:type``, with their superclasses) all of its subjects share, or
        None when they share none."""
        found: dict[str, str | None] = {}
        for kind, (schemes, classes) in self.kind_terms(namespace).items():
            shared = [(IN_SCHEME, s) for s in schemes] + [(RDF_TYPE, c) for c in classes]
            found[kind] = min(shared, key=lambda pt: rank(*pt))[1] if shared else None
        return found

    def subjects_page(self, namespace: str, offset: int, limit: int) -> list[str]:
        """The named subjects in ``namespace`` whose rest is safe path segments, sorted, from ``offset`` on."""
        found = (iri for iri in self.subjects(namespace) if urls.safe_segments(iri[len(namespace) :]))
        return list(itertools.islice(found, offset, offset + limit))

    def search(self, text: str, limit: int, offset: int = 0) -> list[str]:
        """Named subjects with a label containing ``text`` (case-insensitive), best first: a label equal to
        it, then one starting with it, then any; then the shortest such label; then by IRI (as ``<iri>``).
        ``limit`` of them from ``offset`` (a page of results)."""
        return [iri for _, _, iri in self.search_keys(text, offset + limit)[offset:]]

    def search_keys(self, text: str, count: int) -> list[tuple[int, int, str]]:
        """The first ``count`` results of :meth:`search` with their sort keys: (rank, length, IRI)."""
        needle = text.strip().lower()
        if not needle or count <= 0:
            return []
        rows = self.db.execute(
            """SELECT MIN(rank), MIN(n), iri FROM (
                   SELECT iri, CASE WHEN lower(text) = :q THEN 0 WHEN substr(lower(text), 1, length(:q)) = :q
                                    THEN 1 ELSE 2 END AS rank, length(text) AS n
                   FROM label WHERE instr(lower(text), :q) > 0)
               GROUP BY iri ORDER BY MIN(rank), MIN(n), '<' || iri || '>' LIMIT :count""",
            {"q": needle, "count": count},
        )
        return [(rank, n, iri) for rank, n, iri in rows]

    def search_labels(self, needle: str) -> list[tuple[str, str]]:
        """(IRI, label) of every label holding ``needle`` (already lower case)."""
        rows = self.db.execute("SELECT DISTINCT iri, text FROM label WHERE instr(lower(text), ?) > 0", (needle,))
        return [(iri, text) for iri, text in rows]

    def subjects_outside(self, namespace: str) -> Iterator[str]:
        """The named subjects that do not start with ``namespace``, sorted."""
        for iri in self.subjects():
            if not iri.startswith(namespace):
                yield iri


def _chunks(items: list, size: int = _CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def best_labels(candidates: Iterable[tuple[int, str, str]]) -> dict[str, str]:
    """The labels :meth:`TripleIndex.node` gives, from (rank, language, text) candidates: per ``zh`` and
    ``en`` the best-ranked (then smallest) text; under ``""`` the best of every other language."""
    best: dict[str, tuple] = {}
    for rank, lang, text in candidates:
        key = lang if lang in ("zh", "en") else ""
        order = (rank, text) if key else (rank, lang, text)
        if key not in best or order < best[key][0]:
            best[key] = (order, text)
    return {key: best[key][1] for key in ("zh", "en", "") if key in best}


def describe_with(rows, iris: Iterable[str]) -> list[ox.Triple]:
    """The descriptions of ``iris`` from ``rows(node)`` — a node's distinct (predicate, object) pairs as
    N-Triples terms — following blank nodes, which get canonical labels (``_:b0`` …) in an order given
    by their content, so any source of the same statements gives the same triples."""
    lines: list[str] = []
    labeller = _BlankLabeller(rows)
    for iri in iris:
        labeller.walk(f"<{iri}>", lines)
    if not lines:
        return []
    data = "".join(sorted(set(lines))).encode("utf-8")
    return [quad.triple for quad in ox.parse(input=data, format=ox.RdfFormat.N_TRIPLES)]


def _grouped(cursor) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    current, rows = None, []
    for s, p, o in cursor:
        if s != current:
            if current is not None:
                yield current, rows
            current, rows = s, []
        rows.append((p, o))
    if current is not None:
        yield current, rows


class _BlankLabeller:
    """Walks a description and renames blank nodes ``_:b0``, ``_:b1`` … in an order given by their content."""

    def __init__(self, rows):
        self.rows = rows
        self.names: dict[str, str] = {}
        self._signatures: dict[str, str] = {}

    def signature(self, node: str, seen: frozenset = frozenset()) -> str:
        if node in self._signatures:
            return self._signatures[node]
        if node in seen:
            return "@cycle"
        parts = []
        for p, o in self.rows(node):
            parts.append(p + " " + (("[" + self.signature(o, seen | {node}) + "]") if o.startswith("_:") else o))
        text = "\n".join(sorted(parts))
        self._signatures[node] = text
        return text

    def name(self, node: str) -> str:
        if not node.startswith("_:"):
            return node
        return self.names[node]

    def walk(self, node: str, lines: list[str]) -> None:
        rows = self.rows(node)
        keyed = sorted(rows, key=lambda po: (po[0], self.signature(po[1]) if po[1].startswith("_:") else po[1]))
        children = []
        for _, o in keyed:
            if o.startswith("_:") and o not in self.names:
                self.names[o] = f"_:b{len(self.names)}"
                children.append(o)
        subject = self.name(node)
        for p, o in keyed:
            lines.append(f"{subject} {p} {self.name(o)} .\n")
        for child in children:
            self.walk(child, lines)


def iri_objects(index, subject: str, predicate: str) -> list[str]:
    """The IRI objects of one subject and predicate, sorted (IRIs without brackets)."""
    return index.objects(subject, predicate)


# -- batched look-ups (what a page needs beyond its own description, a bounded number of calls) --------
# Each is one well-defined question a SPARQL store answers in one query: a method of TripleIndex and of
# StoreIndex (store_index.py); these functions take either.
def nodes(index, iris: Iterable[str]) -> dict[str, dict[str, str]]:
    """The best labels (``zh``, ``en``, ``""``) of many IRIs at once; IRIs that are not subjects are left out."""
    return index.nodes(iris)


def values(index, iris: Iterable[str], predicates: Iterable[str]) -> dict[str, dict[str, list]]:
    """The objects of the given predicates for many subjects: IRI -> predicate -> [pyoxigraph terms], in order."""
    return index.values(iris, predicates)


def incoming(index, iris: Iterable[str], predicates: Iterable[str], limit: int) -> dict[str, dict[str, list[str]]]:
    """Named subjects pointing at many IRIs by the given predicates: IRI -> predicate -> [subject IRIs],
    at most ``limit`` per IRI and predicate, sorted."""
    return index.incoming(iris, predicates, limit)


def with_predicate(index, predicate: str) -> list[tuple[str, object]]:
    """(subject IRI, object term) of every statement with ``predicate`` whose subject is named, sorted."""
    return index.with_predicate(predicate)


def instances(index, cls: str, limit: int | None = None) -> list[str]:
    """The named resources typed ``cls`` (directly), sorted; at most ``limit``."""
    return index.instances(cls, limit)


def typed_subjects(index, namespace: str = "") -> Iterator[tuple[str, list[str]]]:
    """(IRI, its rdf:type IRIs) for every named subject in ``namespace`` that has a type, sorted by IRI."""
    return index.typed_subjects(namespace)


def term_of(text: str):
    """One stored N-Triples term back as a pyoxigraph term."""
    triple = next(iter(ox.parse(input=f"<x:s> <x:p> {text} .\n".encode(), format=ox.RdfFormat.N_TRIPLES)))
    return triple.object
