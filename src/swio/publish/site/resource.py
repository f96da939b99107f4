"""A resource's page: its description (statements as written, statements pointing at it) and its view."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ...namespaces import RDF_TYPE
from . import urls
from .entry import NAME_PREDICATES, Entry, Fact, entry
from .rdfdocs import FORMAT_NAMES, FORMATS
from .sourcepage import excerpt_anchor, sentence_href
from .triple_index import TripleIndex
from .views import DEFINITIONS, LABELS, PART_OF, SOURCE, SOURCE_TEXT, Graph, Statement, Value, Viewer

REFERRER_LIMIT = 200  # statements pointing at a resource listed per predicate (the rest are counted)


@dataclass
class Description:
    """What the index holds about some IRIs: their statements as written, and who points at them."""

    iris: list[str]
    triples: list[ox.Triple]
    referrers: dict[str, tuple[list, dict[str, int]]] = field(default_factory=dict)
    entries: dict[str, Entry] = field(default_factory=dict)  # read once, shared by the pages in both languages

    def entry(self, index: TripleIndex, naming, iri: str, graph: Graph) -> Entry:
        if iri not in self.entries:
            found, _ = self.referrers.get(iri, ([], {}))
            self.entries[iri] = entry(index, naming, iri, graph, found)
        return self.entries[iri]

    @classmethod
    def read(cls, index: TripleIndex, iris: list[str], *, referrer_limit: int = REFERRER_LIMIT) -> Description:
        return cls(iris, index.describe(iris), {iri: index.referrers(iri, referrer_limit) for iri in iris})

    @classmethod
    def read_each(cls, index, iris: list[str], *, referrer_limit: int = REFERRER_LIMIT) -> dict[str, Description]:
        """One description per IRI, read in batches (a page documenting many terms)."""
        triples = index.describe_each(iris)
        referrers = index.referrers_each(iris, referrer_limit)
        return {iri: cls([iri], triples[iri], {iri: referrers[iri]}) for iri in iris}

    def linked_iris(self) -> set[str]:
        """Every IRI the pages of this description name: its terms, datatypes and referrers (to read their
        labels in one batch: :meth:`~.naming.Naming.prefetch`)."""
        found = set(self.iris)
        for t in self.triples:
            for term in (t.subject, t.predicate, t.object):
                if isinstance(term, ox.NamedNode):
                    found.add(term.value)
                elif isinstance(term, ox.Literal) and term.datatype is not None:
                    found.add(term.datatype.value)
        for referrers, counts in self.referrers.values():
            found.update(counts)
            for subject, predicate, via in referrers:
                found.add(subject)
                found.add(predicate)
                found.update(via)
        return found


@dataclass
class Provenance:
    sources: list[dict]
    excerpts: list[Value]
    #: per excerpt, a link to its sentence on the source page (``None`` when the excerpt is not in the article)
    sentence_links: list[str | None] = field(default_factory=list)


def sentence_link(viewer: Viewer, index: TripleIndex, subject_iri: str, excerpt: Value) -> str | None:
    """The link from a fact's page to the sentence of the article its excerpt stands in, on the source page
    (``source/article.{lang}.html#s12``); ``None`` when the excerpt is not in the shipped article."""
    anchor = excerpt_anchor(index, subject_iri, excerpt.text)
    return sentence_href(viewer.page_file, viewer.lang, anchor) if anchor else None


@dataclass
class ResourceView:
    iri: str
    curie: str
    title: str
    title_lang: str | None
    subtitle: str | None
    subtitle_lang: str | None
    types: list[Value]
    definitions: list[Value]
    provenance: Provenance
    statements: list[Statement]
    referrers: list[dict]
    downloads: list[tuple[str, str, str]]
    facts: list[Fact] = field(default_factory=list)
    kind: str | None = None


def referrer_groups(
    viewer: Viewer, found: list, counts: dict[str, int], order: dict[str, int] | None = None
) -> list[dict]:
    """The statements pointing at a resource, one group per predicate, worded from the resource's side
    (the predicate's ``swio:inverseLabel``: 作为…的产生组织 / "organisation resulting from")."""
    by_predicate: dict[str, list] = {}
    for subject, predicate, via in found:
        by_predicate.setdefault(predicate, []).append(
            {"subject": viewer.iri(subject), "via": [viewer.iri(v) for v in via]}
        )
    order = order or {}
    groups = []
    for predicate in sorted(counts, key=lambda p: (order.get(p, 5_000), viewer.naming.curie(p))):
        items = sorted(by_predicate.get(predicate, []), key=lambda r: (r["subject"].text, r["subject"].curie))
        inverse = viewer.naming.inverse_label(predicate, viewer.lang)
        if inverse is None:
            inverse = viewer.t("entry_inverse", p=viewer.naming.label(predicate, viewer.lang))
        groups.append(
            {
                "predicate": viewer.iri(predicate),
                "inverse": inverse,
                "entries": items,
                "more": max(0, counts[predicate] - len(items)),
            }
        )
    return groups


def provenance(viewer: Viewer, index: TripleIndex, graph: Graph, subject) -> Provenance:
    sources = []
    for source in graph.objects(subject, SOURCE):
        if isinstance(source, ox.NamedNode):
            parents = viewer.naming.objects(source.value, PART_OF)
            sources.append(
                {
                    "iri": source.value,
                    "source": viewer.iri(source.value),
                    "parent": viewer.iri(parents[0]) if parents else None,
                }
            )
    excerpts = viewer.texts(graph, subject, (SOURCE_TEXT,))
    sources = sorted(sources, key=lambda s: s["source"].text)
    links = [sentence_link(viewer, index, subject.value, e) for e in excerpts]
    return Provenance(sources, excerpts, links)


def view(
    description: Description, iri: str, viewer: Viewer, index: TripleIndex, *, stem: str, with_downloads: bool = True
) -> ResourceView:
    graph = Graph(description.triples)
    subject = ox.NamedNode(iri)
    naming = viewer.naming
    lang, other = viewer.lang, ("en" if viewer.lang == "zh" else "zh")
    title = naming.label(iri, lang)
    labels = naming.labels(iri)
    title_lang = lang if lang in labels else other if other in labels else None
    subtitle = labels.get(other) if title_lang == lang and labels.get(other) != title else None
    types = sorted(
        (viewer.iri(o.value) for o in graph.objects(subject, RDF_TYPE) if isinstance(o, ox.NamedNode)),
        key=lambda v: v.text,
    )
    found, counts = description.referrers.get(iri, ([], {}))
    the_entry = description.entry(index, naming, iri, graph)
    downloads = []
    if with_downloads:
        for fmt in FORMATS:
            downloads.append(
                (FORMAT_NAMES[fmt], urls.relative(viewer.page_file, urls.file_name(stem, fmt)), FORMATS[fmt][1])
            )
    return ResourceView(
        iri=iri,
        curie=naming.curie(iri),
        title=title,
        title_lang=title_lang,
        subtitle=subtitle,
        subtitle_lang=other if subtitle else None,
        types=types,
        definitions=viewer.texts(graph, subject, DEFINITIONS),
        provenance=provenance(viewer, index, graph, subject),
        statements=viewer.statements(
            subject, graph, order=the_entry.order, ordinals=the_entry.ordinals, merge=NAME_PREDICATES
        ),
        referrers=referrer_groups(viewer, found, counts),
        downloads=downloads,
        facts=the_entry.facts,
        kind=the_entry.kind,
    )


__all__ = ["Description", "ResourceView", "view", "LABELS"]
