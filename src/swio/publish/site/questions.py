"""A page per canned question (``queries/*.rq``): the question in both languages, its SPARQL, the answer."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import urlencode

from markupsafe import Markup

from ...queries.catalog import bind, catalog
from ...queries.table import render as render_table
from . import i18n, urls
from .render import Page, render

MAX_HTML_ROWS = 1000  # the page shows this many rows; the CSV has them all
PICTURE_OF = {"hefei-timeline": "timeline", "model-comparison": "models", "sub-organisation-hierarchy": "hierarchy"}


class Questions:
    """``queries/index.{lang}.html``, ``queries/{name}.{lang}.html``, ``.{lang}.csv`` and ``queries/{name}.rq``."""

    STEM = "queries/index"

    def __init__(self, publication):
        self.pub = publication
        self.catalog = {name: q for name, q in catalog().items() if urls.safe_segments(name) and name != "index"}
        kept = getattr(publication, "question_cache", None)
        #: the answers kept in memory (``cache_clear()`` forgets them)
        self.kept_tables = lru_cache(maxsize=2 * len(self.catalog) + 2 if kept is None else kept)(self._table)
        #: rows of each answer made so far, by (name, lang): the index counts them without asking again
        self.row_counts: dict[tuple[str, str], int] = {}
        self._in_use: dict[tuple[str, str], object] = {}  # answers whose files are being made (their pictures)

    def table(self, name: str, lang: str):
        """The answer of the question with its default values (a :class:`~swio.queries.table.ResultTable`)."""
        found = self._in_use.get((name, lang))
        return self.kept_tables(name, lang) if found is None else found

    def _table(self, name: str, lang: str):
        query = self.catalog[name]
        table = self.pub.answer(bind(query, {}, lang), name=name, query=query, lang=lang)
        self.row_counts[name, lang] = len(table)
        return table

    def answer_files(self, name: str, lang: str) -> dict[str, bytes]:
        """The question's page and CSV file in ``lang``, from one answer (a server keeps them: :mod:`.kept_answers`)."""
        table = self._in_use[name, lang] = self.table(name, lang)
        try:
            return {
                f"queries/{name}.{lang}.html": self.page(name, lang, table=table),
                f"queries/{name}.{lang}.csv": self.csv(table, lang),
            }
        finally:
            self._in_use.pop((name, lang), None)

    def row_count(self, name: str, lang: str) -> int:
        found = self.row_counts.get((name, lang))
        return len(self.table(name, lang)) if found is None else found

    @staticmethod
    def csv(table, lang: str) -> bytes:
        # for spreadsheets: Excel and WPS read UTF-8 only after a byte-order mark
        return render_table(table, "csv", lang=lang, bom=True).encode("utf-8")

    def names(self) -> list[str]:
        out = [urls.file_name(self.STEM, lang) for lang in urls.LANGS]
        for name in self.catalog:
            out.append(f"queries/{name}.rq")
            for lang in urls.LANGS:
                out += [f"queries/{name}.{lang}.html", f"queries/{name}.{lang}.csv"]
        return out

    def files(self) -> Iterator[tuple[str, bytes]]:
        for name in self.names():
            yield name, self.file(name)

    def file(self, name: str) -> bytes | None:
        if not name.startswith("queries/") or name not in self.names():
            return None
        if name.endswith(".rq"):
            return self.catalog[name[8:-3]].text.encode("utf-8")
        stem, lang, ext = name.rsplit(".", 2)
        if stem == self.STEM:
            return self.index(lang)
        query_name = stem[8:]
        if ext == "csv":
            return self.csv(self.table(query_name, lang), lang)
        return self.page(query_name, lang)

    @staticmethod
    def _text(texts: dict[str, str], lang: str) -> str:
        return texts.get(lang) or texts.get("en" if lang == "zh" else "zh") or ""

    def index(self, lang: str) -> bytes:
        page = Page(self.STEM, lang, title=i18n.text("questions_title", lang), site=self.pub.info)
        items = []
        for name, q in self.catalog.items():
            items.append(
                {
                    "name": name,
                    "title": self._text(q.title, lang) or name,
                    "question": self._text(q.question, lang),
                    "href": page.rel(f"queries/{name}.{lang}.html"),
                    "rows": self.row_count(name, lang),
                }
            )
        return render("questions.html", page, items=items)

    def page(
        self,
        name: str,
        lang: str,
        params: dict[str, str] | None = None,
        *,
        served: bool | None = None,
        error: str | None = None,
        table=None,
    ) -> bytes:
        """The question's page; ``params`` (``swio serve``'s form) answer it for those values, ``error``
        (in the page's language) says why the form's values were refused; ``table``: the answer with the
        default values, if made already."""
        q = self.catalog[name]
        served = self.pub.info.served if served is None else served
        other = "zh" if lang == "en" else "en"
        stem = f"queries/{name}"
        page = Page(stem, lang, title=self._text(q.title, lang) or name, site=self.pub.info)
        bound = dict(params or {}) if error is None else {}
        if bound:
            table = self.pub.answer(bind(q, bound, lang), name=name)
        elif table is None:
            table = self.table(name, lang)
        rows = []
        for row in table.rows[:MAX_HTML_ROWS]:
            cells = []
            for cell in row:
                if cell is None:
                    cells.append({"text": "", "href": None})
                elif cell.kind == "iri":
                    iri = str(cell.value)
                    cells.append(
                        {"text": self.pub.naming.label(iri, lang), "href": self.pub.naming.href(iri, lang, page.file)}
                    )
                else:
                    cell_lang = cell.lang if cell.lang and cell.lang != lang else None
                    cells.append({"text": cell.display(lang), "href": None, "lang": cell_lang})
            rows.append(cells)
        view = {
            "name": name,
            "text": q.text,
            "params": [
                {
                    "name": p.name,
                    "type": i18n.text(f"type_{p.type}", lang),
                    "help": p.help(lang),
                    "examples": list(p.examples),
                }
                for p in q.params
            ],
            "title": self._text(q.title, lang) or name,
            "title_other": q.title.get(other) if q.title.get(other) != q.title.get(lang) else None,
            "question": self._text(q.question, lang),
            "question_other": q.question.get(other) if q.question.get(lang) else None,
            "shows": self._text(q.shows, lang),
            "shows_other": q.shows.get(other) if q.shows.get(lang) else None,
        }
        picture = None
        if name in PICTURE_OF:
            pictures = next(p for p in self.pub.producers if p.STEM == "pictures/index")
            kind = PICTURE_OF[name]
            picture = {
                "svg": Markup(pictures.svg(kind, lang, page.file)),
                "href": page.rel(f"pictures/{kind}.{lang}.html"),
                "title": i18n.text(kind, lang),
            }
        query_string = "?" + urlencode(bound) if bound else ""
        form = None
        if q.params:
            form = {
                "live": served,
                "action": page.rel(page.file),
                "fields": [
                    {
                        "name": p.name,
                        "type": {"integer": "number", "iri": "url"}.get(p.type, "text"),
                        "kind": i18n.text(f"form_type_{p.type}", lang),
                        "description": p.help(lang),
                        "examples": list(p.examples),
                        "value": (params or {}).get(p.name, ""),
                    }
                    for p in q.params
                ],
                "bound": [(k, v) for k, v in bound.items()],
                "error": error,
            }
        return render(
            "question.html",
            page,
            q=view,
            columns=[
                {"label": label, "title": table.descriptions(lang).get(c, "")}
                for c, label in zip(table.columns, table.labels(lang))
            ],
            rows=rows,
            shown=len(rows),
            total=len(table.rows),
            picture=picture if not bound else None,
            form=form,
            csv_href=page.rel(f"queries/{name}.{lang}.csv") + query_string,
            rq_href=page.rel(f"queries/{name}.rq"),
        )
