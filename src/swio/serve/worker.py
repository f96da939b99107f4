"""The SPARQL worker processes of ``swio serve`` (``python -m swio.serve.worker``): one loader, many forks.

The server starts this module once, as the *loader*: one JSON line on its standard input
(the files to load, the server's process id, the result size limit, the path of the
server's Unix socket). The loader arranges to die with the server and gives up the
network (:mod:`.sandbox`), loads the graph, says ``{"ready": true}``, and then forks a
worker each time the server writes ``{"fork": id}`` (answering ``{"forked": id, "pid": n}``).
A forked worker shares the loaded graph with the loader (copy-on-write: the store is
not copied) and its sandbox, dies with the loader, connects to the server's socket, says
``{"worker": id, "pid": n}``, and answers queries one at a time. So a worker that must be
stopped (a query past its time limit, a client gone) costs a fork, not a reload of the graph.

A query is a JSON line ``{"query": text, "media": type, "table": bool, "spool": path}``; the
worker acknowledges it at once with ``{"started": true}`` (so the server can tell a worker
that died idle from one a query killed), writes the answer's bytes to the spool file the
server named (it is then free, whatever the speed of the client that will read them), and
answers ``{"status": 200, "media": type, "size": n}`` or ``{"status": 400|403|503,
"message": line}``. Every error of a query (syntax, evaluation, serialisation) is
answered, never raised: the worker lives on. Queries run on a thread with a 256 MiB stack
(Oxigraph parses and evaluates nested queries by recursion).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import threading
from typing import IO, cast

import pyoxigraph as ox

from .formats import GRAPH_FORMATS, RESULT_FORMATS
from .sandbox import die_with_parent, forbid_network

TABLE_ROWS = 1000  # rows of an HTML table (the rest are counted)
TABLE_CELL = 2000  # characters of a cell in an HTML table
TABLE_BYTES = 4 << 20  # bytes of the table as JSON
STACK_BYTES = 256 << 20
NETWORK_REFUSED = "this server sends no requests to other servers on a client's behalf (SERVICE is refused)"


class _TooLarge(Exception):
    pass


class _Capped:
    """A binary file that refuses to grow past ``limit`` bytes."""

    def __init__(self, file, limit: int):
        self.file = file
        self.limit = limit
        self.size = 0

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge()
        return self.file.write(data)

    def flush(self) -> None:
        pass


def one_line(err: BaseException, limit: int = 300) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _term(term) -> dict:
    """A term as in SPARQL JSON results (a long value cut for display)."""
    value = term.value if hasattr(term, "value") else str(term)
    if len(value) > TABLE_CELL:
        value = value[: TABLE_CELL - 1] + "…"
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": value}  # a quoted triple, shown as text


def _table(result, out: _Capped) -> None:
    """The first rows of an answer, for a page: SPARQL JSON results with at most :data:`TABLE_ROWS` bindings
    (values cut at :data:`TABLE_CELL` characters, :data:`TABLE_BYTES` in all) and ``"total"``, every row counted."""
    if isinstance(result, (bool, ox.QueryBoolean)):
        table = {"head": {}, "boolean": bool(result)}
    else:
        names = [v.value for v in result.variables]
        rows: list[dict] = []
        size = total = 0
        for solution in result:
            total += 1
            if len(rows) < TABLE_ROWS and size < TABLE_BYTES:
                row = {}
                for name in names:
                    term = solution[name]
                    if term is not None:
                        row[name] = _term(term)
                        size += len(row[name]["value"]) + 32
                rows.append(row)
        table = {"head": {"vars": names}, "results": {"bindings": rows}, "total": total}
    out.write(json.dumps(table, ensure_ascii=False).encode("utf-8"))


def answer(dataset, request: dict, max_bytes: int) -> dict:
    """Run one query into its spool file; the reply to send back."""
    query, media, spool = request["query"], request["media"], request["spool"]
    mentions_service = "service" in query.lower()
    try:
        result = dataset.query(query)
    except SyntaxError as err:
        return {"status": 400, "message": f"SPARQL syntax error: {one_line(err)}"}
    except Exception as err:
        return _failure(err, mentions_service)
    try:
        with open(spool, "xb") as file:
            out = _Capped(file, max_bytes)
            if request.get("table") and not isinstance(result, ox.QueryTriples):
                _table(result, out)
                media = "application/sparql-results+json"
            elif isinstance(result, ox.QueryTriples):
                result.serialize(cast(IO[bytes], out), GRAPH_FORMATS[media])
            else:
                result.serialize(cast(IO[bytes], out), RESULT_FORMATS[media])
    except _TooLarge:
        _remove(spool)
        return {"status": 503, "message": f"the result is larger than {max_bytes >> 20} MB; add a LIMIT"}
    except Exception as err:
        _remove(spool)
        return _failure(err, mentions_service)
    return {"status": 200, "media": media, "size": out.size}


def _failure(err: Exception, mentions_service: bool) -> dict:
    """An evaluation error: its message (400), except that a network failure is never echoed (403)."""
    if mentions_service and isinstance(err, OSError):
        return {"status": 403, "message": NETWORK_REFUSED}
    return {"status": 400, "message": f"the query failed: {one_line(err)}"}


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _serve(dataset, reader, writer, max_bytes: int) -> None:
    """Answer the queries read from ``reader`` (lines) on ``writer``, until ``reader`` ends."""
    for line in reader:
        writer.write(b'{"started": true}\n')  # the server can tell a query this worker took from one it never read
        writer.flush()
        try:
            reply = answer(dataset, json.loads(line), max_bytes)
        except Exception as err:  # a malformed request from the server itself: say so, live on
            reply = {"status": 500, "message": f"the worker could not read the request: {one_line(err)}"}
        writer.write(json.dumps(reply).encode() + b"\n")
        writer.flush()


def _worker(dataset, job: dict, ident: int, loader: int) -> None:
    """In a forked child: connect to the server and answer queries (never returns)."""
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        die_with_parent(loader)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)  # the loader's pipes are not this worker's
        os.dup2(devnull, 1)
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(job["socket"])
        reader, writer = conn.makefile("rb"), conn.makefile("wb")
        writer.write(json.dumps({"worker": ident, "pid": os.getpid()}).encode() + b"\n")
        writer.flush()
        threading.stack_size(STACK_BYTES)
        thread = threading.Thread(target=_serve, args=(dataset, reader, writer, job["max_bytes"]), name="swio-sparql")
        thread.start()
        thread.join()
    finally:
        os._exit(0)


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server handles Ctrl-C and stops its workers
    job = json.loads(sys.stdin.buffer.readline())
    die_with_parent(job["parent"])
    sandboxed = forbid_network()
    from ..input.dataset import Dataset

    dataset = Dataset.load(job["paths"])  # in this thread: the loader stays single-threaded, so it can fork
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # forked workers are reaped by the kernel
    out = sys.stdout.buffer
    out.write(json.dumps({"ready": True, "sandboxed": sandboxed}).encode() + b"\n")
    out.flush()
    loader = os.getpid()
    for line in sys.stdin.buffer:
        ident = json.loads(line)["fork"]
        pid = os.fork()
        if pid == 0:
            _worker(dataset, job, ident, loader)
        out.write(json.dumps({"forked": ident, "pid": pid}).encode() + b"\n")
        out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
