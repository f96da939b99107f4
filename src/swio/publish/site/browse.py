"""Lists to browse every resource page, by kind (the ``{kind}`` of ``…/id/{kind}/{slug}``), paged."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from . import i18n, urls
from .render import Page, render

PAGE_SIZE = 500


class Browse:
    """``browse/index.{lang}.html``, ``browse/{kind}.{lang}.html`` and ``browse/{kind}/{n}.{lang}.html`` (n ≥ 2)."""

    STEM = "browse/index"

    def __init__(self, publication):
        self.pub = publication
        self._kinds = None

    @property
    def kinds(self) -> dict[str, int]:
        if self._kinds is None:
            self._kinds = self.pub.index.kinds(urls.ID_BASE)
        return self._kinds

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
        kinds = [
            {"kind": kind, "count": n, "href": page.rel_page(self.stem(kind, 1))} for kind, n in self.kinds.items()
        ]
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
        page = Page(stem, lang, title=f"{kind} · {i18n.text('browse_title', lang)}", site=self.pub.info)
        naming = self.pub.naming
        entries = [
            {
                "label": naming.label(iri, lang),
                "curie": naming.curie(iri),
                "href": page.rel_page(urls.document_of(iri)[0]),
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
        heading = f"{kind} ({self.kinds[kind]:,})"
        return render(
            "browse.html", page, heading=heading, intro=None, kinds=[], entries=entries, pager=pager, terms=0, shapes=0
        )
