"""``/sparql``: a read-only SPARQL 1.1 Protocol endpoint (GET, HEAD and POST) whose queries run in worker processes.

Results as JSON, XML, CSV or TSV (SELECT, ASK) or Turtle, N-Triples, JSON-LD, RDF/XML
(CONSTRUCT, DESCRIBE) by ``Accept``, or an HTML table for browsers. Before a worker sees a
query, its text is checked (:mod:`.query_check`: updates 403, ``SERVICE`` 403, nesting
too deep 400), on a thread when it is long; the query then waits for a worker and runs
within the time limit (:mod:`.workers`), and its answer is streamed from the worker's
spool file with back-pressure, so the server holds one chunk of it at a time. A client
that goes away while its query waits or runs has it stopped.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from urllib.parse import parse_qs

from starlette.requests import ClientDisconnect, Request
from starlette.responses import RedirectResponse, Response

from ..publish.site import live
from ..publish.site.negotiation import choose, choose_language
from .http import SECURITY_HEADERS, clip, text_response
from .limits import Limits
from .pages import PageSource, public_location
from .query_check import QueryRefused, check_query
from .workers import GRAPH_FORMATS, RESULT_FORMATS, ClientGone, Failure, QueryWorkers

log = logging.getLogger("swio.serve")

CHECK_INLINE = 8 * 1024  # query texts up to this many characters are checked on the event loop
_CHUNK = 256 * 1024
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"
PAGE_GRAPH_BYTES = 1 << 20  # of a CONSTRUCT or DESCRIBE answer shown on the SPARQL page (the download has it all)
DOWNLOADS = {  # sparql.{fmt}?query=...: the media type asked of the worker, and the one sent
    "csv": ("text/csv", "text/csv; charset=utf-8"),
    "json": ("application/sparql-results+json", "application/sparql-results+json"),
    "ttl": ("text/turtle", "text/turtle; charset=utf-8"),
}


@dataclass
class _Answer:
    status: int
    media_type: str
    body: bytes


class _Prepared:
    """The pool's answer to a page's one query, handed to :class:`swio.publish.site.live.LivePages` as if its
    ``workers.run`` had run it: the page is then made on a thread without waiting for any worker."""

    def __init__(self, answer: _Answer | None = None, failure: str | None = None):
        self.answer, self.failure = answer, failure

    def run(self, query: str, types) -> _Answer:
        if self.failure is not None or self.answer is None:
            raise live.SparqlFailure(self.failure or "the query was not run")
        return self.answer


class SpoolResponse(Response):
    """An answer streamed from an open (unlinked) file, one chunk at a time; ``done`` runs when it ends."""

    def __init__(self, file, size: int, media_type: str, headers: dict, done):
        super().__init__(None, media_type=media_type, headers={**headers, "Content-Length": str(size)})
        self.file = file
        self.done = done

    async def __call__(self, scope, receive, send) -> None:
        try:
            await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
            if scope["method"] != "HEAD":
                while chunk := self.file.read(_CHUNK):
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            self.file.close()
            self.done()


class SparqlEndpoint:
    """The ``/sparql`` handler; ``workers`` may be ``None`` (every query then gets a 503)."""

    def __init__(self, source: PageSource, workers: QueryWorkers | None, limits: Limits, executor=None):
        self.source = source
        self.workers = workers
        self.limits = limits
        self.executor = executor  # threads for long checks and HTML pages (None: asyncio's default)
        self.active = 0  # SPARQL requests being answered, transfers included

    async def _read_body(self, request: Request) -> bytes | None:
        declared = request.headers.get("content-length")
        if declared is not None:
            try:
                if int(declared) > self.limits.max_body:
                    return None
            except ValueError:
                return None
        chunks, size = [], 0
        try:
            async for chunk in request.stream():
                size += len(chunk)
                if size > self.limits.max_body:
                    return None
                chunks.append(chunk)
        except ClientDisconnect:
            raise ClientGone() from None
        return b"".join(chunks)

    async def _in_thread(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self.executor, function, *args)

    async def handle(self, request: Request) -> Response:
        if self.active >= self.limits.max_sparql_requests:
            return text_response(
                503, f"the endpoint is answering {self.active} queries; try again shortly", {"Retry-After": "2"}
            )
        self.active += 1
        handed_over = False
        try:
            response = await self._handle(request)
            if isinstance(response, SpoolResponse):
                handed_over = True  # the transfer ends later: it releases the place
            return response
        finally:
            if not handed_over:
                self.active -= 1

    def _release(self) -> None:
        self.active -= 1

    async def _fields(self, request: Request) -> dict | Response:
        if request.method in ("GET", "HEAD"):
            return {k: request.query_params.getlist(k) for k in request.query_params.keys()}
        body = await self._read_body(request)
        if body is None:
            return text_response(413, f"the request body is larger than {self.limits.max_body} bytes")
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return text_response(400, "the request body is not UTF-8 text")
        if content_type == "application/x-www-form-urlencoded":
            return parse_qs(text, keep_blank_values=True)
        if content_type == "application/sparql-query":
            return {"query": [text], **{k: request.query_params.getlist(k) for k in request.query_params.keys()}}
        if content_type == "application/sparql-update":
            return text_response(403, READ_ONLY)
        return text_response(
            415, "send the query as application/x-www-form-urlencoded (query=...) or as application/sparql-query"
        )

    async def _handle(self, request: Request) -> Response:
        lang = choose_language(request.headers.get("accept-language"))
        accept = request.headers.get("accept")
        try:
            fields = await self._fields(request)
        except ClientGone:
            return Response(status_code=499)  # the body never came (408 sent) or its client left: nobody reads this
        if isinstance(fields, Response):
            return fields
        if "update" in fields:
            return text_response(403, READ_ONLY)
        for name in ("default-graph-uri", "named-graph-uri"):
            if name in fields:
                return text_response(
                    400, f"{name} is not supported: queries run over the union of all the graph's files"
                )
        unknown = sorted(set(fields) - {"query"})
        if unknown:
            return text_response(400, f"unknown parameter(s): {', '.join(unknown)} (expected: query)")
        queries = fields.get("query", [])
        if len(queries) > 1:
            return text_response(400, "give exactly one query parameter")
        if not queries:
            if choose(accept, ["text/html", "application/sparql-results+json"]) == "text/html":
                return RedirectResponse(
                    public_location(self.source, f"/sparql.{lang}.html"), status_code=303, headers=SECURITY_HEADERS
                )
            return text_response(400, "give a SPARQL query: GET /sparql?query=... or POST it")
        query = queries[0]
        try:
            form = await self._check(query)
        except QueryRefused as refused:
            return text_response(refused.status, refused.message)
        graph = form in ("CONSTRUCT", "DESCRIBE")
        offers = (list(GRAPH_FORMATS) if graph else list(RESULT_FORMATS)) + ["text/html"]
        media = choose(accept, offers)
        if media is None:
            return text_response(406, "results are available as " + ", ".join(offers))
        if media == "text/html" and not graph:
            return await self.page(request, lang, query)
        if media == "text/html":
            media = "text/turtle"
        if self.workers is None:
            return text_response(503, "this server has no SPARQL workers")
        return await self._run(request, query, media)

    async def _ask(self, request: Request, query: str, media: str, *, table: bool = False):
        """The pool's :class:`~.workers.Result` for ``query``, its :class:`~.workers.Failure`, or ``None`` when the
        client went away (its query was stopped; nobody waits for an answer)."""
        gone = asyncio.Event()

        async def watch() -> None:  # the transport says http.disconnect when the client goes away
            while (await request.receive())["type"] != "http.disconnect":
                pass
            gone.set()

        watcher = asyncio.create_task(watch())
        client = (request.client.host if request.client else "") or "?"
        assert self.workers is not None
        try:
            result = await self.workers.run(
                query, media, table=table, client=client, arrived=time.monotonic(), gone=gone
            )
        except ClientGone:
            return None
        except Failure as failure:
            if failure.stopped or failure.status >= 500 and failure.retry_after is None:
                log.warning("query from %s not answered (%d): %s", clip(client, 60), failure.status, failure.message)
            return failure
        finally:
            watcher.cancel()
        if result.status != 200:
            log.warning("query from %s failed (%d): %s", clip(client, 60), result.status, result.message)
        return result

    async def _run(self, request: Request, query: str, media: str, headers: dict | None = None) -> Response:
        result = await self._ask(request, query, media)
        if result is None:
            return Response(status_code=499)  # nobody reads it: the transport drops it
        if isinstance(result, Failure):
            retry = {"Retry-After": str(result.retry_after)} if result.retry_after else None
            return text_response(result.status, result.message, retry)
        if result.status != 200:
            return text_response(result.status, result.message)
        headers = {**SECURITY_HEADERS, "Vary": "Accept", **(headers or {})}
        charset = "; charset=utf-8" if result.media.startswith("text/") else ""
        return SpoolResponse(result.file, result.size, result.media + charset, headers, self._release)

    # -- what a browser sees: the SPARQL page and its downloads (swio.publish.site.live) ---------------
    async def page(self, request: Request, lang: str, query: str | None) -> Response:
        """``/sparql.{lang}.html?query=...`` (and ``/sparql`` for browsers): the page, with the query's answer."""
        prepared: _Prepared | None = _Prepared(failure="this server has no SPARQL workers")
        if query is not None and query.strip() and self.workers is not None:
            prepared = await self._prepare(request, query)
        if prepared is None:
            return Response(status_code=499)  # the client went away
        pages = self.source.live_pages(prepared)
        answer = await self._in_thread(pages.sparql_page, lang, query)
        return Response(answer.body, status_code=answer.status, media_type=answer.media_type, headers=SECURITY_HEADERS)

    async def _prepare(self, request: Request, query: str) -> _Prepared | None:
        try:
            form = await self._check(query)
        except QueryRefused as refused:
            if (
                refused.status == 403
                and "read-only" in refused.message
                or refused.status == 400
                and "not a" in refused.message
            ):
                return _Prepared(failure=refused.message)  # the page says these itself, before any worker
            return _Prepared(_Answer(refused.status, "text/plain; charset=utf-8", refused.message.encode()))
        graph = form in ("CONSTRUCT", "DESCRIBE")
        if self.active >= self.limits.max_sparql_requests:
            return _Prepared(failure=f"the endpoint is busy: it is answering {self.active} queries; try again shortly")
        self.active += 1
        try:
            media = "text/turtle" if graph else "application/sparql-results+json"
            result = await self._ask(request, query, media, table=True)
        finally:
            self.active -= 1
        if result is None:
            return None  # the client went away
        if isinstance(result, Failure):
            return _Prepared(failure=result.message)
        if result.status != 200:
            return _Prepared(_Answer(result.status, "text/plain; charset=utf-8", result.message.encode()))
        try:
            body = await self._in_thread(result.file.read, PAGE_GRAPH_BYTES if graph else None)
        finally:
            result.file.close()
        if graph and result.size > PAGE_GRAPH_BYTES:
            body = (
                body[: body.rfind(b"\n") + 1]
                + f"# … the first MB of {result.size / 1e6:.1f} MB: download it all\n".encode()
            )
        return _Prepared(_Answer(200, result.media, body))

    async def _check(self, query: str) -> str:
        limits = self.limits
        if len(query) <= CHECK_INLINE:
            return check_query(query, max_nesting=limits.max_nesting, max_operators=limits.max_operators)
        return await self._in_thread(
            lambda: check_query(query, max_nesting=limits.max_nesting, max_operators=limits.max_operators)
        )

    async def download(self, request: Request, fmt: str, query: str | None) -> Response:
        """``/sparql.{csv,json,ttl}?query=...``: the whole answer as an attachment, streamed."""
        if not query:
            return text_response(400, "give the query: ?query=...")
        try:
            form = await self._check(query)
        except QueryRefused as refused:
            return text_response(refused.status, refused.message)
        graph = form in ("CONSTRUCT", "DESCRIBE")
        if graph != (fmt == "ttl"):
            wanted = "Turtle (sparql.ttl)" if graph else "CSV or JSON (sparql.csv, sparql.json)"
            return text_response(400, f"this query's answer is available as {wanted}")
        if self.workers is None:
            return text_response(503, "this server has no SPARQL workers")
        if self.active >= self.limits.max_sparql_requests:
            return text_response(503, f"the endpoint is answering {self.active} queries; try again shortly")
        self.active += 1
        try:
            response = await self._run(
                request, query, DOWNLOADS[fmt][0], {"Content-Disposition": f'attachment; filename="swio-query.{fmt}"'}
            )
        except BaseException:
            self.active -= 1
            raise
        if not isinstance(response, SpoolResponse):
            self.active -= 1
        return response
