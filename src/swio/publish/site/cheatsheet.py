"""``sparql-cheatsheet.{lang}.html``: the SPARQL cheat-sheet (prefixes, classes, properties, examples) in the
page's language, made from the same source as ``docs/sparql-cheatsheet.md`` (:mod:`swio.queries.cheatsheet`)."""

from __future__ import annotations

from collections.abc import Iterator

from ...queries.cheatsheet import example_query, sheet, shipped_dataset
from . import i18n, urls
from .render import Page, render


class CheatSheet:
    STEM = "sparql-cheatsheet"

    def __init__(self, publication):
        self.pub = publication
        self._sheet = None

    @property
    def sheet(self):
        if self._sheet is None:
            # the namespaces' examples are the article's own resources, whatever the size of the graph: picking
            # them from the whole graph read every label twice (over 300 s from a store of ten million triples)
            self._sheet = sheet(self.pub.dataset, examples_from=shipped_dataset())
        return self._sheet

    def names(self) -> list[str]:
        return [urls.file_name(self.STEM, lang) for lang in urls.LANGS]

    def files(self) -> Iterator[tuple[str, bytes]]:
        for name in self.names():
            yield name, self.file(name)

    def file(self, name: str) -> bytes | None:
        if name not in self.names():
            return None
        lang = name.rsplit(".", 2)[1]
        page = Page(self.STEM, lang, title=i18n.text("cheatsheet_title", lang), site=self.pub.info)
        naming = self.pub.naming

        def term(t):
            return {
                "curie": t.curie,
                "href": naming.href(t.iri, lang, page.file),
                "label": t.label(lang),
                "parents": t.parents,
                "domain": t.domain,
                "range": t.range,
            }

        s = self.sheet
        return render(
            "cheatsheet.html",
            page,
            vocabularies=s.vocabularies,
            things=[
                {"prefix": ns.prefix, "iri": ns.iri, "example": ns.example, "label": ns.example_labels.get(lang, "")}
                for ns in s.things
            ],
            classes=[term(t) for t in s.classes],
            properties=[term(t) for t in s.properties],
            examples=[{"title": e.titles.get(lang) or e.titles["en"], "text": example_query(e, s)} for e in s.examples],
            questions_href=page.rel_page("queries/index"),
        )
