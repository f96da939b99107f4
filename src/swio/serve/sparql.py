"""``/sparql``: a read-only SPARQL 1.1 Protocol endpoint (GET and POST) whose queries run in worker processes.

Results as JSON, XML, CSV or TSV (SELECT, ASK) or Turtle, N-Triples, JSON-LD, RDF/XML
(CONSTRUCT, DESCRIBE) by ``Accept``, or an HTML table for browsers; updates refused (403).
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ..publish.site import i18n
from ..publish.site.negotiation import choose, choose_language
from ..sparql_syntax import query_form
from .http import SECURITY_HEADERS, text_response
from .limits import Limits
from .pages import PageSource, table_page
from .workers import GRAPH_FORMATS, RESULT_FORMATS, SparqlFailure, SparqlWorkers

EXAMPLE_QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"


class SparqlEndpoint:
    """The ``/sparql`` handler; ``workers`` may be ``None`` (every query then gets a 503)."""

    def __init__(self, source: PageSource, workers: SparqlWorkers | None, limits: Limits):
        self.source = source
        self.workers = workers
        self.limits = limits

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

    def _page(self, lang, columns, rows, query, error=None, status=200) -> Response:
        title = i18n.text("sparql_title", lang)
        return table_page(self.source.info, lang, "sparql", title, columns, rows, query, error, status)

    async def handle(self, request: Request) -> Response:
        lang = choose_language(request.headers.get("accept-language"))
        accept = request.headers.get("accept")
        if request.method == "GET":
            fields = {k: request.query_params.getlist(k) for k in request.query_params.keys()}
        else:
            body = await self._read_body(request)
            if body is None:
                return text_response(413, f"the request body is larger than {self.limits.max_body} bytes")
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return text_response(400, "the request body is not UTF-8 text")
            if content_type == "application/x-www-form-urlencoded":
                fields = parse_qs(text, keep_blank_values=True)
            elif content_type == "application/sparql-query":
                fields = {"query": [text], **{k: request.query_params.getlist(k) for k in request.query_params.keys()}}
            elif content_type == "application/sparql-update":
                return text_response(403, "this endpoint is read-only: SPARQL Update is not accepted")
            else:
                return text_response(
                    415,
                    "send the query as application/x-www-form-urlencoded (query=...) or as application/sparql-query",
                )
        if "update" in fields:
            return text_response(403, "this endpoint is read-only: SPARQL Update is not accepted")
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
                return self._page(lang, [], [], EXAMPLE_QUERY)
            return text_response(400, "give a SPARQL query: GET /sparql?query=... or POST it")
        query = queries[0]
        form = query_form(query)
        if form == "UPDATE":
            return text_response(403, "this endpoint is read-only: SPARQL Update is not accepted")
        if form is None:
            return text_response(400, "not a SPARQL query (expected SELECT, ASK, CONSTRUCT or DESCRIBE)")
        graph = form in ("CONSTRUCT", "DESCRIBE")
        offers = (list(GRAPH_FORMATS) if graph else list(RESULT_FORMATS)) + ["text/html"]
        media = choose(accept, offers)
        if media is None:
            return text_response(406, "results are available as " + ", ".join(offers))
        as_html = media == "text/html" and not graph
        if media == "text/html":
            media = "application/sparql-results+json" if not graph else "text/turtle"
        types = (media if not graph else "application/sparql-results+json", media if graph else "text/turtle")
        if self.workers is None:
            return text_response(503, "this server has no SPARQL workers")
        try:
            answer = await run_in_threadpool(self.workers.run, query, types)
        except SparqlFailure as err:
            return text_response(503, str(err))
        if answer.status != 200:
            if as_html:
                error = answer.body.decode("utf-8", "replace")
                return self._page(lang, [], [], query, error=error, status=answer.status)
            return text_response(answer.status, answer.body.decode("utf-8", "replace"))
        if as_html:
            columns, rows = _json_table(answer.body)
            return self._page(lang, columns, rows, query)
        return Response(answer.body, media_type=answer.media_type, headers={**SECURITY_HEADERS, "Vary": "Accept"})


def _json_table(body: bytes) -> tuple[list[str], list[list[str]]]:
    data = json.loads(body)
    if "boolean" in data:
        return ["answer"], [["true" if data["boolean"] else "false"]]
    columns = data["head"]["vars"]
    rows = [[(b.get(c) or {}).get("value", "") for c in columns] for b in data["results"]["bindings"]]
    return columns, rows
