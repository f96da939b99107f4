"""The Starlette application of ``swio serve``: its routes, in the order they are tried.

``/sparql`` (:mod:`.sparql`), then any extra routes given to :class:`Server` (pages a
feature adds: give ``routes=[Route(...)]``), then every other path as a page of the site
(:mod:`.pages`). Errors are one line of plain text (:func:`.http.text_response`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..publish.site.publication import Publication
from .http import LimitRequests, text_response
from .limits import Limits
from .pages import PageRoutes, PageSource, PublicationPages
from .sparql import SparqlEndpoint
from .workers import SparqlWorkers

log = logging.getLogger("swio.serve")


class Server:
    """The ASGI application (``app``) of a publication (or any :class:`.pages.PageSource`), with its SPARQL workers."""

    def __init__(
        self,
        publication,
        workers: SparqlWorkers | None,
        limits: Limits | None = None,
        *,
        routes: Sequence[BaseRoute] = (),
    ):
        self.source: PageSource = PublicationPages(publication) if isinstance(publication, Publication) else publication
        self.workers = workers
        self.limits = limits or Limits()
        self.pages = PageRoutes(self.source)
        self.sparql = SparqlEndpoint(self.source, workers, self.limits)
        app = Starlette(
            routes=[
                Route("/sparql", self.sparql.handle, methods=["GET", "POST"]),
                *routes,
                Route("/{path:path}", self.pages.page, methods=["GET"]),
            ],
            exception_handlers={404: self._not_found, 405: self._not_allowed, 500: self._internal},
        )
        self.app = LimitRequests(app, self.limits)

    async def _not_found(self, request: Request, exc) -> Response:
        return text_response(404, f"no page {request.url.path}")

    async def _not_allowed(self, request: Request, exc) -> Response:
        allowed = "GET, POST" if request.url.path == "/sparql" else "GET, HEAD"
        return text_response(405, f"{request.method} is not allowed here (allowed: {allowed})", {"Allow": allowed})

    async def _internal(self, request: Request, exc) -> Response:
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return text_response(500, "the server could not answer this request; the error was logged")
