"""SPARQL queries for ``swio serve``, run in worker processes so that time and size can be bounded.

pyoxigraph cannot interrupt a running query, so every query from the endpoint runs
in a worker process that holds its own copy of the graph: a query that is still
running when its time is up has its worker killed and replaced, and the client gets
an answer saying so. A result larger than the limit is cut off the same way, inside
the worker. Workers start with the server and load the same files.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
import time
from dataclasses import dataclass

import pyoxigraph as ox

RESULT_FORMATS = {  # SELECT and ASK
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {  # CONSTRUCT and DESCRIBE
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


@dataclass
class Answer:
    status: int  # 200, or 400 for a query the engine rejects
    media_type: str
    body: bytes


class SparqlFailure(Exception):
    """The query could not be answered within the limits (the message says which)."""


class _TooLarge(Exception):
    pass


class _CappedBuffer:
    def __init__(self, limit: int):
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge()
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _answer(store_query, query: str, result_types: tuple[str, str], max_bytes: int) -> tuple:
    """Run one query; ``("ok", status, media, body)`` or ``("too-large", ...)``."""
    try:
        result = store_query(query)
    except SyntaxError as err:
        return ("ok", 400, "text/plain; charset=utf-8", f"SPARQL syntax error: {err}".encode())
    except (OSError, ValueError, TypeError) as err:
        return ("ok", 400, "text/plain; charset=utf-8", f"query failed: {err}".encode())
    buffer = _CappedBuffer(max_bytes)
    try:
        if isinstance(result, ox.QueryTriples):
            media = result_types[1]
            result.serialize(buffer, GRAPH_FORMATS[media])
        else:
            media = result_types[0]
            result.serialize(buffer, RESULT_FORMATS[media])
    except _TooLarge:
        return ("too-large",)
    except (OSError, ValueError) as err:
        return ("ok", 400, "text/plain; charset=utf-8", f"query failed: {err}".encode())
    charset = "; charset=utf-8" if media.startswith("text/") else ""
    return ("ok", 200, media + charset, b"".join(buffer.parts))


def _worker_main(paths, conn, max_bytes: int) -> None:
    from ..input.dataset import Dataset

    dataset = Dataset.load(paths)
    conn.send(("ready",))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        query, result_types = message
        conn.send(_answer(dataset.query, query, result_types, max_bytes))


class _Worker:
    def __init__(self, ctx, paths, max_bytes):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(paths, child, max_bytes), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> bool:
        if not self.ready and self.conn.poll(timeout):
            self.ready = self.conn.recv() == ("ready",)
        return self.ready

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class SparqlWorkers:
    """A pool of worker processes; :meth:`run` is blocking (call it from a thread)."""

    def __init__(
        self,
        paths,
        *,
        workers: int = 2,
        timeout: float = 10.0,
        max_bytes: int = 64 << 20,
        startup_timeout: float = 600.0,
    ):
        self.paths = None if paths is None else [str(p) for p in paths]
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.startup_timeout = startup_timeout
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        self._closed = False
        for _ in range(max(1, workers)):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._ctx, self.paths, self.max_bytes)
        with self._lock:
            self._all.append(worker)
        self._idle.put(worker)

    def run(self, query: str, result_types: tuple[str, str], *, wait: float | None = None) -> Answer:
        """Answer ``query`` serialised as ``result_types`` (solutions media type, graph media type)."""
        started = time.monotonic()
        try:
            worker = self._idle.get(timeout=self.timeout if wait is None else wait)
        except queue.Empty:
            raise SparqlFailure(f"all {len(self._all)} query workers are busy; try again shortly") from None
        if not worker.wait_ready(self.startup_timeout):
            self._replace(worker)
            raise SparqlFailure("the query worker did not start")
        left = max(0.1, self.timeout - (time.monotonic() - started))
        try:
            worker.conn.send((query, result_types))
            if not worker.conn.poll(left):
                self._replace(worker)
                raise SparqlFailure(f"the query ran longer than the limit of {self.timeout:g} s and was stopped")
            reply = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise SparqlFailure("the query worker stopped unexpectedly") from None
        self._idle.put(worker)
        if reply[0] == "too-large":
            raise SparqlFailure(f"the result is larger than {self.max_bytes >> 20} MB; add a LIMIT")
        _, status, media, body = reply
        return Answer(status, media, body)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        if not self._closed:
            self._add()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            try:
                worker.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
        for worker in workers:
            worker.process.join(2)
            if worker.process.is_alive():
                worker.kill()
