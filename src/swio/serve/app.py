"""The Starlette application of ``swio serve``: its routes, in the order they are tried.

``/sparql`` (:mod:`.sparql`; GET, HEAD, POST), then any extra routes given to
:class:`Server` (pages a feature adds: ``routes=[Route(...)]``), then every other path as a
page of the site (:mod:`.pages`; GET and HEAD). Paths with a backslash, a NUL or dot
segments, and over-long paths and query strings, are refused before any route is chosen
(:class:`.http.LimitRequests`). Errors are one line of plain text (:func:`.http.text_response`).

Pages are made on a small pool of threads (``Limits.page_threads``), so the number of
page makers -- and of their SQLite connections and caches -- is bounded whatever the
number of clients.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..publish.site.publication import Publication
from .http import LimitRequests, clip, text_response
from .limits import Limits
from .pages import PageRoutes, PageSource, PublicationPages
from .sparql import SparqlEndpoint
from .workers import QueryWorkers


class Server:
    """The ASGI application (``app``) of a publication (or any :class:`.pages.PageSource`), with its SPARQL workers."""

    def __init__(
        self,
        publication,
        workers: QueryWorkers | None,
        limits: Limits | None = None,
        *,
        routes: Sequence[BaseRoute] = (),
    ):
        self.limits = limits or Limits()
        #: the pages of a publication given as one (made and closed here; a page source given is its owner's)
        self.own_pages = (
            PublicationPages(publication, cache_bytes=self.limits.page_cache_bytes)
            if isinstance(publication, Publication)
            else None
        )
        self.source: PageSource = publication if self.own_pages is None else self.own_pages
        self.workers = workers
        self.executor = ThreadPoolExecutor(self.limits.page_threads, thread_name_prefix="swio-page")
        self.sparql = SparqlEndpoint(self.source, workers, self.limits, self.executor)
        self.pages = PageRoutes(self.source, self.executor, self.sparql, page_wait=self.limits.page_wait)
        app = Starlette(
            routes=[
                Route("/sparql", self.sparql.handle, methods=["GET", "HEAD", "POST"]),
                *routes,
                Route("/{path:path}", self.pages.page, methods=["GET", "HEAD"]),
            ],
            exception_handlers={404: self._not_found, 405: self._not_allowed, 500: self._internal},
        )
        self.app = LimitRequests(app, self.limits)

    def start(self) -> None:
        """Make the canned questions' answers of a publication in the background (a listening server)."""
        if self.own_pages is not None:
            self.own_pages.start()

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        if self.own_pages is not None:
            self.own_pages.close()

    async def _not_found(self, request: Request, exc) -> Response:
        return text_response(404, f"no page {clip(request.url.path)}")

    async def _not_allowed(self, request: Request, exc) -> Response:
        allowed = "GET, HEAD, POST" if request.url.path == "/sparql" else "GET, HEAD"
        return text_response(
            405, f"{clip(request.method, 20)} is not allowed here (allowed: {allowed})", {"Allow": allowed}
        )

    async def _internal(self, request: Request, exc) -> Response:
        # the transport logs the error in one line (Starlette raises it again after this answer)
        return text_response(500, "the server could not answer this request; the error was logged")
