"""The source beside its facts: ``source/article.{lang}.html``, the article's text in its own order, sentence by
sentence, each sentence the graph draws on linked to the resources drawn from it, unused ones marked as such,
and the share of the article's sentences the graph uses as a figure.

The article stays Chinese; everything around it is in the page's language. Which sentence an excerpt stands in
is :mod:`swio.article`'s answer; :func:`excerpt_anchor` gives it for one node's excerpt (a short excerpt found in
several places goes where the excerpts of the nodes around it are), so a resource page links each of its
excerpts to its sentence here (:func:`sentence_href`).
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterator

import pyoxigraph as ox

from ...article import Sentence, normalise, shipped
from ...namespaces import RDF_TYPE, SWIO
from . import i18n, urls
from .render import Page, render
from .triple_index import values, with_predicate

STEM = "source/article"
SOURCE_TEXT = SWIO + "sourceText"
DCT = "http://purl.org/dc/terms/"


def _excerpts_of(index, iris) -> dict[str, list[str]]:
    """The excerpts (swio:sourceText) of many nodes at once."""
    found = values(index, iris, [SOURCE_TEXT])
    return {
        iri: [t.value for t in preds.get(SOURCE_TEXT, []) if isinstance(t, ox.Literal)] for iri, preds in found.items()
    }


def _neighbour_sentences(index, iri: str) -> set[int]:
    """Sentence numbers of the unambiguous excerpts of the nodes linked to or from ``iri``."""
    linked = {t.object.value for t in index.describe([iri]) if isinstance(t.object, ox.NamedNode)}
    pointing, _ = index.referrers(iri, 200)
    linked |= {subject for subject, _predicate, _via in pointing}
    article, found = shipped(), set[int]()
    for texts in _excerpts_of(index, linked).values():
        for text in texts:
            places = article.places(text)
            if len(places) == 1:
                found.update(s.number for s in places[0])
    return found


def excerpt_sentences(index, iri: str, excerpt: str) -> list[Sentence]:
    """The sentences of the shipped article that the excerpt of node ``iri`` stands in (empty if none)."""
    article = shipped()
    places = article.places(excerpt)
    if len(places) <= 1:
        return places[0] if places else []
    others = [text for text in _excerpts_of(index, [iri]).get(iri, []) if text != excerpt]
    own = {s.number for text in others for p in article.places(text)[:1] for s in p}
    return article.locate(excerpt, own | _neighbour_sentences(index, iri))


_ANCHORS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # index -> {(iri, excerpt): anchor}


def excerpt_anchor(index, iri: str, excerpt: str) -> str | None:
    """The anchor (``s12``) of the sentence an excerpt of node ``iri`` begins in, or ``None``; kept per index, so
    a resource's pages in both languages place an excerpt once (from a store, an excerpt the article holds in
    more than one place takes four queries to place)."""
    known = _ANCHORS.setdefault(index, {})
    key = (iri, excerpt)
    if key not in known:
        if len(known) >= 20_000:
            known.clear()
        found = excerpt_sentences(index, iri, excerpt)
        known[key] = found[0].anchor if found else None
    return known[key]


def sentence_href(page_file: str, lang: str, anchor: str) -> str:
    """A link from a site file to a sentence of the source page."""
    return urls.relative(page_file, urls.file_name(STEM, lang)) + "#" + anchor


class SourcePage:
    """``source/article.{lang}.html``."""

    STEM = STEM

    def __init__(self, publication):
        self.pub = publication
        self._drawn: dict[int, list[tuple[int, str]]] | None = None

    def names(self) -> list[str]:
        return [urls.file_name(STEM, lang) for lang in urls.LANGS]

    def files(self) -> Iterator[tuple[str, bytes]]:
        for name in self.names():
            yield name, self.html(name.rsplit(".", 2)[1])

    def file(self, name: str) -> bytes | None:
        if name not in self.names():
            return None
        return self.html(name.rsplit(".", 2)[1])

    def drawn(self) -> dict[int, list[tuple[int, str]]]:
        """Sentence number -> (where in the sentence the excerpt begins, node IRI) of the nodes whose excerpts
        stand in it (computed once)."""
        if self._drawn is None:
            index = self.pub.index
            found: dict[int, dict[str, int]] = defaultdict(dict)
            for subject, term in with_predicate(index, SOURCE_TEXT):
                if not isinstance(term, ox.Literal):
                    continue
                for sentence in excerpt_sentences(index, subject, term.value):
                    at = max(normalise(sentence.text).find(normalise(term.value)), 0)
                    seen = found[sentence.number]
                    seen[subject] = min(at, seen.get(subject, at))
            self._drawn = {n: sorted((at, iri) for iri, at in iris.items()) for n, iris in found.items()}
        return self._drawn

    def citation(self, lang: str) -> list[str]:
        """The article's citation (dcterms:bibliographicCitation of the archived article) in ``lang``."""
        rows = self.pub.dataset.query(
            f"SELECT ?c WHERE {{ ?copy <{SWIO}archivedCopy> ?file ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?a . "
            f"?a <{DCT}bibliographicCitation> ?c }}"
        )
        texts = {row["c"].language: row["c"].value for row in rows}
        return [texts[lang]] if lang in texts else list(texts.values())[:1]

    def html(self, lang: str) -> bytes:
        pub, naming = self.pub, self.pub.naming
        page = Page(STEM, lang, title=i18n.text("source_page", lang), site=pub.info)
        drawn = self.drawn()
        article = shipped()

        def node(iri: str) -> dict:
            types = sorted(naming.objects(iri, RDF_TYPE), key=lambda c: (not c.startswith(SWIO), c))
            kind = naming.label(types[0], lang) if types else ""
            return {"text": naming.label(iri, lang), "href": naming.href(iri, lang, page.file), "kind": kind}

        parts = []
        for part in ("header", "article"):  # the forum's footer (buttons, licence number, software) is left out
            paragraphs: dict[int, list[dict]] = {}
            for s in article.part(part):
                # in the order their words come in the sentence
                nodes = [
                    n
                    for _, n in sorted(
                        ((at, node(i)) for at, i in drawn.get(s.number, [])),
                        key=lambda x: (x[0], x[1]["kind"], x[1]["text"]),
                    )
                ]
                paragraphs.setdefault(s.paragraph, []).append({"s": s, "nodes": nodes})
            parts.append({"name": part, "paragraphs": list(paragraphs.values())})
        body = article.part("article")
        used = sum(1 for s in body if s.number in drawn)
        share = round(100 * used / len(body)) if body else 0
        figures = [
            (f"{used} / {len(body)}", i18n.text("sentences_used", lang)),
            (f"{share} %", i18n.text("share_used", lang)),
            (f"{sum(len(v) for v in drawn.values())}", i18n.text("links_to_facts", lang)),
        ]
        copy = pub.dataset.query(f"SELECT ?f WHERE {{ ?x <{SWIO}archivedCopy> ?f }}")
        return render(
            "source.html",
            page,
            parts=parts,
            figures=figures,
            citation=self.citation(lang),
            file=next((row["f"].value for row in copy), ""),
            cite_href=page.rel_page("index") + "#cite",
            footer_lines=len({s.paragraph for s in article.part("footer")}),
        )
