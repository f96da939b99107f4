"""A read-only SPARQL proxy to a store: ``/sparql`` of ``swio serve --endpoint``.

The server checks a query first (updates and ``SERVICE`` refused, nesting bounded: the same
checks as the embedded endpoint's); :class:`StoreProxy` then sends it to the store, through the
same client as ``swio query --endpoint`` (authentication, a deadline for the whole request),
restricted to the published graphs with the protocol's ``default-graph-uri`` and
``named-graph-uri`` (which take precedence over any ``FROM`` in the query, so a client sees those
graphs and no other the store holds), and writes the answer to an unlinked spool file, cut off at
``max_bytes``. What the client gets is what the embedded endpoint gives for the same failures: the
store's refusal of a query is a 400 with its first line, a query still running at the deadline or
an answer over the size limit is a 503, and an answer Virtuoso cut at its row cap
(``X-SPARQL-MaxRows``) is refused with a 503 saying so, never passed on as complete.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from dataclasses import dataclass
from typing import BinaryIO

import pyoxigraph as ox

from ..errors import EndpointError
from .http import HttpClient, redact
from .sparql import check_iri

TABLE_ROWS = 1000  # rows of an HTML table (the rest are counted), as the embedded endpoint's worker
TABLE_CELL = 2000  # characters of a cell in an HTML table
TABLE_BYTES = 4 << 20  # bytes of the table's values
_CHUNK = 256 * 1024


@dataclass
class ProxyAnswer:
    """``status`` 200 with ``media`` and an open, unlinked ``file`` of ``size`` bytes (close it when sent), or an
    error ``status`` (400, 502, 503) with a one-line ``message``."""

    status: int
    message: str = ""
    media: str = ""
    file: BinaryIO | None = None
    size: int = 0


class StoreProxy:
    """Sends checked read-only queries to ``url`` over ``graphs`` (empty: the store's default graph as it is)."""

    def __init__(self, url: str, http: HttpClient, graphs=(), *, timeout: float = 10.0, max_bytes: int = 64 << 20):
        self.url = url
        self.http = http
        self.graphs = [check_iri(g, "graph") for g in graphs]
        self.timeout = timeout
        self.max_bytes = max_bytes

    def answer(self, query: str, media: str, *, table: bool = False, seconds: float | None = None) -> ProxyAnswer:
        """The store's answer to ``query`` as ``media`` (with ``table``, for a SELECT or ASK: SPARQL JSON results cut
        to the first rows an HTML page shows, with the total), within ``seconds`` (default: the proxy's timeout)
        and ``max_bytes``."""
        seconds = self.timeout if seconds is None else seconds
        if seconds <= 0:
            return ProxyAnswer(503, f"the query did not finish within {self.timeout:g} s")
        fields = [("query", query)]
        fields += [("default-graph-uri", g) for g in self.graphs]
        fields += [("named-graph-uri", g) for g in self.graphs]
        table = table and media not in _GRAPHS  # a graph's answer goes to the page as it is
        accept = "application/sparql-results+json" if table else media
        started = time.monotonic()
        try:
            response = self.http.request(
                "POST",
                self.url,
                what="answer a query",
                ok=(200, 400, 500),
                retry=False,
                timeout=seconds,
                data=fields,
                headers={"Accept": accept},
                stream=True,
            )
        except EndpointError as err:
            if "within" in str(err):
                return ProxyAnswer(503, f"the query did not finish within {seconds:g} s")
            return ProxyAnswer(502, f"the store did not answer: {_one_line(str(err))}")
        try:
            if response.status_code != 200:
                text = response.raw.read(64 * 1024, decode_content=True).decode("utf-8", "replace")
                return ProxyAnswer(
                    400, _store_message(text) or f"the store refused the query (HTTP {response.status_code})"
                )
            cap = response.headers.get("X-SPARQL-MaxRows", "").strip()
            if response.headers.get("X-SQL-State"):
                return ProxyAnswer(503, f"the query did not finish within the store's time limit ({seconds:g} s)")
            spool = tempfile.TemporaryFile()
            size = 0
            try:
                for chunk in response.iter_content(_CHUNK):
                    size += len(chunk)
                    if size > self.max_bytes:
                        spool.close()
                        return ProxyAnswer(503, f"the answer is larger than {self.max_bytes:,} bytes")
                    if time.monotonic() - started > seconds:
                        spool.close()
                        return ProxyAnswer(503, f"the query did not finish within {seconds:g} s")
                    spool.write(chunk)
            except Exception as err:  # the connection broke or the deadline cut it
                spool.close()
                if time.monotonic() - started >= seconds:
                    return ProxyAnswer(503, f"the query did not finish within {seconds:g} s")
                return ProxyAnswer(502, f"the store's answer was cut short ({_one_line(str(err))})")
            answered = (response.headers.get("Content-Type") or accept).split(";")[0].strip()
            spool.seek(0)
            if cap.isdigit() and _rows(spool, answered) >= int(cap):
                spool.close()
                return ProxyAnswer(
                    503,
                    f"the answer reached the store's row cap ({int(cap):,} rows), so it may be cut short and is not "
                    "passed on as complete: ask for fewer rows with LIMIT and OFFSET",
                )
            if not table:
                return ProxyAnswer(200, media=answered, file=spool, size=size)
            with spool:
                data = spool.read()
            return _as_table(data)
        finally:
            response.close()


_RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPHS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


def _rows(spool, media: str) -> int:
    """Rows (or triples) in an answer (to compare with a store's declared row cap); 0 when it cannot be read."""
    try:
        if media in _RESULTS:
            results = ox.parse_query_results(spool, _RESULTS[media])
            return 1 if isinstance(results, ox.QueryBoolean) else sum(1 for _ in results)
        if media in _GRAPHS:
            return sum(1 for _ in ox.parse(spool, _GRAPHS[media]))
        return 0
    except (SyntaxError, ValueError, OSError):
        return 0
    finally:
        spool.seek(0)


def _as_table(data: bytes) -> ProxyAnswer:
    """SPARQL JSON results cut for an HTML page, as the embedded endpoint's workers write them: at most
    :data:`TABLE_ROWS` bindings (values cut at :data:`TABLE_CELL` characters, :data:`TABLE_BYTES` in all) and
    ``"total"``, every row counted; in a spool file."""
    try:
        results = json.loads(data)
        if "boolean" in results:
            table = {"head": {}, "boolean": bool(results["boolean"])}
        else:
            names = list(results["head"]["vars"])
            bindings = results["results"]["bindings"]
            rows: list[dict] = []
            size = 0
            for binding in bindings:
                if len(rows) >= TABLE_ROWS or size >= TABLE_BYTES:
                    break
                row = {}
                for name, term in binding.items():
                    term = dict(term)
                    value = term.get("value", "")
                    if len(value) > TABLE_CELL:
                        term["value"] = value[: TABLE_CELL - 1] + "…"
                    if term.get("type") == "typed-literal":
                        term["type"] = "literal"
                    row[name] = term
                    size += len(term["value"]) + 32
                rows.append(row)
            table = {"head": {"vars": names}, "results": {"bindings": rows}, "total": len(bindings)}
    except (ValueError, KeyError, TypeError, AttributeError):
        return ProxyAnswer(502, "the store's answer is not SPARQL JSON results")
    body = json.dumps(table, ensure_ascii=False).encode("utf-8")
    spool = tempfile.TemporaryFile()
    spool.write(body)
    spool.seek(0)
    return ProxyAnswer(200, media="application/sparql-results+json", file=spool, size=len(body))


def _store_message(text: str) -> str:
    """The first meaningful line of a store's error page (Virtuoso's and Oxigraph's are plain text or HTML)."""
    text = re.sub(r"<[^>]+>", " ", text)
    for line in text.splitlines():
        line = " ".join(line.split())
        if line and not line.lower().startswith(("sparql query:", "define ")):
            return _one_line(line)
    return ""


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(redact(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
