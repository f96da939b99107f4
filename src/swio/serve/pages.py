"""The site's pages on request: the interface the server reads them through, and its routes.

:class:`PageSource` is all the server asks of a publication: a site file by name, whether a
resource exists, the canned questions and their answers, and the site's header for page
chrome. :class:`PublicationPages` answers it from a :class:`~swio.publish.site.publication.Publication`
on the embedded store; another source (pages rendered from a remote store) only has to
answer the same few methods.

:class:`PageRoutes` turns requests into answers: ``/`` and the IRIs' own paths (``/id/...``,
``/def``, ``/shapes``) answer ``303 See Other`` to the document chosen by ``Accept`` and
``Accept-Language``; every other path is a site file; a canned question's page or CSV
with a query string is answered for those parameters.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..errors import QueryError
from ..publish.site import live, urls
from ..publish.site.kept_answers import ANSWER_FILE, KeptAnswers
from ..publish.site.negotiation import choose, choose_language
from ..publish.site.page_cache import PageCache
from ..publish.site.render import Page, render
from .http import MEDIA_BY_EXTENSION, SECURITY_HEADERS, clip, text_response

DOCUMENTS = {
    "text/html": None,
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
}
THING = re.compile(r"(?:id/[A-Za-z0-9/_-]+|def|shapes)")
CANNED = ANSWER_FILE  # a canned question's page or CSV file
MAX_HTML_ROWS = 1000
VERSION = "embedded"  # the embedded store's graph does not change while it is served
log = logging.getLogger("swio.serve")


class PageSource(Protocol):
    """What the server reads pages from."""

    info: Any  # the site's header (publication.Info): title, base URL, version, for page chrome

    def file(self, name: str) -> bytes | None:
        """A site file by its path (``id/org/x.en.html``, ``def.ttl``), or ``None``."""

    def has_resource(self, stem: str) -> bool:
        """Whether ``id/...`` names a resource the graph says something about."""

    def question(self, name: str):
        """The canned question (:class:`~swio.queries.catalog.CannedQuery`) of that name, or ``None``."""

    def answer(self, sparql: str, query, lang: str):
        """The :class:`~swio.queries.table.ResultTable` of a bound canned question (QueryError if it fails)."""

    def live_pages(self, workers):
        """The pages only a live server makes (:class:`swio.publish.site.live.LivePages`), their queries run by
        ``workers``; or ``None`` if this source has none."""

    # optional: ``file_later(name)`` -> a concurrent Future of the file (a page the source makes on its own
    # threads: the server waits for it without holding a page thread, and answers 503 past ``page_wait``),
    # or None for a file to read with ``file`` on a page thread (StoreSite has it)


class PublicationPages:
    """:class:`PageSource` over a publication on the embedded store.

    The documents made from the whole graph (ontology, shapes, lists, pictures, questions) are
    kept, the most recently used first, up to ``cache_bytes`` in all; resource pages are made
    each time (they read a few rows of the index)."""

    def __init__(self, publication, *, cache_bytes: int = 32 << 20):
        self.pub = publication
        self.info = publication.info
        self.cache: PageCache[str] = PageCache(cache_bytes)
        self.answers = KeptAnswers()  # the canned questions' pages and CSV files, made once, on disk
        self._stop = threading.Event()

    def file(self, name: str) -> bytes | None:
        if name.startswith(("id/", "ext/")):
            return self.pub.file(name)
        found = self.answers.file(self.pub, VERSION, name)  # None: not a question's page or CSV file
        if found is not None:
            return found
        found = self.cache.get(name)
        if found is None:
            found = self.pub.file(name)
            self.cache.put(name, found)
        return found

    def warm(self) -> None:
        """Make the canned questions' pages and CSV files now (then the questions' index, which counts their rows),
        before a reader asks: at a million triples the listings take the store half a second each."""
        index = [urls.file_name(self.pub.questions.STEM, lang) for lang in urls.LANGS]
        for name in [*self.answers.names(self.pub), *index]:
            if self._stop.is_set():
                return
            try:
                self.file(name)
            except Exception:  # a page that fails now fails again when asked, with its error
                log.exception("could not make %s ahead of time", name)

    def start(self) -> None:
        """:meth:`warm` on a thread of its own (the server answers meanwhile)."""
        threading.Thread(target=self.warm, name="swio-answers", daemon=True).start()

    def close(self) -> None:
        self._stop.set()
        self.answers.close()

    def has_resource(self, stem: str) -> bool:
        return self.pub.resource_iri(stem) is not None

    def question(self, name: str):
        return self.pub.questions.catalog.get(name)

    def answer(self, sparql: str, query, lang: str):
        from ..queries.catalog import run_embedded

        return run_embedded(self.pub.dataset, sparql, name=query.name, query=query, lang=lang)

    def live_pages(self, workers):
        from ..publish.site.live import LivePages

        return LivePages(self.pub, workers)


def table_page(
    info, lang, stem, title, columns, rows, query, error=None, status=200, total=None, action="/sparql"
) -> Response:
    """The HTML page of a result table (the SPARQL form above it), at most :data:`MAX_HTML_ROWS` rows of
    ``total`` (default: all the rows given)."""
    page = Page(stem, lang, title=title, site=info)
    shown = rows[:MAX_HTML_ROWS]
    body = render(
        "sparql.html",
        page,
        action=action,
        query=query,
        error=error,
        columns=columns,
        total=len(rows) if total is None else total,
        shown=len(shown),
        rows=[[{"text": cell, "href": None} for cell in row] for row in shown],
    )
    return Response(body, status_code=status, media_type=MEDIA_BY_EXTENSION["html"], headers=SECURITY_HEADERS)


def public_location(source, path: str) -> str:
    """``path`` on the source's public address (``public_base``: ``swio serve --base-url``), or ``path`` itself."""
    base = getattr(source, "public_base", None)
    return base.rstrip("/") + path if base else path


def not_modified(request: Request, headers: dict) -> bool:
    """Whether a conditional GET may be answered 304 with these validators (``If-None-Match`` first, as RFC 9110
    says; ``If-Modified-Since`` only without it)."""
    etag = headers.get("ETag")
    asked = request.headers.get("if-none-match")
    if asked is not None:
        tags = [t.strip().removeprefix("W/") for t in asked.split(",")]
        return etag is not None and ("*" in tags or etag.removeprefix("W/") in tags)
    since, modified = request.headers.get("if-modified-since"), headers.get("Last-Modified")
    if since and modified:
        try:
            return parsedate_to_datetime(modified) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


class PageRoutes:
    """The handler of every GET that is not ``/sparql``; pages are made on ``executor``'s threads (bounded).

    Besides the site's files: the pages only a live server makes (:mod:`swio.publish.site.live`): the
    SPARQL page and its downloads, whose queries go through ``sparql`` (the endpoint's checks, limits and
    workers), and the search page and question forms, made on a page thread."""

    def __init__(self, source: PageSource, executor=None, sparql=None, *, page_wait: float = 20.0):
        self.source = source
        self.executor = executor
        self.sparql = sparql
        self.page_wait = page_wait
        self.live = source.live_pages(None) if hasattr(source, "live_pages") else None
        self.live_routes = [] if self.live is None else live.routes(self.live)

    async def _in_thread(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self.executor, function, *args)

    def _location(self, path: str) -> str:
        """Where a redirect sends the client: ``path`` on the source's public address when it has one (a server
        behind a proxy, ``swio serve --base-url``), else ``path`` itself."""
        return public_location(self.source, path)

    async def page(self, request: Request) -> Response:
        path = request.url.path
        name = path[1:]
        lang = choose_language(request.headers.get("accept-language"))
        vary = {"Vary": "Accept, Accept-Language"}
        if name == "":
            return RedirectResponse(
                self._location(f"/index.{lang}.html"), status_code=303, headers={**SECURITY_HEADERS, **vary}
            )
        if THING.fullmatch(name):
            media = choose(request.headers.get("accept"), list(DOCUMENTS))
            if media is None:
                return text_response(406, "this resource is available as " + ", ".join(DOCUMENTS), vary)
            extension = DOCUMENTS[media] or f"{lang}.html"
            if name.startswith("id/") and not self.source.has_resource(name):
                return text_response(404, f"no resource {self.source.info.base_url}/{name} in this graph")
            return RedirectResponse(
                self._location(f"/{name}.{extension}"), status_code=303, headers={**SECURITY_HEADERS, **vary}
            )
        if self.live is not None:
            answer = await self._live(name, request)
            if answer is not None:
                return answer
        canned = CANNED.fullmatch(name)
        if canned and request.query_params:
            return await self._canned(canned, request)
        later = getattr(self.source, "file_later", None)  # a source that makes whole-graph pages on its own
        making = later(name) if later is not None else None
        if making is None:
            body = await self._in_thread(self.source.file, name)
        else:
            try:  # shielded: the page is still made (and kept) for the next reader
                body = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(making)), self.page_wait)
            except TimeoutError:
                return text_response(
                    503,
                    f"{clip(path)} is made from the whole graph and is not ready yet: try again in a minute",
                    {"Retry-After": "60"},
                )
        if body is None:
            return text_response(404, f"no page {clip(path)}")
        extension = "htaccess" if name == ".htaccess" else name.rsplit(".", 1)[-1]
        media = MEDIA_BY_EXTENSION.get(extension, "application/octet-stream")
        headers = {**SECURITY_HEADERS, "Cache-Control": "public, max-age=300"}
        validators = getattr(self.source, "validators", None)  # a source that knows its published version
        if validators is not None:
            headers.update(validators())
            if not_modified(request, headers):
                return Response(status_code=304, headers=headers)
        return Response(body, media_type=media, headers=headers)

    async def _live(self, name: str, request: Request) -> Response | None:
        params = request.query_params.multi_items()
        query = next((v for k, v in params if k == "query"), None)
        found = live.SPARQL_PAGE.fullmatch(name)
        if found and self.sparql is not None:
            return await self.sparql.page(request, found["lang"], query)
        found = live.DOWNLOAD.fullmatch(name)
        if found and self.sparql is not None:
            return await self.sparql.download(request, found["fmt"], query)
        for pattern, handler in self.live_routes:
            found = pattern.fullmatch(name)
            if found:
                answer = await self._in_thread(handler, found, params)
                if answer is not None:
                    headers = {**SECURITY_HEADERS, **answer.headers}
                    return Response(answer.body, answer.status, media_type=answer.media_type, headers=headers)
        return None

    async def _canned(self, match, request: Request) -> Response:
        """A canned question's answer for the parameters in the query string."""
        from ..queries.catalog import bind
        from ..queries.table import render as render_table

        query = self.source.question(match["name"])
        if query is None:
            return text_response(404, f"no question {clip(match['name'])}")
        params = {}
        for key, value in request.query_params.multi_items():
            if key in params:
                return text_response(400, f"parameter {clip(key)!r} given twice")
            params[key] = value
        try:
            sparql = bind(query, params, match["lang"])
            table = await self._in_thread(self.source.answer, sparql, query, match["lang"])
        except QueryError as err:  # a parameter is named as the URL names it (`param=city`: city)
            return text_response(400, err.naming(lambda parameter: parameter.partition("=")[2] or parameter))
        if match["ext"] == "csv":
            return Response(
                render_table(table, "csv", bom=True).encode("utf-8"),
                media_type=MEDIA_BY_EXTENSION["csv"],
                headers=SECURITY_HEADERS,
            )
        return await self._in_thread(
            lambda: table_page(
                self.source.info,
                match["lang"],
                f"queries/{match['name']}",
                query.title.get(match["lang"], query.name),
                table.labels(),
                [[c.display(table.lang) if c is not None else "" for c in row] for row in table.rows],
                sparql,
                action=self._location("/sparql"),
            )
        )
