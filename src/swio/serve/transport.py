"""HTTP/1.1 for ``swio serve``: asyncio streams and h11, with the deadlines and bounds a public server needs.

h11 reads and writes the protocol; this module decides how long and how many. A
connection's life:

1. it is accepted unless the server already has ``max_connections`` open, or its client
   address ``max_connections_per_address`` (a trusted proxy's address is not counted
   per address): then it gets a 503 and is closed;
2. its request head must arrive within ``head_timeout`` of its first byte (or of the
   connection, for the first request): else 408 and closed; a kept-alive connection with
   no new request is closed after ``keepalive_timeout``; a request line longer than the
   limits gets 414, header lines 431;
3. the request is answered only while fewer than ``max_in_flight`` requests are being
   answered (else 503): a connection still sending its head holds no such place, so
   half-sent requests cannot take the places of the requests being answered;
4. the body, read when the application asks for it, must arrive within ``body_timeout``
   of the head (else 408 and closed);
5. the answer is written with back-pressure (one chunk at a time, after the previous one
   has left): a client that takes no bytes for ``send_timeout`` is dropped;
6. once its request is in, the connection is watched: a client that goes away is
   reported to the application (ASGI ``http.disconnect``), which stops its work;
7. on :meth:`HttpServer.stop`, no new connection is accepted, idle ones are closed,
   requests being answered get ``shutdown_grace`` seconds, and then those whose answer
   has not begun get a 503.

Request targets follow RFC 9112 §3.2: the origin form (``/path?query``), the absolute
form (``http://host/path``: its host replaces the ``Host`` header), ``OPTIONS *``; a
``CONNECT`` is refused (405: this server is no proxy). Errors written here are one line
of plain text that echoes nothing of the request.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import logging
import re
import time
from http import HTTPStatus
from urllib.parse import unquote, urlsplit

import h11

from .limits import Limits

log = logging.getLogger("swio.serve")
access_log = logging.getLogger("swio.serve.access")

_CHUNK = 64 * 1024
_ABSOLUTE = re.compile(rb"[A-Za-z][A-Za-z0-9+.\-]*://")
_REASONS = {status.value: status.phrase.encode("ascii") for status in HTTPStatus}
_MAX_REFUSING = 64  # connections being refused politely at once; beyond, new ones are closed at once
_LINGER = 2.0  # seconds spent reading what a refused client still sends, so it sees the answer


class ClientGone(OSError):
    """The client closed its connection or took no bytes of its answer for too long."""


def _date() -> bytes:
    return email.utils.formatdate(usegmt=True).encode("ascii")


def _plain(status: int, message: str, *, head: bool = False, extra: tuple = ()) -> bytes:
    """A whole HTTP/1.1 response closing the connection (for answers given before or instead of the app)."""
    body = f"{status} {_REASONS.get(status, b'').decode()}: {message}\n".encode()
    lines = [
        b"HTTP/1.1 %d %s" % (status, _REASONS.get(status, b"")),
        b"Content-Type: text/plain; charset=utf-8",
        b"Content-Length: %d" % len(body),
        b"Connection: close",
        b"Date: " + _date(),
        b"X-Content-Type-Options: nosniff",
        *extra,
    ]
    return b"\r\n".join(lines) + b"\r\n\r\n" + (b"" if head else body)


class HttpServer:
    """Serves an ASGI application over HTTP/1.1 within :class:`~.limits.Limits`."""

    def __init__(self, app, limits: Limits, *, log_requests: bool = False):
        self.app = app
        self.limits = limits
        self.log_requests = log_requests
        self.connections: set[_Connection] = set()
        self.by_address: dict[str, int] = {}
        self.in_flight = 0
        self.stopping = False
        self._refusing = 0
        self._server: asyncio.AbstractServer | None = None
        self._idle = asyncio.Event()  # set whenever no request is being answered

    async def start(self, host: str, port: int) -> None:
        self._server = await asyncio.start_server(self._accept, host, port, limit=_CHUNK, backlog=1024)
        self._idle.set()

    @property
    def port(self) -> int:
        assert isinstance(self._server, asyncio.Server)
        return self._server.sockets[0].getsockname()[1]

    async def stop(self, grace: float, force: asyncio.Event | None = None) -> None:
        """Stop accepting, close idle connections, let answers in progress finish for ``grace`` seconds (less if
        ``force`` is set meanwhile), then answer 503 to the requests whose answer has not begun and close every
        connection."""
        self.stopping = True
        if self._server is not None:
            self._server.close()
        for connection in list(self.connections):
            if connection.answering is None:
                connection.cancel()
        waits = [asyncio.ensure_future(self._idle.wait())]
        if force is not None:
            waits.append(asyncio.ensure_future(force.wait()))
        await asyncio.wait(waits, timeout=grace, return_when=asyncio.FIRST_COMPLETED)
        for wait in waits:
            wait.cancel()
        for connection in list(self.connections):
            connection.cancel()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(2):
                while self.connections:
                    await asyncio.sleep(0.05)

    # -- accepting ---------------------------------------------------------------------------
    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername") or ("?", 0)
        address = str(peer[0])
        trusted = address in self.limits.trusted_proxies
        refusal = None
        if self.stopping:
            refusal = "the server is shutting down"
        elif len(self.connections) >= self.limits.max_connections:
            refusal = f"the server has {len(self.connections)} connections open; try again shortly"
        elif not trusted and self.by_address.get(address, 0) >= self.limits.max_connections_per_address:
            refusal = (
                f"there are {self.limits.max_connections_per_address} connections open from your address; "
                "close some, then try again"
            )
        if refusal is not None:
            await self._refuse(reader, writer, refusal)
            return
        connection = _Connection(self, reader, writer, address, peer, trusted)
        self.connections.add(connection)
        if not trusted:
            self.by_address[address] = self.by_address.get(address, 0) + 1
        try:
            await connection.run()
        except asyncio.CancelledError:
            pass
        except Exception as err:  # never let a connection's failure reach asyncio's handler (a traceback)
            log.error("connection from %s failed: %s", address, _one_line(err))
        finally:
            self.connections.discard(connection)
            if not trusted:
                left = self.by_address.get(address, 1) - 1
                if left:
                    self.by_address[address] = left
                else:
                    self.by_address.pop(address, None)
            if connection.aborted:
                writer.transport.abort()
            else:
                writer.close()

    async def _refuse(self, reader, writer, message: str) -> None:
        if self._refusing >= _MAX_REFUSING:
            writer.transport.abort()
            return
        self._refusing += 1
        try:
            writer.write(_plain(503, message, extra=(b"Retry-After: 2",)))
            await _linger(reader, writer)
        finally:
            self._refusing -= 1

    # -- bookkeeping of requests being answered ----------------------------------------------
    def begin(self) -> None:
        self.in_flight += 1
        self._idle.clear()

    def end(self) -> None:
        self.in_flight -= 1
        if self.in_flight == 0:
            self._idle.set()


async def _linger(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Close politely: stop writing, then read and drop what the client still sends (bounded), so that
    closing with unread bytes does not reset the connection before the client has read the answer."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(writer.drain(), _LINGER)
        if writer.can_write_eof():
            writer.write_eof()
        dropped = 0
        async with asyncio.timeout(_LINGER):
            while dropped < (4 << 20):
                data = await reader.read(_CHUNK)
                if not data:
                    break
                dropped += len(data)
    writer.close()


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return f"{type(err).__name__}: {text[:300]}"


class _Connection:
    """One client connection: its requests one after the other."""

    def __init__(self, server: HttpServer, reader, writer, address: str, peer, trusted: bool):
        self.server = server
        self.limits = server.limits
        self.reader = reader
        self.writer = writer
        self.address = address
        self.peer = peer
        self.trusted = trusted
        self.head_bytes = self.limits.max_query_string + self.limits.max_path + self.limits.max_headers + 64
        self.h11 = h11.Connection(h11.SERVER, max_incomplete_event_size=self.head_bytes)
        self.answering: _Exchange | None = None
        self.aborted = False
        self.task = asyncio.current_task()

    def cancel(self) -> None:
        if self.task is not None and not self.task.done():
            self.task.cancel()

    async def run(self) -> None:
        first = True
        while True:
            request = await self._read_head(first)
            if request is None:
                return
            keep = await self._answer(request)
            if not keep or self.server.stopping:
                return
            if self.h11.our_state is h11.DONE and self.h11.their_state is h11.DONE:
                self.h11.start_next_cycle()
            else:
                return
            first = False

    # -- the request head --------------------------------------------------------------------
    async def _read_head(self, first: bool) -> h11.Request | None:
        started = time.monotonic() if first else None
        while True:
            try:
                event = self.h11.next_event()
            except h11.RemoteProtocolError as err:
                await self._fail_head(err)
                return None
            if isinstance(event, h11.Request):
                return event
            if event is h11.PAUSED:  # cannot happen between cycles, but never spin on it
                return None
            if event is not h11.NEED_DATA:  # ConnectionClosed
                return None
            pending = self.h11.trailing_data[0]
            if started is None and pending:
                started = time.monotonic()
            if started is None:
                timeout = self.limits.keepalive_timeout
            else:
                timeout = started + self.limits.head_timeout - time.monotonic()
            try:
                data = await asyncio.wait_for(self.reader.read(_CHUNK), max(timeout, 0.001))
            except TimeoutError:
                if started is not None and (pending or first) and not self.server.stopping:
                    self.writer.write(
                        _plain(408, f"the request head did not arrive within {self.limits.head_timeout:g} s")
                    )
                    await _drain(self.writer, 2)
                return None
            except (ConnectionError, OSError):
                return None
            if started is None and data:
                started = time.monotonic()
            self.h11.receive_data(data)

    async def _fail_head(self, err: h11.RemoteProtocolError) -> None:
        pending = self.h11.trailing_data[0]
        status = err.error_status_hint
        if status == 431 and b"\n" not in pending[: self.limits.max_query_string + self.limits.max_path + 64]:
            status = 414
            message = (
                f"the request line is longer than {self.limits.max_query_string + self.limits.max_path} bytes; "
                "send a long SPARQL query with POST"
            )
        elif status == 431:
            message = f"the request's header lines are longer than {self.limits.max_headers} bytes"
        else:
            status = 400
            message = "this is not an HTTP/1.1 request this server can read"
        self.writer.write(_plain(status, message))
        await _linger(self.reader, self.writer)

    # -- one request ---------------------------------------------------------------------------
    async def _answer(self, request: h11.Request) -> bool:
        """Answer one request; whether the connection may carry another."""
        head = request.method == b"HEAD"
        target = _Target.of(request)
        refusal = target.problem
        if refusal is None and sum(len(n) + len(v) + 4 for n, v in request.headers) > self.limits.max_headers:
            refusal = (431, f"the request's header lines are longer than {self.limits.max_headers} bytes")
        if refusal is None and self.server.stopping:
            refusal = (503, "the server is shutting down")
        if refusal is None and self.server.in_flight >= self.limits.max_in_flight:
            refusal = (503, f"the server is answering {self.server.in_flight} requests; try again shortly")
        if refusal is not None:
            extra = target.extra + ((b"Retry-After: 2",) if refusal[0] == 503 else ())
            self.writer.write(_plain(refusal[0], refusal[1], head=head, extra=extra))
            await _linger(self.reader, self.writer)
            return False
        headers = [(name.lower(), value) for name, value in request.headers]
        if target.host is not None:  # RFC 9112 §3.2.2: the absolute form's host replaces the Host header
            headers = [(n, v) for n, v in headers if n != b"host"] + [(b"host", target.host)]
        client = (self.address, self.peer[1] if len(self.peer) > 1 else 0)
        if self.trusted:
            forwarded = b",".join(v for n, v in headers if n == b"x-forwarded-for").split(b",")
            last = forwarded[-1].strip().decode("latin-1") if forwarded else ""
            if last:
                client = (last, 0)
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.4"},
            "http_version": request.http_version.decode("ascii"),
            "method": request.method.decode("ascii"),
            "scheme": "http",
            "path": target.path,
            "raw_path": target.raw_path,
            "query_string": target.query,
            "root_path": "",
            "headers": headers,
            "client": client,
            "server": self.writer.get_extra_info("sockname")[:2],
            "state": {},
        }
        exchange = _Exchange(self, head)
        self.answering = exchange
        self.server.begin()
        started = time.monotonic()
        try:
            await self.server.app(scope, exchange.receive, exchange.send)
        except asyncio.CancelledError:  # the server is stopping and the grace is over
            if not exchange.started:
                self.writer.write(_plain(503, "the server is shutting down", head=head))
                await _drain(self.writer, 1)
            else:
                self.aborted = True
            return False
        except ClientGone:
            self.aborted = True
            return False
        except Exception as err:
            if exchange.timed_out or exchange.gone.is_set():  # the app stopped reading a client that is gone
                self.aborted = not exchange.complete
                return False
            log.error("%s %s failed: %s", scope["method"], target.path[:200], _one_line(err))
            if exchange.complete:  # answered (a 500 from the application) before it raised the error again
                return False
            if not exchange.started:
                self.writer.write(_plain(500, "the server could not answer this request; the error was logged"))
                await _linger(self.reader, self.writer)
            else:
                self.aborted = True
            return False
        finally:
            self.server.end()
            self.answering = None
            exchange.stop_watching()
            if self.server.log_requests:
                access_log.info(
                    '%s "%s %s" %s %d %.3f',
                    client[0],
                    scope["method"],
                    target.path[:200],
                    exchange.status or "-",
                    exchange.sent,
                    time.monotonic() - started,
                )
        if not exchange.complete:
            self.aborted = True
            return False
        if exchange.timed_out:
            return False
        self._read_what_is_here()
        if self.h11.their_state is not h11.DONE:  # the body was not read: close without a reset
            await _linger(self.reader, self.writer)
            return False
        return self.h11.our_state is h11.DONE

    def _read_what_is_here(self) -> None:
        """Read the rest of the request from the bytes already received: an application need not read a GET's
        (empty) body, and the connection stays open for the next request only once h11 has seen its end. A
        body still on its way is not waited for (the caller closes the connection)."""
        while self.h11.their_state is h11.SEND_BODY:
            try:
                event = self.h11.next_event()
            except h11.RemoteProtocolError:
                return
            if not isinstance(event, (h11.Data, h11.EndOfMessage)):
                return


async def _drain(writer: asyncio.StreamWriter, seconds: float) -> None:
    with contextlib.suppress(Exception):
        await asyncio.wait_for(writer.drain(), seconds)


class _Target:
    """The request target read as RFC 9112 §3.2 says: path, query, the absolute form's host, or a refusal."""

    def __init__(self):
        self.raw_path, self.query, self.path, self.host = b"/", b"", "/", None
        self.problem: tuple[int, str] | None = None
        self.extra: tuple[bytes, ...] = ()

    @classmethod
    def of(cls, request: h11.Request) -> _Target:
        t = cls()
        raw = request.target
        if request.method == b"CONNECT":
            t.problem, t.extra = (405, "this server is not a proxy: CONNECT is refused"), (b"Allow: GET, HEAD, POST",)
            return t
        if raw == b"*":
            if request.method == b"OPTIONS":
                t.problem, t.extra = (200, "this server answers GET, HEAD and POST"), (b"Allow: GET, HEAD, POST",)
            else:
                t.problem = (400, "the request target '*' is only for OPTIONS")
            return t
        if _ABSOLUTE.match(raw):
            parts = urlsplit(raw)
            if parts.scheme.lower() not in (b"http", b"https") or not parts.netloc:
                t.problem = (400, "an absolute request target must be an http or https URL")
                return t
            t.host = parts.netloc
            raw = (parts.path or b"/") + (b"?" + parts.query if parts.query else b"")
        if not raw.startswith(b"/"):
            t.problem = (400, "the request target must be a path starting with '/' or an http URL")
            return t
        t.raw_path, _, t.query = raw.partition(b"?")
        try:
            t.path = unquote(t.raw_path.decode("ascii"), errors="strict")
        except UnicodeError:
            t.problem = (400, "the path is not UTF-8 once percent-decoded")
        return t


class _Exchange:
    """The ASGI ``receive`` and ``send`` of one request."""

    def __init__(self, connection: _Connection, head: bool):
        self.c = connection
        self.head = head
        self.started = False
        self.complete = False
        self.status: int | None = None
        self.sent = 0
        self.body_done = False
        self.timed_out = False
        self.body_deadline = time.monotonic() + connection.limits.body_timeout
        self.gone = asyncio.Event()
        self._watcher: asyncio.Task | None = None

    # -- receive ---------------------------------------------------------------------------------
    async def receive(self) -> dict:
        if self.timed_out or self.gone.is_set():
            return {"type": "http.disconnect"}
        if self.body_done:
            self._watch()
            await self.gone.wait()
            return {"type": "http.disconnect"}
        h = self.c.h11
        if h.they_are_waiting_for_100_continue:
            self.c.writer.write(h.send(h11.InformationalResponse(status_code=100, headers=[])))
        while True:
            try:
                event = h.next_event()
            except h11.RemoteProtocolError:
                self.gone.set()
                return {"type": "http.disconnect"}
            if isinstance(event, h11.Data):
                return {"type": "http.request", "body": bytes(event.data), "more_body": True}
            if isinstance(event, h11.EndOfMessage):
                self.body_done = True
                return {"type": "http.request", "body": b"", "more_body": False}
            if event is not h11.NEED_DATA:
                self.gone.set()
                return {"type": "http.disconnect"}
            try:
                data = await asyncio.wait_for(self.c.reader.read(_CHUNK), max(self.body_deadline - time.monotonic(), 0))
            except TimeoutError:
                self.timed_out = True
                if not self.started:
                    seconds = self.c.limits.body_timeout
                    self.c.writer.write(_plain(408, f"the request body did not arrive within {seconds:g} s"))
                    await _drain(self.c.writer, 2)
                    self.started = self.complete = True  # answered here; the app's own answer is dropped
                return {"type": "http.disconnect"}
            except (ConnectionError, OSError):
                data = b""
            if not data:
                self.gone.set()
                return {"type": "http.disconnect"}
            h.receive_data(data)

    def _watch(self) -> None:
        """Read ahead while the answer is being made: the client's going away sets ``gone``; bytes of a next
        (pipelined) request are kept for it, up to the size of a request head."""
        if self._watcher is not None:
            return

        async def watch() -> None:
            kept = 0
            while kept <= self.c.head_bytes:
                try:
                    data = await self.c.reader.read(_CHUNK)
                except (ConnectionError, OSError):
                    data = b""
                if not data:
                    self.gone.set()
                    return
                self.c.h11.receive_data(data)
                kept += len(data)

        self._watcher = asyncio.create_task(watch())

    def stop_watching(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()

    # -- send ------------------------------------------------------------------------------------
    async def send(self, message: dict) -> None:
        if self.timed_out:
            return
        if self.gone.is_set() or self.c.aborted:
            raise ClientGone("the client has gone")
        h = self.c.h11
        kind = message["type"]
        if kind == "http.response.start":
            self.status = message["status"]
            headers = [(bytes(n), bytes(v)) for n, v in message.get("headers", [])]
            headers.append((b"date", _date()))
            if self.c.server.stopping:
                headers.append((b"connection", b"close"))
            reason = _REASONS.get(self.status, b"")
            self._write(h.send(h11.Response(status_code=self.status, headers=headers, reason=reason)))
            self.started = True
        elif kind == "http.response.body":
            body = message.get("body", b"")
            if body and not self.head:
                self._write(h.send(h11.Data(data=body)))
                self.sent += len(body)
                await self._drain()
            if not message.get("more_body", False):
                self._write(h.send(h11.EndOfMessage()))
                await self._drain()
                self.complete = True

    def _write(self, data: bytes) -> None:
        if self.c.writer.is_closing():
            raise ClientGone("the client has gone")
        self.c.writer.write(data)

    async def _drain(self) -> None:
        try:
            await asyncio.wait_for(self.c.writer.drain(), self.c.limits.send_timeout)
        except TimeoutError:
            self.c.aborted = True
            raise ClientGone(f"the client took no bytes for {self.c.limits.send_timeout:g} s") from None
        except (ConnectionError, OSError) as err:
            self.c.aborted = True
            raise ClientGone(str(err)) from None
