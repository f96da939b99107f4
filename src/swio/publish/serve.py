"""``swio serve``: the publication live from the embedded store, on Starlette and uvicorn.

Every file of the static site is answered at the same path (``/id/org/x.en.html``,
``/def.ttl``, ``/queries/model-comparison.zh.csv`` …), made on request from the
index of the statements as written. The IRIs' own paths — ``/id/{kind}/{slug}``,
``/def``, ``/shapes`` and ``/`` — answer ``303 See Other`` to the document chosen by
``Accept`` (HTML, Turtle, JSON-LD, N-Triples, RDF/XML) and ``Accept-Language``
(``zh`` or ``en``), as the w3id.org ``.htaccess`` does. ``/sparql`` is a read-only
SPARQL 1.1 Protocol endpoint (GET and POST; results as JSON, XML, CSV or TSV by
``Accept``; updates refused) whose queries run in worker processes, each stopped
at the time limit. The canned questions take their parameters from the query string
(``/queries/posts-and-holders.en.csv?city=合肥``).

Bad requests get a 4xx with a one-line reason, never a traceback: paths with ``..``,
unknown pages (404), types nobody offers (406), query strings over 64 KiB (414),
bodies over 1 MiB (413), updates (403).
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..errors import QueryError
from ..sparql_syntax import query_form
from .site import i18n, live
from .site.negotiation import choose, choose_language
from .site.publication import Publication
from .site.render import Page, render
from .site.sparql_workers import GRAPH_FORMATS, RESULT_FORMATS, SparqlFailure, SparqlWorkers

log = logging.getLogger("swio.serve")

MEDIA_BY_EXTENSION = {
    "html": "text/html; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
    "csv": "text/csv; charset=utf-8",
    "rq": "application/sparql-query",
    "svg": "image/svg+xml",
    "css": "text/css; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "htaccess": "text/plain; charset=utf-8",
}
DOCUMENTS = {
    "text/html": None,
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
}
THING = re.compile(r"(?:id/[A-Za-z0-9/_-]+|def|shapes)")
CANNED = re.compile(r"queries/(?P<name>[A-Za-z0-9_-]+)\.(?P<lang>en|zh)\.(?P<ext>html|csv)")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "script-src 'self'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}
MAX_HTML_ROWS = 1000


@dataclass
class Limits:
    max_query_string: int = 64 * 1024  # bytes of the URL's query string (414 beyond)
    max_path: int = 2048  # bytes of the path (414 beyond)
    max_body: int = 1 << 20  # bytes of a POST body (413 beyond)
    sparql_timeout: float = 10.0  # seconds a SPARQL query may run (503 beyond)
    max_result_bytes: int = 64 << 20  # bytes of one SPARQL result (503 beyond)
    max_concurrency: int = 256  # connections served at once (uvicorn answers 503 beyond)


class _LimitRequests:
    """ASGI middleware: refuse over-long paths and query strings before any handler runs."""

    def __init__(self, app, limits: Limits):
        self.app = app
        self.limits = limits

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            problem = None
            if len(scope.get("query_string", b"")) > self.limits.max_query_string:
                problem = (
                    414,
                    f"the query string is longer than {self.limits.max_query_string} bytes; "
                    "send a long SPARQL query with POST",
                )
            elif len(scope.get("raw_path", b"")) > self.limits.max_path:
                problem = (414, f"the path is longer than {self.limits.max_path} bytes")
            if problem:
                response = _text(problem[0], problem[1])
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _text(status: int, message: str, headers: dict | None = None) -> Response:
    reason = {
        400: "Bad Request",
        403: "Forbidden",
        404: "Not Found",
        405: "Method Not Allowed",
        406: "Not Acceptable",
        413: "Content Too Large",
        414: "URI Too Long",
        415: "Unsupported Media Type",
        500: "Internal Server Error",
        503: "Service Unavailable",
    }.get(status, "")
    return Response(
        f"{status} {reason}: {message}\n",
        status_code=status,
        media_type="text/plain; charset=utf-8",
        headers={**SECURITY_HEADERS, **(headers or {})},
    )


def _bad_path(path: str) -> str | None:
    if "\x00" in path or "\\" in path:
        return "the path holds a NUL or a backslash"
    segments = path.split("/")[1:]
    if any(s in (".", "..") for s in segments):
        return "the path holds '.' or '..' segments (path traversal is not allowed)"
    if any(s == "" for s in segments[:-1]):
        return "the path holds an empty segment ('//')"
    return None


class Server:
    """The Starlette application of one publication (``app``), with its SPARQL workers."""

    def __init__(self, publication: Publication, workers: SparqlWorkers | None, limits: Limits | None = None):
        self.pub = publication
        self.workers = workers
        self.limits = limits or Limits()
        self._cache: dict[str, bytes] = {}
        self._cache_lock = threading.Lock()
        # the SPARQL page, search answers and question forms (swio.publish.site.live)
        self.live = live.LivePages(
            publication, workers, timeout=self.limits.sparql_timeout, max_bytes=self.limits.max_result_bytes
        )
        self.live_routes = live.routes(self.live)
        routes = [
            Route("/sparql", self.sparql, methods=["GET", "POST"]),
            Route("/{path:path}", self.page, methods=["GET"]),
        ]
        app = Starlette(
            routes=routes, exception_handlers={404: self._not_found, 405: self._not_allowed, 500: self._internal}
        )
        self.app = _LimitRequests(app, self.limits)

    # -- error pages ---------------------------------------------------------------------
    async def _not_found(self, request: Request, exc) -> Response:
        return _text(404, f"no page {request.url.path}")

    async def _not_allowed(self, request: Request, exc) -> Response:
        allowed = "GET, POST" if request.url.path == "/sparql" else "GET, HEAD"
        return _text(405, f"{request.method} is not allowed here (allowed: {allowed})", {"Allow": allowed})

    async def _internal(self, request: Request, exc) -> Response:
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return _text(500, "the server could not answer this request; the error was logged")

    # -- pages ---------------------------------------------------------------------------
    def _file(self, name: str) -> bytes | None:
        """A site file; the documents made from the whole graph (ontology, lists, pictures) are kept."""
        if name.startswith(("id/", "ext/")):
            return self.pub.file(name)
        with self._cache_lock:
            found = self._cache.get(name)
        if found is None:
            found = self.pub.file(name)
            if found is not None:
                with self._cache_lock:
                    if len(self._cache) > 512:
                        self._cache.clear()
                    self._cache[name] = found
        return found

    async def page(self, request: Request) -> Response:
        path = request.url.path
        problem = _bad_path(path)
        if problem:
            return _text(400, problem)
        name = path[1:]
        lang = choose_language(request.headers.get("accept-language"))
        vary = {"Vary": "Accept, Accept-Language"}
        if name == "":
            return RedirectResponse(f"/index.{lang}.html", status_code=303, headers={**SECURITY_HEADERS, **vary})
        if THING.fullmatch(name):
            media = choose(request.headers.get("accept"), list(DOCUMENTS))
            if media is None:
                return _text(406, "this resource is available as " + ", ".join(DOCUMENTS), vary)
            extension = DOCUMENTS[media] or f"{lang}.html"
            if name.startswith("id/") and self.pub.resource_iri(name) is None:
                return _text(404, f"no resource {self.pub.info.base_url}/{name} in this graph")
            return RedirectResponse(f"/{name}.{extension}", status_code=303, headers={**SECURITY_HEADERS, **vary})
        for pattern, handler in self.live_routes:
            found = pattern.fullmatch(name)
            if found:
                answer = await run_in_threadpool(handler, found, request.query_params.multi_items())
                if answer is not None:
                    return Response(
                        answer.body,
                        status_code=answer.status,
                        media_type=answer.media_type,
                        headers={**SECURITY_HEADERS, **answer.headers},
                    )
        canned = CANNED.fullmatch(name)
        if canned and request.query_params:
            return await self._canned(canned, request)
        body = await run_in_threadpool(self._file, name)
        if body is None:
            return _text(404, f"no page {path}")
        extension = "htaccess" if name == ".htaccess" else name.rsplit(".", 1)[-1]
        media = MEDIA_BY_EXTENSION.get(extension, "application/octet-stream")
        return Response(body, media_type=media, headers={**SECURITY_HEADERS, "Cache-Control": "public, max-age=300"})

    async def _canned(self, match, request: Request) -> Response:
        """A canned question's answer for the parameters in the query string."""
        from ..queries.catalog import bind, run_embedded
        from ..queries.table import render as render_table

        questions = next(p for p in self.pub.producers if p.STEM == "queries/index")
        query = questions.catalog.get(match["name"])
        if query is None:
            return _text(404, f"no question {match['name']}")
        params = {}
        for key, value in request.query_params.multi_items():
            if key in params:
                return _text(400, f"parameter {key!r} given twice")
            params[key] = value
        try:
            sparql = bind(query, params, match["lang"])
            table = await run_in_threadpool(
                run_embedded, self.pub.dataset, sparql, name=query.name, query=query, lang=match["lang"]
            )
        except QueryError as err:
            return _text(400, str(err))
        if match["ext"] == "csv":
            return Response(
                render_table(table, "csv", bom=True).encode("utf-8"),
                media_type=MEDIA_BY_EXTENSION["csv"],
                headers=SECURITY_HEADERS,
            )
        return self._html_table(
            request,
            match["lang"],
            f"queries/{match['name']}",
            query.title.get(match["lang"], query.name),
            table.labels(),
            [[c.display(table.lang) if c is not None else "" for c in row] for row in table.rows],
            sparql,
        )

    def _html_table(self, request, lang, stem, title, columns, rows, query, error=None, status=200) -> Response:
        page = Page(stem, lang, title=title, site=self.pub.info)
        shown = rows[:MAX_HTML_ROWS]
        body = render(
            "sparql.html",
            page,
            action="/sparql",
            query=query,
            error=error,
            columns=columns,
            total=len(rows),
            shown=len(shown),
            rows=[[{"text": cell, "href": None} for cell in row] for row in shown],
        )
        return Response(body, status_code=status, media_type=MEDIA_BY_EXTENSION["html"], headers=SECURITY_HEADERS)

    # -- SPARQL --------------------------------------------------------------------------
    async def _read_body(self, request: Request) -> bytes | None:
        declared = request.headers.get("content-length")
        if declared is not None:
            try:
                if int(declared) > self.limits.max_body:
                    return None
            except ValueError:
                return None
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.limits.max_body:
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    async def sparql(self, request: Request) -> Response:
        lang = choose_language(request.headers.get("accept-language"))
        accept = request.headers.get("accept")
        if request.method == "GET":
            fields = {k: request.query_params.getlist(k) for k in request.query_params.keys()}
        else:
            body = await self._read_body(request)
            if body is None:
                return _text(413, f"the request body is larger than {self.limits.max_body} bytes")
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return _text(400, "the request body is not UTF-8 text")
            if content_type == "application/x-www-form-urlencoded":
                fields = parse_qs(text, keep_blank_values=True)
            elif content_type == "application/sparql-query":
                fields = {"query": [text], **{k: request.query_params.getlist(k) for k in request.query_params.keys()}}
            elif content_type == "application/sparql-update":
                return _text(403, "this endpoint is read-only: SPARQL Update is not accepted")
            else:
                return _text(
                    415,
                    "send the query as application/x-www-form-urlencoded (query=...) or as application/sparql-query",
                )
        if "update" in fields:
            return _text(403, "this endpoint is read-only: SPARQL Update is not accepted")
        for name in ("default-graph-uri", "named-graph-uri"):
            if name in fields:
                return _text(400, f"{name} is not supported: queries run over the union of all the graph's files")
        unknown = sorted(set(fields) - {"query"})
        if unknown:
            return _text(400, f"unknown parameter(s): {', '.join(unknown)} (expected: query)")
        queries = fields.get("query", [])
        if len(queries) > 1:
            return _text(400, "give exactly one query parameter")
        if not queries:
            if choose(accept, ["text/html", "application/sparql-results+json"]) == "text/html":
                return RedirectResponse(f"/sparql.{lang}.html", status_code=303, headers=SECURITY_HEADERS)
            return _text(400, "give a SPARQL query: GET /sparql?query=... or POST it")
        query = queries[0]
        form = query_form(query)
        if form == "UPDATE":
            return _text(403, "this endpoint is read-only: SPARQL Update is not accepted")
        if form is None:
            return _text(400, "not a SPARQL query (expected SELECT, ASK, CONSTRUCT or DESCRIBE)")
        graph = form in ("CONSTRUCT", "DESCRIBE")
        offers = (list(GRAPH_FORMATS) if graph else list(RESULT_FORMATS)) + ["text/html"]
        media = choose(accept, offers)
        if media is None:
            return _text(406, "results are available as " + ", ".join(offers))
        as_html = media == "text/html" and not graph
        if as_html:
            answer = await run_in_threadpool(self.live.sparql_page, lang, query)
            return Response(
                answer.body, status_code=answer.status, media_type=answer.media_type, headers=SECURITY_HEADERS
            )
        if media == "text/html":
            media = "application/sparql-results+json" if not graph else "text/turtle"
        types = (media if not graph else "application/sparql-results+json", media if graph else "text/turtle")
        if self.workers is None:
            return _text(503, "this server has no SPARQL workers")
        try:
            answer = await run_in_threadpool(self.workers.run, query, types)
        except SparqlFailure as err:
            return _text(503, str(err))
        if answer.status != 200:
            if as_html:
                return self._html_table(
                    request,
                    lang,
                    "sparql",
                    i18n.text("sparql_title", lang),
                    [],
                    [],
                    query,
                    error=answer.body.decode("utf-8", "replace"),
                    status=answer.status,
                )
            return _text(answer.status, answer.body.decode("utf-8", "replace"))
        if as_html:
            columns, rows = _json_table(answer.body)
            return self._html_table(request, lang, "sparql", i18n.text("sparql_title", lang), columns, rows, query)
        return Response(answer.body, media_type=answer.media_type, headers={**SECURITY_HEADERS, "Vary": "Accept"})


def _json_table(body: bytes) -> tuple[list[str], list[list[str]]]:
    data = json.loads(body)
    if "boolean" in data:
        return ["answer"], [["true" if data["boolean"] else "false"]]
    columns = data["head"]["vars"]
    rows = [[(b.get(c) or {}).get("value", "") for c in columns] for b in data["results"]["bindings"]]
    return columns, rows


def open_publication(paths=None, *, base_url: str):
    """The dataset loaded from ``paths`` (default: the shipped data) and its :class:`Publication`."""
    from ..input.dataset import Dataset
    from .release import jsonld_context, release_date

    dataset = Dataset.load(paths)
    return Publication(
        dataset, context=jsonld_context(dataset), date=release_date(None, "") or None, base_url=base_url, served=True
    )


def run(
    paths=None,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    sparql_workers: int = 2,
    limits: Limits | None = None,
    access_log: bool = False,
    ready=None,
) -> None:
    """Load the graph, start the SPARQL workers and serve until interrupted."""
    import uvicorn

    limits = limits or Limits()
    publication = open_publication(paths, base_url=f"http://{host}:{port}")
    workers = None
    try:
        workers = SparqlWorkers(
            paths, workers=sparql_workers, timeout=limits.sparql_timeout, max_bytes=limits.max_result_bytes
        )
        server = Server(publication, workers, limits)
        config = uvicorn.Config(
            server.app,
            host=host,
            port=port,
            http="h11",
            lifespan="off",
            h11_max_incomplete_event_size=limits.max_query_string * 32 + limits.max_path,
            limit_concurrency=limits.max_concurrency,
            timeout_graceful_shutdown=5,
            log_level="warning",
            access_log=access_log,
            server_header=False,
        )
        if ready is not None:
            ready(publication)
        uvicorn.Server(config).run()
    finally:
        if workers is not None:
            workers.close()
        publication.close()


__all__ = ["Limits", "Server", "open_publication", "run"]
