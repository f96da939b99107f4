"""The HTTP/1.1 transport of ``swio serve`` (``swio.serve.transport``) with a small ASGI application, over real
sockets on 127.0.0.1: what any application may rely on, whatever the pages are."""

from __future__ import annotations

import asyncio
import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from swio.serve.limits import Limits
from swio.serve.transport import HttpServer


async def never_reads(scope, receive, send) -> None:
    """An application that answers at once and never calls ``receive`` (ASGI does not require it)."""
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": scope["path"].encode()})


@contextmanager
def serving(app) -> Iterator[int]:
    loop = asyncio.new_event_loop()
    server = HttpServer(app, Limits())
    loop.run_until_complete(server.start("127.0.0.1", 0))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield server.port
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(1), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def test_a_kept_alive_connection_carries_the_next_request_when_the_application_did_not_read_the_body():
    """Before: the connection was closed without an answer to the next request whenever the answer was sent
    before anything had read the end of the request (a page from a cache; 0.4 % of requests in a benchmark)."""
    with serving(never_reads) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for n in range(20):
            conn.request("GET", f"/page/{n}")
            response = conn.getresponse()
            assert (response.status, response.read()) == (200, f"/page/{n}".encode())
            assert response.getheader("connection") != "close"
        sock = conn.sock
        conn.request("GET", "/last")
        assert conn.getresponse().read() == b"/last"
        assert conn.sock is sock  # the same connection throughout
        conn.close()


def test_a_body_the_application_did_not_read_closes_the_connection_after_the_answer():
    """A POST whose body has not all arrived when the answer is sent: answered, then closed (the rest of the
    body is not waited for)."""
    with serving(never_reads) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.putrequest("POST", "/form")
        conn.putheader("Content-Length", "100000")
        conn.endheaders(b"x" * 10)
        response = conn.getresponse()
        assert (response.status, response.read()) == (200, b"/form")
        conn.sock.settimeout(10)
        assert conn.sock.recv(1) == b""  # the server has closed its side: no next request on this one
        conn.close()
