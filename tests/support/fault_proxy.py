"""A small HTTP proxy on 127.0.0.1 in front of a real store that records and misbehaves on purpose.

* every request (method, path, headers, body) is kept in ``proxy.requests``;
* ``rules``: a list of :class:`Fault` — for the first requests that match, the proxy either
  forwards the request and then closes the connection without answering (``"lose-answer"``:
  the store did the work, the client never hears), closes it before forwarding
  (``"drop"``), answers by trickling one byte every ``interval`` seconds (``"trickle"``), or
  keeps only the first ``keep`` rows of a SPARQL JSON answer, silently (``"truncate"``);
* ``upstream=None`` makes it a server of its own that only trickles (a store that hangs).

Everything is bounded: a trickle stops after ``max_bytes`` bytes.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler

import requests

from .local_http import LocalHTTPServer


@dataclass
class Fault:
    action: str  # "lose-answer" | "drop" | "trickle" | "truncate" | "hold"
    method: str | None = None  # match the HTTP method
    body_contains: bytes | None = None  # match a substring of the request body
    times: int = 1  # how many matching requests get the fault
    interval: float = 1.5
    max_bytes: int = 200
    keep: int = 0  # "truncate": rows of a SPARQL JSON answer kept

    def matches(self, method: str, body: bytes) -> bool:
        return (
            self.times > 0
            and (self.method is None or self.method == method)
            and (self.body_contains is None or self.body_contains in body)
        )


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict
    body: bytes


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    proxy: FaultProxy

    def log_message(self, *args):  # keep test output quiet
        pass

    def _trickle(self, fault: Fault) -> None:
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self.wfile.flush()
            for _ in range(fault.max_bytes):
                time.sleep(fault.interval)
                self.wfile.write(b"X")
                self.wfile.flush()
        except OSError:
            return

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        proxy = self.proxy
        with proxy.lock:
            proxy.requests.append(Recorded(self.command, self.path, dict(self.headers.items()), body))
            fault = next((f for f in proxy.rules if f.matches(self.command, body)), None)
            if fault:
                fault.times -= 1
                proxy.fired.append(fault.action)
        if proxy.upstream is None or (fault and fault.action == "trickle"):
            self._trickle(fault or Fault("trickle"))
            self.close_connection = True
            return
        if fault and fault.action == "drop":
            self.close_connection = True
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length", "connection")}
        answer = requests.request(
            self.command, proxy.upstream + self.path, data=body or None, headers=headers, timeout=300
        )
        if fault and fault.action == "lose-answer":
            self.close_connection = True
            return
        if fault and fault.action == "hold":  # the store has the request; its answer waits for release()
            proxy.released.wait(fault.interval)
        content = answer.content
        if fault and fault.action == "truncate":
            import json

            data = answer.json()
            data["results"]["bindings"] = data["results"]["bindings"][: fault.keep]
            content = json.dumps(data).encode()
        self.send_response(answer.status_code)
        for key, value in answer.headers.items():
            if key.lower() in ("content-type", "www-authenticate", "x-sparql-maxrows") or (
                key.lower() == "server" and not proxy.hide_server
            ):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_GET = do_POST = do_PUT = do_DELETE = _handle


class FaultProxy(LocalHTTPServer):
    def __init__(self, upstream: str | None, rules: list[Fault] | None = None, *, hide_server: bool = False):
        self.upstream = upstream
        self.hide_server = hide_server  # drop the Server header: the client cannot tell which store it is
        self.rules = list(rules or [])
        self.requests: list[Recorded] = []
        self.fired: list[str] = []
        self.lock = threading.Lock()
        self.released = threading.Event()
        handler = type("Handler", (_Handler,), {"proxy": self})
        super().__init__(handler)
