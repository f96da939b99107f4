"""The pages only a live server can make: the SPARQL page, search answers and question forms.

``swio serve`` plugs these in with a few lines (see :func:`routes`): each function takes the request's
language and parameters and returns an :class:`Answer` (status, body, media type), knowing nothing of
the web framework. Queries typed on the SPARQL page run in the server's SPARQL worker processes, with
the same limits and refusals as ``/sparql``; errors are told in the page's language.

- ``/sparql.{lang}.html?query=…`` — the SPARQL page: a form, the canned questions as one-click
  examples, the answer as a table whose IRIs link to their pages, CSV and JSON downloads;
- ``/sparql.csv?query=…``, ``/sparql.json?query=…`` (and ``.ttl`` for CONSTRUCT/DESCRIBE) — the
  downloads, as attachments;
- ``/search.{lang}.html?q=…`` — the search page with its results made on the server (no script needed);
- ``/queries/{name}.{lang}.html?param=…`` — a question's page answered for the parameters in its form.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from markupsafe import Markup

from ...errors import QueryError
from ...namespaces import ALL_PREFIXES
from ...sparql_syntax import query_form
from . import i18n
from .render import Page, render

HTML = "text/html; charset=utf-8"
MAX_HTML_ROWS = 1000
DOWNLOADS = {
    "csv": ("text/csv", "text/csv; charset=utf-8"),
    "json": ("application/sparql-results+json", "application/sparql-results+json"),
    "ttl": ("text/turtle", "text/turtle; charset=utf-8"),
}
SPARQL_PAGE = re.compile(r"sparql\.(?P<lang>en|zh)\.html")
DOWNLOAD = re.compile(r"sparql\.(?P<fmt>csv|json|ttl)")
SEARCH_PAGE = re.compile(r"search\.(?P<lang>en|zh)\.html")
DEFAULT_PREFIXES = ("swio", "rdfs", "org", "prov", "skos", "dcterms", "xsd")


class SparqlFailure(Exception):
    """The workers could not answer (time, size, busy): the message says which."""


@dataclass
class Answer:
    status: int
    body: bytes
    media_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)


def starter_query(lang: str) -> str:
    """What the SPARQL page's form holds before anything is asked: the usual PREFIX lines and a question."""
    lines = [f"PREFIX {name}: <{ALL_PREFIXES[name]}>" for name in DEFAULT_PREFIXES]
    lines += [
        "",
        "SELECT ?association ?name WHERE {",
        "  ?association a swio:SocialWorkAssociation ; rdfs:label ?name .",
        f'  FILTER (lang(?name) = "{lang}")',
        "}",
        "ORDER BY ?name",
    ]
    return "\n".join(lines)


class LivePages:
    """The served-only pages of one publication; ``workers`` run the SPARQL typed on the SPARQL page."""

    def __init__(self, publication, workers, *, timeout: float = 10.0, max_bytes: int = 64 << 20):
        self.pub = publication
        self.workers = workers
        self.timeout = timeout
        self.max_bytes = max_bytes

    # -- the SPARQL page -----------------------------------------------------------------------
    def examples(self, page: Page) -> list[dict]:
        from ...queries.catalog import bind

        questions = self.pub.questions
        out = []
        for name, q in questions.catalog.items():
            text = bind(q, {}, page.lang)
            title = q.title.get(page.lang) or q.title.get("en") or name
            out.append({"name": name, "title": title, "href": page.rel(page.file) + "?query=" + quote(text, safe="")})
        return out

    def sparql_page(self, lang: str, query: str | None) -> Answer:
        stem = "sparql"
        page = Page(stem, lang, title=i18n.text("sparql_title", lang), site=self.pub.info)
        context = {
            "query": query if query is not None else starter_query(lang),
            "examples": self.examples(page),
            "error": None,
            "detail": None,
            "columns": [],
            "rows": [],
            "total": 0,
            "boolean": None,
            "graph": None,
            "downloads": [],
            "asked": query is not None,
        }
        status = 200
        if query is not None and query.strip():
            status = self._answer(page, query, context)
        body = render("sparql.html", page, **context)
        return Answer(status, body, HTML)

    def _answer(self, page: Page, query: str, context: dict) -> int:
        lang = page.lang
        form = query_form(query)
        if form == "UPDATE":
            context["error"] = i18n.text("sparql_error_update", lang)
            return 403
        if form is None:
            context["error"] = i18n.text("sparql_error_not_query", lang)
            return 400
        graph = form in ("CONSTRUCT", "DESCRIBE")
        types = ("application/sparql-results+json", "text/turtle")
        if self.workers is None:
            context["error"] = i18n.text("sparql_error_unavailable", lang)
            return 503
        try:
            answer = self.workers.run(query, types)
        except SparqlFailure as err:
            context["error"], context["detail"] = self.failure(str(err), lang), str(err)
            return 503
        if answer.status != 200:
            message = answer.body.decode("utf-8", "replace")
            context["error"], context["detail"] = self.rejected(message, query, lang), message
            return answer.status
        encoded = quote(query, safe="")
        if graph:
            context["graph"] = answer.body.decode("utf-8", "replace")
            context["downloads"] = [("Turtle", f"sparql.ttl?query={encoded}", "text/turtle")]
            return 200
        data = json.loads(answer.body)
        context["downloads"] = [
            ("CSV", f"sparql.csv?query={encoded}", "text/csv"),
            ("JSON", f"sparql.json?query={encoded}", "application/sparql-results+json"),
        ]
        if "boolean" in data:
            context["boolean"] = i18n.text("entry_yes" if data["boolean"] else "entry_no", lang)
            return 200
        columns = data["head"]["vars"]
        bindings = data["results"]["bindings"]
        shown = bindings[:MAX_HTML_ROWS]
        iris = {b[c]["value"] for b in shown for c in columns if c in b and b[c]["type"] == "uri"}
        self.pub.naming.prefetch(iris)
        context["columns"] = columns
        context["rows"] = [[self.cell(b.get(c), page) for c in columns] for b in shown]
        context["total"] = data.get("total", len(bindings))  # the server sends the first rows and their count
        return 200

    def cell(self, term: dict | None, page: Page) -> Markup:
        """One result cell: an IRI as a link to its page (its label, the IRI as the title), a literal as text."""
        if term is None:
            return Markup("")
        value = term["value"]
        if term["type"] == "uri":
            naming = self.pub.naming
            href = naming.href(value, page.lang, page.file) or value
            label = naming.label(value, page.lang)
            shown = label if naming.has_label(value, page.lang) or label != naming.curie(value) else value
            curie = naming.curie(value)
            extra = f' <code class="curie">{Markup.escape(curie)}</code>' if curie != shown and curie != value else ""
            return Markup(
                f'<a href="{Markup.escape(href)}" title="{Markup.escape(value)}">{Markup.escape(shown)}</a>{extra}'
            )
        if term["type"] == "bnode":
            return Markup(f"<code>_:{Markup.escape(value)}</code>")
        lang = term.get("xml:lang")
        if lang:
            attr = ' lang="zh-Hans"' if lang == "zh" else f' lang="{Markup.escape(lang)}"'
            return Markup(f"<span{attr}>{Markup.escape(value)}</span>")
        return Markup.escape(value)

    @staticmethod
    def failure(message: str, lang: str) -> str:
        """A worker's refusal (time, size, busy) in the page's language."""
        if "longer than the limit" in message:
            seconds = re.search(r"limit of ([0-9.]+) s", message)
            return i18n.text("sparql_error_timeout", lang, s=seconds[1] if seconds else "?")
        if "larger than" in message:
            size = re.search(r"larger than (\d+) MB", message)
            return i18n.text("sparql_error_too_large", lang, mb=size[1] if size else "?")
        if "busy" in message:
            return i18n.text("sparql_error_busy", lang)
        return i18n.text("sparql_error_failed", lang)

    @staticmethod
    def rejected(message: str, query: str, lang: str) -> str:
        """The engine's rejection of a query (syntax, undeclared prefix) in the page's language."""
        if "syntax error" not in message:
            return i18n.text("sparql_error_failed", lang)
        where = re.search(r"error at (\d+):(\d+)", message)
        text = (
            i18n.text("sparql_error_syntax_at", lang, line=where[1], column=where[2])
            if where
            else i18n.text("sparql_error_syntax", lang)
        )
        missing = undeclared_prefixes(query)
        if missing:
            lines = "; ".join(f"PREFIX {p}: <{ALL_PREFIXES[p]}>" if p in ALL_PREFIXES else f"{p}:" for p in missing)
            text += " " + i18n.text(
                "sparql_error_prefix", lang, prefixes=", ".join(f"{p}:" for p in missing), lines=lines
            )
        return text

    def download(self, fmt: str, query: str | None) -> Answer:
        if not query:
            return Answer(400, b"give the query: ?query=...\n", "text/plain; charset=utf-8")
        form = query_form(query)
        if form == "UPDATE":
            return Answer(
                403, b"this endpoint is read-only: SPARQL Update is not accepted\n", "text/plain; charset=utf-8"
            )
        if form is None:
            return Answer(400, b"not a SPARQL query\n", "text/plain; charset=utf-8")
        graph = form in ("CONSTRUCT", "DESCRIBE")
        if graph != (fmt == "ttl"):
            wanted = "Turtle (sparql.ttl)" if graph else "CSV or JSON (sparql.csv, sparql.json)"
            return Answer(400, f"this query's answer is available as {wanted}\n".encode(), "text/plain; charset=utf-8")
        if self.workers is None:
            return Answer(503, b"this server has no SPARQL workers\n", "text/plain; charset=utf-8")
        accept, media = DOWNLOADS[fmt]
        types = (accept, "text/turtle") if not graph else ("application/sparql-results+json", accept)
        try:
            answer = self.workers.run(query, types)
        except SparqlFailure as err:
            return Answer(503, f"{err}\n".encode(), "text/plain; charset=utf-8")
        if answer.status != 200:
            return Answer(answer.status, answer.body, "text/plain; charset=utf-8")
        headers = {"Content-Disposition": f'attachment; filename="swio-query.{fmt}"'}
        return Answer(200, answer.body, media, headers)

    # -- search ----------------------------------------------------------------------------------
    def search_page(self, lang: str, q: str | None) -> Answer:
        search = next(p for p in self.pub.producers if p.STEM == "search")
        return Answer(200, search.page(lang, q if q is not None and q.strip() else None), HTML)

    # -- question forms ----------------------------------------------------------------------------
    def question_page(self, name: str, lang: str, params: list[tuple[str, str]]) -> Answer | None:
        questions = self.pub.questions
        if name not in questions.catalog:
            return None
        values: dict[str, str] = {}
        for key, value in params:
            if key in values:
                error = i18n.text("form_twice", lang, p=key)
                return Answer(400, questions.page(name, lang, params=values, error=error, served=True), HTML)
            values[key] = value
        # an empty field means "any value": the form sends every field
        values = {k: v for k, v in values.items() if v.strip()}
        try:
            body = questions.page(name, lang, params=values, served=True)
        except QueryError as err:
            error = form_error(str(err), lang)
            return Answer(400, questions.page(name, lang, params=values, error=error, served=True), HTML)
        return Answer(200, body, HTML)


def form_error(message: str, lang: str) -> str:
    """A parameter the question refuses (``swio.queries.catalog.bind``'s message), in the page's language."""
    named = re.search(r"`param=(\w+)`|parameter '(\w+)'|no parameter '(\w+)'", message)
    p = next((g for g in named.groups() if g), "?") if named else "?"
    if "has no parameter" in message:
        return i18n.text("form_unknown", lang, p=p)
    if "not an integer" in message or "out of range" in message:
        return i18n.text("form_integer", lang, p=p)
    if "not an IRI" in message:
        return i18n.text("form_iri", lang, p=p)
    if "the value holds" in message:
        return i18n.text("form_bad_value", lang, p=p)
    return i18n.text("form_invalid", lang)


def undeclared_prefixes(query: str) -> list[str]:
    """Prefixes a query uses (``swio:x``) without declaring them, in order of first use (one pass of the lexer)."""
    from ...sparql_lexer import iter_tokens

    declared, used = set(), []
    tokens = iter_tokens(query)
    for token in tokens:
        if token.is_name("PREFIX"):
            name = next(tokens, None)
            if name is not None and name.kind == "pname":
                declared.add(name.text.split(":", 1)[0])
        elif token.kind == "pname" and not token.text.endswith(":"):
            prefix = token.text.split(":", 1)[0]
            if prefix and prefix not in declared and prefix not in used:
                used.append(prefix)
    return used


def routes(live: LivePages):
    """(pattern, handler) pairs for the server: each handler takes (match, language of the request,
    query parameters as a list of pairs) and returns an :class:`Answer` (``None``: not this page)."""

    def first(params, key):
        return next((v for k, v in params if k == key), None)

    return [
        (SPARQL_PAGE, lambda m, params: live.sparql_page(m["lang"], first(params, "query"))),
        (DOWNLOAD, lambda m, params: live.download(m["fmt"], first(params, "query"))),
        (SEARCH_PAGE, lambda m, params: live.search_page(m["lang"], first(params, "q"))),
        (
            re.compile(r"queries/(?P<name>[A-Za-z0-9_-]+)\.(?P<lang>en|zh)\.html"),
            lambda m, params: live.question_page(m["name"], m["lang"], params) if params else None,
        ),
    ]


__all__ = ["Answer", "LivePages", "SparqlFailure", "routes", "starter_query", "undeclared_prefixes"]
