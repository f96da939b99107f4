"""A resource's page: its description (statements as written, statements pointing at it) and its view."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ...namespaces import RDF_TYPE
from . import urls
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

    @classmethod
    def read(cls, index: TripleIndex, iris: list[str], *, referrer_limit: int = REFERRER_LIMIT) -> Description:
        return cls(iris, index.describe(iris), {iri: index.referrers(iri, referrer_limit) for iri in iris})


@dataclass
class Provenance:
    sources: list[dict]
    excerpts: list[Value]
    #: for each excerpt, the link to its sentence on the source page (None when it is not in the article)
    in_article: list[str | None] = field(default_factory=list)


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


def referrer_groups(viewer: Viewer, found: list, counts: dict[str, int]) -> list[dict]:
    by_predicate: dict[str, list] = {}
    for subject, predicate, via in found:
        by_predicate.setdefault(predicate, []).append(
            {"subject": viewer.iri(subject), "via": [viewer.iri(v) for v in via]}
        )
    groups = []
    for predicate in sorted(counts, key=viewer.naming.curie):
        items = sorted(by_predicate.get(predicate, []), key=lambda r: (r["subject"].text, r["subject"].curie))
        groups.append(
            {"predicate": viewer.iri(predicate), "entries": items, "more": max(0, counts[predicate] - len(items))}
        )
    return groups


def provenance(viewer: Viewer, index: TripleIndex, graph: Graph, subject) -> Provenance:
    sources = []
    for source in graph.objects(subject, SOURCE):
        if isinstance(source, ox.NamedNode):
            parents = viewer.naming.objects(source.value, PART_OF)
            sources.append({"source": viewer.iri(source.value), "parent": viewer.iri(parents[0]) if parents else None})
    excerpts = viewer.texts(graph, subject, (SOURCE_TEXT,))
    anchors = [excerpt_anchor(index, subject.value, e.text) for e in excerpts]
    links = [sentence_href(viewer.page_file, viewer.lang, a) if a else None for a in anchors]
    return Provenance(sorted(sources, key=lambda s: s["source"].text), excerpts, links)


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
        statements=viewer.statements(subject, graph),
        referrers=referrer_groups(viewer, found, counts),
        downloads=downloads,
    )


__all__ = ["Description", "ResourceView", "view", "LABELS"]
