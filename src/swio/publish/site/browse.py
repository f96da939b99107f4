"""Lists to browse every resource page, by kind (the ``{kind}`` of ``…/id/{kind}/{slug}``), paged.

A kind is named by what its resources have in common, in the page's language: the concept scheme
they all belong to (界限 / bounds), else the most specific class they all are instances of
(组织群体 / group of organisations); else the site's own name for it (``i18n.KINDS``: the ``org``
kind holds associations, public bodies, units and public finance, which share no class); the
URL segment is shown only for a kind none of these names."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from . import i18n, urls
from .render import Page, render

PAGE_SIZE = 500
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
IN_SCHEME = "http://www.w3.org/2004/02/skos/core#inScheme"


class Browse:
    """``browse/index.{lang}.html``, ``browse/{kind}.{lang}.html`` and ``browse/{kind}/{n}.{lang}.html`` (n ≥ 2)."""

    STEM = "browse/index"

    def __init__(self, publication):
        self.pub = publication
        self._kinds = None
        self._shared: dict[str, str | None] | None = None

    @property
    def kinds(self) -> dict[str, int]:
        if self._kinds is None:
            self._kinds = self.pub.index.kinds(urls.ID_BASE)
        return self._kinds

    def kind_term(self, kind: str) -> str | None:
        """The concept scheme or class that names a kind (see the module's docstring)."""
        if self._shared is None:  # what names every kind, read once (from a store: a few counts per kind)
            self._shared = self.pub.index.shared_terms(urls.ID_BASE, self._rank)
        return self._shared.get(kind)

    def _ancestors(self, cls: str) -> set[str]:
        seen, stack = set(), [cls]
        while stack:
            c = stack.pop()
            if c not in seen:
                seen.add(c)
                stack += self.pub.naming.objects(c, SUBCLASS_OF)
        return seen

    def _rank(self, predicate: str, term: str) -> tuple:
        """Which shared term names a kind: a concept scheme first (by IRI), else the most specific class (the one
        with the most ancestors of its own, then by IRI)."""
        if predicate == IN_SCHEME:
            return (0, 0, term)
        return (1, -len(self._ancestors(term)), term)

    def kind_name(self, kind: str, lang: str) -> str:
        term = self.kind_term(kind)
        if term is not None and self.pub.naming.has_label(term, lang):
            name = self.pub.naming.label(term, lang)
        else:
            name = i18n.kind(kind, lang)
        return name[:1].upper() + name[1:] if lang == "en" else name

    def iris(self, kind: str) -> Iterator[str]:
        """The IRIs with a page under ``id/{kind}/``, sorted."""
        return (
            iri
            for iri in self.pub.index.subjects(urls.ID_BASE + kind + "/")
            if urls.safe_segments(iri[len(urls.ID_BASE) :])
        )

    def pages(self, kind: str) -> int:
        return max(1, -(-self.kinds[kind] // PAGE_SIZE))

    @staticmethod
    def stem(kind: str, n: int) -> str:
        return f"browse/{kind}" if n == 1 else f"browse/{kind}/{n}"

    def names(self) -> Iterator[str]:
        for lang in urls.LANGS:
            yield urls.file_name(self.STEM, lang)
        for kind in self.kinds:
            for n in range(1, self.pages(kind) + 1):
                for lang in urls.LANGS:
                    yield urls.file_name(self.stem(kind, n), lang)

    def files(self) -> Iterator[tuple[str, bytes]]:
        yield from ((urls.file_name(self.STEM, lang), self.index(lang)) for lang in urls.LANGS)
        for kind in self.kinds:
            iris = self.iris(kind)
            for n in range(1, self.pages(kind) + 1):
                chunk = list(itertools.islice(iris, PAGE_SIZE))
                for lang in urls.LANGS:
                    yield urls.file_name(self.stem(kind, n), lang), self.listing(kind, n, chunk, lang)

    def file(self, name: str) -> bytes | None:
        if not name.startswith("browse/") or not name.endswith(".html"):
            return None
        stem, lang, _ = name.rsplit(".", 2)
        if lang not in urls.LANGS:
            return None
        if stem == self.STEM:
            return self.index(lang)
        parts = stem.split("/")
        kind = parts[1]
        if kind not in self.kinds or len(parts) > 3:
            return None
        n = 1
        if len(parts) == 3:
            if not parts[2].isdigit() or parts[2] != str(int(parts[2])) or int(parts[2]) < 2:
                return None
            n = int(parts[2])
        if n > self.pages(kind):
            return None
        chunk = self.pub.index.subjects_page(urls.ID_BASE + kind + "/", (n - 1) * PAGE_SIZE, PAGE_SIZE)
        self.pub.naming.prefetch(chunk)
        return self.listing(kind, n, chunk, lang)

    def index(self, lang: str) -> bytes:
        page = Page(self.STEM, lang, title=i18n.text("browse_title", lang), site=self.pub.info)
        kinds = sorted(
            (
                {"kind": self.kind_name(kind, lang), "count": n, "href": page.rel_page(self.stem(kind, 1))}
                for kind, n in self.kinds.items()
            ),
            key=lambda k: k["kind"].lower() if lang == "en" else k["kind"],
        )
        doc = next(p for p in self.pub.producers if p.STEM == "def")
        shapes = next(p for p in self.pub.producers if p.STEM == "shapes")
        return render(
            "browse.html",
            page,
            heading=i18n.text("browse_title", lang),
            intro=i18n.text("browse_intro", lang),
            kinds=kinds,
            entries=[],
            pager=None,
            terms=len(doc.documented()),
            shapes=len(shapes.shapes),
        )

    def listing(self, kind: str, n: int, iris: list[str], lang: str) -> bytes:
        stem = self.stem(kind, n)
        name = self.kind_name(kind, lang)
        page = Page(stem, lang, title=f"{name} · {i18n.text('browse_title', lang)}", site=self.pub.info)
        naming = self.pub.naming
        entries = [
            {
                "label": naming.label(iri, lang),
                "curie": naming.curie(iri),
                "href": naming.href(iri, lang, page.file),
            }
            for iri in iris
        ]
        pages = self.pages(kind)
        pager = None
        if pages > 1:
            pager = {
                "n": n,
                "pages": pages,
                "prev": page.rel_page(self.stem(kind, n - 1)) if n > 1 else None,
                "next": page.rel_page(self.stem(kind, n + 1)) if n < pages else None,
            }
        heading = i18n.text("kind_heading", lang, kind=name, n=f"{self.kinds[kind]:,}")
        return render(
            "browse.html", page, heading=heading, intro=None, kinds=[], entries=entries, pager=pager, terms=0, shapes=0
        )
