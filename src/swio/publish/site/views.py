"""Statements turned into what a page shows: labelled, linked values, nested blank nodes and lists."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from ...namespaces import RDF, RDF_TYPE, RDFS, SWIO
from . import i18n
from .naming import Naming

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
LABELS = (RDFS + "label", SKOS + "prefLabel")
DEFINITIONS = (SKOS + "definition", RDFS + "comment", DCT + "description")
SOURCE, SOURCE_TEXT, PART_OF = DCT + "source", SWIO + "sourceText", DCT + "isPartOf"
#: predicates shown first, in this order; the rest follow by prefixed name
FIRST = (RDF_TYPE, *LABELS, "http://xmlns.com/foaf/0.1/name", DCT + "title", *DEFINITIONS)


@dataclass
class Value:
    kind: str  # "iri" | "literal" | "bnode" | "list"
    text: str
    href: str | None = None
    curie: str | None = None
    lang: str | None = None
    datatype: Value | None = None
    children: list[Statement] = field(default_factory=list)
    items: list[Value] = field(default_factory=list)
    external: bool = False


@dataclass
class Statement:
    predicate: Value
    values: list[Value]
    also: list[Value] = field(default_factory=list)  # other predicates merged into this row (the names)


class Graph:
    """A few triples (one description) by subject."""

    def __init__(self, triples: list[ox.Triple]):
        self.by_subject: dict = defaultdict(list)
        for t in triples:
            self.by_subject[t.subject].append((t.predicate, t.object))

    def pairs(self, subject) -> list[tuple[ox.NamedNode, object]]:
        return self.by_subject.get(subject, [])

    def objects(self, subject, predicate: str) -> list:
        return [o for p, o in self.pairs(subject) if p.value == predicate]

    def items(self, node) -> list | None:
        """The members of an RDF list starting at ``node``, or ``None`` if it is not a well-formed list."""
        members, seen = [], set()
        while not (isinstance(node, ox.NamedNode) and node.value == RDF + "nil"):
            if not isinstance(node, ox.BlankNode) or node in seen:
                return None
            seen.add(node)
            first = self.objects(node, RDF + "first")
            rest = self.objects(node, RDF + "rest")
            if len(first) != 1 or len(rest) != 1 or len(self.pairs(node)) != 2:
                return None
            members.append(first[0])
            node = rest[0]
        return members


def _value_cache(naming: Naming):
    """One cache of IRI values per naming (values depend on the IRI, the language and the page's folder)."""
    cache = getattr(naming, "_value_cache", None)
    if cache is None:

        def make(iri: str, lang: str, folder: str) -> Value:
            href = naming.href_from(iri, lang, folder)
            return Value(
                "iri", naming.label(iri, lang), href=href, curie=naming.curie(iri), external=bool(href) and href == iri
            )

        cache = naming._value_cache = lru_cache(maxsize=min(100_000, getattr(naming, "cache_size", 100_000)))(make)
    return cache


class Viewer:
    """Builds :class:`Value` objects for one page (its language and its own file, for relative links)."""

    def __init__(self, naming: Naming, lang: str, page_file: str):
        self.naming = naming
        self.lang = lang
        self.page_file = page_file
        self.folder = page_file.rsplit("/", 1)[0] + "/" if "/" in page_file else ""
        self._values = _value_cache(naming)

    def t(self, key: str, **values) -> str:
        return i18n.text(key, self.lang, **values)

    def iri(self, iri: str) -> Value:
        """The labelled link to an IRI (shared between pages in the same folder: do not change it)."""
        return self._values(iri, self.lang, self.folder)

    def term(self, term, graph: Graph | None = None, depth: int = 0) -> Value:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value if term.datatype else None
            shown = None if term.language or datatype in (None, XSD_STRING) else self.iri(datatype)
            text = term.value
            if datatype == XSD_BOOLEAN and text in ("true", "false", "1", "0"):  # a term: shown in the page's words
                text = self.t("yes" if text in ("true", "1") else "no")
            return Value("literal", text, lang=term.language or None, datatype=shown)
        if graph is not None and depth < 8:
            members = graph.items(term)
            if members is not None:
                return Value("list", "", items=[self.term(m, graph, depth + 1) for m in members])
            return Value("bnode", self.t("blank"), children=self.statements(term, graph, depth=depth + 1))
        return Value("bnode", self.t("blank"))

    def _value_key(self, value: Value):
        lang_rank = 0 if value.lang == self.lang else 1 if value.lang else 2
        return (value.kind != "iri", lang_rank, value.text, value.curie or "")

    def statements(
        self,
        subject,
        graph: Graph,
        *,
        skip: tuple[str, ...] = (),
        depth: int = 0,
        order: dict[str, int] | None = None,
        ordinals: dict[str, tuple] | None = None,
        merge: tuple[str, ...] = (),
    ) -> list[Statement]:
        """The subject's statements, one row per predicate: in ``order`` (predicate -> rank; the rest by
        prefixed name between the ranks below and above 10,000), values by ``ordinals`` (the article's
        order) then by label; the predicates in ``merge`` (the names) become one row without repeats."""
        grouped: dict[str, list] = defaultdict(list)
        for p, o in graph.pairs(subject):
            if p.value not in skip:
                grouped[p.value].append(o)
        if order is None:
            order = {p: i for i, p in enumerate(FIRST)}
        middle = 5_000

        def rank(p: str):
            return (order.get(p, middle), self.naming.curie(p))

        merged = [p for p in merge if p in grouped]
        if len(merged) > 1:
            first, rest = merged[0], merged[1:]
            for p in rest:
                grouped[first] += grouped.pop(p)
        else:
            rest = []
        out = []
        for p in sorted(grouped, key=rank):
            values = [self.term(o, graph, depth) for o in grouped[p]]
            if p in merged:
                seen, unique = set(), []
                for v in values:
                    if (v.kind, v.text, v.lang) not in seen:
                        seen.add((v.kind, v.text, v.lang))
                        unique.append(v)
                values = unique
            if ordinals:
                keyed = sorted(
                    zip(values, grouped[p]),
                    key=lambda vo: (
                        ordinals.get(vo[1].value, (float("inf"),))
                        if isinstance(vo[1], ox.NamedNode)
                        else (float("inf"),),
                        self._value_key(vo[0]),
                    ),
                )
                values = [v for v, _ in keyed]
            else:
                values = sorted(values, key=self._value_key)
            out.append(Statement(self.iri(p), values, also=[self.iri(x) for x in rest] if p in merged else []))
        return out

    def texts(self, graph: Graph, subject, predicates: tuple[str, ...]) -> list[Value]:
        """Literal values of the first predicate that has any, the page's language first."""
        for predicate in predicates:
            found = [self.term(o) for o in graph.objects(subject, predicate) if isinstance(o, ox.Literal)]
            if found:
                return sorted(found, key=self._value_key)
        return []
